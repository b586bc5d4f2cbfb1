// infant-all landmark: for each landmark time L, the subjects still followed just after L,
// grouped by whether their exposure (e.g. a transplant) happened by L, with time counted from
// L - Kaplan-Meier with its risk table, the log-rank test and the Cox hazard ratio per landmark
// (docs/ENGINE.md, "landmark"). The comparison without immortal-time bias that "transplanted vs
// not" from diagnosis lacks. R equivalent per landmark L:
//   d <- subset(data, time > L); d$exposed <- as.numeric(!is.na(d$exp) & d$exp <= L)
//   d$time <- d$time - L; survfit(Surv(time, event) ~ exposed, d); survdiff and coxph (same
//   formula, d)
#include <cmath>
#include <string>
#include <vector>

#include "command_list.h"
#include "exposure_input.h"
#include "infant_all/format.h"
#include "infant_all/stats/cox.h"
#include "infant_all/stats/kaplan_meier.h"
#include "infant_all/stats/landmark.h"
#include "infant_all/stats/log_rank.h"
#include "survival_input.h"

namespace infant_all::contract {
namespace {

using json = nlohmann::ordered_json;

// The hazard ratio of exposed vs not from the landmark (R: coxph(Surv(time - L, event) ~
// exposed), Efron ties): the term, or the fit's status when it has no usable estimate.
json landmark_cox(const KmInput& km) {
  CoxInput in;
  in.time = km.time;
  in.status = km.status;
  std::vector<double> exposed(km.group.code.begin(), km.group.code.end());
  in.covariates.push_back(Covariate::make_numeric("exposed", std::move(exposed)));
  const CoxResult c = cox_ph(in);
  if (c.terms.empty() || !(c.status.ok() || c.status.code == StatusCode::not_converged)) {
    return {{"status", to_string(c.status.code)}, {"message", c.status.message}};
  }
  const CoxTerm& x = c.terms[0];
  return {{"term", x.name},  {"coef", num(x.coef)},        {"se", num(x.se)},
          {"hr", num(x.hr)}, {"lower", num(x.lower)},      {"upper", num(x.upper)},
          {"p", num(x.p)},   {"score", num(c.score.stat)}, {"converged", c.converged}};
}

// One landmark's analysis: its rows, KM by exposure, log-rank when both groups are present.
bool one_landmark(const Table& t, const SurvivalInput& s, const TimedExposureInput& in, double at,
                  const KmOptions& km_options, json* out, Errors& err) {
  const LandmarkResult lm = landmark_data(in, at);
  if (!lm.status.ok()) return err.fail(locate_error(t, s.rows, lm.status));
  std::vector<size_t> rows(lm.row.size());  // table row of each kept subject
  KmInput km;
  km.time = lm.time;
  km.status = lm.event;
  std::vector<int> code(lm.row.size());
  int n_exposed = 0;
  for (size_t k = 0; k < lm.row.size(); ++k) {
    rows[k] = s.rows[static_cast<size_t>(lm.row[k] - 1)];
    code[k] = lm.exposed[k];
    n_exposed += lm.exposed[k];
  }
  km.group = GroupCodes({"0", "1"}, code);
  const KmResult k = kaplan_meier(km, km_options);
  if (!k.status.ok()) return err.fail(locate_error(t, rows, k.status));
  *out = {{"landmark", num(at)},
          {"n", lm.row.size()},
          {"n_exposed", n_exposed},
          {"n_not_exposed", static_cast<int>(lm.row.size()) - n_exposed},
          {"n_ended", lm.n_ended},
          {"n_excluded", k.n_excluded},
          {"excluded_rows", file_rows_at(t, rows, k.excluded_rows)},
          {"curves", km_curves_json(k, km_options)}};
  if (n_exposed == 0 || n_exposed == static_cast<int>(lm.row.size())) {
    (*out)["logrank"] = nullptr;
    (*out)["cox"] = nullptr;
    (*out)["note"] = "one group only at this landmark: no comparison";
    return true;
  }
  LogRankInput lr_in;
  lr_in.time = km.time;
  lr_in.status = km.status;
  lr_in.group = km.group;
  const LogRankOptions lr_options;
  const LogRankResult lr = log_rank(lr_in, lr_options);
  if (!lr.status.ok()) return err.fail(locate_error(t, rows, lr.status));
  (*out)["logrank"] = logrank_json(lr, lr_options);
  if (!lr.warning.empty()) (*out)["logrank"]["warning"] = lr.warning;
  (*out)["cox"] = landmark_cox(km);
  return true;
}

}  // namespace

CommandOutput landmark_command(AnalysisContext& context, const json& r) {
  const Table& t = context.table();
  CommandOutput out;
  Errors err;
  SurvivalInput s;
  TimedExposureInput in;
  std::string option;
  KmOptions km_options;
  std::vector<double> at;
  if (survival_input(context, r, "event", kMissingStatus, &s, err)) {
    in.time = s.time;
    in.status = s.status;
    exposure_times(context, r, s, &in.exposure, &option, err);
  }
  get_doubles(r, "at", &at, err);
  get_doubles(r, "times", &km_options.times, err);
  get_doubles(r, "risk_times", &km_options.risk_times, err);
  get_double(r, "conf_level", &km_options.conf_level, err);
  if (err.ok() && at.empty()) err.fail("--at is required: the landmark time(s), e.g. --at 0.5,1");
  if (!err.ok()) {
    out.error = err.message;
    return out;
  }
  json landmarks = json::array();
  for (double a : at) {
    json one;
    if (!one_landmark(t, s, in, a, km_options, &one, err)) {
      out.error = "landmark " + format_number(a) + ": " + err.message;
      return out;
    }
    landmarks.push_back(std::move(one));
  }
  // Rows no landmark can use: a missing time or status.
  std::vector<int> unusable;
  int n_exposed = 0;
  for (size_t i = 0; i < in.time.size(); ++i) {
    if (std::isnan(in.time[i]) || in.status[i] == kMissingStatus) {
      unusable.push_back(static_cast<int>(i) + 1);
    } else if (!std::isnan(in.exposure[i])) {
      ++n_exposed;
    }
  }
  out.result = {
      {"exposure",
       {{"option", option},
        {"column", r[option]},
        {"n_exposed", n_exposed},
        {"groups", {{"0", "not exposed by the landmark"}, {"1", "exposed by the landmark"}}}}},
      {"n", in.time.size() - unusable.size()},
      {"n_excluded", unusable.size()},
      {"excluded_rows", file_rows_at(t, s.rows, unusable)},
      {"landmarks", landmarks}};
  add_endpoint(s, &out.result);
  out.ok = true;
  return out;
}

}  // namespace infant_all::contract
