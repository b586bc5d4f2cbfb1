// Cox proportional hazards regression, fitted as survival::coxph does (coxfit6).
//
// Partial likelihood with Efron (default) or Breslow handling of tied event times; optional
// strata (a baseline hazard per stratum, log-likelihoods summed). Newton-Raphson from beta = 0
// with step halving whenever the log-likelihood falls or is not finite; converged when
// |1 - loglik_best / loglik_new| <= eps (1e-9); at most iter_max (20) iterations. Covariates
// other than those coded within {-1, 0, 1} are centred and scaled by their mean absolute
// deviation while iterating, as coxph does (nocenter = c(-1, 0, 1)); beta is reported on the
// original scale. The information matrix is factored as L D L' with coxph's singularity rule
// (a pivot below toler_chol times the largest diagonal is zero): a redundant covariate gets
// coefficient NaN (R's NA) and status singular.
// Monotone likelihood: after convergence, a covariate whose next Newton step |(I^-1 U)_k| is
// both > eps and > toler_inf * |beta_k| has a coefficient running to infinity (R: "Loglik
// converged before variable k; coefficient may be infinite"); status monotone_likelihood names
// it and its hazard ratio and CI are NaN rather than a meaningless huge number.
// Tests: likelihood ratio 2 (l(beta) - l(0)), Wald beta' V^-1 beta, score U(0)' I(0)^-1 U(0),
// each on df = number of estimated (non-NA) coefficients.
// Concordance: Harrell's C of the linear predictor as coxph stores it (concordance.h; for
// entry data concordance_counting, over the risk sets entry < t <= time).
// Nearly equal times are merged first as coxph's timefix = TRUE does (aeqSurv: gaps
// <= sqrt(double eps), absolute or relative to the mean |time|).
// Counting-process data (entry given, R: Surv(start, stop, event)): a row is at risk at t when
// entry < t <= time, as agreg.fit (agfit4) has it; the likelihood, tests, var and checks are
// those above over these risk sets. aeqSurv then merges entry and time as one set of times.
//
// R equivalent: coxph(Surv(time, status) ~ x1 + x2 + strata(s), ties = "efron") with
// summary(fit) for the terms and tests, fit$loglik, fit$iter, fit$concordance; with entry,
// coxph(Surv(entry, time, status) ~ ...).
#pragma once

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "infant_all/stats/model_matrix.h"
#include "infant_all/status.h"

namespace infant_all {

// Status value that marks a missing event indicator (the row is excluded and counted): INT_MIN,
// R's NA_integer_, the same value as kMissingStatus (kaplan_meier.h) and kStatusMissing
// (cumulative_incidence.h), so one decoded column serves every estimator. Named apart only so
// that the headers can be included together; a single shared constant belongs in status.h.
inline constexpr int kCoxStatusMissing = kMissingStatusCode;

enum class CoxTies { efron, breslow };

// R's defaults, named once (coxph.control()).
struct CoxOptions {
  CoxTies ties = CoxTies::efron;
  double conf_level = 0.95;
  int iter_max = 20;
  double eps = 1e-9;
  double toler_chol = 1.8189894035458617e-12;  // .Machine$double.eps^0.75
  double toler_inf = 3.1622776601683795e-05;   // sqrt(eps)
  bool timefix = true;
};

struct CoxTerm {
  std::string name;
  double coef = 0, se = 0, hr = 0, lower = 0, upper = 0, z = 0, p = 0;
};

struct CoxTest {
  double stat = 0, df = 0, p = 0;
};

struct CoxResult {
  Status status;
  int n = 0;  // rows used
  int events = 0;
  std::string ties;  // "efron" | "breslow"
  int n_excluded = 0;
  std::vector<int> excluded_rows;  // 1-based
  std::vector<CoxTerm> terms;
  std::vector<double> loglik;  // {at beta = 0, at the fit}
  CoxTest lr, wald, score;
  double concordance = 0, concordance_se = 0;
  int iterations = 0;  // R's fit$iter (iter_max + 1 when it ran out, as coxfit6 counts)
  bool converged = false;
  std::vector<double> var;    // p x p row-major inverse information (0 for NA terms)
  std::vector<double> means;  // centring used (0 for columns coded in {-1, 0, 1}), R's fit$means
  std::vector<std::string> infinite_terms;  // covariates flagged by the monotone-likelihood check
  // Per design column (terms[j]): the index in input.covariates of the covariate it comes from,
  // ModelMatrix::term (R's fit$assign, turned around). A factor's columns share one entry.
  std::vector<int> assign;
};

// Column-oriented input, one entry per subject, in the shape of KmInput and LogRankInput.
// Rows with any missing value (time, status, stratum or covariate) are excluded and counted
// (n_excluded, excluded_rows).
struct CoxInput {
  std::vector<double> time;           // finite, >= 0; NaN = missing
  std::vector<int> status;            // 0 = censored, 1 = event, kCoxStatusMissing = missing
  std::vector<Covariate> covariates;  // the model's terms, one value per row (model_matrix.h)
  GroupCodes strata;                  // empty = one stratum; code -1 = missing
  // The time order shared with the other estimators of the same endpoint (survival_data.h):
  // null = sorted here. Built from `time` by time_order; one of another length is refused.
  // Ignored when entry is given: the fit then sorts by time and entry itself.
  std::shared_ptr<const TimeOrder> order = nullptr;
  // Empty = right-censored data. Otherwise the start of each row's interval (entry, time]:
  // finite and < time (an error naming "entry" and the row otherwise); NaN = missing. Last, so
  // that {time, status, covariates, strata} still initialises a right-censored input.
  std::vector<double> entry = {};
};

CoxResult cox_ph(const CoxInput& input, const CoxOptions& options = {});

// Per level of each categorical covariate (interactions left out): the rows the fit used and
// their events, for a forest plot's "n / events" beside each row and its reference row.
// R: with d the rows coxph used (na.omit), table(d$x) and tapply(d$status, d$x, sum), the
// reference level first as relevel() puts it.
struct CoxLevelCount {
  std::string level;
  std::string term;  // the design column's name (R's "<column><level>"), "" for the reference
  int n = 0;
  int events = 0;
  bool reference = false;
};
struct CoxFactorCounts {
  std::string covariate;
  std::string reference;
  std::vector<CoxLevelCount> levels;  // the reference first, then factor order
};
std::vector<CoxFactorCounts> cox_factor_counts(const CoxInput& input, const CoxResult& fit);

const char* to_string(CoxTies ties);

}  // namespace infant_all
