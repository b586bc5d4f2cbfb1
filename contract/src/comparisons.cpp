// The comparisons trial papers report, as JSON beside the km and logrank results (ENGINE.md
// "Comparisons"): milestone and restricted-mean differences between curves, pairwise log-rank
// tests, and the one-sample log-rank test against a reference curve.
#include <cmath>

#include "command_list.h"
#include "infant_all/stats/pairwise_log_rank.h"
#include "infant_all/stats/reference_log_rank.h"
#include "infant_all/stats/survival_difference.h"

namespace infant_all::contract {

namespace {

using json = nlohmann::ordered_json;

json milestone_json(const MilestoneDifference& d) {
  json m = {{"time", num(d.time)},   {"surv1", num(d.surv1)}, {"se1", num(d.se1)},
            {"surv2", num(d.surv2)}, {"se2", num(d.se2)},     {"diff", num(d.diff)},
            {"se", num(d.se)},       {"lower", num(d.lower)}, {"upper", num(d.upper)},
            {"z", num(d.z)},         {"p", num(d.p)}};
  if (!d.note.empty()) m["note"] = d.note;
  return m;
}

json arm_json(const RmstArm& a) {
  return {{"group", a.group},
          {"rmst", num(a.rmst)},
          {"se", num(a.se)},
          {"lower", num(a.lower)},
          {"upper", num(a.upper)}};
}

json rmst_json(const RmstComparison& c) {
  return {{"tau", num(c.tau)},
          {"arm1", arm_json(c.arm1)},
          {"arm2", arm_json(c.arm2)},
          {"diff",
           {{"est", num(c.diff)},
            {"se", num(c.diff_se)},
            {"lower", num(c.diff_lower)},
            {"upper", num(c.diff_upper)},
            {"p", num(c.diff_p)}}},
          {"ratio",
           {{"est", num(c.ratio)},
            {"lower", num(c.ratio_lower)},
            {"upper", num(c.ratio_upper)},
            {"p", num(c.ratio_p)}}},
          {"rmtl_ratio",
           {{"est", num(c.rmtl_ratio)},
            {"lower", num(c.rmtl_ratio_lower)},
            {"upper", num(c.rmtl_ratio_upper)},
            {"p", num(c.rmtl_ratio_p)}}}};
}

}  // namespace

json differences_json(const std::vector<KmCurve>& curves, const std::vector<double>& milestones,
                      bool rmst, double conf_level, Errors& err) {
  json out = json::array();
  for (std::size_t g = 1; g < curves.size(); ++g) {
    json c = {{"group1", curves[0].group}, {"group2", curves[g].group}};
    json ms = json::array();
    for (const double t : milestones) {
      const MilestoneDifference d = milestone_difference(curves[0], curves[g], t, conf_level);
      if (!d.status.ok()) {
        err.fail(d.status.message);
        return out;
      }
      ms.push_back(milestone_json(d));
    }
    if (!milestones.empty()) c["milestones"] = std::move(ms);
    if (rmst) {
      const RmstComparison r = rmst_difference(curves[0], curves[g], conf_level);
      c["rmst"] = r.status.ok() ? rmst_json(r) : json{{"error", r.status.message}};
    }
    out.push_back(std::move(c));
  }
  return out;
}

json pairwise_json(const PairwiseLogRankResult& r) {
  json pairs = json::array();
  for (const PairwiseComparison& c : r.pairs) {
    pairs.push_back({{"group1", c.group1},
                     {"group2", c.group2},
                     {"n", {c.n1, c.n2}},
                     {"obs", {num(c.obs1), num(c.obs2)}},
                     {"exp", {num(c.exp1), num(c.exp2)}},
                     {"chisq", num(c.chisq)},
                     {"df", 1},
                     {"p", num(c.p)},
                     {"p_adj", num(c.p_adj)},
                     {"hr", num(c.hr)},
                     {"hr_lower", num(c.hr_lower)},
                     {"hr_upper", num(c.hr_upper)},
                     {"cox_status", c.cox_status}});
  }
  return {{"p_adjust", r.adjust}, {"rho", r.rho}, {"pairs", std::move(pairs)}};
}

bool read_reference(const nlohmann::ordered_json& r, ReferenceCurve* ref, Errors& err) {
  if (!r.contains("reference")) return false;
  const auto& v = r["reference"];
  if (!v.is_object() || !v.contains("time") || !v.contains("surv")) {
    err.fail("reference must be {\"time\": [...], \"surv\": [...]}");
    return false;
  }
  return get_doubles(v, "time", &ref->time, err) && get_doubles(v, "surv", &ref->surv, err);
}

json reference_json(const ReferenceLogRankResult& r) {
  json ms = json::array();
  for (const ReferenceMilestone& m : r.milestones) {
    json mj = {{"time", num(m.time)},          {"surv", num(m.surv)},   {"std_err", num(m.std_err)},
               {"lower", num(m.lower)},        {"upper", num(m.upper)}, {"n_risk", m.n_risk},
               {"reference", num(m.reference)}};
    if (!m.note.empty()) mj["note"] = m.note;
    ms.push_back(std::move(mj));
  }
  return {{"n", r.n},
          {"horizon", num(r.horizon)},
          {"n_cut", r.n_cut},
          {"obs", num(r.obs)},
          {"exp", num(r.exp)},
          {"ratio", num(r.ratio)},
          {"chisq", num(r.chisq)},
          {"df", r.df},
          {"p", num(r.p)},
          {"milestones", std::move(ms)}};
}

}  // namespace infant_all::contract
