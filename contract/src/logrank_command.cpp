// infant-all logrank: survdiff(Surv(time, event) ~ group + strata(s), rho) as the ENGINE.md
// "logrank" JSON, plus the trend test across ordered groups.
#include "command_list.h"
#include "exposure_input.h"
#include "infant_all/stats/log_rank.h"
#include "survival_input.h"

namespace infant_all::contract {

nlohmann::ordered_json logrank_json(const LogRankResult& lr, const LogRankOptions& opt) {
  using json = nlohmann::ordered_json;
  json var = json::array();
  for (const auto& row : lr.var) var.push_back(nums(row));
  return {{"groups", lr.groups},
          {"n", lr.n},
          {"obs", nums(lr.obs)},
          {"exp", nums(lr.exp)},
          {"var", var},
          {"chisq", num(lr.chisq)},
          {"df", lr.df},
          {"p", num(lr.p)},
          {"rho", opt.rho},
          {"strata", lr.strata},
          {"trend",
           {{"scores", nums(lr.trend_scores)},
            {"chisq", num(lr.trend_chisq)},
            {"df", 1},
            {"p", num(lr.trend_p)}}}};
}

CommandOutput logrank_command(AnalysisContext& context, const nlohmann::ordered_json& r) {
  const Table& t = context.table();
  CommandOutput out;
  Errors err;
  LogRankInput in;
  LogRankOptions opt;
  SurvivalInput s;
  GroupedInput g;
  // --reference: the one-sample test of the rows against a reference curve; the groups (and
  // the k-sample test) are then optional.
  ReferenceLogRankInput ref_in;
  const bool with_reference = read_reference(r, &ref_in.reference, err);
  get_doubles(r, "milestones", &ref_in.milestones, err);
  const bool with_group =
      r.contains("group") || r.contains("exposure_time") || r.contains("exposure_date");
  if (err.ok() && survival_input(context, r, "event", LogRankInput::kMissingStatus, &s, err) &&
      grouped_input(context, r, !with_reference, &s, &g, err)) {
    // With an exposure: the Mantel-Byar test on tmerge's split (groups = exposure over each
    // interval), or with --naive the ever-exposed comparison from time 0.
    in.time = std::move(g.time);
    in.status = std::move(g.status);
    in.entry = std::move(g.entry);
    in.group = std::move(g.group);
    codes_at(context, r, "strata", s.rows, &in.strata, err);
  }
  get_double(r, "rho", &opt.rho, err);
  get_doubles(r, "trend_scores", &opt.trend_scores, err);
  if (r.contains("levels") && r["levels"].is_array()) {
    for (const auto& l : r["levels"]) {
      if (l.is_string()) opt.levels.push_back(l.get<std::string>());
    }
  }
  PairwiseOptions pw;
  bool pairwise = false;
  if (r.contains("pairwise") && r["pairwise"].is_boolean()) pairwise = r["pairwise"].get<bool>();
  std::string adjust;
  get_string(r, "p_adjust", &adjust, err);
  get_double(r, "conf_level", &pw.conf_level, err);
  if (err.ok() && !adjust.empty() && !parse_p_adjust(adjust, &pw.adjust)) {
    err.fail("--p-adjust must be holm, BH, bonferroni or none (got '" + adjust + "')");
  }
  if (err.ok() && with_reference && !in.entry.empty()) {
    err.fail(
        "--reference compares one row per patient with a reference curve: not with --entry "
        "or an exposure split");
  }
  if (!err.ok()) {
    out.error = err.message;
    return out;
  }
  if (with_reference) {
    ref_in.time = in.time;
    ref_in.status = in.status;
    const ReferenceLogRankResult ref = reference_log_rank(ref_in, pw.conf_level);
    if (!ref.status.ok()) {
      out.error = locate_error(t, s.rows, ref.status);
      return out;
    }
    if (!with_group) {  // the one-sample test alone
      out.result = {{"reference", reference_json(ref)},
                    {"n_excluded", ref.n_excluded},
                    {"excluded_rows", file_rows_at(t, s.rows, ref.excluded_rows)}};
      add_endpoint(s, &out.result);
      out.ok = true;
      return out;
    }
    out.result["reference"] = reference_json(ref);
  }
  const LogRankResult lr = log_rank(in, opt);
  if (!lr.status.ok()) {
    out.error = locate_error(t, s.rows, lr.status);
    return out;
  }
  nlohmann::ordered_json reference = std::move(out.result["reference"]);
  out.result = logrank_json(lr, opt);
  if (pairwise) {
    const PairwiseLogRankResult pr = pairwise_log_rank(in, opt, pw);
    if (!pr.status.ok()) {
      out.error = locate_error(t, s.rows, pr.status);
      return out;
    }
    out.result["pairwise"] = pairwise_json(pr);
  }
  if (!reference.is_null()) out.result["reference"] = std::move(reference);
  out.result["n_excluded"] = lr.n_excluded;
  out.result["excluded_rows"] = file_rows_at(t, s.rows, lr.excluded_rows);
  out.result["warning"] = lr.warning;
  if (!g.exposure.is_null()) out.result["exposure"] = g.exposure;
  add_endpoint(s, &out.result);
  out.ok = true;
  return out;
}

}  // namespace infant_all::contract
