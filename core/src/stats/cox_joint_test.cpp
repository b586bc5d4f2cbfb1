#include "infant_all/stats/cox_joint_test.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "infant_all/stats/distributions.h"
#include "infant_all/stats/model_matrix.h"

namespace infant_all {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A fit that has estimates and a term map of its columns.
Status check_fit(const CoxInput& input, const CoxResult& fit, const std::string& fn) {
  const StatusCode c = fit.status.code;
  if (c == StatusCode::invalid_argument || c == StatusCode::not_implemented || fit.terms.empty()) {
    return Status::invalid("fit", 0, fn + "the fit has no estimates (" + fit.status.message + ")");
  }
  const std::size_t p = fit.terms.size();
  bool shaped = fit.assign.size() == p && fit.var.size() == p * p;
  for (const int t : fit.assign) {
    shaped = shaped && t >= 0 && static_cast<std::size_t>(t) < input.covariates.size();
  }
  if (!shaped) {
    return Status::invalid("fit", 0, fn + "fit is not cox_ph's fit of this input (terms differ)");
  }
  return Status{};
}

// b_S' (V_SS)^-1 b_S over the columns `cols` (estimated ones), on the correlation scale and by
// Cholesky; a pivot below 1e-12 of the scaled diagonal (1) means V_SS is singular: NaN.
CoxTest wald_test(const CoxResult& fit, const std::vector<std::size_t>& cols) {
  const std::size_t p = fit.terms.size(), q = cols.size();
  if (q == 0) return {kNaN, 0, kNaN};
  std::vector<double> b(q), m(q * q);
  for (std::size_t a = 0; a < q; ++a) {
    const double sa = std::sqrt(fit.var[cols[a] * p + cols[a]]);
    b[a] = fit.terms[cols[a]].coef / sa;
    for (std::size_t c = 0; c < q; ++c) {
      const double sc = std::sqrt(fit.var[cols[c] * p + cols[c]]);
      m[a * q + c] = fit.var[cols[a] * p + cols[c]] / (sa * sc);
    }
  }
  // m = L L' in the lower triangle; then solve L y = b and w = y'y.
  for (std::size_t j = 0; j < q; ++j) {
    double d = m[j * q + j];
    for (std::size_t k = 0; k < j; ++k) d -= m[j * q + k] * m[j * q + k];
    if (!(d > 1e-12)) return {kNaN, static_cast<double>(q), kNaN};
    d = std::sqrt(d);
    m[j * q + j] = d;
    for (std::size_t i = j + 1; i < q; ++i) {
      double v = m[i * q + j];
      for (std::size_t k = 0; k < j; ++k) v -= m[i * q + k] * m[j * q + k];
      m[i * q + j] = v / d;
    }
  }
  double w = 0;
  for (std::size_t i = 0; i < q; ++i) {
    double v = b[i];
    for (std::size_t k = 0; k < i; ++k) v -= m[i * q + k] * b[k];
    b[i] = v / m[i * q + i];
    w += b[i] * b[i];
  }
  const double df = static_cast<double>(q);
  return {w, df, chisq_upper(w, df)};
}

// The columns of the covariates flagged in `in_set`, split into estimated and NA.
void split_columns(const CoxResult& fit, const std::vector<char>& in_set,
                   std::vector<std::size_t>* estimated, std::vector<std::string>* columns,
                   std::vector<std::string>* dropped) {
  for (std::size_t j = 0; j < fit.terms.size(); ++j) {
    if (!in_set[static_cast<std::size_t>(fit.assign[j])]) continue;
    if (std::isnan(fit.terms[j].coef)) {
      dropped->push_back(fit.terms[j].name);
    } else {
      estimated->push_back(j);
      columns->push_back(fit.terms[j].name);
    }
  }
}

int estimated_count(const CoxResult& fit) {
  int k = 0;
  for (const CoxTerm& t : fit.terms) k += !std::isnan(t.coef);
  return k;
}

// The reduced model: the full design's columns outside S as numeric covariates, over the rows
// the full fit used (time, status, strata, entry taken at those rows).
CoxResult reduced_fit(const CoxInput& input, const CoxResult& fit, const std::vector<char>& in_set,
                      const CoxOptions& options, const std::string& fn, Status* bad) {
  const std::size_t n = input.time.size();
  std::vector<char> excluded(n, 0);
  for (const int r : fit.excluded_rows) {
    if (r >= 1 && static_cast<std::size_t>(r) <= n) excluded[static_cast<std::size_t>(r - 1)] = 1;
  }
  const ModelMatrix mm = model_matrix(input.covariates, excluded);
  if (!mm.status.ok() || mm.names.size() != fit.terms.size() ||
      static_cast<int>(mm.kept_rows.size()) != fit.n) {
    *bad = Status::invalid("fit", 0,
                           fn + "fit is not cox_ph's fit of this input (rows or terms differ)");
    return {};
  }
  for (std::size_t j = 0; j < mm.names.size(); ++j) {
    if (mm.names[j] != fit.terms[j].name || mm.term[j] != fit.assign[j]) {
      *bad = Status::invalid("fit", 0, fn + "fit is not cox_ph's fit of this input (terms differ)");
      return {};
    }
  }
  CoxInput r;
  const std::vector<std::size_t>& kept = mm.kept_rows;
  r.time.reserve(kept.size());
  r.status.reserve(kept.size());
  for (const std::size_t i : kept) {
    r.time.push_back(input.time[i]);
    r.status.push_back(input.status[i]);
    if (!input.entry.empty()) r.entry.push_back(input.entry[i]);
  }
  if (!input.strata.empty()) {
    std::vector<int> code;
    code.reserve(kept.size());
    for (const std::size_t i : kept) code.push_back(input.strata.code[i]);
    r.strata = GroupCodes(input.strata.levels, std::move(code));
  }
  for (std::size_t j = 0; j < mm.names.size(); ++j) {
    if (in_set[static_cast<std::size_t>(mm.term[j])]) continue;
    r.covariates.push_back(Covariate::make_numeric(mm.names[j], mm.columns[j]));
  }
  if (r.covariates.empty()) return {};  // the null model: the caller uses l(0)
  return cox_ph(r, options);
}

}  // namespace

CoxJointTest cox_joint_test(const CoxInput& input, const CoxResult& fit,
                            const std::vector<std::string>& terms, const CoxOptions& options) {
  CoxJointTest out;
  const std::string fn = "cox_joint_test: ";
  out.wald = out.lr = {kNaN, 0, kNaN};
  out.loglik_reduced = kNaN;
  if (Status bad = check_fit(input, fit, fn); !bad.ok()) {
    out.status = std::move(bad);
    return out;
  }
  if (fit.ties != to_string(options.ties)) {
    out.status = Status::invalid(
        "options", 0,
        fn + "options.ties (" + to_string(options.ties) + ") is not the fit's (" + fit.ties + ")");
    return out;
  }
  const std::vector<Covariate>& covs = input.covariates;
  if (terms.empty()) {
    out.status = Status::invalid("terms", 0, fn + "terms is empty");
    return out;
  }
  std::vector<char> in_set(covs.size(), 0);
  for (std::size_t t = 0; t < terms.size(); ++t) {
    const auto it = std::find_if(covs.begin(), covs.end(),
                                 [&](const Covariate& c) { return c.name == terms[t]; });
    if (it == covs.end()) {
      std::string known;
      for (const Covariate& c : covs) known += (known.empty() ? "" : ", ") + c.name;
      out.status = Status::invalid(
          "terms", t + 1, fn + "'" + terms[t] + "' is not a term of the model (" + known + ")");
      return out;
    }
    char& flag = in_set[static_cast<std::size_t>(it - covs.begin())];
    if (flag) {
      out.status = Status::invalid("terms", t + 1, fn + "'" + terms[t] + "' is named twice");
      return out;
    }
    flag = 1;
  }
  for (std::size_t c = 0; c < covs.size(); ++c) {
    if (in_set[c]) out.terms.push_back(covs[c].name);
  }
  // A main effect tested while an interaction with it stays in the model.
  for (std::size_t c = 0; c < covs.size(); ++c) {
    if (!covs[c].is_interaction() || in_set[c]) continue;
    for (const int part : covs[c].interaction) {
      if (!in_set[static_cast<std::size_t>(part)]) continue;
      out.note += (out.note.empty() ? "" : "; ") + covs[static_cast<std::size_t>(part)].name +
                  " is tested while " + covs[c].name +
                  " stays in: the reduced model drops its columns only (R: the model matrix "
                  "without them), which is not anova of a formula without it";
    }
  }
  std::vector<std::size_t> cols;
  split_columns(fit, in_set, &cols, &out.columns, &out.dropped);
  out.wald = wald_test(fit, cols);

  Status bad;
  const CoxResult reduced = reduced_fit(input, fit, in_set, options, fn, &bad);
  if (!bad.ok()) {
    out.status = std::move(bad);
    return out;
  }
  const int df_full = estimated_count(fit);
  int df_reduced = 0;
  if (reduced.terms.empty() && reduced.status.ok()) {
    out.loglik_reduced = fit.loglik[0];  // nothing left: the null model on the same rows
  } else if (reduced.status.code == StatusCode::invalid_argument || reduced.loglik.size() != 2) {
    out.reduced_status = reduced.status;
    out.status = Status::invalid(fn + "the reduced model could not be fitted (" +
                                 reduced.status.message + ")");
    return out;
  } else {
    out.loglik_reduced = reduced.loglik[1];
    out.reduced_status = reduced.status;
    df_reduced = estimated_count(reduced);
  }
  const double stat = 2 * (fit.loglik[1] - out.loglik_reduced);
  const double df = static_cast<double>(df_full - df_reduced);
  out.lr = {stat, df, df > 0 ? chisq_upper(std::max(stat, 0.0), df) : kNaN};
  return out;
}

CoxTermTests cox_term_tests(const CoxInput& input, const CoxResult& fit) {
  CoxTermTests out;
  if (Status bad = check_fit(input, fit, "cox_term_tests: "); !bad.ok()) {
    out.status = std::move(bad);
    return out;
  }
  const std::vector<Covariate>& covs = input.covariates;
  std::vector<std::size_t> width(covs.size(), 0);
  for (const int t : fit.assign) ++width[static_cast<std::size_t>(t)];
  for (std::size_t c = 0; c < covs.size(); ++c) {
    if (width[c] < 2 && !covs[c].is_interaction()) continue;
    CoxTermTest t;
    t.term = covs[c].name;
    std::vector<char> in_set(covs.size(), 0);
    in_set[c] = 1;
    std::vector<std::size_t> cols;
    split_columns(fit, in_set, &cols, &t.columns, &t.dropped);
    t.wald = wald_test(fit, cols);
    out.tests.push_back(std::move(t));
  }
  return out;
}

}  // namespace infant_all
