// infant-all km: survfit(Surv(time, event) ~ group) as the ENGINE.md "km" JSON.
#include <algorithm>
#include <cmath>

#include "axis_ticks.h"
#include "command_list.h"
#include "exposure_input.h"
#include "infant_all/stats/kaplan_meier.h"
#include "survival_input.h"

namespace infant_all::contract {

nlohmann::ordered_json km_curves_json(const KmResult& k, const KmOptions& opt) {
  nlohmann::ordered_json curves = nlohmann::ordered_json::array();
  for (const auto& c : k.curves) {
    nlohmann::ordered_json at = nlohmann::ordered_json::array();
    for (const auto& a : c.at_times) {
      at.push_back({{"time", num(a.time)},
                    {"surv", num(a.surv)},
                    {"std_err", num(a.std_err)},
                    {"lower", num(a.lower)},
                    {"upper", num(a.upper)},
                    {"n_risk", a.n_risk},
                    {"n_event", a.n_event},
                    {"n_censor", a.n_censor}});
    }
    nlohmann::ordered_json risk = nlohmann::ordered_json::array();
    for (const auto& a : c.risk_table) {
      risk.push_back({{"time", num(a.time)},
                      {"n_risk", a.n_risk},
                      {"n_event", a.n_event},
                      {"n_censor", a.n_censor},
                      {"cum_event", a.cum_event},
                      {"cum_censor", a.cum_censor}});
    }
    nlohmann::ordered_json cj = {{"group", c.group},
                                 {"n", c.n},
                                 {"events", c.events},
                                 {"time", nums(c.time)},
                                 {"n_risk", c.n_risk},
                                 {"n_event", c.n_event},
                                 {"n_censor", c.n_censor},
                                 {"surv", nums(c.surv)},
                                 {"std_err", nums(c.std_err)},
                                 {"lower", nums(c.lower)},
                                 {"upper", nums(c.upper)},
                                 {"cumhaz", nums(c.cumhaz)},
                                 {"median", num(c.median)},
                                 {"median_lower", num(c.median_lower)},
                                 {"median_upper", num(c.median_upper)},
                                 {"at_times", at},
                                 {"risk_table", risk}};
    if (!std::isnan(c.rmean_tau)) {
      cj["rmean"] = num(c.rmean);
      cj["rmean_se"] = num(c.rmean_se);
      cj["rmean_tau"] = num(c.rmean_tau);
    }
    if (opt.reverse) {
      cj["median_followup"] = num(c.median_followup);
      cj["median_followup_lower"] = num(c.median_followup_lower);
      cj["median_followup_upper"] = num(c.median_followup_upper);
    }
    curves.push_back(std::move(cj));
  }
  return curves;
}

CommandOutput km_command(AnalysisContext& context, const nlohmann::ordered_json& r) {
  const Table& t = context.table();
  CommandOutput out;
  Errors err;
  KmInput in;
  KmOptions opt;
  SurvivalInput s;
  std::string conf_type;
  GroupedInput g;
  if (survival_input(context, r, "event", kMissingStatus, &s, err) &&
      grouped_input(context, r, false, &s, &g, err)) {
    // With an exposure: Simon-Makuch curves (R: survfit(Surv(tstart, tstop, event) ~ exposed)
    // on tmerge's split), or with --naive the ever-exposed curves from time 0.
    in.time = std::move(g.time);
    in.status = std::move(g.status);
    in.entry = std::move(g.entry);
    in.group = std::move(g.group);
  }
  get_string(r, "conf_type", &conf_type, err);
  get_double(r, "conf_level", &opt.conf_level, err);
  get_doubles(r, "times", &opt.times, err);
  get_doubles(r, "risk_times", &opt.risk_times, err);
  get_double(r, "rmean", &opt.rmean_tau, err);
  std::vector<double> milestones;
  get_doubles(r, "milestones", &milestones, err);
  if (r.contains("reverse") && r["reverse"].is_boolean()) opt.reverse = r["reverse"].get<bool>();
  // --axis-ticks: the figure's time-axis breaks over the follow-up of every row with a usable
  // time and status, grouped or not (so every group's curve fits), and the number at risk at
  // exactly those times.
  double axis_scale = 1;
  nlohmann::ordered_json axis_ticks;
  if (axis_ticks_requested(r, &axis_scale, err)) {
    if (r.contains("risk_times")) {
      err.fail(
          "--axis-ticks chooses the risk-table times itself: give --risk-times or "
          "--axis-ticks, not both");
    } else {
      double max_time = 0;
      for (size_t i = 0; i < in.time.size(); ++i) {
        if (std::isfinite(in.time[i]) && in.status[i] != kMissingStatus) {
          max_time = std::max(max_time, in.time[i]);
        }
      }
      axis_ticks = axis_ticks_json(max_time, axis_scale);
      for (const auto& tick : axis_ticks) opt.risk_times.push_back(tick.get<double>() * axis_scale);
    }
  }
  if (err.ok() && !conf_type.empty() && !parse_km_conf_type(conf_type, &opt.conf_type)) {
    err.fail("--conf-type must be log, log-log, plain or none (got '" + conf_type + "')");
  }
  if (!err.ok()) {
    out.error = err.message;
    return out;
  }

  KmResult k = kaplan_meier(in, opt);
  if (!k.status.ok()) {
    out.error = locate_error(t, s.rows, k.status);
    return out;
  }
  // --levels: curves in the caller's order (R: factor(group, levels = ...)), e.g. LR, MR, HR.
  if (!order_by_levels(
          r, &k.curves, [](const KmCurve& c) { return c.group; }, err)) {
    out.error = err.message;
    return out;
  }
  // Every curve after the first against the first: differences at the milestones and in
  // restricted mean (ENGINE.md "Comparisons").
  nlohmann::ordered_json differences;
  if (!milestones.empty() && in.group.empty()) {
    err.fail("--milestone compares the curves of two or more groups: give --group");
  } else if (!in.group.empty() && (!milestones.empty() || !std::isnan(opt.rmean_tau))) {
    differences =
        differences_json(k.curves, milestones, !std::isnan(opt.rmean_tau), opt.conf_level, err);
  }
  if (!err.ok()) {
    out.error = err.message;
    return out;
  }
  const nlohmann::ordered_json curves = km_curves_json(k, opt);
  out.result = {{"conf_type", to_string(k.conf_type)},
                {"conf_level", k.conf_level},
                {"n_excluded", k.n_excluded},
                {"excluded_rows", file_rows_at(t, s.rows, k.excluded_rows)},
                {"curves", curves}};
  if (!differences.is_null()) out.result["differences"] = std::move(differences);
  if (!axis_ticks.is_null()) {
    out.result["axis_ticks"] = std::move(axis_ticks);
    out.result["axis_scale"] = axis_scale;
  }
  if (!g.exposure.is_null()) out.result["exposure"] = g.exposure;
  add_endpoint(s, &out.result);
  out.ok = true;
  return out;
}

}  // namespace infant_all::contract
