#include "infant_all/stats/log_rank.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "infant_all/format.h"
#include "infant_all/stats/distributions.h"
#include "infant_all/stats/survival_data.h"
#include "timefix.h"

namespace infant_all {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Stand-in for R's solve() refusing a computationally singular matrix (rcond < DBL_EPSILON):
// a pivot this small relative to the largest diagonal entry.
constexpr double kSingularTol = 1e-12;
// Below this many rows a comparison sort beats the radix sort (3 passes over 2048 buckets).
constexpr size_t kRadixMin = 4096;

// Bits of a non-negative finite double, monotone in its value (+0 and -0 share a key).
uint64_t time_key(double t) {
  if (t == 0.0) return 0;
  uint64_t u;
  std::memcpy(&u, &t, sizeof u);
  return u;
}

double key_time(uint64_t u) {
  double t;
  std::memcpy(&t, &u, sizeof t);
  return t;
}

// Bits of the time rounded to float: monotone (non-decreasing) in the time, so sorting by it
// leaves only runs of equal float keys to put in exact order.
uint32_t float_key(uint64_t key) {
  const float f = static_cast<float>(key_time(key));
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

// Sorts (key, payload) pairs by key. Three LSD radix passes of 11 bits on the 32-bit float key
// (passes where every key shares the digit are skipped; the histograms stay in L1), then any run
// of equal float keys holding distinct doubles is sorted exactly. O(n) for continuous times.
// key2/pay2 are scratch space.
void radix_sort(std::vector<uint64_t>* key, std::vector<uint32_t>* pay, std::vector<uint64_t>* key2,
                std::vector<uint32_t>* pay2) {
  const size_t n = key->size();
  auto sort_range = [&](size_t lo, size_t hi) {
    std::vector<std::pair<uint64_t, uint32_t>> kp(hi - lo);
    for (size_t i = lo; i < hi; ++i) kp[i - lo] = {(*key)[i], (*pay)[i]};
    std::sort(kp.begin(), kp.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (size_t i = lo; i < hi; ++i) {
      (*key)[i] = kp[i - lo].first;
      (*pay)[i] = kp[i - lo].second;
    }
  };
  if (n < kRadixMin) {  // the histograms would cost more than a comparison sort
    sort_range(0, n);
    return;
  }
  constexpr int kBits = 11;
  constexpr size_t kBuckets = size_t{1} << kBits;
  constexpr int kPasses = 3;
  std::vector<uint32_t> hist(kBuckets * kPasses, 0);
  for (size_t i = 0; i < n; ++i) {
    const uint32_t f = float_key((*key)[i]);
    for (int p = 0; p < kPasses; ++p) ++hist[p * kBuckets + ((f >> (p * kBits)) & (kBuckets - 1))];
  }
  key2->resize(n);
  pay2->resize(n);
  for (int p = 0; p < kPasses; ++p) {
    uint32_t* h = &hist[p * kBuckets];
    const uint32_t first_digit = (float_key((*key)[0]) >> (p * kBits)) & (kBuckets - 1);
    if (h[first_digit] == n) continue;  // all keys share this digit
    uint32_t sum = 0;
    for (size_t b = 0; b < kBuckets; ++b) {
      const uint32_t c = h[b];
      h[b] = sum;
      sum += c;
    }
    uint64_t* kd = key2->data();
    uint32_t* pd = pay2->data();
    const uint64_t* ks = key->data();
    const uint32_t* ps = pay->data();
    for (size_t i = 0; i < n; ++i) {
      const uint64_t k = ks[i];
      const uint32_t dst = h[(float_key(k) >> (p * kBits)) & (kBuckets - 1)]++;
      kd[dst] = k;
      pd[dst] = ps[i];
    }
    key->swap(*key2);
    pay->swap(*pay2);
  }
  // Equal float keys: exact order by the double's bits where needed.
  const uint64_t* ks = key->data();
  for (size_t i = 0; i < n;) {
    const uint32_t f = float_key(ks[i]);
    size_t j = i + 1;
    bool sorted = true;
    for (; j < n && float_key(ks[j]) == f; ++j) sorted = sorted && ks[j - 1] <= ks[j];
    if (!sorted) sort_range(i, j);
    i = j;
  }
}

// Solves A x = b for a small dense symmetric A by Gaussian elimination with partial pivoting.
// Returns false when A is (numerically) singular.
bool solve_small(std::vector<std::vector<double>> a, std::vector<double> b,
                 std::vector<double>* x) {
  const size_t m = b.size();
  double scale = 0.0;
  for (size_t i = 0; i < m; ++i) scale = std::max(scale, std::fabs(a[i][i]));
  if (!(scale > 0.0)) return false;
  for (size_t c = 0; c < m; ++c) {
    size_t piv = c;
    for (size_t r = c + 1; r < m; ++r) {
      if (std::fabs(a[r][c]) > std::fabs(a[piv][c])) piv = r;
    }
    if (!(std::fabs(a[piv][c]) > kSingularTol * scale)) return false;
    std::swap(a[piv], a[c]);
    std::swap(b[piv], b[c]);
    for (size_t r = c + 1; r < m; ++r) {
      const double f = a[r][c] / a[c][c];
      if (f == 0.0) continue;
      for (size_t j = c; j < m; ++j) a[r][j] -= f * a[c][j];
      b[r] -= f * b[c];
    }
  }
  x->assign(m, 0.0);
  for (size_t c = m; c-- > 0;) {
    double s = b[c];
    for (size_t j = c + 1; j < m; ++j) s -= a[c][j] * (*x)[j];
    (*x)[c] = s / a[c][c];
  }
  return true;
}

LogRankResult fail(LogRankResult r, Status s) {
  r.status = std::move(s);
  return r;
}

std::string row_of(size_t i) { return "[" + std::to_string(i + 1) + "]"; }

// ---- Prepare: checks, exclusions, final codes, the kept rows sorted by (stratum, time).

Status check_shapes(const LogRankInput& input, const LogRankOptions& options) {
  const size_t nrow = input.time.size();
  if (nrow == 0) return Status::invalid("time", 0, "log_rank: time is empty");
  const auto length = [&](const char* name, size_t n) {
    return Status::invalid(name, 0,
                           std::string("log_rank: ") + name + " has " + std::to_string(n) +
                               " rows but time has " + std::to_string(nrow));
  };
  if (input.status.size() != nrow) return length("status", input.status.size());
  if (input.group.size() != nrow) return length("group", input.group.size());
  if (!input.strata.empty() && input.strata.size() != nrow) {
    return length("strata", input.strata.size());
  }
  if (!input.entry.empty() && input.entry.size() != nrow) {
    return length("entry", input.entry.size());
  }
  if (!(options.rho >= 0.0) || !std::isfinite(options.rho)) {
    return Status::invalid(
        "rho", 0, "log_rank: rho must be finite and >= 0 (" + format_number(options.rho) + ")");
  }
  if (Status bad = check_order(input.order.get(), nrow, "log_rank: "); !bad.ok()) return bad;
  for (const auto& [codes, name] :
       {std::pair<const GroupCodes*, const char*>{&input.group, "group"},
        {&input.strata, "strata"}}) {
    if (Status bad = check_codes(*codes, name, "log_rank: "); !bad.ok()) return bad;
  }
  return Status();
}

// given[g]: position of input level g among options.levels, or -1 (all -1 without levels).
Status given_levels(const LogRankOptions& options, const std::vector<std::string>& in_levels,
                    std::vector<int>* given) {
  given->assign(in_levels.size(), -1);
  for (size_t i = 0; i < options.levels.size(); ++i) {
    if (options.levels[i].empty()) {
      return Status::invalid(
          "levels", 0,
          "log_rank: levels[" + std::to_string(i + 1) + "] is empty (\"\" means missing)");
    }
    if (std::find(options.levels.begin(), options.levels.begin() + static_cast<long>(i),
                  options.levels[i]) != options.levels.begin() + static_cast<long>(i)) {
      return Status::invalid("levels", 0,
                             "log_rank: levels[" + std::to_string(i + 1) + "] (\"" +
                                 options.levels[i] + "\") is repeated");
    }
  }
  for (size_t g = 0; g < in_levels.size(); ++g) {
    const auto at = std::find(options.levels.begin(), options.levels.end(), in_levels[g]);
    if (at != options.levels.end()) (*given)[g] = static_cast<int>(at - options.levels.begin());
  }
  return Status();
}

// One row's checks; true when the row is kept.
Status check_row(const LogRankInput& input, size_t i, bool* kept) {
  const double t = input.time[i];
  const int s = input.status[i];
  if (!std::isnan(t) && std::isinf(t)) {
    return Status::invalid(
        "time", i + 1, "log_rank: time" + row_of(i) + " is not finite (" + format_number(t) + ")");
  }
  if (t < 0) {
    return Status::invalid(
        "time", i + 1, "log_rank: time" + row_of(i) + " is negative (" + format_number(t) + ")");
  }
  if (s != LogRankInput::kMissingStatus && s != 0 && s != 1) {
    return Status::invalid("status", i + 1,
                           "log_rank: status" + row_of(i) + " is " + std::to_string(s) +
                               "; expected 0 (censored) or 1 (event)");
  }
  const bool has_entry = !input.entry.empty();
  const double en = has_entry ? input.entry[i] : 0.0;
  if (has_entry && std::isinf(en)) {
    return Status::invalid(
        "entry", i + 1,
        "log_rank: entry" + row_of(i) + " is not finite (" + format_number(en) + ")");
  }
  if (has_entry && !std::isnan(en) && !std::isnan(t) && !(en < t)) {
    return Status::invalid("entry", i + 1,
                           "log_rank: entry" + row_of(i) + " (" + format_number(en) +
                               ") is not before time" + row_of(i) + " (" + format_number(t) + ")");
  }
  *kept = !std::isnan(t) && s != LogRankInput::kMissingStatus && input.group.code[i] >= 0 &&
          (input.strata.empty() || input.strata.code[i] >= 0) && !std::isnan(en);
  return Status();
}

// The kept rows, packed for the sweep: time bits as the sort key, payload
// stratum * 2k + group * 2 + status (entry payloads without the status bit).
struct Prepared {
  size_t k = 0;
  size_t nstrata = 1;
  uint64_t gk = 0;  // 2k
  std::vector<uint64_t> key;
  std::vector<uint32_t> pay;
  std::vector<size_t> start;  // stratum s holds [start[s], start[s + 1])
  bool has_entry = false;
  // Entry keys time_key(entry) + 1 (0 for an entry below 0), so a row is at risk at time key t
  // once ekey <= t, that is entry < t; sorted and grouped by stratum like the exits.
  std::vector<uint64_t> ekey;
  std::vector<uint32_t> epay;
  std::vector<size_t> estart;
};

// Stable counting sort of (key, pay) by stratum (pay / gk): time order kept within each.
void by_stratum(const Prepared& p, std::vector<uint64_t>* key, std::vector<uint32_t>* pay,
                std::vector<size_t>* start) {
  const size_t n = key->size();
  start->assign(p.nstrata + 1, 0);
  if (p.nstrata == 1) {
    (*start)[1] = n;
    return;
  }
  for (size_t i = 0; i < n; ++i) ++(*start)[(*pay)[i] / p.gk + 1];
  for (size_t st = 0; st < p.nstrata; ++st) (*start)[st + 1] += (*start)[st];
  std::vector<uint64_t> key2(n);
  std::vector<uint32_t> pay2(n);
  std::vector<size_t> next(start->begin(), start->end() - 1);
  for (size_t i = 0; i < n; ++i) {
    const size_t dst = next[(*pay)[i] / p.gk]++;
    key2[dst] = (*key)[i];
    pay2[dst] = (*pay)[i];
  }
  key->swap(key2);
  pay->swap(pay2);
}

// Every group has rows; at least two; trend scores fit the groups.
Status check_groups(const LogRankResult& res, const LogRankOptions& options) {
  const size_t k = res.groups.size();
  for (size_t j = 0; j < k; ++j) {
    if (res.n[j] == 0) {
      return Status::invalid(
          "group", 0, "log_rank: group \"" + res.groups[j] + "\" has no rows (after exclusions)");
    }
  }
  if (k < 2) {
    return Status::invalid(
        "group", 0,
        "log_rank: only one group (\"" + res.groups[0] + "\"); at least two are needed");
  }
  if (!options.trend_scores.empty() && options.trend_scores.size() != k) {
    return Status::invalid("trend_scores", 0,
                           "log_rank: trend_scores has " +
                               std::to_string(options.trend_scores.size()) +
                               " values but there are " + std::to_string(k) + " groups");
  }
  for (size_t j = 0; j < options.trend_scores.size(); ++j) {
    if (!std::isfinite(options.trend_scores[j])) {
      return Status::invalid("trend_scores", 0,
                             "log_rank: trend_scores[" + std::to_string(j + 1) +
                                 "] is not finite (" + format_number(options.trend_scores[j]) +
                                 ")");
    }
  }
  return Status();
}

// Packs the kept rows with their final codes and sorts them by (stratum, time): taken in the
// shared order when the input has one (not with entry times), else radix-sorted. With entry
// times, the entries likewise; timefix then merges near ties of start and stop together
// (aeqSurv on Surv(start, stop, event)), else of the exit times alone (survdiff's aeqSurv).
Status pack(const LogRankInput& input, const LogRankOptions& options, const std::vector<char>& kept,
            size_t nkept, const std::vector<int>& gperm, const std::vector<int>& sperm,
            Prepared* p) {
  const bool stratified = !input.strata.empty();
  p->has_entry = !input.entry.empty();
  const std::vector<double>* time = &input.time;
  const std::vector<double>* entry = &input.entry;
  std::vector<double> time_fixed, entry_fixed;
  if (p->has_entry && options.timefix) {
    time_fixed = input.time;
    entry_fixed = input.entry;
    const size_t bad = detail::merge_near_ties_intervals(&entry_fixed, &time_fixed,
                                                         [&](size_t i) { return kept[i] != 0; });
    if (bad > 0) {
      const size_t i = bad - 1;
      return Status::invalid("entry", bad,
                             "log_rank: entry" + row_of(i) + " (" + format_number(input.entry[i]) +
                                 ") and time" + row_of(i) + " (" + format_number(input.time[i]) +
                                 ") differ by less than the timefix tolerance, leaving an "
                                 "interval of length 0 (R: aeqSurv exception)");
    }
    time = &time_fixed;
    entry = &entry_fixed;
  }
  const auto code_of = [&](size_t i) {
    const uint64_t sc =
        stratified ? static_cast<uint64_t>(sperm[static_cast<size_t>(input.strata.code[i])]) : 0;
    const uint64_t g = static_cast<uint64_t>(gperm[static_cast<size_t>(input.group.code[i])]);
    return static_cast<uint32_t>(sc * p->gk + g * 2);
  };
  const auto push = [&](size_t i) {
    p->key.push_back(time_key((*time)[i]));
    p->pay.push_back(code_of(i) + static_cast<uint32_t>(input.status[i]));
  };
  const auto is_kept = [&](size_t i) { return kept[i] != 0; };
  p->key.reserve(nkept);
  p->pay.reserve(nkept);
  std::vector<uint64_t> key2;
  std::vector<uint32_t> pay2;
  if (input.order != nullptr && !p->has_entry) {
    if (!walk_order(*input.order, input.time, nkept, is_kept, push)) {
      return order_mismatch("log_rank: ");
    }
  } else {
    for (size_t i = 0; i < kept.size(); ++i) {
      if (kept[i]) push(i);
    }
    radix_sort(&p->key, &p->pay, &key2, &pay2);
  }
  if (options.timefix && !p->has_entry) {  // on all strata together, as aeqSurv sees one Surv
    detail::merge_near_ties(p->key.data(), p->key.data() + p->key.size(), key_time);
  }
  by_stratum(*p, &p->key, &p->pay, &p->start);
  if (p->has_entry) {
    p->ekey.reserve(nkept);
    p->epay.reserve(nkept);
    for (size_t i = 0; i < kept.size(); ++i) {
      if (!kept[i]) continue;
      const double en = (*entry)[i];
      p->ekey.push_back(en < 0 ? 0 : time_key(en) + 1);
      p->epay.push_back(code_of(i));
    }
    radix_sort(&p->ekey, &p->epay, &key2, &pay2);
    by_stratum(*p, &p->ekey, &p->epay, &p->estart);
  }
  return Status();
}

// Excludes and counts, orders the levels, packs and sorts the kept rows.
Status prepare(const LogRankInput& input, const LogRankOptions& options, LogRankResult* res,
               Prepared* p) {
  const size_t nrow = input.time.size();
  const std::vector<std::string>& in_levels = input.group.levels;
  const bool fixed_levels = !options.levels.empty();
  std::vector<int> given;
  if (Status bad = given_levels(options, in_levels, &given); !bad.ok()) return bad;
  std::vector<char> kept(nrow, 0);
  std::vector<int> count(in_levels.size(), 0);  // kept rows per input group code
  std::vector<int> scount(input.strata.empty() ? 0 : input.strata.levels.size(), 0);
  size_t nkept = 0;
  for (size_t i = 0; i < nrow; ++i) {
    bool keep = false;
    if (Status bad = check_row(input, i, &keep); !bad.ok()) return bad;
    if (!keep) {
      res->excluded_rows.push_back(static_cast<int>(i + 1));
      continue;
    }
    const int g = input.group.code[i];
    if (fixed_levels && given[static_cast<size_t>(g)] < 0) {
      return Status::invalid("group", i + 1,
                             "log_rank: group" + row_of(i) + " (\"" +
                                 in_levels[static_cast<size_t>(g)] +
                                 "\") is not one of the given levels");
    }
    kept[i] = 1;
    ++count[static_cast<size_t>(g)];
    if (!input.strata.empty()) ++scount[static_cast<size_t>(input.strata.code[i])];
    ++nkept;
  }
  res->n_excluded = static_cast<int>(res->excluded_rows.size());
  if (nkept == 0) {
    return Status::invalid("log_rank: no rows left after excluding " +
                           std::to_string(res->n_excluded) + " with missing values");
  }
  // gperm / sperm: input code -> final code (-1 for a level no kept row has).
  std::vector<int> gperm = given;
  if (fixed_levels) {
    res->groups = options.levels;
  } else {
    for (size_t g = 0; g < in_levels.size(); ++g) {
      if (count[g] == 0) continue;
      gperm[g] = static_cast<int>(res->groups.size());
      res->groups.push_back(in_levels[g]);
    }
  }
  std::vector<int> sperm{0};
  if (!input.strata.empty()) {
    sperm.assign(scount.size(), -1);
    for (size_t c = 0; c < scount.size(); ++c) {
      if (scount[c] == 0) continue;
      sperm[c] = static_cast<int>(res->strata.size());
      res->strata.push_back(input.strata.levels[c]);
    }
  }
  p->k = res->groups.size();
  p->nstrata = input.strata.empty() ? 1 : res->strata.size();
  res->n.assign(p->k, 0);
  for (size_t g = 0; g < gperm.size(); ++g) {
    if (gperm[g] >= 0) res->n[static_cast<size_t>(gperm[g])] = count[g];
  }
  if (Status bad = check_groups(*res, options); !bad.ok()) return bad;
  p->gk = 2 * static_cast<uint64_t>(p->k);
  if (p->gk * p->nstrata > UINT32_MAX) {
    return Status::invalid("log_rank: " + std::to_string(p->k) + " groups x " +
                           std::to_string(p->nstrata) + " strata is too many");
  }
  return pack(input, options, kept, nkept, gperm, sperm, p);
}

// ---- Kernel: one sweep of a stratum's rows in time order.

// O, E and V (k x k, row-major, added to) of stratum s. At each distinct time t: the rows whose
// entry is before t join the risk set; with n at risk and d events, w = S(t-)^rho,
// O_j += w d_j, E_j += w d r_j / n, V_jl += w^2 d (n - d) / (n - 1) (r_j / n)(delta_jl - r_l / n);
// then the rows leaving at t leave.
void sweep_stratum(const Prepared& p, size_t s, double rho, std::vector<double>* o,
                   std::vector<double>* e, std::vector<double>* vflat) {
  const size_t k = p.k;
  const size_t lo = p.start[s], hi = p.start[s + 1];
  const uint32_t base = static_cast<uint32_t>(s * p.gk);  // payload offset of this stratum
  std::vector<double> risk(k, 0.0), d(k), leave(k), frac(k);
  double nrisk = 0;
  size_t ep = 0, ehi = 0;
  if (p.has_entry) {
    ep = p.estart[s];
    ehi = p.estart[s + 1];
  } else {
    for (size_t i = lo; i < hi; ++i) risk[(p.pay[i] - base) >> 1] += 1.0;
    nrisk = static_cast<double>(hi - lo);
  }
  std::fill(o->begin(), o->end(), 0.0);
  std::fill(e->begin(), e->end(), 0.0);
  double* v = vflat->data();
  // V_ab += c r_a (delta_ab - frac_b), c = w^2 d (n - d) / (n (n - 1)), frac = r / n.
  const auto add_variance = [&](double c) {
    for (size_t a = 0; a < k; ++a) {
      if (risk[a] == 0.0) continue;
      const double ca = c * risk[a];
      double* row = &v[a * k];
      row[a] += ca;
      for (size_t b = 0; b < k; ++b) row[b] -= ca * frac[b];
    }
  };
  // The event's contributions at one time: deaths in total, d per group.
  const auto add_event = [&](double w, double deaths) {
    const double inv_n = 1.0 / nrisk;  // one division per event time (R divides each term)
    const double wd = w * deaths;
    for (size_t g = 0; g < k; ++g) {
      frac[g] = risk[g] * inv_n;
      (*o)[g] += w * d[g];
      (*e)[g] += wd * frac[g];
    }
    if (nrisk > 1) add_variance(w * wd * (nrisk - deaths) / (nrisk * (nrisk - 1)));
  };
  double km = 1.0;  // pooled Kaplan-Meier just before the current time (left-continuous)
  for (size_t i = lo; i < hi;) {
    const uint64_t t = p.key[i];
    for (; ep < ehi && p.ekey[ep] <= t; ++ep) {  // entry < t: at risk from now
      risk[(p.epay[ep] - base) >> 1] += 1.0;
      nrisk += 1.0;
    }
    if (i + 1 == hi || p.key[i + 1] != t) {
      // A time held by one row (the common case with continuous times): d = 0 or 1.
      const uint32_t gs = p.pay[i] - base;
      const size_t g1 = gs >> 1;
      if (gs & 1) {
        const double w = rho == 0.0 ? 1.0 : rho == 1.0 ? km : std::pow(km, rho);
        const double inv_n = 1.0 / nrisk;
        (*o)[g1] += w;
        for (size_t g = 0; g < k; ++g) {
          frac[g] = risk[g] * inv_n;
          (*e)[g] += w * frac[g];
        }
        if (nrisk > 1) add_variance(w * w * inv_n);  // c with d = 1
        if (rho != 0.0) km *= (nrisk - 1) * inv_n;
      }
      risk[g1] -= 1.0;
      nrisk -= 1.0;
      ++i;
      continue;
    }
    std::fill(d.begin(), d.end(), 0.0);
    std::fill(leave.begin(), leave.end(), 0.0);
    double deaths = 0.0;
    size_t j = i;
    for (; j < hi && p.key[j] == t; ++j) {
      const uint32_t gs = p.pay[j] - base;
      const double st = static_cast<double>(gs & 1);
      d[gs >> 1] += st;
      leave[gs >> 1] += 1.0;
      deaths += st;
    }
    if (deaths > 0) {
      add_event(rho == 0.0 ? 1.0 : rho == 1.0 ? km : std::pow(km, rho), deaths);
      if (rho != 0.0) km *= (nrisk - deaths) * (1.0 / nrisk);
    }
    for (size_t g = 0; g < k; ++g) risk[g] -= leave[g];
    nrisk -= static_cast<double>(j - i);
    i = j;
  }
}

// ---- Summarise: survdiff's chi-square and the trend test.

// Chi-square as survdiff(): groups with E > 0, minus the first of them.
void chi_square(LogRankResult* res) {
  const size_t k = res->groups.size();
  std::vector<size_t> keep;
  std::string dropped;
  for (size_t g = 0; g < k; ++g) {
    if (res->exp[g] > 0) {
      keep.push_back(g);
    } else {
      dropped += (dropped.empty() ? "\"" : ", \"") + res->groups[g] + "\"";
    }
  }
  res->df = static_cast<int>(keep.size()) - 1;
  if (!dropped.empty()) {
    res->warning = "group(s) " + dropped +
                   " never at risk at an event time (exp = 0): left out of the chi-square and "
                   "its df, as R's survdiff does";
  }
  if (keep.size() < 2) {
    res->chisq = 0.0;
    if (keep.empty()) {
      res->p = kNaN;  // R: pchisq(0, -1) is NaN
      res->warning = "no events: nothing to test (R reports chisq 0 on -1 df, p NaN)";
    } else {
      res->p = 1.0;  // R: pchisq(0, 0, lower.tail = FALSE) = 1
    }
    return;
  }
  const size_t m = keep.size() - 1;
  std::vector<std::vector<double>> vv(m, std::vector<double>(m));
  std::vector<double> u(m), x;
  for (size_t a = 0; a < m; ++a) {
    u[a] = res->obs[keep[a + 1]] - res->exp[keep[a + 1]];
    for (size_t b = 0; b < m; ++b) vv[a][b] = res->var[keep[a + 1]][keep[b + 1]];
  }
  if (!solve_small(vv, u, &x)) {
    res->chisq = kNaN;
    res->p = kNaN;
    res->status = Status::error(StatusCode::singular,
                                "log_rank: the variance matrix of O - E is singular (R's solve() "
                                "fails); no chi-square");
    return;
  }
  double chi = 0.0;
  for (size_t a = 0; a < m; ++a) chi += x[a] * u[a];
  res->chisq = chi;
  res->p = chisq_upper(chi, static_cast<double>(res->df));
}

// Trend on all groups: groups with E = 0 have O - E = 0 and zero rows in V, so they add
// nothing whatever their score.
void trend(const LogRankOptions& options, LogRankResult* res) {
  const size_t k = res->groups.size();
  res->trend_scores = options.trend_scores;
  if (res->trend_scores.empty()) {
    for (size_t g = 0; g < k; ++g) res->trend_scores.push_back(static_cast<double>(g + 1));
  }
  double u = 0.0, wvw = 0.0;
  for (size_t a = 0; a < k; ++a) {
    u += res->trend_scores[a] * (res->obs[a] - res->exp[a]);
    double va = 0.0;
    for (size_t b = 0; b < k; ++b) va += res->var[a][b] * res->trend_scores[b];
    wvw += res->trend_scores[a] * va;
  }
  if (wvw > 0) {
    res->trend_chisq = u * u / wvw;
    res->trend_p = chisq_upper(res->trend_chisq, 1.0);
  } else {
    res->trend_chisq = kNaN;
    res->trend_p = kNaN;
  }
}

}  // namespace

LogRankResult log_rank(const LogRankInput& input, const LogRankOptions& options) {
  LogRankResult res;
  if (Status bad = check_shapes(input, options); !bad.ok()) return fail(res, bad);
  Prepared p;
  if (Status bad = prepare(input, options, &res, &p); !bad.ok()) return fail(res, bad);
  const size_t k = p.k;
  res.obs.assign(k, 0.0);
  res.exp.assign(k, 0.0);
  if (!input.strata.empty()) {
    res.obs_by_stratum.assign(p.nstrata, std::vector<double>(k, 0.0));
    res.exp_by_stratum.assign(p.nstrata, std::vector<double>(k, 0.0));
  }
  std::vector<double> vflat(k * k, 0.0), o(k), e(k);
  for (size_t s = 0; s < p.nstrata; ++s) {
    sweep_stratum(p, s, options.rho, &o, &e, &vflat);
    for (size_t g = 0; g < k; ++g) {
      res.obs[g] += o[g];
      res.exp[g] += e[g];
    }
    if (!input.strata.empty()) {
      res.obs_by_stratum[s] = o;
      res.exp_by_stratum[s] = e;
    }
  }
  res.var.assign(k, std::vector<double>(k, 0.0));
  for (size_t a = 0; a < k; ++a) {
    for (size_t b = 0; b < k; ++b) res.var[a][b] = vflat[a * k + b];
  }
  chi_square(&res);
  trend(options, &res);
  return res;
}

}  // namespace infant_all
