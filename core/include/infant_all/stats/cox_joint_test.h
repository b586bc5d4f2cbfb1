// Joint tests of several Cox coefficients at once: a set of terms (covariates, each expanded to
// its design columns) tested together, by Wald and by likelihood ratio, and each multi-column
// term (a factor with 3+ levels, an interaction of factors) on its own by Wald.
//
// Wald: b_S' (V_SS)^-1 b_S on |S| df, S the estimated columns of the terms, b and V the fit's
// coefficients and variance (solved on the correlation scale, as cox.h's global Wald test, so a
// covariate's units never change it). Likelihood ratio: 2 (l_full - l_reduced) on df = the
// estimated coefficients of the full fit less those of the reduced one, the reduced model
// refitted on the rows the full fit used (R's anova needs the same rows) with the full fit's
// options, its design the full design without the columns of S. With every column in S the
// reduced model is the null model and l_reduced = l(0) of the full fit.
// Coefficients that are NA (a singular fit) are left out of S and listed in `dropped`: R's vcov
// drops them, and its anova counts only estimated coefficients in df.
// A term whose columns an interaction also uses (A while A:B stays in) is tested by dropping
// A's columns only: the model matrix without them, not anova of the formula without A (R then
// recodes A:B); `note` says so.
//
// R equivalent:
//   Wald  b <- coef(fit)[S]; w <- drop(t(b) %*% solve(vcov(fit)[S, S]) %*% b)
//         (car::linearHypothesis(fit, S) gives the same; for a term in no interaction it is
//         car::Anova(fit, test.statistic = "Wald")'s row of the term)
//   LR    anova(coxph(Surv(time, status) ~ <other terms>, data = model.frame(fit)), fit)
//         (reduced fitted on the full fit's rows); with an interaction kept while a main effect
//         is dropped, coxph(Surv(time, status) ~ X[, -S]) with X <- model.matrix(fit).
#pragma once

#include <string>
#include <vector>

#include "infant_all/stats/cox.h"
#include "infant_all/status.h"

namespace infant_all {

struct CoxJointTest {
  Status status;                     // not ok: the test could not be made (message says why)
  std::vector<std::string> terms;    // the terms tested, in the model's order
  std::vector<std::string> columns;  // their estimated design columns: S
  std::vector<std::string> dropped;  // their columns with coefficient NA, left out of S
  CoxTest wald;                      // on |S| df
  CoxTest lr;                        // on df = estimated coefficients, full - reduced
  double loglik_reduced = 0;         // l at the reduced fit (l(0) when nothing is left)
  Status reduced_status;             // the reduced fit's status (not converged, singular, ...)
  std::string note;                  // a term tested while an interaction with it stays
};

// The terms named in `terms` (input.covariates names; an interaction as its name "A:B") tested
// jointly in `fit`, which must be cox_ph(input, options)'s result. Errors (status
// invalid_argument): a fit without estimates, a fit of other rows or terms, an empty or unknown
// term (the message lists the model's terms), a term named twice, options of other ties.
CoxJointTest cox_joint_test(const CoxInput& input, const CoxResult& fit,
                            const std::vector<std::string>& terms, const CoxOptions& options = {});

struct CoxTermTest {
  std::string term;                  // the covariate's name ("celltype", "celltype:trt")
  std::vector<std::string> columns;  // its estimated columns
  std::vector<std::string> dropped;  // its columns with coefficient NA
  CoxTest wald;                      // on |columns| df (NaN stat, df 0 when none is estimated)
};

struct CoxTermTests {
  Status status;
  std::vector<CoxTermTest> tests;  // in the model's order
};

// The Wald test of each term with more than one column, and of each interaction term whatever
// its columns (one column: the square of its z, df 1), in `fit` = cox_ph(input, ...).
// R equivalent: per term, the Wald form above with S its columns; for a term in no interaction,
// car::Anova(fit, test.statistic = "Wald").
CoxTermTests cox_term_tests(const CoxInput& input, const CoxResult& fit);

}  // namespace infant_all
