// Effects with their precision between two Kaplan-Meier curves: the difference in survival at a
// milestone, and the difference and ratio of restricted mean survival times (survRM2's rmst2).
// Both read curves kaplan_meier() has made, so the two groups' estimates are those the page and
// the km command show.
#pragma once

#include <string>

#include "infant_all/stats/kaplan_meier.h"
#include "infant_all/status.h"

namespace infant_all {

// S2(t) - S1(t) at a milestone t: each S the curve's value at t (the last row at or before t;
// 1 before the first), with Greenwood's SE of S; the difference's SE sqrt(se1^2 + se2^2)
// (independent groups), its interval diff -+ z se and the Wald test z = diff / se. A t after a
// curve's last time has no estimate (R's summary(times =) with extend = FALSE): NaN, with a
// note.
// R equivalent: s <- summary(survfit(Surv(time, status) ~ group), times = t);
//   d <- diff(s$surv); se <- sqrt(sum(s$std.err^2)); d + c(-1, 1) * qnorm(0.975) * se;
//   2 * pnorm(-abs(d / se)).
struct MilestoneDifference {
  Status status;
  double time = 0;
  std::string group1, group2;
  double surv1 = 0, se1 = 0, surv2 = 0, se2 = 0;
  double diff = 0, se = 0, lower = 0, upper = 0, z = 0, p = 0;
  std::string note;
};
MilestoneDifference milestone_difference(const KmCurve& curve1, const KmCurve& curve2, double time,
                                         double conf_level = 0.95);

// Restricted mean survival time to tau in each group (RMST, with the interval rmst -+ z se) and
// their difference (2 - 1) and ratio (2 / 1), and the ratio of the restricted mean time lost
// (RMTL = tau - RMST), as survRM2::rmst2 computes them: each RMST the area under the curve on
// [0, tau] with its SE (the same numbers as R's summary(survfit, rmean = tau)$table: the curves
// must have been made with KmOptions.rmean_tau = tau); difference CI diff -+ z sqrt(se1^2 +
// se2^2); ratios on the log scale, exp(log ratio -+ z sqrt(se1^2/m1^2 + se2^2/m2^2)); Wald
// p-values of each.
// tau (rmst2's rule): at most the larger of the two groups' last times when the group with the
// smaller last time ends on events only (its curve reaches 0, so its area is known beyond),
// otherwise at most the smaller last time; a tau beyond is refused with rmst2's reason.
// R equivalent: survRM2::rmst2(time, status, arm = as.integer(group == group2), tau).
struct RmstArm {
  std::string group;
  double rmst = 0, se = 0, lower = 0, upper = 0;
};
struct RmstComparison {
  Status status;
  double tau = 0;
  RmstArm arm1, arm2;
  double diff = 0, diff_se = 0, diff_lower = 0, diff_upper = 0, diff_p = 0;
  double ratio = 0, ratio_lower = 0, ratio_upper = 0, ratio_p = 0;
  double rmtl_ratio = 0, rmtl_ratio_lower = 0, rmtl_ratio_upper = 0, rmtl_ratio_p = 0;
};
// The tau rmst2 allows at most for these two curves (see above).
double rmst_tau_limit(const KmCurve& curve1, const KmCurve& curve2);
RmstComparison rmst_difference(const KmCurve& curve1, const KmCurve& curve2,
                               double conf_level = 0.95);

}  // namespace infant_all
