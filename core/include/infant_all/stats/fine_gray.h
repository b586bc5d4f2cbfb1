// Fine-Gray proportional subdistribution hazards regression, fitted as cmprsk::crr does.
//
// Model (Fine & Gray 1999, JASA 94:496): the subdistribution hazard of the cause of interest
// (failcode) is lambda_1(t | x) = lambda_10(t) exp(x' beta). A subject who fails from another
// cause stays in the risk set after its failure, weighted by G(t-) / G(T_i-), with G the
// Kaplan-Meier estimate of the censoring distribution (one censoring group; censored = status
// cencode). At each distinct failure time u with d failures the weighted risk set is
//   S0(u) = sum_{T_j >= u} exp(x_j' b) + sum_{T_j < u, competing} exp(x_j' b) G(u-) / G(T_j-),
// and the pseudo log-likelihood sum_failures x_i' b - sum_u d log S0(u) treats ties as Breslow
// does. G(t-) is crr's: survfit's censoring curve just below t (at t = 0, at 0 itself).
// Fitting (crr's own loop, not coxph's): Newton-Raphson from beta = 0; converged when
//   max_j |U_j| max(|b_j|, 1) < max(|loglik|, 1) gtol     (gtol = 1e-6)
// tested before each step, at most maxiter (10) steps; each step is backtracked (halved) until
// loglik(b + s) >= loglik(b) + 1e-4 s'U, and more than 20 halvings stop the fit (not converged).
// Variance: crr's $var, the sandwich I^-1 (sum_i (eta_i + psi_i)(eta_i + psi_i)') I^-1 with
// eta_i the score residual and psi_i the term for estimating G (Fine & Gray 1999, sec. 3;
// Fortran crrvv), computed here in O(n p^2) by prefix sums instead of crrvv's nested loops.
// Baseline: bfitj, the jumps d / S0(u) of the cumulative baseline subdistribution hazard at
// the distinct failure times uftime; the predicted CIF is 1 - exp(-exp(x' b) cumsum(bfitj)).
// Covariates are centred internally (the likelihood is invariant to a shift of x), so large
// values (ages in days) cannot overflow exp(x' b); results are reported on the original scale.
// Time-varying coefficients (crr's cov2/tf) and censoring groups (cengroup) are not supported.
//
// R equivalent:
//   x <- model.matrix(~ a + b, data)[, -1]
//   fit <- crr(ftime, fstatus, cov1 = x, failcode = 1, cencode = 0)
//   summary(fit) for the terms; fit$var, fit$loglik, fit$loglik.null, fit$converged,
//   fit$uftime, fit$bfitj; predict(fit, cov1 = x_new) for the CIF.
// Iterations: crr does not return them; R's equivalent is the smallest maxiter for which
// crr(..., maxiter = m)$converged is TRUE.
#pragma once

#include <string>
#include <vector>

#include "infant_all/stats/model_matrix.h"
#include "infant_all/status.h"

namespace infant_all {

// R's defaults, named once (crr's arguments).
struct FineGrayOptions {
  int failcode = 1;  // status of the cause of interest
  int cencode = 0;   // status of a censored row; every other code is a competing event
  double conf_level = 0.95;
  int maxiter = 10;    // Newton-Raphson steps at most
  double gtol = 1e-6;  // convergence: score relative to the log-likelihood
};

struct FineGrayTerm {
  std::string name;
  // shr = exp(coef), the subdistribution hazard ratio; lower/upper its interval at conf_level;
  // p = 2 (1 - pnorm(|z|)), as summary.crr (computed as an upper tail, so accurate below 1e-16).
  double coef = 0, se = 0, shr = 0, lower = 0, upper = 0, z = 0, p = 0;
};

// What a covariate became in the design, to build a design row for fine_gray_predict.
struct FineGrayCovariate {
  std::string name;
  bool is_categorical = false;
  std::vector<std::string> levels;    // categorical: levels in sort order (the reference too)
  std::string reference;              // categorical: the level without a column
  std::vector<int> interaction = {};  // an interaction: its two components (indices here)
};

struct FineGrayTest {
  double stat = 0, df = 0, p = 0;
};

struct FineGrayResult {
  Status status;
  int n = 0;          // rows used (crr's $n)
  int events = 0;     // rows with status failcode
  int competing = 0;  // rows with a competing event
  int censored = 0;   // rows with status cencode
  int n_excluded = 0;
  std::vector<int> excluded_rows;  // 1-based (crr's $n.missing counts them)
  std::vector<FineGrayTerm> terms;
  std::vector<double> var;     // p x p row-major: crr's $var (sandwich)
  std::vector<double> invinf;  // p x p row-major: crr's $invinf, the naive (model) variance
  std::vector<double> score;   // crr's $score at the fit
  double loglik = 0;           // crr's $loglik (pseudo log-likelihood at the fit)
  double loglik_null = 0;      // crr's $loglik.null (at beta = 0)
  // summary.crr's "pseudo likelihood ratio test": 2 (loglik - loglik_null) on p df.
  FineGrayTest lr;
  int iterations = 0;  // Newton steps taken (see the header comment for R's equivalent)
  bool converged = false;
  std::vector<double> uftime;  // crr's $uftime: distinct failure times, increasing
  std::vector<double> bfitj;   // crr's $bfitj: baseline cumulative hazard jump at each
  std::vector<FineGrayCovariate> covariates;  // in input order
};

// Column-oriented input, one entry per subject, in the shape of CoxInput and CumincInput.
// Rows with any missing value (time, status or covariate) are excluded and counted
// (n_excluded, excluded_rows), as crr's na.omit.
struct FineGrayInput {
  std::vector<double> time;           // finite, >= 0; NaN = missing
  std::vector<int> status;            // failcode / cencode / other = competing; kStatusMissing
  std::vector<Covariate> covariates;  // the model's terms, one value per row (model_matrix.h)
};

// Errors (status invalid_argument, naming the argument and row): length mismatch, empty input
// or covariates, time negative or infinite, failcode == cencode, no failcode events,
// conf_level outside (0, 1), maxiter < 0 or gtol <= 0, the design errors of model_matrix.
// Fit outcomes: status singular when the information matrix cannot be inverted (crr stops in
// solve()), not_converged (result filled at the last beta) when the iterations or the step
// halving run out.
// R equivalent: crr(time, status, cov1 = model.matrix(~ covariates)[, -1], failcode, cencode).
FineGrayResult fine_gray(const FineGrayInput& input, const FineGrayOptions& options = {});

struct FineGrayPrediction {
  Status status;
  std::vector<double> time;  // uftime
  std::vector<double> cif;   // predicted cumulative incidence of failcode at each time
};

// CIF for one design row x (one value per term, the model.matrix row: 0/1 per dummy).
// R equivalent: predict(fit, cov1 = x) (its second column).
FineGrayPrediction fine_gray_predict(const FineGrayResult& fit, const std::vector<double>& x);

// The predicted CIF at time t: its value at the last failure time <= t (0 before the first),
// the step function predict.crr's rows describe. NaN for a NaN t.
double fine_gray_cif_at(const FineGrayPrediction& prediction, double t);

// The design row of named covariate values: `numeric` for numeric covariates (by name), a
// level for categorical ones. Every covariate of the fit needs a value; an unknown name or
// level is an error naming it.
struct FineGrayValue {
  std::string name;
  double numeric = 0;  // numeric covariate
  std::string level;   // categorical covariate
};
Status fine_gray_design_row(const FineGrayResult& fit, const std::vector<FineGrayValue>& values,
                            std::vector<double>* x);

}  // namespace infant_all
