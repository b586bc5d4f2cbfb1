#include "infant_all/stats/concordance.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>

#include "cox_radix_sort.h"
#include "infant_all/format.h"

namespace infant_all {

namespace {

// Counts by rank of x: how many entries are below, equal to, and above a given rank. Two
// levels keep the random accesses few: a Fenwick tree over blocks of 64 ranks (small enough to
// stay in cache) plus a scan of the counts inside one block.
class RankCounter {
 public:
  explicit RankCounter(std::size_t size)
      : storage_((size + kBlock - 1) / kBlock * kBlock + kBlock, 0), tree_(size / kBlock + 2, 0) {
    // Start the counts on a 64-byte boundary so that each block is one cache line.
    const auto addr = reinterpret_cast<std::uintptr_t>(storage_.data());
    node_ = storage_.data() + ((64 - addr % 64) % 64) / sizeof(std::int32_t);
  }

  void add(std::size_t rank, std::int32_t w) {
    node_[rank] += w;
    total_ += w;
    for (std::size_t i = rank / kBlock + 1; i < tree_.size(); i += i & (~i + 1)) tree_[i] += w;
  }

  struct Split {
    std::int32_t smaller, equal, greater;
  };
  Split split(std::size_t rank) const {
    const std::size_t block = rank / kBlock;
    std::int32_t lo = 0;
    for (std::size_t i = block; i > 0; i -= i & (~i + 1)) lo += tree_[i];
    const std::int32_t* first = node_ + block * kBlock;
    const std::size_t m = rank - block * kBlock;
    for (std::size_t k = 0; k < kBlock; ++k) lo += k < m ? first[k] : 0;  // branch-free
    const std::int32_t eq = first[m];
    return {lo, eq, total_ - lo - eq};
  }

 private:
  static constexpr std::size_t kBlock = 16;  // 16 x int32 = one cache line
  // Counts fit in 32 bits (n < 2^31 rows); pair totals are summed in 64 bits by the caller.
  std::vector<std::int32_t> storage_;
  std::int32_t* node_ = nullptr;
  std::vector<std::int32_t> tree_;  // Fenwick over block totals, 1-based
  std::int32_t total_ = 0;
};

}  // namespace

ConcordanceResult concordance(const std::vector<double>& time, const std::vector<int>& status,
                              const std::vector<double>& x, const std::vector<int>& strata,
                              bool reverse) {
  ConcordanceResult res;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::size_t n = time.size();
  const std::string fn = "concordance: ";
  if (n == 0) {
    res.status = Status::invalid("time", 0, fn + "time is empty");
    return res;
  }
  if (status.size() != n || x.size() != n || (!strata.empty() && strata.size() != n)) {
    const char* which = status.size() != n ? "status" : (x.size() != n ? "x" : "strata");
    const std::size_t len =
        status.size() != n ? status.size() : (x.size() != n ? x.size() : strata.size());
    res.status = Status::invalid(which, 0,
                                 fn + which + " has length " + std::to_string(len) + ", expected " +
                                     std::to_string(n) + " (length of time)");
    return res;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto row = [i] { return "[" + std::to_string(i + 1) + "]"; };
    if (!std::isfinite(time[i]) || time[i] < 0) {
      res.status = Status::invalid(
          "time", i + 1,
          fn + "time" + row() + " is not a finite value >= 0 (" + format_number(time[i]) + ")");
      return res;
    }
    if (status[i] != 0 && status[i] != 1) {
      res.status = Status::invalid(
          "status", i + 1,
          fn + "status" + row() + " is not 0 or 1 (" + std::to_string(status[i]) + ")");
      return res;
    }
    if (!std::isfinite(x[i])) {
      res.status = Status::invalid(
          "x", i + 1, fn + "x" + row() + " is not finite (" + format_number(x[i]) + ")");
      return res;
    }
  }

  // Dense ranks (0-based) of x, of time and of the stratum codes, each from one radix sort.
  using detail::KeyedRow;
  detail::ScratchVector<KeyedRow> rows(n), scratch;
  const auto dense_rank = [&](auto key_of, auto equal, detail::ScratchVector<std::uint32_t>& out) {
    for (std::size_t i = 0; i < n; ++i) rows[i] = {key_of(i), static_cast<std::uint32_t>(i)};
    detail::radix_sort(rows, scratch);
    out.resize(n);
    std::uint32_t r = 0;
    for (std::size_t k = 0; k < n; ++k) {
      if (k > 0 && !equal(rows[k].row, rows[k - 1].row)) ++r;
      out[rows[k].row] = r;
    }
    return static_cast<std::size_t>(r) + 1;
  };
  detail::ScratchVector<std::uint32_t> rank, trank, srank;
  const std::size_t nrank =
      dense_rank([&](std::size_t i) { return detail::sortable_bits(x[i]); },
                 [&](std::uint32_t a, std::uint32_t b) { return x[a] == x[b]; }, rank);
  const std::size_t ntime =
      dense_rank([&](std::size_t i) { return detail::sortable_bits(time[i]); },
                 [&](std::uint32_t a, std::uint32_t b) { return time[a] == time[b]; }, trank);
  std::size_t nstrata = 1;
  if (strata.empty()) {
    srank.assign(n, 0);
  } else {
    nstrata = dense_rank(
        [&](std::size_t i) {
          return static_cast<std::uint64_t>(static_cast<std::uint32_t>(strata[i]) ^ 0x80000000u);
        },
        [&](std::uint32_t a, std::uint32_t b) { return strata[a] == strata[b]; }, srank);
  }

  // Within a stratum: latest time first; at a tied time censored before events (they are at
  // risk for those events); then by x so that events tied on x are adjacent.
  const int xb = detail::bits_for(nrank - 1), tb = detail::bits_for(ntime - 1),
            sb = detail::bits_for(nstrata - 1);
  detail::ScratchVector<std::uint32_t> order(n);
  if (sb + tb + 1 + xb <= 64) {
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t tdesc = ntime - 1 - trank[i];
      rows[i] = {(static_cast<std::uint64_t>(srank[i]) << (tb + 1 + xb)) | (tdesc << (1 + xb)) |
                     (static_cast<std::uint64_t>(status[i]) << xb) | rank[i],
                 static_cast<std::uint32_t>(i)};
    }
    detail::radix_sort(rows, scratch);
    for (std::size_t k = 0; k < n; ++k) order[k] = rows[k].row;
  } else {
    std::iota(order.begin(), order.end(), std::uint32_t{0});
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      if (srank[a] != srank[b]) return srank[a] < srank[b];
      if (trank[a] != trank[b]) return trank[a] > trank[b];
      if (status[a] != status[b]) return status[a] < status[b];
      return rank[a] < rank[b];
    });
  }
  detail::ScratchVector<KeyedRow>().swap(rows);
  detail::ScratchVector<KeyedRow>().swap(scratch);
  // The sweep reads everything in walk order: copies in that order keep memory access
  // sequential except for the two counters. Per-subject counts are kept by walk position too.
  detail::ScratchVector<std::uint32_t> w_rank(n), w_time(n), w_stratum(n);
  detail::ScratchVector<char> w_event(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = order[k];
    w_rank[k] = rank[i];
    w_time[k] = trank[i];
    w_stratum[k] = srank[i];
    w_event[k] = static_cast<char>(status[i]);
  }

  // Per subject, over the pairs it belongs to (reverse = false orientation).
  // A subject is in at most n - 1 pairs, so 32 bits hold its counts.
  std::vector<std::int32_t> own_c(n, 0), own_d(n, 0), own_t(n, 0);
  std::int64_t conc = 0, disc = 0, tx = 0, ty = 0, txy = 0;
  RankCounter at_risk(nrank), events(nrank);

  std::size_t begin = 0;
  while (begin < n) {
    std::size_t end = begin;
    while (end < n && w_stratum[end] == w_stratum[begin]) ++end;

    // A subject entering the risk set is the longer survivor only for events that come later
    // in this walk: subtract what the event counter holds now, add its final state below.
    const auto enter = [&](std::size_t k) {
      const RankCounter::Split s = events.split(w_rank[k]);
      own_c[k] -= s.smaller;
      own_d[k] -= s.greater;
      own_t[k] -= s.equal;
      at_risk.add(w_rank[k], 1);
    };
    std::size_t k = begin;
    while (k < end) {
      if (!w_event[k]) {
        enter(k);
        ++k;
        continue;
      }
      std::size_t g_end = k;
      while (g_end < end && w_event[g_end] && w_time[g_end] == w_time[k]) ++g_end;
      const std::int64_t nd = static_cast<std::int64_t>(g_end - k);
      ty += nd * (nd - 1) / 2;
      for (std::size_t a = k; a < g_end;) {
        std::size_t b = a;
        while (b < g_end && w_rank[b] == w_rank[a]) ++b;
        const std::int64_t m = static_cast<std::int64_t>(b - a);
        txy += m * (m - 1) / 2;
        a = b;
      }
      for (std::size_t a = k; a < g_end; ++a) {
        const RankCounter::Split s = at_risk.split(w_rank[a]);
        conc += s.greater;
        disc += s.smaller;
        tx += s.equal;
        own_c[a] += s.greater;
        own_d[a] += s.smaller;
        own_t[a] += s.equal;
      }
      for (std::size_t a = k; a < g_end; ++a) events.add(w_rank[a], 1);
      for (std::size_t a = k; a < g_end; ++a) enter(a);
      k = g_end;
    }
    for (std::size_t a = begin; a < end; ++a) {
      const RankCounter::Split s = events.split(w_rank[a]);
      own_c[a] += s.smaller;
      own_d[a] += s.greater;
      own_t[a] += s.equal;
    }
    // Empty both counters for the next stratum (nothing to do after the last one).
    for (std::size_t a = begin; end < n && a < end; ++a) {
      at_risk.add(w_rank[a], -1);
      if (w_event[a]) events.add(w_rank[a], -1);
    }
    begin = end;
  }

  res.concordant = static_cast<double>(reverse ? disc : conc);
  res.discordant = static_cast<double>(reverse ? conc : disc);
  res.tied_x = static_cast<double>(tx);
  res.tied_y = static_cast<double>(ty - txy);
  res.tied_xy = static_cast<double>(txy);
  const double npair = static_cast<double>(conc + disc + tx);
  if (npair == 0) {
    res.concordance = nan;
    res.std_err = nan;
    return res;
  }
  const double somers = static_cast<double>(conc - disc) / npair;
  double var = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double ci = own_c[i], di = own_d[i], ti = own_t[i];
    const double dfbeta = (ci - di) / npair - (somers / npair) * (ci + di + ti);
    var += dfbeta * dfbeta;
  }
  const double c = (somers + 1) / 2;
  res.concordance = reverse ? 1 - c : c;
  res.std_err = std::sqrt(var / 4);
  return res;
}

}  // namespace infant_all
