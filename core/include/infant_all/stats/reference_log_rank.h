// A cohort against a reference survival curve (a historical control typed in from a published
// table): the one-sample log-rank test, and the observed Kaplan-Meier against the reference at
// milestones.
#pragma once

#include <string>
#include <vector>

#include "infant_all/status.h"

namespace infant_all {

// The reference: survival at increasing times, e.g. (1, 0.62), (2, 0.48), (5, 0.41) read from a
// paper's table or curve, in the unit of the cohort's times. S(0) = 1 is implied. Between the
// points the cumulative hazard -log S is interpolated linearly (a constant hazard between the
// points: exponential pieces); a time 0 point, if given, must have S = 1.
struct ReferenceCurve {
  std::vector<double> time;  // > 0 (0 allowed with S = 1), strictly increasing, finite
  std::vector<double> surv;  // in (0, 1], non-increasing
};

struct ReferenceLogRankInput {
  static constexpr int kMissingStatus = kMissingStatusCode;
  std::vector<double> time;  // >= 0, finite; NaN = missing (row excluded, counted)
  std::vector<int> status;   // 0 / 1, or kMissingStatus
  ReferenceCurve reference;
  std::vector<double> milestones = {};  // times at which to set the observed against S_ref
};

// Observed Kaplan-Meier (log-scale Greenwood interval, survfit's default) and the reference at a
// milestone; no estimate (NaN, with the reason in note) after the cohort's last time or after
// the reference's last time.
struct ReferenceMilestone {
  double time = 0;
  double surv = 0, std_err = 0, lower = 0, upper = 0;  // the cohort's Kaplan-Meier
  int n_risk = 0;
  double reference = 0;  // S_ref(time)
  std::string note;
};

struct ReferenceLogRankResult {
  Status status;
  int n = 0;           // rows used
  double horizon = 0;  // the reference's last time: follow-up is cut there
  int n_cut = 0;       // rows followed beyond the horizon (censored at it)
  double obs = 0;      // events up to the horizon
  double exp = 0;      // sum of Lambda_ref(min(time, horizon)) over the rows
  double chisq = 0;    // (obs - exp)^2 / exp, 1 df
  int df = 1;
  double p = 0;
  double ratio = 0;  // obs / exp (a standardised mortality ratio of the reference's hazard)
  std::vector<ReferenceMilestone> milestones;
  int n_excluded = 0;
  std::vector<int> excluded_rows;  // 1-based
};

// The one-sample log-rank test (Breslow; Finkelstein, Muzikansky & Schoenfeld 2003): each row
// contributes the reference cumulative hazard over its follow-up, cut at the reference's last
// time (events after it are not counted: the reference says nothing there); E = sum of those,
// O = events up to the horizon, chisq = (O - E)^2 / E on 1 df.
// R equivalent (ref a data frame of time, surv; d the cohort):
//   H <- approxfun(c(0, ref$time), c(0, -log(ref$surv)))
//   tt <- pmin(d$time, max(ref$time)); ee <- d$status == 1 & d$time <= max(ref$time)
//   survdiff(Surv(tt, ee) ~ offset(exp(-H(tt))))   # the offset is the expected survival
ReferenceLogRankResult reference_log_rank(const ReferenceLogRankInput& input,
                                          double conf_level = 0.95);

}  // namespace infant_all
