// Harrell's concordance between a survival outcome and a predictor, with its standard error,
// as survival's concordancefit() computes it (timewt = "n", unit case weights).
//
// Pairs are compared within a stratum only. A pair (i, j) is comparable when i has an event
// at t_i and j was still under observation after it: t_j > t_i, or t_j == t_i with j censored
// (a subject censored at t is at risk at t). Two events at the same time are tied on y and are
// not comparable; a censored subject is never the earlier member of a pair.
// Counted with reverse = false: concordant when the longer survivor has the larger x,
// discordant when it has the smaller, tied_x when x is equal. With reverse = true (what coxph
// reports, since a larger linear predictor means a shorter survival) the first two swap.
//   C = (concordant + tied_x / 2) / (concordant + discordant + tied_x)
// SE: the infinitesimal-jackknife estimate of concordancefit(): with Somers' d = 2C - 1 and,
// per subject, its own counts c_i, d_i, t_i over the pairs it belongs to,
//   dfbeta_i = (c_i - d_i) / npair - d * (c_i + d_i + t_i) / npair,  se(C) = sqrt(sum dfbeta^2)/2.
// Cost O(n log n) with sequential memory access: one sort into walk order (by stratum, latest
// time first), then a bottom-up merge sort on x in which the pairs across two merged runs are
// counted as they merge (every member of the earlier run was at risk for every event of the
// later one), as Kendall's tau is counted by Knight's algorithm; survival's own counting tree
// (vignette "concordance") gives the same counts with random access.
//
// R equivalent: concordance(Surv(time, status) ~ x, reverse = ...) or, for a Cox model,
// fit$concordance[c("concordance", "std")] (= summary(fit)$concordance).
#pragma once

#include <vector>

#include "infant_all/status.h"

namespace infant_all {

struct ConcordanceResult {
  Status status;
  double concordant = 0, discordant = 0, tied_x = 0, tied_y = 0, tied_xy = 0;
  double concordance = 0;  // NaN when there is no comparable pair
  double std_err = 0;      // NaN when there is no comparable pair
};

// time finite and >= 0, status 0/1, x finite; strata empty or one integer code per row.
// Inputs must be complete (the caller excludes missing rows); any NaN is invalid_argument.
ConcordanceResult concordance(const std::vector<double>& time, const std::vector<int>& status,
                              const std::vector<double>& x, const std::vector<int>& strata = {},
                              bool reverse = false);

// Counting-process data, Surv(entry, time, status) (concordance_counting.cpp): the pairs are
// those of an event at t with every other row at risk at t, entry < t <= time, within its
// stratum; as above, another event at t is tied on y, and the SE is the same infinitesimal
// jackknife over rows (each row's counts over the pairs it is in, as the event or as at risk).
// R: concordance(Surv(entry, time, status) ~ x) or a counting-process coxph's fit$concordance.
// Cost O(n log n): one sweep by decreasing time with counting trees over the ranks of x.
// entry finite and < time; time finite; status 0/1; x finite.
ConcordanceResult concordance_counting(const std::vector<double>& entry,
                                       const std::vector<double>& time,
                                       const std::vector<int>& status, const std::vector<double>& x,
                                       const std::vector<int>& strata = {}, bool reverse = false);

}  // namespace infant_all
