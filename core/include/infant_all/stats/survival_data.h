// Shared preparation for the survival estimators: group codes (every estimator's groups,
// strata and categorical covariates, R-style factor codes), and one O(n) sort of rows by time
// with an LSD radix sort on an order-preserving image of the times' IEEE-754 bits.
//
// Reuse recipe for a new estimator:
//   const GroupCodes& g = input.group;              // levels ordered as R's factor() would
//   const GroupCodes k = kept_codes(g, kept);       // over the levels its kept rows have
//   std::vector<double> t;  std::vector<std::uint32_t> p;  // kept rows: time, payload
//   sort_by_time(&t, &p);                           // ascending, stable, payload carried
// The payload is whatever the estimator needs next to the time: the row index (Cox), or
// (group << 1 | status) so one sequential pass can tabulate every group at once (Kaplan-Meier,
// log-rank), with no random access back into the input columns.
// When several estimators run on one endpoint, its TimeOrder (below) is built once and passed
// in the input's `order`: the estimator then walks it (walk_order) instead of sorting.
// Callers validate their inputs first (finite times, check_codes); these helpers do not.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "infant_all/status.h"

namespace infant_all {

// Group labels as factor codes. An empty label means "missing" (code -1), so a blank CSV cell
// is never a group of its own. Levels are sorted the way R orders factor(x) for the column
// the labels came from: numerically when every label parses as a finite number (R reads such
// a column as numeric, so "9" < "10"), otherwise alphabetically (factor_levels below).
// Every estimator takes its groups and strata as codes; the contract builds them from a
// categorical column's codes or the classifier's groups without a string per row, and a vector
// of labels converts implicitly (encode_groups), so callers with text need no extra step.
// An estimator uses the levels that occur among the rows it keeps, in this order.
struct GroupCodes {
  std::vector<std::string> levels;  // sorted, distinct, non-empty
  std::vector<int> code;            // per row: index into levels, or -1 when missing

  GroupCodes() = default;
  GroupCodes(std::vector<std::string> sorted_levels, std::vector<int> codes)
      : levels(std::move(sorted_levels)), code(std::move(codes)) {}
  GroupCodes(const std::vector<std::string>& labels);  // NOLINT: encode_groups(labels)
  GroupCodes(std::initializer_list<std::string> labels);
  std::size_t size() const { return code.size(); }
  bool empty() const { return code.empty(); }
  // Row i's label, "" when missing.
  const std::string& label(std::size_t i) const;
};
GroupCodes encode_groups(const std::vector<std::string>& labels);

// Codes over distinct levels in any order (first appearance, as a categorical column keeps
// them) re-coded to factor_levels order.
GroupCodes factor_codes(std::vector<std::string> levels, std::vector<int> code);

// 0 when every code is -1 or a level's index, else the 1-based row of the first that is not.
std::size_t first_bad_code(const GroupCodes& g);
// The estimators' error for that row: invalid `argument` at the row, message
// "<fn>argument[row] is not a level's code (c)"; ok when every code is valid (an empty `g` is).
Status check_codes(const GroupCodes& g, const std::string& argument, const std::string& fn);

// The levels of `g` that occur among the rows with keep[i] != 0, renumbered in the same order:
// returns the new code of each old code (-1 for a level no kept row has) and sets *levels.
std::vector<int> kept_levels(const GroupCodes& g, const std::vector<char>& keep,
                             std::vector<std::string>* levels);
// `g` over those levels: the kept rows' codes renumbered, -1 for the rows not kept.
GroupCodes kept_codes(const GroupCodes& g, const std::vector<char>& keep);

// The one level order of every command (km, logrank, cuminc, cox, crosstab): R's factor() on
// the values read - numerically when every label parses as a finite number ("2" < "9" < "10"),
// otherwise alphabetically as R sorts text with ICU collation (Debian's R in C.UTF-8):
// case-insensitively, lower case first on a tie ("a" < "b" < "B" < "C"; "10" < "9" as text).
// `distinct` holds each label once; returned sorted. docs/CONTRACT.md "Group order".
std::vector<std::string> factor_levels(std::vector<std::string> distinct);

// The text order above (true when a sorts before b). R: sort(c(a, b)) for ASCII labels.
bool label_less(const std::string& a, const std::string& b);

// Sorts `time` ascending and applies the same permutation to `payload` (same length),
// stably: equal times keep their input order. Times must be finite (any sign; -0 == +0).
// O(n): an LSD radix sort in six 11-bit passes over an order-preserving integer image of the
// IEEE-754 bits; a pass whose digit is the same for every element (e.g. the low mantissa bits
// of integer-valued days) is skipped, so integer day times take about three. Inputs under 256
// elements use std::stable_sort.
void sort_by_time(std::vector<double>* time, std::vector<std::uint32_t>* payload);

// One endpoint's time order, built once and handed to every estimator of the same analysis
// (the `order` field of KmInput, LogRankInput, CumincInput and CoxInput), so that KM, log-rank,
// cumulative incidence and Cox on one endpoint sort its times once. Each estimator walks the
// order taking only the rows it keeps; a stable order restricted to some rows is those rows
// sorted stably, so the results are bit-identical to sorting them itself.
struct TimeOrder {
  std::size_t n = 0;                 // length of the time vector it was built from
  std::vector<std::uint32_t> index;  // the finite times' indices, by time, ties in input order
};

// The order of `time` (sort_by_time, O(n)). NaN and infinite times are left out: every
// estimator excludes the first and refuses the second. -0 sorts with +0.
// R equivalent: (which(is.finite(time)))[order(time[is.finite(time)])] - 1 (order() is stable).
TimeOrder time_order(const std::vector<double>& time);

// An estimator's check of a supplied order (null = none): ok, or when it was built for another
// number of times, invalid argument "order": "<fn>order was built for N times, time has M".
// A wrong order is refused, never ignored: it means the caller mixed up its endpoints.
Status check_order(const TimeOrder* order, std::size_t n, const std::string& fn);
// The error when walk_order finds that the order is not that of the estimator's times.
Status order_mismatch(const std::string& fn);

// Calls visit(i) for every element i of order.index with keep(i), in the order's (time) order.
// keep must reject the rows with a NaN time. Returns false, having stopped, when the order
// cannot be time's: an index out of range, a kept time below the one before it, or other than
// n_kept kept rows met (an order built from another vector of the same length; an order with
// repeated indices is not detected - build it with time_order).
template <class Keep, class Visit>
bool walk_order(const TimeOrder& order, const std::vector<double>& time, std::size_t n_kept,
                Keep keep, Visit visit) {
  const std::size_t n = time.size();
  std::size_t met = 0;
  double last = 0;
  for (const std::uint32_t i : order.index) {
    if (i >= n) return false;
    if (!keep(i)) continue;
    const double t = time[i];
    if (met > 0 && !(t >= last)) return false;
    last = t;
    ++met;
    visit(i);
  }
  return met == n_kept;
}

}  // namespace infant_all
