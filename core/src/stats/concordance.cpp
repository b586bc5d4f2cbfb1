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

// One subject while its pairs are counted: key = dense rank of x << 1 | event; over the pairs
// counted so far, diff = concordant minus discordant (reverse = false) and pairs = how many.
// Both fit 32 bits (a subject is in at most n - 1 pairs); totals are kept in 64 bits.
struct Subject {
  std::uint32_t key;
  std::int32_t diff;
  std::int32_t pairs;
};

struct PairCounts {
  std::int64_t concordant = 0, discordant = 0, tied_x = 0;
};

// Per walk position: the first of its stratum; the same stratum and time as the one before.
constexpr unsigned char kNewStratum = 1, kSameTime = 2;

inline std::uint32_t rank_of(const Subject& s) { return s.key >> 1; }
inline std::int32_t event_of(const Subject& s) { return static_cast<std::int32_t>(s.key & 1u); }

// Merges two adjacent runs of the walk, each sorted by x, counting the pairs across them: every
// member of the earlier run was at risk for every event of the later one. The order is strict:
// of two subjects with equal x the earlier in the walk counts as the smaller, so each pair
// across the runs is concordant or discordant here (the caller reclassifies the pairs tied on
// x). When a later subject is output, i earlier ones precede it (smaller); when an earlier one
// is output, j later ones precede it, of which `events` had the event. Branch-free: the data
// decide which side is taken, and a mispredicted branch per element would cost more than the
// arithmetic of both sides.
void merge_counting(const Subject* first, std::size_t n_first, const Subject* later,
                    std::size_t n_later, Subject* out, PairCounts& tot) {
  std::int32_t later_events = 0;
  for (std::size_t j = 0; j < n_later; ++j) later_events += event_of(later[j]);
  // Pair counts per subject fit 32 bits; the products below are formed in 64.
  const std::int64_t nf = static_cast<std::int64_t>(n_first);
  std::size_t i = 0, j = 0;
  std::int32_t events = 0;
  std::int64_t disc = 0, npair_later = 0;
  while (i < n_first && j < n_later) {
    const Subject a = first[i], b = later[j];
    // t = 1 takes the later subject. Written as masks and products: a conditional here
    // compiles to a branch that the data mispredict about every other element.
    const std::uint32_t t = rank_of(b) < rank_of(a) ? 1u : 0u;
    const std::uint32_t take_b = 0u - t;
    const std::int64_t t64 = t, ib = static_cast<std::int64_t>(i), eb = event_of(b);
    const std::int32_t b_diff = b.diff + static_cast<std::int32_t>(eb * (nf - 2 * ib));
    const std::int32_t b_pairs = b.pairs + static_cast<std::int32_t>(eb * nf);
    const std::int32_t a_diff = a.diff + 2 * events - later_events;
    const std::int32_t a_pairs = a.pairs + later_events;
    out->key = (b.key & take_b) | (a.key & ~take_b);
    out->diff = static_cast<std::int32_t>((static_cast<std::uint32_t>(b_diff) & take_b) |
                                          (static_cast<std::uint32_t>(a_diff) & ~take_b));
    out->pairs = static_cast<std::int32_t>((static_cast<std::uint32_t>(b_pairs) & take_b) |
                                           (static_cast<std::uint32_t>(a_pairs) & ~take_b));
    ++out;
    disc += t64 * eb * ib;
    npair_later += t64 * eb * nf;
    events += static_cast<std::int32_t>(t64 * eb);
    j += t;
    i += 1 - t;
  }
  for (; i < n_first; ++i) {  // every later subject precedes these
    Subject a = first[i];
    a.diff += later_events;
    a.pairs += later_events;
    *out++ = a;
  }
  for (; j < n_later; ++j) {  // every earlier subject precedes these
    Subject b = later[j];
    const std::int64_t eb = event_of(b);
    b.diff -= static_cast<std::int32_t>(eb * nf);
    b.pairs += static_cast<std::int32_t>(eb * nf);
    *out++ = b;
    disc += eb * nf;
    npair_later += eb * nf;
  }
  tot.discordant += disc;
  tot.concordant += npair_later - disc;
}

// Counts every comparable pair of one stratum given in walk order (latest time first; at a tied
// time censored before events) by a bottom-up merge sort on x: O(n log n), every access
// sequential. Leaves the subjects sorted by (x, walk position) in `a`; `b` is scratch.
void count_pairs(Subject* a, Subject* b, std::size_t m, PairCounts& tot) {
  // Short runs first, every pair directly (cheaper than the first merge levels' overhead),
  // then a stable insertion sort on x; the same strict order as the merges.
  constexpr std::size_t kRun = 16;
  for (std::size_t lo = 0; lo < m; lo += kRun) {
    const std::size_t hi = std::min(m, lo + kRun);
    std::int64_t npair = 0, disc = 0;
    for (std::size_t j = lo + 1; j < hi; ++j) {
      const std::int32_t e = event_of(a[j]);
      const std::uint32_t r = rank_of(a[j]);
      std::int32_t diff_j = 0;
      for (std::size_t i = lo; i < j; ++i) {
        const std::int32_t sign = e * (rank_of(a[i]) > r ? 1 : -1);
        a[i].diff += sign;
        a[i].pairs += e;
        diff_j += sign;
      }
      const std::int32_t before = static_cast<std::int32_t>(j - lo);
      a[j].diff += diff_j;
      a[j].pairs += e * before;
      npair += e * before;
      disc += (e * before - diff_j) / 2;
    }
    tot.discordant += disc;
    tot.concordant += npair - disc;
    for (std::size_t j = lo + 1; j < hi; ++j) {
      const Subject s = a[j];
      std::size_t i = j;
      for (; i > lo && rank_of(a[i - 1]) > rank_of(s); --i) a[i] = a[i - 1];
      a[i] = s;
    }
  }
  Subject* src = a;
  Subject* dst = b;
  for (std::size_t width = kRun; width < m; width *= 2) {
    for (std::size_t lo = 0; lo < m; lo += 2 * width) {
      const std::size_t mid = std::min(m, lo + width), hi = std::min(m, lo + 2 * width);
      merge_counting(src + lo, mid - lo, src + mid, hi - mid, dst + lo, tot);
    }
    std::swap(src, dst);
  }
  if (src != a) std::copy(src, src + m, a);
  // The pairs tied on x were counted as discordant (the earlier in the walk as the smaller). In
  // (x, walk) order they sit in runs of equal x: in a run, an event is paired with every subject
  // before it and a subject with every event after it.
  for (std::size_t lo = 0; lo < m;) {
    std::size_t hi = lo + 1;
    std::int32_t run_events = event_of(a[lo]);
    while (hi < m && rank_of(a[hi]) == rank_of(a[lo])) run_events += event_of(a[hi++]);
    std::int32_t seen = 0;
    for (std::size_t k = lo; k < hi; ++k) {
      const std::int32_t e = event_of(a[k]), q = static_cast<std::int32_t>(k - lo);
      seen += e;
      a[k].diff += e * q + (run_events - seen);
      tot.discordant -= e * q;
      tot.tied_x += e * q;
    }
    lo = hi;
  }
}

// Every argument by name; the first bad element by its 1-based row.
Status check_inputs(const std::vector<double>& time, const std::vector<int>& status,
                    const std::vector<double>& x, const std::vector<int>& strata) {
  const std::size_t n = time.size();
  const std::string fn = "concordance: ";
  if (n == 0) {
    return Status::invalid("time", 0, fn + "time is empty");
  }
  if (status.size() != n || x.size() != n || (!strata.empty() && strata.size() != n)) {
    const char* which = status.size() != n ? "status" : (x.size() != n ? "x" : "strata");
    const std::size_t len =
        status.size() != n ? status.size() : (x.size() != n ? x.size() : strata.size());
    return Status::invalid(which, 0,
                           fn + which + " has length " + std::to_string(len) + ", expected " +
                               std::to_string(n) + " (length of time)");
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto row = [i] { return "[" + std::to_string(i + 1) + "]"; };
    if (!std::isfinite(time[i]) || time[i] < 0) {
      return Status::invalid(
          "time", i + 1,
          fn + "time" + row() + " is not a finite value >= 0 (" + format_number(time[i]) + ")");
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

// The walk, with one Subject and one flag byte per position: within a stratum, latest time
// first; at a tied time censored before events (they are at risk for those events); then by x
// so that events tied on x are adjacent.
void walk_order(const std::vector<double>& time, const std::vector<int>& status,
                const std::vector<double>& x, const std::vector<int>& strata,
                detail::ScratchVector<Subject>& subject,
                detail::ScratchVector<unsigned char>& flag) {
  const std::size_t n = time.size();
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
  detail::ScratchVector<std::uint32_t> rank, trank, srank;  // srank stays empty: one stratum
  const std::size_t nrank =
      dense_rank([&](std::size_t i) { return detail::sortable_bits(x[i]); },
                 [&](std::uint32_t a, std::uint32_t b) { return x[a] == x[b]; }, rank);
  const std::size_t ntime =
      dense_rank([&](std::size_t i) { return detail::sortable_bits(time[i]); },
                 [&](std::uint32_t a, std::uint32_t b) { return time[a] == time[b]; }, trank);
  std::size_t nstrata = 1;
  if (!strata.empty()) {
    nstrata = dense_rank(
        [&](std::size_t i) {
          return static_cast<std::uint64_t>(static_cast<std::uint32_t>(strata[i]) ^ 0x80000000u);
        },
        [&](std::uint32_t a, std::uint32_t b) { return strata[a] == strata[b]; }, srank);
  }
  const auto stratum_of = [&](std::size_t i) -> std::uint64_t {
    return srank.empty() ? 0 : srank[i];
  };

  subject.resize(n);
  flag.resize(n);
  const int xb = detail::bits_for(nrank - 1), tb = detail::bits_for(ntime - 1),
            sb = detail::bits_for(nstrata - 1);
  if (sb + tb + 1 + xb <= 64) {
    // One packed key per row; after the sort the keys alone describe the walk, read in order.
    // (Shifts of 64 bits are undefined: with one stratum its field is simply absent.)
    const int sshift = tb + 1 + xb;
    const auto stratum_field = [&](std::uint64_t key) { return sb == 0 ? 0 : key >> sshift; };
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t tdesc = ntime - 1 - trank[i];
      rows[i] = {(sb == 0 ? 0 : stratum_of(i) << sshift) | (tdesc << (1 + xb)) |
                     (static_cast<std::uint64_t>(status[i]) << xb) | rank[i],
                 static_cast<std::uint32_t>(i)};
    }
    detail::ScratchVector<std::uint32_t>().swap(rank);
    detail::ScratchVector<std::uint32_t>().swap(trank);
    detail::ScratchVector<std::uint32_t>().swap(srank);
    detail::radix_sort(rows, scratch);
    detail::ScratchVector<KeyedRow>().swap(scratch);
    const std::uint64_t xmask = (std::uint64_t{1} << xb) - 1;
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint64_t key = rows[k].key;
      subject[k] = {static_cast<std::uint32_t>((key & xmask) << 1 | ((key >> xb) & 1)), 0, 0};
      const std::uint64_t prev = k > 0 ? rows[k - 1].key : ~key;  // k = 0: no time before
      flag[k] = static_cast<unsigned char>(
          (k == 0 || stratum_field(key) != stratum_field(prev) ? kNewStratum : 0) |
          ((key >> (1 + xb)) == (prev >> (1 + xb)) ? kSameTime : 0));
    }
    detail::ScratchVector<KeyedRow>().swap(rows);
  } else {
    detail::ScratchVector<KeyedRow>().swap(rows);
    detail::ScratchVector<KeyedRow>().swap(scratch);
    detail::ScratchVector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), std::uint32_t{0});
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      if (stratum_of(a) != stratum_of(b)) return stratum_of(a) < stratum_of(b);
      if (trank[a] != trank[b]) return trank[a] > trank[b];
      if (status[a] != status[b]) return status[a] < status[b];
      return rank[a] < rank[b];
    });
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t i = order[k], prev = k > 0 ? order[k - 1] : i;
      subject[k] = {rank[i] << 1 | static_cast<std::uint32_t>(status[i]), 0, 0};
      const bool new_stratum = k == 0 || stratum_of(i) != stratum_of(prev);
      flag[k] = static_cast<unsigned char>(
          (new_stratum ? kNewStratum : 0) |
          (k > 0 && !new_stratum && trank[i] == trank[prev] ? kSameTime : 0));
    }
  }
}

// Events at the same time are tied on y, not a pair, but the merge sort counts them as one: as
// each such group is adjacent in the walk and sorted by x, what it adds is known here and is
// taken out in advance. A partner with another x is counted discordant (sign -1); one with the
// same x is then moved to tied_x with the pairs tied on x (count_pairs). Returns the pairs tied
// on y (tied_y + tied_xy) and, in tied_xy, those also tied on x.
std::int64_t take_out_tied_events(detail::ScratchVector<Subject>& subject,
                                  const detail::ScratchVector<unsigned char>& flag, PairCounts& tot,
                                  std::int64_t& tied_xy) {
  const std::size_t n = subject.size();
  std::int64_t ty = 0, txy = 0;
  for (std::size_t k = 0; k < n;) {
    if (!event_of(subject[k])) {
      ++k;
      continue;
    }
    std::size_t g_end = k + 1;
    while (g_end < n && event_of(subject[g_end]) && (flag[g_end] & kSameTime)) ++g_end;
    const std::int64_t nd = static_cast<std::int64_t>(g_end - k);
    std::int64_t same_x = 0;
    for (std::size_t a = k; a < g_end;) {
      std::size_t b = a;
      while (b < g_end && subject[b].key == subject[a].key) ++b;
      const std::int64_t r = static_cast<std::int64_t>(b - a);
      same_x += r * (r - 1) / 2;
      for (std::size_t i = a; i < b; ++i) {
        subject[i].diff += static_cast<std::int32_t>(nd - r);
        subject[i].pairs -= static_cast<std::int32_t>(nd - 1);
      }
      a = b;
    }
    ty += nd * (nd - 1) / 2;
    txy += same_x;
    tot.discordant -= nd * (nd - 1) / 2 - same_x;
    tot.tied_x -= same_x;
    k = g_end;
  }
  tied_xy = txy;
  return ty;
}

}  // namespace

ConcordanceResult concordance(const std::vector<double>& time, const std::vector<int>& status,
                              const std::vector<double>& x, const std::vector<int>& strata,
                              bool reverse) {
  ConcordanceResult res;
  res.status = check_inputs(time, status, x, strata);
  if (!res.status.ok()) return res;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::size_t n = time.size();
  detail::ScratchVector<Subject> subject;
  detail::ScratchVector<unsigned char> flag;
  walk_order(time, status, x, strata, subject, flag);
  PairCounts tot;
  std::int64_t txy = 0;
  const std::int64_t ty = take_out_tied_events(subject, flag, tot, txy);
  detail::ScratchVector<Subject> merge_buf(n);
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin + 1;
    while (end < n && !(flag[end] & kNewStratum)) ++end;
    count_pairs(&subject[begin], &merge_buf[begin], end - begin, tot);
    begin = end;
  }
  const std::int64_t conc = tot.concordant, disc = tot.discordant, tx = tot.tied_x;

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
  for (std::size_t k = 0; k < n; ++k) {
    const double diff = subject[k].diff, pairs = subject[k].pairs;
    const double dfbeta = diff / npair - (somers / npair) * pairs;
    var += dfbeta * dfbeta;
  }
  const double c = (somers + 1) / 2;
  res.concordance = reverse ? 1 - c : c;
  res.std_err = std::sqrt(var / 4);
  return res;
}

}  // namespace infant_all
