// Test of the proportional-hazards assumption of a Cox fit, as survival::cox.zph (3.5) does it,
// with the scaled Schoenfeld residuals and the smooth that plot.cox.zph draws through them.
//
// Grambsch and Therneau (1994): with beta(t) = beta + theta g(t), the score test of theta = 0
// at (beta_hat, 0), one step of the Cox model extended by the covariates g(t) x. g is the
// transformed event time (km: 1 - the Kaplan-Meier estimate just before t over all rows, strata
// ignored; identity; rank: average ranks of the times of all rows; log), centred on its mean
// over the events. The score U and the 2p x 2p information at the fitted beta come from one pass
// over the risk sets (survival's zph1.c; for entry data the (entry, time] risk sets of zph2.c),
// with the fit's ties (Efron or Breslow). Per term (a factor's dummies together, df = their
// number: terms = TRUE) chisq = U_t' I_t^-1 U_t over the beta block and the term's theta block;
// GLOBAL over every column (df = the number of estimated coefficients). A coefficient R reports as
// NA (singular fit) is dropped first, as cox.zph drops it.
// Scaled residuals (y): per event, the Schoenfeld residual (x minus the risk-set mean, Efron's
// mean of means under ties) times the inverse of the per-event average information (the
// information divided by the events of the strata in which each column varies), plus beta; for
// a term of several columns, the residual projected on beta (the term's contribution to the
// linear predictor), scaled likewise, plus 1. A column constant within a stratum is NaN (R's NA)
// on that stratum's events.
// Smooth (plot.cox.zph, df = 4, nsmo = 40): per y column, least squares on a natural cubic
// spline in x (splines::ns(c(grid, x), df, intercept = TRUE): boundary knots the range of x,
// df - 2 interior knots at quantiles (type 7) of the grid and x together) evaluated on the grid
// of nsmo equally spaced points from min(x) to max(x), with +- 2 SE: 2 sqrt(var_ii h'(X'X)^-1 h).
// The fitted values and the band do not depend on the spline basis, so any basis of that space
// gives plot.cox.zph's curves. A column whose spline design is rank deficient (R: "spline fit is
// singular, variable skipped") has no smooth. On the log transform the grid is in log time, as
// x is (plot.cox.zph exponentiates both for its axis).
// Deliberate difference: a stratum whose covariates are all constant has its events left out of
// the scaling by cox.zph in a way that shifts later strata's rows; here each event is scaled with
// its own stratum. The fit's rows are rebuilt from `input` (the same exclusions as cox_ph);
// a fit of other data is refused.
//
// R equivalent: zp <- cox.zph(coxph(Surv(time, status) ~ x1 + x2 + strata(s), ties = ...),
//   transform = "km", terms = TRUE, global = TRUE); zp$table, zp$x, zp$time, zp$y, zp$var; the
//   smooth as plot(zp, df = 4, nsmo = 40) computes it (yhat, yhat +- 2 sqrt(var_ii seval)).
//   With entry: coxph(Surv(entry, time, status) ~ ...).
#pragma once

#include <string>
#include <vector>

#include "infant_all/stats/cox.h"
#include "infant_all/status.h"

namespace infant_all {

enum class ZphTransform { km, identity, rank, log };

// cox.zph's and plot.cox.zph's defaults, named once.
struct CoxZphOptions {
  ZphTransform transform = ZphTransform::km;
  bool smooth = true;      // compute plot.cox.zph's curves
  int smooth_df = 4;       // plot.cox.zph(df = 4): spline degrees of freedom, >= 2
  int smooth_points = 40;  // plot.cox.zph(nsmo = 40): grid points, >= 2
  bool timefix = true;     // as the fit's CoxOptions::timefix
};

// One row of cox.zph's table.
struct CoxZphTest {
  std::string term;  // covariate name, or "GLOBAL"
  double chisq = 0, df = 0, p = 0;
};

// plot.cox.zph's curve for one column of y: the fit and its band on the grid.
struct CoxZphSmooth {
  std::string name;
  bool fitted = false;  // false: spline design singular (R skips the variable)
  std::vector<double> fit, lower, upper;
};

struct CoxZphResult {
  Status status;
  std::string transform;               // "km" | "identity" | "rank" | "log"
  std::vector<CoxZphTest> table;       // one per term, then GLOBAL
  std::vector<double> x;               // per event: transformed time (R: zp$x)
  std::vector<double> time;            // per event: its time (R: zp$time), after the timefix merge
  std::vector<std::string> strata;     // per event: its stratum label (R: zp$strata); empty: none
  std::vector<std::string> y_names;    // the terms (R: colnames(zp$y))
  std::vector<std::vector<double>> y;  // y[j][k]: column j at event k (R: zp$y); NaN = NA
  std::vector<double> var;             // q x q row-major, q = y_names.size() (R: zp$var)
  std::vector<double> smooth_x;        // the grid, empty when options.smooth is false
  std::vector<CoxZphSmooth> smooth;    // one per column of y
};

// Events come in R's order: by stratum (level order), then time; tied events of right-censored
// data in input order, of entry data in reverse input order (as cox.zph's rev(order(...))).
// Errors (status invalid_argument, naming the argument): a fit that failed its checks or of
// other data (n, terms or excluded rows differ), no estimated coefficient, the log transform
// with an event at time 0, an information matrix R's solve() would find singular.
CoxZphResult cox_zph(const CoxInput& input, const CoxResult& fit,
                     const CoxZphOptions& options = {});

const char* to_string(ZphTransform transform);

}  // namespace infant_all
