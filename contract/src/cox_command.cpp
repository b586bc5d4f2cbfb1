// infant-all cox: coxph(Surv(time, event) ~ covariates + strata(s), ties) as the ENGINE.md
// "cox" JSON; with --entry, coxph(Surv(entry, time, event) ~ ...); with --exposure-time or
// --exposure-date, the follow-up split at the exposure (tmerge's tdc) and the time-dependent
// term "exposed" first, coxph(Surv(tstart, tstop, event) ~ exposed + covariates). A fit that is not
// clean (not converged, singular, monotone likelihood) is still a result: its status and message
// say so in words, and the affected terms carry null. With --zph, cox.zph(fit, transform) and
// plot.cox.zph's smooth as "zph".
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "command_list.h"
#include "covariate_input.h"
#include "exposure_input.h"
#include "infant_all/stats/cox.h"
#include "infant_all/stats/cox_joint_test.h"
#include "infant_all/stats/cox_zph.h"
#include "infant_all/stats/model_matrix.h"
#include "survival_input.h"

namespace infant_all::contract {

namespace {

// The rows of the fit: one per table row, or with an exposure one per interval of the split
// (s->rows then the table row of each, so a subject's strata and covariates repeat on each of
// its intervals), and the time-dependent term "exposed" as the first covariate.
void cox_rows(AnalysisContext& context, const nlohmann::ordered_json& r, SurvivalInput* s,
              CoxInput* in, ExposureSplit* split, Errors& err) {
  if (survival_input(context, r, "event", kCoxStatusMissing, s, err)) {
    if (has_exposure(r)) {
      if (r.contains("entry")) {
        err.fail("--exposure-time/--exposure-date splits the follow-up itself: not with --entry");
      } else if (split_exposure(context, r, *s, split, err)) {
        in->time = split->stop;
        in->status = split->status;
        in->entry = split->start;
        s->rows = split->rows;
        std::vector<double> exposed(split->exposed.begin(), split->exposed.end());
        in->covariates.push_back(Covariate::make_numeric("exposed", std::move(exposed)));
      }
    } else {
      in->time = std::move(s->time);
      in->status = std::move(s->status);
      times_at(context, r, "entry", *s, &in->entry, err);
    }
    codes_at(context, r, "strata", s->rows, &in->strata, err);
  }
}

// --ties, --conf-level, --iter-max.
void cox_options(const nlohmann::ordered_json& r, CoxOptions* opt, Errors& err) {
  std::string ties;
  get_string(r, "ties", &ties, err);
  get_double(r, "conf_level", &opt->conf_level, err);
  double iter_max = opt->iter_max;
  get_double(r, "iter_max", &iter_max, err);
  if (err.ok() && (!(iter_max >= 1) || iter_max > 1000 || iter_max != std::floor(iter_max))) {
    err.fail("--iter-max must be a whole number from 1 to 1000");
  }
  opt->iter_max = static_cast<int>(iter_max);
  if (err.ok() && !ties.empty()) {
    if (ties == "efron") {
      opt->ties = CoxTies::efron;
    } else if (ties == "breslow") {
      opt->ties = CoxTies::breslow;
    } else {
      err.fail("--ties must be efron or breslow (got '" + ties + "')");
    }
  }
}

// --zph / --zph-transform: whether to test proportional hazards, and the transform.
bool zph_requested(const nlohmann::ordered_json& r, CoxZphOptions* opt, Errors& err) {
  const bool flag = r.contains("zph") && r["zph"].is_boolean() && r["zph"].get<bool>();
  if (r.contains("zph") && !r["zph"].is_boolean()) err.fail("zph must be true or false");
  std::string transform;
  get_string(r, "zph_transform", &transform, err);
  if (!err.ok() || (!flag && transform.empty())) return false;
  if (transform.empty() || transform == "km") {
    opt->transform = ZphTransform::km;
  } else if (transform == "identity") {
    opt->transform = ZphTransform::identity;
  } else if (transform == "rank") {
    opt->transform = ZphTransform::rank;
  } else if (transform == "log") {
    opt->transform = ZphTransform::log;
  } else {
    err.fail("--zph-transform must be km, identity, rank or log (got '" + transform + "')");
    return false;
  }
  return true;
}

// R's cox.zph object: table rows as "terms", x, time, strata, y by term, var; the smooth of
// plot.cox.zph (df 4, 40 points: the options' defaults) as "smooth".
nlohmann::ordered_json zph_json(const CoxZphResult& z, const CoxZphOptions& opt) {
  using json = nlohmann::ordered_json;
  json terms = json::array();
  for (const auto& t : z.table) {
    terms.push_back(
        {{"term", t.term}, {"chisq", num(t.chisq)}, {"df", num(t.df)}, {"p", num(t.p)}});
  }
  json y = json::object(), var = json::array(), curves = json::array();
  const std::size_t q = z.y_names.size();
  for (std::size_t j = 0; j < q; ++j) {
    y[z.y_names[j]] = nums(z.y[j]);
    var.push_back(
        nums(std::vector<double>(z.var.begin() + static_cast<std::ptrdiff_t>(j * q),
                                 z.var.begin() + static_cast<std::ptrdiff_t>((j + 1) * q))));
  }
  for (const auto& s : z.smooth) {
    curves.push_back({{"term", s.name},
                      {"fitted", s.fitted},
                      {"fit", nums(s.fit)},
                      {"lower", nums(s.lower)},
                      {"upper", nums(s.upper)}});
  }
  json out = {
      {"transform", z.transform}, {"terms", terms}, {"x", nums(z.x)}, {"time", nums(z.time)}};
  if (!z.strata.empty()) out["strata"] = z.strata;
  out["y"] = y;
  out["var"] = var;
  out["smooth"] = {{"df", opt.smooth_df}, {"x", nums(z.smooth_x)}, {"curves", curves}};
  return out;
}

// --test-terms: one set of term names (["A", "B"]) or, in JSON, several ([["A"], ["B", "C"]]).
// An interaction may be named either way round ("B:A" for the term "A:B").
std::vector<std::vector<std::string>> test_term_sets(const nlohmann::ordered_json& r,
                                                     const std::vector<Covariate>& covariates,
                                                     Errors& err) {
  std::vector<std::vector<std::string>> sets;
  if (!r.contains("test_terms") || r["test_terms"].is_null()) return sets;
  const auto& v = r["test_terms"];
  const auto term_name = [&](const nlohmann::ordered_json& x, std::string* out) {
    if (!x.is_string()) return err.fail("--test-terms must be term names");
    *out = x.get<std::string>();
    const auto known = [&](const std::string& n) {
      return std::any_of(covariates.begin(), covariates.end(),
                         [&](const Covariate& c) { return c.name == n; });
    };
    const size_t colon = out->find(':');
    if (!known(*out) && colon != std::string::npos) {
      const std::string swapped = out->substr(colon + 1) + ":" + out->substr(0, colon);
      if (known(swapped)) *out = swapped;
    }
    return true;
  };
  if (!v.is_array() || v.empty()) {
    err.fail("--test-terms must be a list of terms of --covariates");
    return sets;
  }
  const bool nested = v[0].is_array();
  for (const auto& item : v) {
    if (nested != item.is_array()) {
      err.fail("--test-terms: give one list of terms, or a list of lists");
      return {};
    }
  }
  if (!nested) sets.emplace_back();
  for (const auto& item : v) {
    if (nested) {
      sets.emplace_back();
      for (const auto& x : item) {
        std::string name;
        if (!term_name(x, &name)) return {};
        sets.back().push_back(name);
      }
    } else {
      std::string name;
      if (!term_name(item, &name)) return {};
      sets.back().push_back(name);
    }
  }
  return sets;
}

}  // namespace

CommandOutput cox_command(AnalysisContext& context, const nlohmann::ordered_json& r) {
  const Table& t = context.table();
  using json = nlohmann::ordered_json;
  CommandOutput out;
  Errors err;
  SurvivalInput s;
  CoxInput in;
  ExposureSplit split;
  cox_rows(context, r, &s, &in, &split, err);
  const bool by_exposure = has_exposure(r);
  // Optional with an exposure: alone, its score test is the Mantel-Byar test (with the chosen
  // ties).
  const bool any_covariates =
      r.contains("covariates") && r["covariates"].is_array() && !r["covariates"].empty();
  if (err.ok() && !any_covariates && !by_exposure) {
    err.fail("--covariates is required (comma-separated column names, COL:LEVEL for a reference)");
  }
  if (err.ok() && any_covariates) read_covariates(context, r, s.rows, in.covariates, err);
  CoxOptions opt;
  cox_options(r, &opt, err);
  CoxZphOptions zph_opt;
  const bool zph = zph_requested(r, &zph_opt, err);
  std::vector<std::vector<std::string>> joint_sets;
  if (err.ok()) joint_sets = test_term_sets(r, in.covariates, err);
  if (!err.ok()) {
    out.error = err.message;
    return out;
  }
  const CoxResult c = cox_ph(in, opt);
  if (c.status.code == StatusCode::invalid_argument) {
    out.error = locate_error(t, s.rows, c.status);
    return out;
  }
  // A fit that ran out of iterations gives estimates but no inference to trust: every SE,
  // interval, z, p and test says so ("reliable": false), as the page does beside them.
  const bool reliable = c.converged;
  json terms = json::array();
  for (const auto& term : c.terms) {
    json row = {{"name", term.name},  {"coef", num(term.coef)},   {"se", num(term.se)},
                {"hr", num(term.hr)}, {"lower", num(term.lower)}, {"upper", num(term.upper)},
                {"z", num(term.z)},   {"p", num(term.p)}};
    if (!reliable) row["reliable"] = false;
    terms.push_back(std::move(row));
  }
  auto test = [&](const CoxTest& x) {
    json j = {{"stat", num(x.stat)}, {"df", num(x.df)}, {"p", num(x.p)}};
    if (!reliable) j["reliable"] = false;
    return j;
  };
  out.result = {{"n", c.n},
                {"events", c.events},
                {"ties", c.ties},
                {"conf_level", opt.conf_level},
                {"terms", terms},
                {"loglik", nums(c.loglik)},
                {"tests", {{"lr", test(c.lr)}, {"wald", test(c.wald)}, {"score", test(c.score)}}},
                {"concordance", num(c.concordance)},
                {"concordance_se", num(c.concordance_se)},
                {"iterations", c.iterations},
                {"converged", c.converged},
                {"inference_reliable", reliable},
                {"status", c.status.ok() ? "converged" : to_string(c.status.code)},
                {"message", c.status.message},
                {"infinite_terms", c.infinite_terms},
                {"n_excluded", c.n_excluded},
                {"excluded_rows", file_rows_at(t, s.rows, c.excluded_rows)}};
  // The Wald test of each term of several columns and of each interaction (R: b' solve(V) b
  // over the term's columns; car::Anova(fit, test.statistic = "Wald") for a term in no
  // interaction).
  const CoxTermTests term_tests = cox_term_tests(in, c);
  json term_rows = json::array();
  for (const auto& tt : term_tests.tests) {
    json row = {{"term", tt.term}, {"columns", tt.columns}, {"wald", test(tt.wald)}};
    if (!tt.dropped.empty()) row["dropped"] = tt.dropped;
    term_rows.push_back(std::move(row));
  }
  out.result["term_tests"] = std::move(term_rows);
  // Per level of each factor: n and events of the rows used, the reference first (the forest
  // plot's reference rows and counts).
  json factors = json::array();
  for (const auto& f : cox_factor_counts(in, c)) {
    json levels = json::array();
    for (const auto& l : f.levels) {
      levels.push_back({{"level", l.level},
                        {"term", l.reference ? json(nullptr) : json(l.term)},
                        {"n", l.n},
                        {"events", l.events},
                        {"reference", l.reference}});
    }
    factors.push_back(
        {{"covariate", f.covariate}, {"reference", f.reference}, {"levels", std::move(levels)}});
  }
  out.result["factors"] = std::move(factors);
  if (!joint_sets.empty()) {
    json joint = json::array();
    for (const auto& set : joint_sets) {
      const CoxJointTest jt = cox_joint_test(in, c, set, opt);
      if (jt.status.code == StatusCode::invalid_argument && jt.columns.empty() &&
          jt.terms.empty()) {
        out = CommandOutput{};
        out.error = "--test-terms: " + jt.status.message;
        return out;
      }
      json row = {{"terms", jt.terms},
                  {"columns", jt.columns},
                  {"wald", test(jt.wald)},
                  {"lr", test(jt.lr)},
                  {"loglik_reduced", num(jt.loglik_reduced)}};
      if (!jt.dropped.empty()) row["dropped"] = jt.dropped;
      if (!jt.status.ok()) row["message"] = jt.status.message;
      if (!jt.reduced_status.ok()) row["reduced_status"] = jt.reduced_status.message;
      if (!jt.note.empty()) row["note"] = jt.note;
      joint.push_back(std::move(row));
    }
    out.result["joint_tests"] = std::move(joint);
  }
  if (zph) {
    // The fit stands when its check cannot be made (as in R, where coxph succeeds and cox.zph
    // stops): the reason in place of the check.
    const CoxZphResult z = cox_zph(in, c, zph_opt);
    out.result["zph"] =
        z.status.ok() ? zph_json(z, zph_opt) : nlohmann::ordered_json{{"error", z.status.message}};
  }
  if (by_exposure) out.result["exposure"] = split.summary;
  add_endpoint(s, &out.result);
  out.ok = true;
  return out;
}

}  // namespace infant_all::contract
