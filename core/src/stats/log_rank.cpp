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

}  // namespace

LogRankResult log_rank(const LogRankInput& input, const LogRankOptions& options) {
  LogRankResult res;
  const size_t nrow = input.time.size();
  if (nrow == 0) return fail(res, Status::invalid("time", 0, "log_rank: time is empty"));
  if (input.status.size() != nrow) {
    return fail(res, Status::invalid("status", 0,
                                     "log_rank: status has " + std::to_string(input.status.size()) +
                                         " rows but time has " + std::to_string(nrow)));
  }
  if (input.group.size() != nrow) {
    return fail(res, Status::invalid("group", 0,
                                     "log_rank: group has " + std::to_string(input.group.size()) +
                                         " rows but time has " + std::to_string(nrow)));
  }
  const bool stratified = !input.strata.empty();
  if (stratified && input.strata.size() != nrow) {
    return fail(res, Status::invalid("strata", 0,
                                     "log_rank: strata has " + std::to_string(input.strata.size()) +
                                         " rows but time has " + std::to_string(nrow)));
  }
  if (!(options.rho >= 0.0) || !std::isfinite(options.rho)) {
    return fail(res, Status::invalid("rho", 0,
                                     "log_rank: rho must be finite and >= 0 (" +
                                         format_number(options.rho) + ")"));
  }
  if (Status bad = check_order(input.order.get(), nrow, "log_rank: "); !bad.ok()) {
    return fail(res, bad);
  }

  for (const auto& [codes, name] :
       {std::pair<const GroupCodes*, const char*>{&input.group, "group"},
        {&input.strata, "strata"}}) {
    if (Status bad = check_codes(*codes, name, "log_rank: "); !bad.ok()) return fail(res, bad);
  }
  // Group order: the given levels, else the input's levels (factor_levels order) that occur
  // among the rows kept. given[g]: position of input level g among the given levels, or -1.
  const std::vector<std::string>& in_levels = input.group.levels;
  const bool fixed_levels = !options.levels.empty();
  std::vector<int> given(in_levels.size(), -1);
  if (fixed_levels) {
    for (size_t i = 0; i < options.levels.size(); ++i) {
      if (options.levels[i].empty()) {
        return fail(res, Status::invalid("levels", 0,
                                         "log_rank: levels[" + std::to_string(i + 1) +
                                             "] is empty (\"\" means missing)"));
      }
      if (std::find(options.levels.begin(), options.levels.begin() + static_cast<long>(i),
                    options.levels[i]) != options.levels.begin() + static_cast<long>(i)) {
        return fail(res, Status::invalid("levels", 0,
                                         "log_rank: levels[" + std::to_string(i + 1) + "] (\"" +
                                             options.levels[i] + "\") is repeated"));
      }
    }
    for (size_t g = 0; g < in_levels.size(); ++g) {
      const auto at = std::find(options.levels.begin(), options.levels.end(), in_levels[g]);
      if (at != options.levels.end()) given[g] = static_cast<int>(at - options.levels.begin());
    }
  }

  // One pass: check, exclude, and pack what the sweep needs: time bits as the sort key, group
  // code and status as the payload (stratum codes aside). Codes are the input's until the
  // levels no kept row has are dropped below. With a supplied order the rows are packed after
  // this pass, in that order, with their final codes.
  const bool ordered = input.order != nullptr;
  std::vector<uint64_t> key;
  std::vector<uint32_t> pay, scode;
  key.reserve(nrow);
  pay.reserve(nrow);
  if (stratified && !ordered) scode.reserve(nrow);
  size_t nkept = 0;
  std::vector<int> count(in_levels.size(), 0);  // kept rows per input group code
  std::vector<int> scount(stratified ? input.strata.levels.size() : 0, 0);
  auto row_of = [](size_t i) { return "[" + std::to_string(i + 1) + "]"; };
  for (size_t i = 0; i < nrow; ++i) {
    const double t = input.time[i];
    const int s = input.status[i];
    if (!std::isnan(t)) {
      if (std::isinf(t)) {
        return fail(res, Status::invalid("time", i + 1,
                                         "log_rank: time" + row_of(i) + " is not finite (" +
                                             format_number(t) + ")"));
      }
      if (t < 0) {
        return fail(res, Status::invalid("time", i + 1,
                                         "log_rank: time" + row_of(i) + " is negative (" +
                                             format_number(t) + ")"));
      }
    }
    if (s != LogRankInput::kMissingStatus && s != 0 && s != 1) {
      return fail(res, Status::invalid("status", i + 1,
                                       "log_rank: status" + row_of(i) + " is " + std::to_string(s) +
                                           "; expected 0 (censored) or 1 (event)"));
    }
    const int g = input.group.code[i];
    const int sc = stratified ? input.strata.code[i] : 0;
    if (std::isnan(t) || s == LogRankInput::kMissingStatus || g < 0 || sc < 0) {
      res.excluded_rows.push_back(static_cast<int>(i + 1));
      continue;
    }
    if (fixed_levels && given[g] < 0) {
      return fail(res, Status::invalid("group", i + 1,
                                       "log_rank: group" + row_of(i) + " (\"" + in_levels[g] +
                                           "\") is not one of the given levels"));
    }
    ++count[g];
    if (stratified) ++scount[sc];
    ++nkept;
    if (ordered) continue;
    key.push_back(time_key(t));
    pay.push_back(static_cast<uint32_t>(g) * 2 + static_cast<uint32_t>(s));
    if (stratified) scode.push_back(static_cast<uint32_t>(sc));
  }
  res.n_excluded = static_cast<int>(res.excluded_rows.size());

  // gperm / sperm: input code -> final code (-1 for a level no kept row has).
  std::vector<int> gperm(in_levels.size(), -1);
  if (fixed_levels) {
    res.groups = options.levels;
    gperm = given;
  } else {
    for (size_t g = 0; g < in_levels.size(); ++g) {
      if (count[g] == 0) continue;
      gperm[g] = static_cast<int>(res.groups.size());
      res.groups.push_back(in_levels[g]);
    }
  }
  std::vector<std::string> strata_labels;
  std::vector<int> sperm{0};
  if (stratified) {
    sperm.assign(scount.size(), -1);
    for (size_t c = 0; c < scount.size(); ++c) {
      if (scount[c] == 0) continue;
      sperm[c] = static_cast<int>(strata_labels.size());
      strata_labels.push_back(input.strata.levels[c]);
    }
  }
  const size_t k = res.groups.size();
  const size_t nstrata = stratified ? strata_labels.size() : 1;

  const size_t nused = nkept;
  if (nused == 0) {
    return fail(res, Status::invalid("log_rank: no rows left after excluding " +
                                     std::to_string(res.n_excluded) + " with missing values"));
  }
  res.n.assign(k, 0);
  for (size_t g = 0; g < gperm.size(); ++g) {
    if (gperm[g] >= 0) res.n[static_cast<size_t>(gperm[g])] = count[g];
  }
  for (size_t j = 0; j < k; ++j) {
    if (res.n[j] == 0) {
      return fail(res, Status::invalid("group", 0,
                                       "log_rank: group \"" + res.groups[j] +
                                           "\" has no rows (after exclusions)"));
    }
  }
  if (k < 2) {
    return fail(res, Status::invalid("group", 0,
                                     "log_rank: only one group (\"" + res.groups[0] +
                                         "\"); at least two are needed"));
  }
  if (!options.trend_scores.empty() && options.trend_scores.size() != k) {
    return fail(res, Status::invalid("trend_scores", 0,
                                     "log_rank: trend_scores has " +
                                         std::to_string(options.trend_scores.size()) +
                                         " values but there are " + std::to_string(k) + " groups"));
  }
  for (size_t j = 0; j < options.trend_scores.size(); ++j) {
    if (!std::isfinite(options.trend_scores[j])) {
      return fail(res, Status::invalid("trend_scores", 0,
                                       "log_rank: trend_scores[" + std::to_string(j + 1) +
                                           "] is not finite (" +
                                           format_number(options.trend_scores[j]) + ")"));
    }
  }
  const uint64_t gk = 2 * static_cast<uint64_t>(k);
  if (gk * nstrata > UINT32_MAX) {
    return fail(res, Status::invalid("log_rank: " + std::to_string(k) + " groups x " +
                                     std::to_string(nstrata) + " strata is too many"));
  }

  // Final codes: payload = stratum * 2k + group * 2 + status, so a stable sort by stratum after
  // the time sort yields (stratum, time) order.
  std::vector<uint64_t> key2;
  std::vector<uint32_t> pay2;
  if (ordered) {  // the endpoint's shared order: the kept rows are taken in it, not sorted
    const auto kept = [&](size_t i) {
      return !std::isnan(input.time[i]) && input.status[i] != LogRankInput::kMissingStatus &&
             input.group.code[i] >= 0 && (!stratified || input.strata.code[i] >= 0);
    };
    const auto pack = [&](size_t i) {
      const uint64_t sc =
          stratified ? static_cast<uint64_t>(sperm[static_cast<size_t>(input.strata.code[i])]) : 0;
      const uint64_t g = static_cast<uint64_t>(gperm[static_cast<size_t>(input.group.code[i])]);
      key.push_back(time_key(input.time[i]));
      pay.push_back(
          static_cast<uint32_t>(sc * gk + g * 2 + static_cast<uint64_t>(input.status[i])));
    };
    if (!walk_order(*input.order, input.time, nused, kept, pack)) {
      return fail(res, order_mismatch("log_rank: "));
    }
  } else {
    bool identity = gperm.size() == k;
    for (size_t j = 0; j < gperm.size() && identity; ++j) {
      identity = gperm[j] == static_cast<int>(j);
    }
    if (!identity || stratified) {
      for (size_t i = 0; i < nused; ++i) {
        const uint32_t p = pay[i];
        const uint64_t sc = stratified ? static_cast<uint64_t>(sperm[scode[i]]) : 0;
        pay[i] =
            static_cast<uint32_t>(sc * gk + static_cast<uint64_t>(gperm[p >> 1]) * 2 + (p & 1));
      }
    }
    radix_sort(&key, &pay, &key2, &pay2);
  }
  if (options.timefix) {  // on all strata together, as aeqSurv sees one Surv object
    detail::merge_near_ties(key.data(), key.data() + key.size(), key_time);
  }

  // Stable counting sort by stratum keeps time order within each stratum.
  std::vector<size_t> sstart(nstrata + 1, 0);
  if (nstrata > 1) {
    for (size_t i = 0; i < nused; ++i) ++sstart[pay[i] / gk + 1];
    for (size_t st = 0; st < nstrata; ++st) sstart[st + 1] += sstart[st];
    key2.resize(nused);
    pay2.resize(nused);
    std::vector<size_t> next(sstart.begin(), sstart.end() - 1);
    for (size_t i = 0; i < nused; ++i) {
      const size_t dst = next[pay[i] / gk]++;
      key2[dst] = key[i];
      pay2[dst] = pay[i];
    }
    key.swap(key2);
    pay.swap(pay2);
  } else {
    sstart[1] = nused;
  }

  res.obs.assign(k, 0.0);
  res.exp.assign(k, 0.0);
  res.var.assign(k, std::vector<double>(k, 0.0));
  if (stratified) {
    res.strata = strata_labels;
    res.obs_by_stratum.assign(nstrata, std::vector<double>(k, 0.0));
    res.exp_by_stratum.assign(nstrata, std::vector<double>(k, 0.0));
  }
  std::vector<double> vflat(k * k, 0.0);
  std::vector<double> risk(k), d(k), leave(k), o(k), e(k), frac(k);
  const double rho = options.rho;
  for (size_t s = 0; s < nstrata; ++s) {
    const size_t lo = sstart[s], hi = sstart[s + 1];
    const uint32_t base = static_cast<uint32_t>(s * gk);  // payload offset of this stratum
    std::fill(risk.begin(), risk.end(), 0.0);
    std::fill(o.begin(), o.end(), 0.0);
    std::fill(e.begin(), e.end(), 0.0);
    for (size_t i = lo; i < hi; ++i) risk[(pay[i] - base) >> 1] += 1.0;
    double nrisk = static_cast<double>(hi - lo);
    double km = 1.0;  // pooled Kaplan-Meier just before the current time (left-continuous)
    for (size_t i = lo; i < hi;) {
      const uint64_t t = key[i];
      if (i + 1 == hi || key[i + 1] != t) {
        // A time held by one row (the common case with continuous times): d = 0 or 1.
        const uint32_t gs = pay[i] - base;
        const size_t g1 = gs >> 1;
        if (gs & 1) {
          const double w = rho == 0.0 ? 1.0 : rho == 1.0 ? km : std::pow(km, rho);
          const double inv_n = 1.0 / nrisk;
          o[g1] += w;
          for (size_t g = 0; g < k; ++g) {
            frac[g] = risk[g] * inv_n;
            e[g] += w * frac[g];
          }
          if (nrisk > 1) {
            const double c = w * w * inv_n;  // w^2 d (n - d) / (n (n - 1)) with d = 1
            for (size_t a = 0; a < k; ++a) {
              if (risk[a] == 0.0) continue;
              const double ca = c * risk[a];
              double* row = &vflat[a * k];
              row[a] += ca;
              for (size_t b2 = 0; b2 < k; ++b2) row[b2] -= ca * frac[b2];
            }
          }
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
      for (; j < hi && key[j] == t; ++j) {
        const uint32_t gs = pay[j] - base;
        const double st = static_cast<double>(gs & 1);
        d[gs >> 1] += st;
        leave[gs >> 1] += 1.0;
        deaths += st;
      }
      if (deaths > 0) {
        const double w = rho == 0.0 ? 1.0 : rho == 1.0 ? km : std::pow(km, rho);
        // One division per event time; the rest are products (R divides each term, which
        // differs only in the last bits).
        const double inv_n = 1.0 / nrisk;
        const double wd = w * deaths;
        for (size_t g = 0; g < k; ++g) {
          frac[g] = risk[g] * inv_n;
          o[g] += w * d[g];
          e[g] += wd * frac[g];
        }
        if (nrisk > 1) {
          const double c = w * wd * (nrisk - deaths) / (nrisk * (nrisk - 1));
          for (size_t a = 0; a < k; ++a) {
            if (risk[a] == 0.0) continue;
            const double ca = c * risk[a];
            double* row = &vflat[a * k];
            row[a] += ca;
            for (size_t b2 = 0; b2 < k; ++b2) row[b2] -= ca * frac[b2];
          }
        }
        if (rho != 0.0) km *= (nrisk - deaths) * inv_n;
      }
      for (size_t g = 0; g < k; ++g) risk[g] -= leave[g];
      nrisk -= static_cast<double>(j - i);
      i = j;
    }
    for (size_t g = 0; g < k; ++g) {
      res.obs[g] += o[g];
      res.exp[g] += e[g];
    }
    if (stratified) {
      res.obs_by_stratum[s] = o;
      res.exp_by_stratum[s] = e;
    }
  }
  for (size_t a = 0; a < k; ++a) {
    for (size_t b = 0; b < k; ++b) res.var[a][b] = vflat[a * k + b];
  }

  // Chi-square as survdiff(): groups with E > 0, minus the first of them.
  std::vector<size_t> keep;
  std::string dropped;
  for (size_t g = 0; g < k; ++g) {
    if (res.exp[g] > 0) {
      keep.push_back(g);
    } else {
      dropped += (dropped.empty() ? "\"" : ", \"") + res.groups[g] + "\"";
    }
  }
  res.df = static_cast<int>(keep.size()) - 1;
  if (!dropped.empty()) {
    res.warning = "group(s) " + dropped +
                  " never at risk at an event time (exp = 0): left out of the chi-square and "
                  "its df, as R's survdiff does";
  }
  if (keep.size() < 2) {
    res.chisq = 0.0;
    if (keep.empty()) {
      res.p = kNaN;  // R: pchisq(0, -1) is NaN
      res.warning = "no events: nothing to test (R reports chisq 0 on -1 df, p NaN)";
    } else {
      res.p = 1.0;  // R: pchisq(0, 0, lower.tail = FALSE) = 1
    }
  } else {
    const size_t m = keep.size() - 1;
    std::vector<std::vector<double>> vv(m, std::vector<double>(m));
    std::vector<double> u(m), x;
    for (size_t a = 0; a < m; ++a) {
      u[a] = res.obs[keep[a + 1]] - res.exp[keep[a + 1]];
      for (size_t b = 0; b < m; ++b) vv[a][b] = res.var[keep[a + 1]][keep[b + 1]];
    }
    if (!solve_small(vv, u, &x)) {
      res.chisq = kNaN;
      res.p = kNaN;
      res.status = Status::error(StatusCode::singular,
                                 "log_rank: the variance matrix of O - E is singular (R's solve() "
                                 "fails); no chi-square");
    } else {
      double chi = 0.0;
      for (size_t a = 0; a < m; ++a) chi += x[a] * u[a];
      res.chisq = chi;
      res.p = chisq_upper(chi, static_cast<double>(res.df));
    }
  }

  // Trend on all groups: groups with E = 0 have O - E = 0 and zero rows in V, so they add
  // nothing whatever their score.
  res.trend_scores = options.trend_scores;
  if (res.trend_scores.empty()) {
    for (size_t g = 0; g < k; ++g) res.trend_scores.push_back(static_cast<double>(g + 1));
  }
  double u = 0.0, wvw = 0.0;
  for (size_t a = 0; a < k; ++a) {
    u += res.trend_scores[a] * (res.obs[a] - res.exp[a]);
    double va = 0.0;
    for (size_t b = 0; b < k; ++b) va += res.var[a][b] * res.trend_scores[b];
    wvw += res.trend_scores[a] * va;
  }
  if (wvw > 0) {
    res.trend_chisq = u * u / wvw;
    res.trend_p = chisq_upper(res.trend_chisq, 1.0);
  } else {
    res.trend_chisq = kNaN;
    res.trend_p = kNaN;
  }
  return res;
}

}  // namespace infant_all
