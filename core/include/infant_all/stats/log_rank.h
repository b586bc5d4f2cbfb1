// k-sample log-rank and G-rho tests (R's survdiff), stratified or not, plus the 1-df test for
// trend across ordered groups.
#pragma once

#include <climits>
#include <memory>
#include <string>
#include <vector>

#include "infant_all/stats/survival_data.h"
#include "infant_all/status.h"

namespace infant_all {

// Column-oriented input, one entry per subject.
struct LogRankInput {
  // A status value meaning "missing": the row is excluded and counted, like a NaN time.
  static constexpr int kMissingStatus = kMissingStatusCode;

  std::vector<double> time;  // >= 0 and finite; NaN = missing (row excluded)
  std::vector<int> status;   // 1 = event, 0 = censored (already decoded), or kMissingStatus
  GroupCodes group;          // code -1 (label "") = missing (row excluded)
  GroupCodes strata;         // optional: empty = one stratum; code -1 = missing
  // Empty = every subject at risk from time 0. Otherwise (start, stop] data: a row is at risk at
  // t when entry < t <= time - e.g. the intervals of a time-dependent group, which makes this
  // the Mantel-Byar test. entry must be finite and < time; NaN = missing (row excluded). Any
  // sign (a negative entry is at risk from the start). A supplied `order` is not used then.
  std::vector<double> entry = {};
  // The time order shared with the other estimators of the same endpoint (survival_data.h):
  // null = sorted here. Built from `time` by time_order; one of another length is refused.
  std::shared_ptr<const TimeOrder> order = nullptr;
};

struct LogRankOptions {
  // Weights S(t-)^rho, S the Kaplan-Meier of the pooled data within the stratum (Harrington and
  // Fleming G-rho). 0 = log-rank (R's default), 1 = Peto & Peto's modification of Gehan-Wilcoxon.
  double rho = 0.0;
  // Order of the groups (R's factor levels). Empty: factor_levels() of the distinct labels
  // (survival_data.h: numbers numerically, text as R sorts it), the order of every command.
  // Every level must occur in the data and every label must be a level.
  std::vector<std::string> levels;
  // Scores for the trend test, one per level in level order. Empty: 1, 2, ..., k.
  std::vector<double> trend_scores;
  // Merge times that differ only by floating-point noise, as R's survdiff(timefix = TRUE) does
  // through aeqSurv(): sorted distinct times whose gap is <= sqrt(DBL_EPSILON) absolutely, or
  // relative to the mean absolute distinct time, collapse onto the first of their run.
  bool timefix = true;
};

// Field names mirror R's survdiff object and the "logrank" JSON shape of ENGINE.md.
struct LogRankResult {
  Status status;
  std::vector<std::string> groups;  // levels, in order
  std::vector<int> n;               // subjects per group after exclusions (R: table(groups))
  // Summed over strata. With rho != 0 these are the weighted sums R reports (sum of S(t-)^rho
  // over events), not counts.
  std::vector<double> obs, exp;
  std::vector<std::vector<double>> var;  // k x k, summed over strata
  double chisq = 0.0;
  int df = 0;  // (number of groups with exp > 0) - 1, as R computes it
  double p = 0.0;

  // Strata (sorted labels) and per-stratum O and E, [stratum][group]; empty when unstratified.
  // R's survdiff keeps these as ngroup x nstrata matrices.
  std::vector<std::string> strata;
  std::vector<std::vector<double>> obs_by_stratum, exp_by_stratum;

  // Test for trend: (w'(O - E))^2 / (w' V w) on 1 df, w = trend_scores.
  std::vector<double> trend_scores;
  double trend_chisq = 0.0;
  double trend_p = 0.0;

  int n_excluded = 0;              // rows with a missing time, status, group or stratum
  std::vector<int> excluded_rows;  // 1-based, ascending
  std::string warning;             // non-fatal remark (e.g. groups with exp = 0); empty if none
};

// Tests equality of survival across k groups with the G-rho family of Harrington and Fleming
// (1982). At each distinct event time t of a stratum, with n at risk, d events, r_j at risk and
// d_j events in group j, and weight w = S(t-)^rho:
//   O_j += w d_j,  E_j += w d r_j / n,
//   V_jl += w^2 d (n - d) / (n - 1) (r_j / n) (delta_jl - r_l / n)   (nothing when n = 1).
// O, E, V are summed over strata. Groups whose total E is 0 (never at risk at an event time) are
// dropped, then the first remaining group is dropped and chisq = (O - E)' V^-1 (O - E) on the
// rest; df = (number of groups with E > 0) - 1. With a single group with E > 0, chisq = 0 on 0
// df and p = 1; with no events at all R reports chisq 0 on -1 df, p NaN, and so does this (with
// a warning). A singular reduced V (R's solve() fails) gives status singular.
// R equivalent: survdiff(Surv(time, status) ~ group + strata(strata), rho = rho)
//
// Trend test across the groups in level order with scores w (Collett, Modelling Survival Data,
// section 2.6): U = w'(O - E), chisq = U^2 / (w' V w) on 1 df, computed on all groups.
// R equivalent, from the survdiff object `f` above:
//   oe <- rowSums(as.matrix(f$obs - f$exp)); U <- sum(w * oe)
//   trend_chisq <- U^2 / drop(t(w) %*% f$var %*% w); pchisq(trend_chisq, 1, lower.tail = FALSE)
//
// With entry times (counting-process data), the risk sets are {entry < t <= time}, and with a
// time-dependent group (each subject's intervals in the group it was in then) the statistic is
// the Mantel-Byar test (Mantel & Byar 1974): O - E and the hypergeometric variance over those
// risk sets, as the score test of coxph(Surv(start, stop, event) ~ group, ties = "exact")
// (R's survdiff refuses counting-process data; the Efron and Breslow score tests differ
// slightly when events are tied). timefix then merges near ties of entry and time together.
//
// Rows are sorted once (radix sort on the time bits) and swept once per stratum: O(n + T k^2)
// for T distinct times and k groups (entry times: one more sort).
LogRankResult log_rank(const LogRankInput& input, const LogRankOptions& options = {});

}  // namespace infant_all
