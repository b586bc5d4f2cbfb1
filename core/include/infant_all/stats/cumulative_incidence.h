// Cumulative incidence with competing risks (Aalen-Johansen) and Gray's k-sample test, as
// cmprsk::cuminc computes them, plus cmprsk::timepoints and a log(-log) confidence interval.
//
// Estimate, per group g and cause c (Kalbfleisch & Prentice 1980; Gray 1988, Ann. Stat. 16:1141):
//   F_c(t) = sum over distinct times u <= t of S(u-) d_c(u) / n(u)
// with S the all-cause Kaplan-Meier estimate within the group, d_c(u) the cause-c events at u and
// n(u) the number at risk (time >= u). Not 1 - KM of cause c. Variance: the delta-method form of
// cmprsk's Fortran `cinc` (Aalen 1978 style), with the tie correction 1 - (d - 1)/(n - 1) applied
// separately to the cause-c and the other-cause events at each time.
//
// Gray's test (cmprsk `crstm`/`crst`): per cause, score statistic s' V^-1 s comparing the
// subdistribution hazards of the k groups, weight (1 - F_pooled(t-))^rho, scores of the first
// k - 1 groups, score and variance summed over strata; chi-square on k - 1 df. cuminc reports
// stat = -1 (p = 1) when V is rank-deficient by R's qr() (LINPACK dqrdc2, tol 1e-7); this does
// the same and sets `singular`.
//
// Row handling: rows with NaN time, missing status (kStatusMissing) or missing group / strata
// label ("" or "NA") are excluded and counted (n_excluded, excluded_rows 1-based), as cuminc's
// na.omit does. Negative or infinite times, and negative status codes other than censor_value,
// are invalid (cuminc accepts them; cinc assumes times >= 0).
//
// Order of labels: groups, strata and string causes follow the one level order of every command
// (survival_data.h factor_levels): numerically when every label parses as a number (as R orders
// a numeric column read by read.csv), otherwise as R's factor() sorts text (case-insensitively,
// lower case first on a tie). Without a group column there is one group labelled "1", as
// cuminc labels it.
//
// Step points and R's layout: a curve holds one point per distinct time at which a cause-c event
// occurs in the group (`time`), with the right-continuous estimate and variance there (`est`,
// `var`), plus `max_time`, the largest follow-up time in the group (any status). cuminc's
// `$time/$est/$var` repeat each point for plotting:
//   $time = 0, t1, t1, t2, t2, ..., tm, tm, max_time
//   $est  = 0, 0,  F1, F1, F2, ..., F(m-1), Fm, Fm      ($var likewise with V)
// cuminc_r_layout() rebuilds exactly those vectors (length 2m + 2).
#pragma once

#include <climits>
#include <memory>
#include <string>
#include <vector>

#include "infant_all/stats/survival_data.h"
#include "infant_all/status.h"

namespace infant_all {

// Status value meaning "missing" for int-coded status columns (R's NA_integer_ is INT_MIN too).
inline constexpr int kStatusMissing = kMissingStatusCode;

struct CumincOptions {
  int censor_value = 0;       // R: cencode; every other non-missing code is a cause
  double rho = 0.0;           // R: rho; Gray's test weight (1 - F(t-))^rho
  std::vector<double> times;  // timepoints(fit, times): sorted and de-duplicated in the output
  double conf_level = 0.95;   // for lower/upper at `times` (log(-log) transform)
  // Labels of the causes, used when status holds codes 1..K that stand for named causes
  // (decode_competing_status fills it). Empty: causes are labelled by their code ("1", "2").
  std::vector<std::string> cause_labels;
};

// One requested time. est/var: R's timepoints(fit, times) (NaN = R's NA: before time 0 or after
// the group's largest follow-up time; 0 before the first event). lower/upper: log(-log) interval
//   est^exp(+-z sqrt(var) / (est log est)),  z = qnorm(1 - (1 - conf_level)/2),
// the interval cmprsk users compute by hand (Pintilie 2006, "Competing Risks: A Practical
// Perspective", sec. 4.2.2; tidycmprsk). NaN when est is NaN, 0 or 1 (the transform is
// undefined there); equal to est when var = 0.
struct CumincAtTime {
  double time = 0;
  double est = 0;
  double var = 0;
  double lower = 0;
  double upper = 0;
};

struct CumincCurve {
  std::string group;  // R: first word of names(fit), e.g. "a" in "a 1"
  std::string cause;  // label of the cause (the code as text, or cause_labels[code - 1])
  int cause_code = 0;
  int n = 0;                 // rows in the group (after exclusions)
  int n_event = 0;           // cause-c events in the group
  std::vector<double> time;  // distinct cause-c event times in the group, increasing
  std::vector<double> est;   // F_c at each time (right-continuous)
  std::vector<double> var;   // cmprsk's variance of est at each time
  // The log(-log) interval of CumincAtTime at each time (the figure's band); NaN where est is 0.
  std::vector<double> lower;
  std::vector<double> upper;
  // Rows of the group still at risk (time >= t, survfit's count) at each risk time
  // (cuminc_risk_table).
  std::vector<double> risk_time;
  std::vector<int> n_risk;
  double max_time = 0;  // largest time in the group: the curve continues flat to here
  std::vector<CumincAtTime> at_times;  // one per (sorted, unique) options.times
};

// Gray's test for one cause. R: fit$Tests[cause, c("stat", "pv", "df")].
struct GrayTest {
  std::string cause;
  int cause_code = 0;
  double stat = 0;  // -1 when V is singular, as cuminc reports it
  double p = 1;     // upper tail of chi-square(df); see note on precision below
  int df = 0;
  bool singular = false;
  // True when cmprsk's recursions gave no statistic (negative, or not finite: cuminc then stops
  // with an error) and the repaired ones were used; docs/CONTRACT.md, deliberate differences.
  bool adjusted = false;
};

struct CumincResult {
  Status status;
  std::vector<std::string> groups;  // group labels in order
  std::vector<std::string> causes;  // cause labels in order (as R's uclab)
  std::vector<int> cause_codes;
  // Curves in cuminc's order: cause-major, then group ("a 1", "b 1", ..., "a 2", "b 2", ...).
  std::vector<CumincCurve> curves;
  // One per cause when there are 2+ groups (cuminc omits $Tests with one group); empty otherwise.
  std::vector<GrayTest> tests;
  std::vector<double> times;  // the timepoints reported in every curve's at_times
  double rho = 0;
  double conf_level = 0.95;
  std::string ci_transform = "log-log";  // the interval at at_times: est^exp(+-z se/(est log est))
  int n = 0;                             // rows used
  int n_excluded = 0;
  std::vector<int> excluded_rows;  // 1-based
};

// Column-oriented input, one entry per subject, in the shape of KmInput and LogRankInput.
struct CumincInput {
  std::vector<double> time;  // follow-up time, >= 0 and finite; NaN = missing (row excluded)
  // options.censor_value = censored, any other non-negative code a cause; kStatusMissing =
  // missing (row excluded). Named causes: decode_competing_status first (it gives the codes and
  // options.cause_labels).
  std::vector<int> status;
  GroupCodes group;   // empty = one group "1"; code -1 or the label "NA" = missing
  GroupCodes strata;  // for Gray's test only: empty = one stratum; code -1 or "NA" = missing
  // The time order shared with the other estimators of the same endpoint (survival_data.h):
  // null = sorted here. Built from `time` by time_order; one of another length is refused.
  std::shared_ptr<const TimeOrder> order = nullptr;
};

// Cumulative incidence curves per group x cause, their variances, values at chosen times, and
// Gray's test per cause.
// p-value precision: cuminc prints 1 - pchisq(stat, df), which is 0 below ~1e-16; here p is the
// upper tail computed directly (chisq_upper), so it stays accurate far into the tail. The two
// agree to 1e-16 absolute.
// Cost: one O(n) radix sort (none with a shared order) then linear passes; Gray's test is
// O(n k^3) per cause at worst (only times with a cause-c event cost k^3).
// R equivalent: cuminc(time, status, group, strata, rho = rho, cencode = censor_value) and
//               timepoints(fit, times); with named causes
//               cuminc(time, factor(status), group, strata, cencode = censor_label).
CumincResult cumulative_incidence(const CumincInput& input, const CumincOptions& options = {});

// The figure's number-at-risk table: each curve's risk_time = times and n_risk the rows of its
// group used by the fit with time >= t (as survfit counts them; the table under a KM figure).
// R: sapply(times, function(t) sum(d$time[d$group == g] >= t)) over the rows cuminc used.
void cuminc_risk_table(const CumincInput& input, const std::vector<double>& times,
                       CumincResult* result);

struct CompetingStatus {
  Status status;
  std::vector<int> codes;                 // 0 = censored, 1..K = cause, kStatusMissing = missing
  std::vector<std::string> cause_labels;  // label of code k at [k - 1], in label order
};

// Maps named causes to codes: censor_label -> 0, the other labels -> 1..K in label order
// (factor_levels: numeric when every label is a number, else R's text order), "" or "NA" ->
// kStatusMissing.
// The censoring label need not occur. Error when censor_label is itself "" or "NA".
CompetingStatus decode_competing_status(const std::vector<std::string>& status,
                                        const std::string& censor_label);

// cuminc's $time, $est, $var for one curve (see the layout at the top of this file).
struct CumincRLayout {
  std::vector<double> time;
  std::vector<double> est;
  std::vector<double> var;
};
CumincRLayout cuminc_r_layout(const CumincCurve& curve);

}  // namespace infant_all
