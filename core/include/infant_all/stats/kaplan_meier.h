// Kaplan-Meier estimator with Greenwood standard errors, pointwise confidence bands, median
// survival with its confidence interval, survival at chosen times, a number-at-risk table,
// restricted mean survival time and median follow-up (reverse Kaplan-Meier).
//
// Reference: Kaplan & Meier (1958); Greenwood (1926); Brookmeyer & Crowley (1982) for the
// median CI; conventions copied from R's survival 3.5 (survfitKM, survfit_confint, survmean,
// summary.survfit) as listed in docs/ENGINE.md, "Kaplan-Meier".
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "infant_all/stats/survival_data.h"
#include "infant_all/status.h"

namespace infant_all {

// Status value meaning "missing": the row is excluded and counted, never silently dropped.
// INT_MIN, like R's NA_integer_ and the kStatusMissing of cox.h / cumulative_incidence.h, so
// one decoded column serves every estimator.
inline constexpr int kMissingStatus = kMissingStatusCode;

struct DecodedEventStatus {
  std::vector<int> event;  // 1 = event, 0 = censored, kMissingStatus where the raw value is NaN
  std::string coding;      // "0/1", "1/2" or "event_value"
  Status status;           // an error names the first offending value's row (status.row, 1-based)
};

// Reads a raw numeric status column the way R's Surv(time, status) does: 0/1 (1 = event); 1/2
// (2 = event) when every non-missing value is 1 or 2 (a column of only 1s is 0/1: all events);
// or, with `event_value`, event where the value equals it and censored otherwise. NaN is
// missing. Any other value is an error naming the first offending row (R would turn it into NA
// with a warning; we refuse, so a miscoded column cannot shrink the data unnoticed).
// R equivalent: Surv(time, status)[, "status"]; Surv(time, status == event_value).
DecodedEventStatus decode_event_status(const std::vector<double>& raw,
                                       std::optional<double> event_value = std::nullopt);

enum class KmConfType { log, log_log, plain, none };

// "log", "log-log", "plain", "none" (R's conf.type spelling, also used in the JSON).
const char* to_string(KmConfType type);
// Parses R's spelling; also accepts "log_log". Returns false for anything else.
bool parse_km_conf_type(const std::string& text, KmConfType* out);

struct KmInput {
  std::vector<double> time;  // follow-up (exit) time, finite and >= 0; NaN = missing
  std::vector<int> status;   // 1 event, 0 censored, kMissingStatus missing
  GroupCodes group;          // empty = one curve "all"; code -1 (label "") = missing
  // Empty = no left truncation. Otherwise a subject is at risk at t when entry < t <= time
  // (R: Surv(entry, time, status)); entry must be finite and < time; NaN = missing.
  std::vector<double> entry;
  // The time order shared with the other estimators of the same endpoint (survival_data.h):
  // null = sorted here. Built from `time` by time_order; one of another length is refused.
  // Whole-number times over a modest range are counted into day bins and need no order.
  std::shared_ptr<const TimeOrder> order = nullptr;
};

struct KmOptions {
  KmConfType conf_type = KmConfType::log;  // R's default conf.type
  double conf_level = 0.95;                // R's default conf.int
  // summary(fit, times = times): sorted ascending (duplicates kept), and - R's default
  // extend = FALSE - times after a curve's last time are dropped for that curve (R stops with
  // "no points selected" when that leaves none; here that curve's at_times is just empty).
  // +Inf is dropped too (R drops non-finite times); NaN is an error. A time before a curve's
  // first time gives S = 1, SE 0, limits 1 (NaN with conf_type none), as R's survfit0 row.
  std::vector<double> times;
  // Ticks for a number-at-risk table under a plot (KMunicate style); kept as given, sorted.
  std::vector<double> risk_times;
  // Restricted mean survival time up to tau (NaN = not computed). tau must be finite and
  // >= 0. A tau beyond a curve's last time carries the last S out to tau, as R does. R refuses
  // a tau below the smallest time of the fit; here the answer is then tau with SE 0 (S = 1
  // on [0, tau]).
  double rmean_tau = std::numeric_limits<double>::quiet_NaN();
  // Also estimate median follow-up by reverse Kaplan-Meier (censoring as the event).
  bool reverse = false;
  // Merge times that differ only by floating-point noise first, as survfit(timefix = TRUE),
  // R's default, does (aeqSurv: distinct times within sqrt(eps), absolutely or relative to
  // their mean absolute value, count as the first of them).
  bool timefix = true;
};

// One row of summary(fit, times = ...). n_event / n_censor count the interval
// (previous requested time, this time], the first interval starting at time 0, as R's summary.
struct KmAtTime {
  double time = 0;
  double surv = 1;
  double std_err = 0;  // SE of S
  double lower = 1;
  double upper = 1;
  int n_risk = 0;  // R's rule: n_risk of the first curve time >= t (0 past the last)
  int n_event = 0;
  int n_censor = 0;
};

// One tick of a number-at-risk table. n_risk = #{entry < t <= time}, which equals R's
// summary(fit, times, extend = TRUE)$n.risk whenever there is no left truncation. n_event and
// n_censor count the interval (previous tick, t] (the first from time 0, as R's summary);
// cum_event / cum_censor count everything at or before t (KMunicate's table rows).
struct KmRiskRow {
  double time = 0;
  int n_risk = 0;
  int n_event = 0;
  int n_censor = 0;
  int cum_event = 0;
  int cum_censor = 0;
};

constexpr double kKmNaN = std::numeric_limits<double>::quiet_NaN();

struct KmCurve {
  std::string group;  // level label, "all" without groups
  int n = 0;          // rows used
  int events = 0;
  // One row per distinct time with an event or a censoring (R's survfit rows).
  std::vector<double> time;
  std::vector<int> n_risk;
  std::vector<int> n_event;
  std::vector<int> n_censor;
  std::vector<double> surv;
  std::vector<double> std_err;  // SE of S = S sqrt(Greenwood); NaN where S = 0 (R: 0 * Inf)
  std::vector<double> lower;    // NaN where R gives NA; all NaN for conf_type none
  std::vector<double> upper;
  // Nelson-Aalen cumulative hazard, sum of n_event / n_risk up to each time (R: fit$cumhaz,
  // survfit's default, not -log S).
  std::vector<double> cumhaz;
  double median = kKmNaN;  // print.survfit / summary(fit)$table "median"; NaN if not reached
  double median_lower = kKmNaN;
  double median_upper = kKmNaN;
  std::vector<KmAtTime> at_times;
  std::vector<KmRiskRow> risk_table;
  double rmean = kKmNaN;     // summary(fit, rmean = tau)$table[, "rmean"]
  double rmean_se = kKmNaN;  // ... [, "se(rmean)"]
  double rmean_tau = kKmNaN;
  double median_followup = kKmNaN;  // reverse KM median and CI (options.reverse)
  double median_followup_lower = kKmNaN;
  double median_followup_upper = kKmNaN;
};

struct KmResult {
  Status status;
  KmConfType conf_type = KmConfType::log;
  double conf_level = 0.95;
  int n_excluded = 0;
  std::vector<int> excluded_rows;  // 1-based
  std::vector<KmCurve> curves;     // one per group level, in level order
};

// Kaplan-Meier curves, one per group. At each distinct time t with n at risk, d events:
// S *= (n - d) / n, var(log S) += d / (n (n - d)) (Greenwood), subjects censored at t are at
// risk at t. CIs: log (default) exp(log S -+ z se), upper capped at 1, NA at S = 0; log-log
// S^exp(+-z se / log S), NA at S = 0 or 1; plain S -+ z se S clipped to [0, 1]; se is the SE
// of log S. Median: first time with S <= 0.5 (tolerance sqrt(machine eps)); when S sits at
// exactly 0.5, the midpoint between that time and the next drop; its CI from where the lower
// and upper bands reach 0.5 by the same rule (R's survmean, used by print.survfit and
// summary(fit)$table; quantile.survfit can differ when a curve ends flat at 0.5). Restricted
// mean: integral of S over [0, tau], SE^2 = sum over times t_i <= tau of A_i^2 d_i /
// (n_i (n_i - d_i)), A_i = integral of S over [t_i, tau] (survmean; 0 when n_i = d_i).
// Row order does not matter. Times closer than sqrt(eps) are merged first (options.timefix, as
// R's survfit does). Cost: O(n) - whole-number times
// over a modest range (days) are counted into day bins, anything else is radix-sorted once
// (survival_data.h); then one pass per curve.
// R equivalent: survfit(Surv(time, status) ~ group, conf.type = , conf.int = ),
//   summary(fit, times = ), summary(fit, rmean = tau)$table,
//   survfit(Surv(time, 1 - status) ~ group) for median follow-up;
//   Surv(entry, time, status) with entry.
KmResult kaplan_meier(const KmInput& input, const KmOptions& options = {});

}  // namespace infant_all
