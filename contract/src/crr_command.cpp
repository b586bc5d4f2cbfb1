// infant-all crr: Fine-Gray regression, cmprsk::crr(ftime, fstatus, cov1 = model.matrix(~
// covariates)[, -1], failcode, cencode), as the ENGINE.md "crr" JSON; with --predict, the CIF of
// one covariate vector (R: predict(fit, cov1 = x)). The status column holds whole-number codes
// (or comes from --endpoint cir: relapse 1, competing 2); covariates are read as cox reads them.
// A fit that is not clean (not converged, singular) is still a result: status and message say so.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "command_list.h"
#include "covariate_input.h"
#include "infant_all/format.h"
#include "infant_all/io/csv_reader.h"
#include "infant_all/stats/fine_gray.h"
#include "survival_input.h"

namespace infant_all::contract {

namespace {

// Whole-number status codes of the --status column at the rows used (kStatusMissing where blank).
bool status_codes(const Table& t, const nlohmann::ordered_json& r, const SurvivalInput& s,
                  std::vector<int>* out, Errors& err) {
  if (s.from_endpoint) {
    *out = s.status;
    return true;
  }
  const Column* status = require_column(t, r, "status", err);
  if (!status) return false;
  std::vector<double> raw;
  if (!numeric_values(t, *status, "status", &raw, err)) return false;
  out->assign(s.rows.size(), kMissingStatusCode);
  for (size_t k = 0; k < s.rows.size(); ++k) {
    const double v = raw[s.rows[k]];
    if (std::isnan(v)) continue;
    if (v != std::floor(v) || std::fabs(v) > 1e9) {
      return err.fail("--status: column '" + status->name + "' must hold whole-number codes (" +
                      row_label(t.row_numbers[s.rows[k]], t.row_lines[s.rows[k]]) + ": " +
                      format_number(v) + ")");
    }
    (*out)[k] = static_cast<int>(v);
  }
  return true;
}

// --failcode, --cencode (whole numbers), --conf-level.
void crr_options(const nlohmann::ordered_json& r, FineGrayOptions* opt, Errors& err) {
  for (const char* key : {"failcode", "cencode"}) {
    double v = key[0] == 'f' ? opt->failcode : opt->cencode;
    get_double(r, key, &v, err);
    if (err.ok() && (v != std::floor(v) || std::fabs(v) > 1e9)) {
      err.fail(option_flag(key) + " must be a whole number (" + format_number(v) + ")");
    }
    (key[0] == 'f' ? opt->failcode : opt->cencode) = static_cast<int>(v);
  }
  get_double(r, "conf_level", &opt->conf_level, err);
}

// --predict "A=1,B=level": one value per covariate, numbers for numeric covariates.
bool predict_values(const std::string& spec, const FineGrayResult& fit,
                    std::vector<FineGrayValue>* out, Errors& err) {
  size_t start = 0;
  while (start <= spec.size()) {
    const size_t comma = std::min(spec.find(',', start), spec.size());
    const std::string item = spec.substr(start, comma - start);
    start = comma + 1;
    const size_t eq = item.find('=');
    if (eq == std::string::npos) return err.fail("--predict: '" + item + "' is not NAME=VALUE");
    FineGrayValue v;
    v.name = item.substr(0, eq);
    const std::string value = item.substr(eq + 1);
    bool categorical = false;
    for (const FineGrayCovariate& c : fit.covariates)
      categorical |= c.name == v.name && c.is_categorical;
    if (categorical) {
      v.level = value;
    } else if (!parse_number(value, Dialect{}, false, &v.numeric)) {
      return err.fail("--predict: " + v.name + " is numeric; '" + value + "' is not a number");
    }
    out->push_back(std::move(v));
  }
  return true;
}

// One covariate vector's CIF: every failure time, and at the request's `times` (the step
// function's value there).
nlohmann::ordered_json prediction_json(const std::string& spec, const std::vector<double>& times,
                                       const FineGrayResult& fit, Errors& err) {
  std::vector<FineGrayValue> values;
  if (!predict_values(spec, fit, &values, err)) return nullptr;
  std::vector<double> x;
  const Status row = fine_gray_design_row(fit, values, &x);
  if (!row.ok()) {
    err.fail("--predict: " + row.message);
    return nullptr;
  }
  const FineGrayPrediction p = fine_gray_predict(fit, x);
  if (!p.status.ok()) {
    err.fail("--predict: " + p.status.message);
    return nullptr;
  }
  nlohmann::ordered_json named = nlohmann::ordered_json::object();
  for (const auto& v : values) {
    named[v.name] = v.level.empty() ? num(v.numeric) : nlohmann::ordered_json(v.level);
  }
  nlohmann::ordered_json at = nlohmann::ordered_json::array();
  for (const double t : times)
    at.push_back({{"time", num(t)}, {"cif", num(fine_gray_cif_at(p, t))}});
  return {{"values", named},
          {"x", nums(x)},
          {"time", nums(p.time)},
          {"cif", nums(p.cif)},
          {"at_times", std::move(at)}};
}

// "predict": one "A=1,B=level" (an object in the result) or a list of them (a list);
// "predict_levels": "A", a model of the one categorical covariate A, predicted at each of its
// levels (in sort order; the levels need not be known to the caller beforehand).
nlohmann::ordered_json predictions_json(const nlohmann::ordered_json& r, const FineGrayResult& fit,
                                        Errors& err) {
  std::vector<double> times;
  get_doubles(r, "times", &times, err);
  nlohmann::ordered_json p = r.contains("predict") ? r["predict"] : nlohmann::ordered_json();
  if (r.contains("predict_levels")) {
    std::string name;
    get_string(r, "predict_levels", &name, err);
    if (fit.covariates.size() != 1 || !fit.covariates[0].is_categorical ||
        fit.covariates[0].name != name) {
      err.fail("predict_levels: the model must have the one categorical covariate " + name);
      return nullptr;
    }
    p = nlohmann::ordered_json::array();
    for (const std::string& level : fit.covariates[0].levels) p.push_back(name + "=" + level);
  }
  if (p.is_string()) return prediction_json(p.get<std::string>(), times, fit, err);
  if (!p.is_array() || p.empty()) {
    err.fail("predict must be \"NAME=VALUE,...\" or a list of them");
    return nullptr;
  }
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  for (const auto& one : p) {
    if (!one.is_string()) {
      err.fail("predict must be \"NAME=VALUE,...\" or a list of them");
      return nullptr;
    }
    all.push_back(prediction_json(one.get<std::string>(), times, fit, err));
    if (!err.ok()) return nullptr;
  }
  return all;
}

}  // namespace

CommandOutput crr_command(AnalysisContext& context, const nlohmann::ordered_json& r) {
  const Table& t = context.table();
  using json = nlohmann::ordered_json;
  CommandOutput out;
  Errors err;
  SurvivalInput s;
  FineGrayInput in;
  FineGrayOptions opt;
  if (survival_input(context, r, "status", kMissingStatusCode, &s, err)) {
    status_codes(t, r, s, &in.status, err);
  }
  const bool any_covariates =
      r.contains("covariates") && r["covariates"].is_array() && !r["covariates"].empty();
  if (err.ok() && !any_covariates) {
    err.fail("--covariates is required (comma-separated column names, COL:LEVEL for a reference)");
  }
  if (err.ok()) read_covariates(context, r, s.rows, in.covariates, err);
  crr_options(r, &opt, err);
  if (!err.ok()) {
    out.error = err.message;
    return out;
  }
  in.time = std::move(s.time);
  const FineGrayResult fit = fine_gray(in, opt);
  if (fit.status.code == StatusCode::invalid_argument) {
    out.error = locate_error(t, s.rows, fit.status);
    return out;
  }
  const bool reliable = fit.converged && fit.status.ok();
  json terms = json::array();
  for (const auto& term : fit.terms) {
    json row = {{"name", term.name},    {"coef", num(term.coef)},   {"se", num(term.se)},
                {"shr", num(term.shr)}, {"lower", num(term.lower)}, {"upper", num(term.upper)},
                {"z", num(term.z)},     {"p", num(term.p)}};
    if (!reliable) row["reliable"] = false;
    terms.push_back(std::move(row));
  }
  out.result = {{"n", fit.n},
                {"events", fit.events},
                {"competing", fit.competing},
                {"censored", fit.censored},
                {"failcode", opt.failcode},
                {"cencode", opt.cencode},
                {"conf_level", opt.conf_level},
                {"terms", terms},
                {"loglik", num(fit.loglik)},
                {"loglik_null", num(fit.loglik_null)},
                {"lr", {{"stat", num(fit.lr.stat)}, {"df", num(fit.lr.df)}, {"p", num(fit.lr.p)}}},
                {"iterations", fit.iterations},
                {"converged", fit.converged},
                {"status", fit.status.ok() ? "converged" : to_string(fit.status.code)},
                {"message", fit.status.message},
                {"n_excluded", fit.n_excluded},
                {"excluded_rows", file_rows_at(t, s.rows, fit.excluded_rows)}};
  if (r.contains("predict") || r.contains("predict_levels")) {
    json p = predictions_json(r, fit, err);
    if (!err.ok()) {
      out.result = nullptr;
      out.error = err.message;
      return out;
    }
    out.result["predict"] = std::move(p);
  }
  add_endpoint(s, &out.result);
  out.ok = true;
  return out;
}

}  // namespace infant_all::contract
