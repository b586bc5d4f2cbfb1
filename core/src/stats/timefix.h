// Private helper for kaplan_meier.cpp, log_rank.cpp and cox.cpp: R's aeqSurv(), which survfit,
// survdiff and coxph run first (timefix = TRUE), so that times differing only by floating-point
// noise (0.1 + 0.2 versus 0.3, a day count divided by 365.25 two ways) count as one time. Not
// part of the public API.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace infant_all::detail {

// sqrt(.Machine$double.eps): aeqSurv's default tolerance.
constexpr double kTimefixTol = 1.4901161193847656e-08;

// Merges near ties in a sorted range in place, as aeqSurv does: of the distinct times, one
// within the tolerance of the one before it (absolutely, or relative to the mean absolute
// distinct time) joins that one's run, and every element of a run becomes the run's first time.
// T is a time or a sortable key for one; time_of(T) gives the time. Returns whether anything
// merged (usually not: one O(n) pass).
template <class T, class TimeOf>
bool merge_near_ties(T* first, T* last, TimeOf time_of) {
  if (last - first < 2) return false;
  double sum = 0.0;
  std::size_t n_distinct = 0;
  for (const T* p = first; p != last; ++p) {
    if (p == first || *p != p[-1]) {
      sum += std::fabs(time_of(*p));
      ++n_distinct;
    }
  }
  const double mean_abs = sum / static_cast<double>(n_distinct);
  bool merged = false;
  T run_start = *first;
  T prev = *first;
  for (T* p = first + 1; p != last; ++p) {
    const T k = *p;
    if (k != prev) {
      const double dy = time_of(k) - time_of(prev);
      const bool tied = dy <= kTimefixTol || dy / mean_abs <= kTimefixTol;
      if (tied) {
        merged = true;
      } else {
        run_start = k;
      }
      prev = k;
    }
    *p = run_start;
  }
  return merged;
}

// aeqSurv on (start, stop] data: start and stop of the rows with use(i) as one set of times,
// near ties merged, each value replaced by its run's first. Returns 0, or the 1-based row whose
// start and stop became equal (R stops: "aeqSurv exception, an interval has effective length
// 0"), leaving the vectors partly snapped.
template <class Use>
std::size_t merge_near_ties_intervals(std::vector<double>* start, std::vector<double>* stop,
                                      Use use) {
  // Whole numbers (days) below 1 / tolerance in magnitude cannot be near ties: two distinct ones
  // differ by at least 1, which is above the tolerance both absolutely and relative to the mean
  // magnitude. One pass decides it and spares the sort of every start and stop.
  bool whole_and_small = true;
  for (std::size_t i = 0; i < stop->size() && whole_and_small; ++i) {
    if (!use(i)) continue;
    for (const double v : {(*start)[i], (*stop)[i]}) {
      whole_and_small = whole_and_small && v == std::floor(v) && std::fabs(v) * kTimefixTol < 1.0;
    }
  }
  if (whole_and_small) return 0;
  std::vector<double> all;
  for (std::size_t i = 0; i < stop->size(); ++i) {
    if (!use(i)) continue;
    all.push_back((*start)[i]);
    all.push_back((*stop)[i]);
  }
  std::sort(all.begin(), all.end());
  std::vector<double> merged = all;
  if (!merge_near_ties(merged.data(), merged.data() + merged.size(), [](double t) { return t; })) {
    return 0;
  }
  const auto snap = [&](double v) {
    return merged[static_cast<std::size_t>(std::lower_bound(all.begin(), all.end(), v) -
                                           all.begin())];
  };
  for (std::size_t i = 0; i < stop->size(); ++i) {
    if (!use(i)) continue;
    (*start)[i] = snap((*start)[i]);
    (*stop)[i] = snap((*stop)[i]);
    if ((*start)[i] == (*stop)[i]) return i + 1;
  }
  return 0;
}

inline bool merge_near_ties(double* first, double* last) {
  return merge_near_ties(first, last, [](double t) { return t; });
}

}  // namespace infant_all::detail
