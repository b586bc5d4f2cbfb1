// infant-all cuminc: cmprsk::cuminc(ftime, fstatus, group, strata) and timepoints() as the
// ENGINE.md "cuminc" JSON. Curves carry cuminc's own $time/$est/$var layout, plus the distinct
// event times (event_time) and the last follow-up time (max_time).
#include <cmath>

#include "axis_ticks.h"
#include "command_list.h"
#include "infant_all/stats/cumulative_incidence.h"
#include "survival_input.h"

namespace infant_all::contract {

CommandOutput cuminc_command(AnalysisContext& context, const nlohmann::ordered_json& r) {
  const Table& t = context.table();
  using json = nlohmann::ordered_json;
  CommandOutput out;
  Errors err;
  SurvivalInput s;
  CumincInput in;
  CumincOptions opt;
  if (survival_input(context, r, "status", kStatusMissing, &s, err)) {
    codes_at(context, r, "group", s.rows, &in.group, err);
    codes_at(context, r, "strata", s.rows, &in.strata, err);
  }
  get_doubles(r, "times", &opt.times, err);
  get_double(r, "rho", &opt.rho, err);
  get_double(r, "conf_level", &opt.conf_level, err);
  std::string censor;
  if (r.contains("censor_value") && r["censor_value"].is_number()) {
    censor = std::to_string(r["censor_value"].get<int>());
  } else {
    get_string(r, "censor_value", &censor, err);
  }
  if (!err.ok()) {
    out.error = err.message;
    return out;
  }
  in.time = std::move(s.time);
  const Column* status = s.from_endpoint ? nullptr : require_column(t, r, "status", err);
  const bool text =
      status && (status->type == ColumnType::text || status->type == ColumnType::categorical);
  if (s.from_endpoint) {
    // CIR from the dates: relapse = 1, death in CR and second malignancy = 2 (docs/ENGINE.md,
    // "Endpoints derived from dates").
    opt.cause_labels = {"relapse", "competing"};
    in.status = std::move(s.status);
  } else if (text) {
    // Named causes: codes 1..K in label order and their labels (R: factor(status)).
    const std::vector<std::string> all = label_values(*status);
    std::vector<std::string> labels(s.rows.size());  // the rows used (a subset may leave some)
    for (size_t k = 0; k < s.rows.size(); ++k) labels[k] = all[s.rows[k]];
    CompetingStatus dec = decode_competing_status(labels, censor.empty() ? "0" : censor);
    if (!dec.status.ok()) {
      out.error = "cumulative_incidence: " + dec.status.message;
      return out;
    }
    in.status = std::move(dec.codes);
    opt.censor_value = 0;
    opt.cause_labels = std::move(dec.cause_labels);
  } else {
    std::vector<double> raw;
    if (!numeric_values(t, *status, "status", &raw, err)) {
      out.error = err.message;
      return out;
    }
    double cv = 0;
    if (!censor.empty() && !parse_number(censor, Dialect{}, false, &cv)) {
      out.error = "--censor-value must be a number for the numeric column '" + status->name + "'";
      return out;
    }
    opt.censor_value = static_cast<int>(cv);
    std::vector<int> codes(s.rows.size(), kStatusMissing);
    for (size_t k = 0; k < s.rows.size(); ++k) {
      const size_t i = s.rows[k];
      if (std::isnan(raw[i])) continue;
      if (raw[i] != std::floor(raw[i])) {
        out.error = "--status: column '" + status->name + "' must hold whole-number codes (" +
                    row_label(t.row_numbers[i], t.row_lines[i]) + ": " + format_number(raw[i]) +
                    ")";
        return out;
      }
      codes[k] = static_cast<int>(raw[i]);
    }
    in.status = std::move(codes);
  }
  CumincResult res = cumulative_incidence(in, opt);
  if (!res.status.ok()) {
    out.error = locate_error(t, s.rows, res.status);
    return out;
  }
  // --levels: groups in the caller's order within each cause (curves stay cause-major).
  {
    std::vector<CumincCurve> ordered;
    for (const std::string& cause : res.causes) {
      std::vector<CumincCurve> part;
      for (const auto& c : res.curves) {
        if (c.cause == cause) part.push_back(c);
      }
      if (!order_by_levels(
              r, &part, [](const CumincCurve& c) { return c.group; }, err)) {
        out.error = err.message;
        return out;
      }
      for (auto& c : part) ordered.push_back(std::move(c));
    }
    res.curves = std::move(ordered);
    order_by_levels(
        r, &res.groups, [](const std::string& g) { return g; }, err);
  }
  // --axis-ticks: the figure's time-axis breaks over the longest curve, and the number at risk
  // in each group at those ticks (the table under the figure).
  double axis_scale = 1;
  json axis_ticks;
  if (axis_ticks_requested(r, &axis_scale, err)) {
    double max_time = 0;
    for (const auto& c : res.curves) {
      if (std::isfinite(c.max_time)) max_time = std::max(max_time, c.max_time);
    }
    axis_ticks = axis_ticks_json(max_time, axis_scale);
    std::vector<double> at;
    for (const auto& tick : axis_ticks) at.push_back(tick.get<double>() * axis_scale);
    cuminc_risk_table(in, at, &res);
  } else if (!err.ok()) {
    out.error = err.message;
    return out;
  }
  json curves = json::array();
  for (const auto& c : res.curves) {
    json at = json::array();
    for (const auto& a : c.at_times) {
      at.push_back({{"time", num(a.time)},
                    {"est", num(a.est)},
                    {"var", num(a.var)},
                    {"lower", num(a.lower)},
                    {"upper", num(a.upper)}});
    }
    // time/est/var exactly as cuminc returns them (each time twice, for plotting steps), so a
    // statistician can hold them against R; the event times alone are event_time.
    const CumincRLayout rl = cuminc_r_layout(c);
    curves.push_back({{"group", c.group},
                      {"cause", c.cause},
                      {"n", c.n},
                      {"n_event", c.n_event},
                      {"time", nums(rl.time)},
                      {"est", nums(rl.est)},
                      {"var", nums(rl.var)},
                      {"event_time", nums(c.time)},
                      {"lower", nums(c.lower)},
                      {"upper", nums(c.upper)},
                      {"max_time", num(c.max_time)},
                      {"at_times", at}});
    if (!c.risk_time.empty()) {
      json risk = json::array();
      for (size_t j = 0; j < c.risk_time.size(); ++j) {
        risk.push_back({{"time", num(c.risk_time[j])}, {"n_risk", c.n_risk[j]}});
      }
      curves.back()["risk_table"] = std::move(risk);
    }
  }
  json tests = json::array();
  for (const auto& g : res.tests) {
    tests.push_back({{"cause", g.cause},
                     {"stat", num(g.stat)},
                     {"p", num(g.p)},
                     {"df", g.df},
                     {"singular", g.singular},
                     {"adjusted", g.adjusted}});
  }
  out.result = {{"curves", curves},
                {"tests", tests},
                {"rho", res.rho},
                {"conf_level", res.conf_level},
                {"ci_transform", res.ci_transform},
                {"n", res.n},
                {"n_excluded", res.n_excluded},
                {"excluded_rows", file_rows_at(t, s.rows, res.excluded_rows)}};
  if (!axis_ticks.is_null()) {
    out.result["axis_ticks"] = std::move(axis_ticks);
    out.result["axis_scale"] = axis_scale;
  }
  add_endpoint(s, &out.result);
  out.ok = true;
  return out;
}

}  // namespace infant_all::contract
