// Harrell's C for counting-process data (concordance.h): survival's concordancefit() on a
// Surv(start, stop, event) response, timewt = "n".
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "cox_radix_sort.h"
#include "infant_all/format.h"
#include "infant_all/stats/concordance.h"

namespace infant_all {

namespace {

// Counts by rank of x (Fenwick tree): add one at a rank, count below / at a rank.
class RankCounts {
 public:
  explicit RankCounts(std::size_t m) : tree_(m + 1, 0), at_(m, 0) {}
  void add(std::size_t rank, std::int64_t v) {
    at_[rank] += v;
    total_ += v;
    for (std::size_t i = rank + 1; i < tree_.size(); i += i & (~i + 1)) tree_[i] += v;
  }
  std::int64_t below(std::size_t rank) const {  // ranks < rank
    std::int64_t s = 0;
    for (std::size_t i = rank; i > 0; i -= i & (~i + 1)) s += tree_[i];
    return s;
  }
  std::int64_t at(std::size_t rank) const { return at_[rank]; }
  std::int64_t total() const { return total_; }

 private:
  std::vector<std::int64_t> tree_, at_;
  std::int64_t total_ = 0;
};

// Per-row tallies in the orientation reverse = false: concordant when the row at risk (the
// longer survivor) has the larger x.
struct RowCounts {
  std::int64_t conc = 0, disc = 0, tied = 0;
};

struct Totals {
  std::int64_t conc = 0, disc = 0, tied_x = 0, tied_y = 0, tied_xy = 0;
};

// rows in descending order of v (stable: equal values keep their order in rows), by radix sort.
std::vector<std::size_t> sorted_descending(const std::vector<std::size_t>& rows,
                                           const std::vector<double>& v) {
  detail::ScratchVector<detail::KeyedRow> keyed(rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    keyed[k] = {~detail::sortable_bits(v[rows[k]] + 0.0), static_cast<std::uint32_t>(rows[k])};
  }
  detail::radix_sort(keyed);
  std::vector<std::size_t> out(rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) out[k] = keyed[k].row;
  return out;
}

// Events so far with x below / above / equal to a rank.
RowCounts events_around(const RankCounts& ev, std::size_t rank) {
  const std::int64_t below = ev.below(rank), at = ev.at(rank);
  return {below, ev.total() - below - at, at};
}

// The events at one time, by_time[first, last): every pair of them is tied on y (tied_xy when
// x is tied too).
void count_tied_events(const std::vector<std::size_t>& by_time, std::size_t first, std::size_t last,
                       const std::vector<std::size_t>& rank, Totals& tot) {
  const auto n = static_cast<std::int64_t>(last - first);
  if (n < 2) return;
  std::vector<std::size_t> r;
  r.reserve(last - first);
  for (std::size_t k = first; k < last; ++k) r.push_back(rank[by_time[k]]);
  std::sort(r.begin(), r.end());
  std::int64_t xy = 0;
  for (std::size_t a = 0; a < r.size();) {
    std::size_t b = a;
    while (b < r.size() && r[b] == r[a]) ++b;
    const auto c = static_cast<std::int64_t>(b - a);
    xy += c * (c - 1) / 2;
    a = b;
  }
  tot.tied_xy += xy;
  tot.tied_y += n * (n - 1) / 2 - xy;
}

// One stratum. rows: its rows; rank: x's rank within it (m distinct values); snap: scratch
// per row. A row's counts as the one at risk are the events during its time in the risk set:
// the event tree when it leaves (once entry >= t) less the tree when it entered (at its time;
// for an event row after that time's events went in, as its tied events are tied on y).
void count_stratum(const std::vector<std::size_t>& rows, const std::vector<double>& entry,
                   const std::vector<double>& time, const std::vector<int>& status,
                   const std::vector<std::size_t>& rank, std::size_t m,
                   std::vector<RowCounts>& snap, std::vector<RowCounts>& row, Totals& tot) {
  // Latest time first, censored before events at a time (the censored rows are listed first
  // and the sort is stable); latest entry first.
  std::vector<std::size_t> censored_first;
  censored_first.reserve(rows.size());
  for (const std::size_t i : rows) {
    if (status[i] == 0) censored_first.push_back(i);
  }
  for (const std::size_t i : rows) {
    if (status[i] != 0) censored_first.push_back(i);
  }
  const std::vector<std::size_t> by_time = sorted_descending(censored_first, time);
  const std::vector<std::size_t> by_entry = sorted_descending(rows, entry);
  RankCounts risk(m), ev(m);
  const auto leave = [&](std::size_t j) {
    const RowCounts now = events_around(ev, rank[j]);
    row[j].conc += now.conc - snap[j].conc;  // events below x_j: j, the survivor, is larger
    row[j].disc += now.disc - snap[j].disc;
    row[j].tied += now.tied - snap[j].tied;
    risk.add(rank[j], -1);
  };
  std::size_t next_in = 0, next_out = 0;
  while (next_in < by_time.size()) {
    const double t = time[by_time[next_in]];
    for (; next_out < by_entry.size() && entry[by_entry[next_out]] >= t; ++next_out) {
      leave(by_entry[next_out]);
    }
    std::size_t k = next_in;
    for (; k < by_time.size() && time[by_time[k]] == t && status[by_time[k]] == 0; ++k) {
      risk.add(rank[by_time[k]], 1);
      snap[by_time[k]] = events_around(ev, rank[by_time[k]]);
    }
    const std::size_t first_event = k;
    for (; k < by_time.size() && time[by_time[k]] == t; ++k) {
      const std::size_t i = by_time[k];
      const std::int64_t below = risk.below(rank[i]), at = risk.at(rank[i]);
      const RowCounts c{risk.total() - below - at, below, at};
      row[i].conc += c.conc;
      row[i].disc += c.disc;
      row[i].tied += c.tied;
      tot.conc += c.conc;
      tot.disc += c.disc;
      tot.tied_x += c.tied;
    }
    count_tied_events(by_time, first_event, k, rank, tot);
    for (std::size_t e = first_event; e < k; ++e) ev.add(rank[by_time[e]], 1);
    for (std::size_t e = first_event; e < k; ++e) {
      risk.add(rank[by_time[e]], 1);
      snap[by_time[e]] = events_around(ev, rank[by_time[e]]);
    }
    next_in = k;
  }
  for (; next_out < by_entry.size(); ++next_out) leave(by_entry[next_out]);
}

Status check_counting_inputs(const std::vector<double>& entry, const std::vector<double>& time,
                             const std::vector<int>& status, const std::vector<double>& x,
                             const std::vector<int>& strata) {
  const std::size_t n = time.size();
  const std::string fn = "concordance_counting: ";
  if (n == 0) return Status::invalid("time", 0, fn + "time is empty");
  for (const auto& [name, len] : {std::pair<const char*, std::size_t>{"entry", entry.size()},
                                  {"status", status.size()},
                                  {"x", x.size()},
                                  {"strata", strata.empty() ? n : strata.size()}}) {
    if (len != n) {
      return Status::invalid(name, 0,
                             fn + name + " has length " + std::to_string(len) + ", expected " +
                                 std::to_string(n) + " (length of time)");
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto row = [i] { return "[" + std::to_string(i + 1) + "]"; };
    if (!std::isfinite(time[i]) || !std::isfinite(entry[i]) || !(entry[i] < time[i])) {
      return Status::invalid("entry", i + 1,
                             fn + "entry" + row() + " (" + format_number(entry[i]) + ") and time" +
                                 row() + " (" + format_number(time[i]) +
                                 ") are not finite with entry < time");
    }
    if (status[i] != 0 && status[i] != 1) {
      return Status::invalid(
          "status", i + 1,
          fn + "status" + row() + " is not 0 or 1 (" + std::to_string(status[i]) + ")");
    }
    if (!std::isfinite(x[i])) {
      return Status::invalid("x", i + 1,
                             fn + "x" + row() + " is not finite (" + format_number(x[i]) + ")");
    }
  }
  return Status{};
}

// The rows of each stratum, and x's rank among them; counts into row and tot.
void count_all(const std::vector<double>& entry, const std::vector<double>& time,
               const std::vector<int>& status, const std::vector<double>& x,
               const std::vector<int>& strata, std::vector<RowCounts>& row, Totals& tot) {
  const std::size_t n = time.size();
  const auto stratum = [&](std::size_t i) { return strata.empty() ? 0 : strata[i]; };
  // By (stratum, x): radix sorts by x, then (stable) by stratum.
  detail::ScratchVector<detail::KeyedRow> keyed(n), scratch;
  for (std::size_t i = 0; i < n; ++i) {
    keyed[i] = {detail::sortable_bits(x[i] + 0.0), static_cast<std::uint32_t>(i)};
  }
  detail::radix_sort(keyed, scratch);
  if (!strata.empty()) {
    for (detail::KeyedRow& r : keyed) {  // the stratum's sign bit flipped: ascending as unsigned
      r.key = static_cast<std::uint32_t>(strata[r.row]) ^ std::uint32_t{0x80000000};
    }
    detail::radix_sort(keyed, scratch);
  }
  std::vector<std::size_t> order(n), rank(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = keyed[i].row;
  std::vector<std::size_t> rows;
  std::vector<RowCounts> snap(n);  // per row: the event counts around it as it entered
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin, m = 0;
    rows.clear();
    for (; end < n && stratum(order[end]) == stratum(order[begin]); ++end) {
      if (end > begin && x[order[end]] != x[order[end - 1]]) ++m;
      rank[order[end]] = m;
      rows.push_back(order[end]);
    }
    count_stratum(rows, entry, time, status, rank, m + 1, snap, row, tot);
    begin = end;
  }
}

}  // namespace

ConcordanceResult concordance_counting(const std::vector<double>& entry,
                                       const std::vector<double>& time,
                                       const std::vector<int>& status, const std::vector<double>& x,
                                       const std::vector<int>& strata, bool reverse) {
  ConcordanceResult res;
  res.status = check_counting_inputs(entry, time, status, x, strata);
  if (!res.status.ok()) return res;
  std::vector<RowCounts> row(time.size());
  Totals tot;
  count_all(entry, time, status, x, strata, row, tot);
  res.concordant = static_cast<double>(reverse ? tot.disc : tot.conc);
  res.discordant = static_cast<double>(reverse ? tot.conc : tot.disc);
  res.tied_x = static_cast<double>(tot.tied_x);
  res.tied_y = static_cast<double>(tot.tied_y);
  res.tied_xy = static_cast<double>(tot.tied_xy);
  const double npair = static_cast<double>(tot.conc + tot.disc + tot.tied_x);
  if (npair == 0) {
    res.concordance = res.std_err = std::numeric_limits<double>::quiet_NaN();
    return res;
  }
  // As concordance(): Somers' d and the infinitesimal-jackknife variance over rows.
  const double somers = static_cast<double>(tot.conc - tot.disc) / npair;
  double var = 0;
  for (const RowCounts& r : row) {
    const double dfbeta = static_cast<double>(r.conc - r.disc) / npair -
                          (somers / npair) * static_cast<double>(r.conc + r.disc + r.tied);
    var += dfbeta * dfbeta;
  }
  const double c = (somers + 1) / 2;
  res.concordance = reverse ? 1 - c : c;
  res.std_err = std::sqrt(var / 4);
  return res;
}

}  // namespace infant_all
