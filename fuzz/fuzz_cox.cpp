// fuzz_cox: random small data (ties, zeros, huge and tiny times and covariates, all censored,
// constant or collinear covariates, categorical columns, NaN, strata) -> cox_ph (cox.h), then
// again on a shuffled copy of the rows.
//
// Invariants:
//   - status ok, or a non-empty message;
//   - converged and status ok => every coef finite; status singular => no coef infinite;
//   - a term named in infinite_terms never has a finite hr;
//   - a shuffled copy of the rows gives the same status and, when ok/converged, coef, se, hr,
//     loglik and tests within 1e-12 relative.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "fuzz_bytes.h"
#include "infant_all/stats/cox.h"

using namespace infant_all;

namespace {

// `dirty` inputs may hold invalid values (negative or infinite times, unknown status codes) that
// make the whole call fail; clean ones only missing values (NaN, the missing status), so that
// larger data sets still reach the estimator.
double survival_time(fuzz::Bytes& in, uint8_t scale, bool dirty) {
  switch (scale) {
    case 0:
      return static_cast<double>(in.u8() % 8);
    case 1:
      if (dirty) return in.number();
      return in.flag() ? std::numeric_limits<double>::quiet_NaN() : 0.5 + in.u8() % 8;
    case 2:
      return 1e-300 * static_cast<double>(in.u8() % 6);
    case 3:
      return 1e300 * static_cast<double>(in.u8() % 6);
    default:
      return static_cast<double>(in.u16() % 4000);
  }
}

double covariate_value(fuzz::Bytes& in, uint8_t kind) {
  switch (kind) {
    case 0:
      return static_cast<double>(in.u8() & 1);  // binary
    case 1:
      return static_cast<double>(in.u8() % 5);  // small integer
    case 2:
      return in.flag() ? in.number() : static_cast<double>(in.u8() % 3);
    case 3:
      return 1.0;  // constant
    default:
      return static_cast<double>(in.u16()) / 256.0 - 128.0;
  }
}

bool close_vec(const std::vector<double>& a, const std::vector<double>& b, double rel) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!fuzz::close(a[i], b[i], rel)) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Bytes in(data, size);
  const uint8_t shape = in.u8();
  const bool dirty = (shape & 0x80) != 0;
  const uint8_t opt = in.u8();
  const size_t n = in.below(40);
  const size_t n_cov = 1 + in.below(3);
  const bool stratified = (shape & 1) != 0;

  std::vector<double> time;
  std::vector<int> status;
  std::vector<std::string> strata;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t row = in.u8();
    time.push_back(survival_time(in, static_cast<uint8_t>((row >> 5) % 5), dirty));
    int s = row & 1;
    if (shape & 0x40) s = 0;  // all censored
    if ((row & 0x1C) == 0x1C) s = (row & 1) || !dirty ? kCoxStatusMissing : 3;
    status.push_back(s);
    if (stratified) strata.push_back((row & 2) ? "s1" : ((row & 0x20) ? "s2" : ""));
  }
  std::vector<Covariate> covariates;
  for (size_t j = 0; j < n_cov; ++j) {
    const uint8_t kind = in.u8();
    const std::string name = "x" + std::to_string(j + 1);
    if (kind % 7 == 6) {  // categorical, "" missing
      static const char* const kLevels[] = {"a", "b", "B", "c", ""};
      std::vector<std::string> v;
      for (size_t i = 0; i < n; ++i) v.push_back(kLevels[in.u8() % (kind & 8 ? 5 : 3)]);
      covariates.push_back(Covariate::make_categorical(name, v, (kind & 16) ? "b" : ""));
    } else if (kind % 7 == 5 && j > 0 && !covariates[0].is_categorical) {  // collinear
      std::vector<double> v = covariates[0].numeric;
      for (double& x : v) x = 2 * x + 1;
      covariates.push_back(Covariate::make_numeric(name, v));
    } else {
      std::vector<double> v;
      for (size_t i = 0; i < n; ++i)
        v.push_back(covariate_value(in, static_cast<uint8_t>(kind % 5)));
      covariates.push_back(Covariate::make_numeric(name, v));
    }
  }
  CoxOptions options;
  options.ties = (opt & 1) ? CoxTies::breslow : CoxTies::efron;
  options.timefix = (opt & 2) == 0;
  if (opt & 4) options.iter_max = opt >> 5;  // 0..7

  if (std::getenv("FUZZ_DUMP")) {  // print the data set, for reports
    std::fprintf(stderr, "ties %s timefix %d iter_max %d\nrow time status strata",
                 to_string(options.ties), options.timefix, options.iter_max);
    for (const Covariate& c : covariates) std::fprintf(stderr, " %s", c.name.c_str());
    std::fprintf(stderr, "\n");
    for (size_t i = 0; i < n; ++i) {
      std::fprintf(stderr, "%zu %.17g %d '%s'", i + 1, time[i], status[i],
                   strata.empty() ? "" : strata[i].c_str());
      for (const Covariate& c : covariates) {
        if (c.is_categorical)
          std::fprintf(stderr, " '%s'", c.categorical.label(i).c_str());
        else
          std::fprintf(stderr, " %.17g", c.numeric[i]);
      }
      std::fprintf(stderr, "\n");
    }
  }
  const CoxResult r = cox_ph(CoxInput{time, status, covariates, strata}, options);
  FUZZ_CHECK(r.status.ok() || !r.status.message.empty(), "status %s with an empty message",
             to_string(r.status.code));
  // A clean fit reports finite numbers: a covariate that overflows its scaling is an error
  // (findings 7 and 9, fixed).
  if (r.status.ok()) {
    for (const CoxTerm& t : r.terms) {
      FUZZ_CHECK(std::isfinite(t.coef) && std::isfinite(t.se),
                 "status ok, but term %s coef %.17g se %.17g", t.name.c_str(), t.coef, t.se);
    }
  }
  if (r.status.code == StatusCode::singular) {
    for (const CoxTerm& t : r.terms) {
      FUZZ_CHECK(!std::isinf(t.coef), "singular fit with term %s coef %.17g", t.name.c_str(),
                 t.coef);
    }
  }
  for (const std::string& name : r.infinite_terms) {
    for (const CoxTerm& t : r.terms) {
      if (t.name != name) continue;
      FUZZ_CHECK(!std::isfinite(t.hr), "term %s is in infinite_terms but has hr %.17g",
                 name.c_str(), t.hr);
    }
  }

  const std::vector<size_t> perm = in.permutation(n);
  std::vector<Covariate> sc = covariates;
  for (Covariate& c : sc) {
    c.numeric = fuzz::permuted(c.numeric, perm);
    c.categorical = fuzz::permuted(c.categorical, perm);
  }
  const CoxResult q = cox_ph(CoxInput{fuzz::permuted(time, perm), fuzz::permuted(status, perm), sc,
                                      fuzz::permuted(strata, perm)},
                             options);
  // cox_ph sums tied rows in a canonical order (findings 4 and 6, fixed), so any row order gives
  // the same fit bit for bit: status and message, iterations, coefficients, SEs, tests. Only the
  // concordance is computed in input order (its sums are counts; 1e-12 allowed).
  using fuzz::same;
  // (A rejected input's message names a row, which moves with the permutation.)
  const bool input_error = r.status.code == StatusCode::invalid_argument && r.terms.empty();
  FUZZ_CHECK(
      r.status.code == q.status.code && (input_error || r.status.message == q.status.message),
      "shuffled: status %s vs %s ('%s' / '%s')", to_string(r.status.code), to_string(q.status.code),
      r.status.message.c_str(), q.status.message.c_str());
  if (input_error) return 0;
  FUZZ_CHECK(r.n == q.n && r.events == q.events && r.converged == q.converged &&
                 r.iterations == q.iterations && r.infinite_terms == q.infinite_terms,
             "shuffled: n %d/%d events %d/%d converged %d/%d iterations %d/%d infinite_terms "
             "%zu/%zu",
             r.n, q.n, r.events, q.events, r.converged, q.converged, r.iterations, q.iterations,
             r.infinite_terms.size(), q.infinite_terms.size());
  FUZZ_CHECK(r.terms.size() == q.terms.size(), "shuffled: %zu vs %zu terms", r.terms.size(),
             q.terms.size());
  for (size_t k = 0; k < r.terms.size(); ++k) {
    const CoxTerm& a = r.terms[k];
    const CoxTerm& b = q.terms[k];
    FUZZ_CHECK(a.name == b.name && same(a.coef, b.coef) && same(a.se, b.se) && same(a.hr, b.hr) &&
                   same(a.lower, b.lower) && same(a.upper, b.upper) && same(a.p, b.p),
               "shuffled: term %s coef %.17g vs %.17g, se %.17g vs %.17g, hr %.17g vs %.17g\n"
               "  status %s ('%s'), iterations %d vs %d, n %d events %d",
               a.name.c_str(), a.coef, b.coef, a.se, b.se, a.hr, b.hr, to_string(r.status.code),
               r.status.message.c_str(), r.iterations, q.iterations, r.n, r.events);
  }
  FUZZ_CHECK(r.loglik.size() == q.loglik.size(), "shuffled: loglik sizes");
  for (size_t k = 0; k < r.loglik.size(); ++k) {
    FUZZ_CHECK(same(r.loglik[k], q.loglik[k]), "shuffled: loglik[%zu] %.17g vs %.17g", k,
               r.loglik[k], q.loglik[k]);
  }
  FUZZ_CHECK(same(r.lr.stat, q.lr.stat) && same(r.wald.stat, q.wald.stat) &&
                 same(r.score.stat, q.score.stat),
             "shuffled: tests lr %.17g/%.17g wald %.17g/%.17g score %.17g/%.17g", r.lr.stat,
             q.lr.stat, r.wald.stat, q.wald.stat, r.score.stat, q.score.stat);
  FUZZ_CHECK(fuzz::close(r.concordance, q.concordance, 1e-12),
             "shuffled: concordance %.17g vs %.17g", r.concordance, q.concordance);
  return 0;
}
