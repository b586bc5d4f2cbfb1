// fuzz_kaplan_meier: random small survival data (ties, zeros, huge and tiny times, all censored,
// one group, NaN, left truncation) -> kaplan_meier (kaplan_meier.h), then again on a shuffled
// copy of the rows.
//
// Invariants when the status is ok: every surv in [0, 1] and non-increasing along a curve;
// std_err >= 0 or NaN; lower <= surv <= upper where the limits are not NaN. Always: a shuffled
// copy of the rows gives a bit-identical result (the same excluded rows, mapped back).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "fuzz_bytes.h"
#include "infant_all/stats/kaplan_meier.h"

using namespace infant_all;

namespace {

// `dirty` inputs may hold invalid values (negative or infinite times, unknown status codes) that
// make the whole call fail; clean ones only missing values (NaN, the missing status), so that
// larger data sets still reach the estimator.
double survival_time(fuzz::Bytes& in, uint8_t scale, bool dirty) {
  switch (scale) {
    case 0:
      return static_cast<double>(in.u8() % 8);  // heavy ties, zeros
    case 1:
      if (dirty) return in.number();
      return in.flag() ? std::numeric_limits<double>::quiet_NaN() : 0.5 + in.u8() % 8;
    case 2:
      return 1e-300 * static_cast<double>(in.u8() % 6);  // tiny
    case 3:
      return 1e300 * static_cast<double>(in.u8() % 6);  // huge
    case 4:
      return 1.0 + static_cast<double>(in.u8() % 4) * 1e-9;  // timefix territory
    default:
      return static_cast<double>(in.u16() % 4000);  // days
  }
}

void check_curve_invariants(const KmResult& r) {
  for (const KmCurve& c : r.curves) {
    const size_t m = c.time.size();
    FUZZ_CHECK(c.surv.size() == m && c.std_err.size() == m && c.n_risk.size() == m &&
                   c.lower.size() == m && c.upper.size() == m,
               "curve %s: vector lengths differ", c.group.c_str());
    for (size_t i = 0; i < m; ++i) {
      FUZZ_CHECK(c.surv[i] >= 0.0 && c.surv[i] <= 1.0, "curve %s: surv[%zu] = %.17g",
                 c.group.c_str(), i, c.surv[i]);
      if (i > 0) {
        FUZZ_CHECK(c.surv[i] <= c.surv[i - 1], "curve %s: surv[%zu] = %.17g > surv[%zu] = %.17g",
                   c.group.c_str(), i, c.surv[i], i - 1, c.surv[i - 1]);
        FUZZ_CHECK(c.time[i] > c.time[i - 1], "curve %s: time[%zu] = %.17g not > %.17g",
                   c.group.c_str(), i, c.time[i], c.time[i - 1]);
      }
      FUZZ_CHECK(std::isnan(c.std_err[i]) || c.std_err[i] >= 0.0, "curve %s: std_err[%zu] = %.17g",
                 c.group.c_str(), i, c.std_err[i]);
      if (!std::isnan(c.lower[i])) {
        FUZZ_CHECK(c.lower[i] <= c.surv[i] * (1 + 1e-12), "curve %s: lower[%zu] %.17g > surv %.17g",
                   c.group.c_str(), i, c.lower[i], c.surv[i]);
      }
      if (!std::isnan(c.upper[i])) {
        FUZZ_CHECK(c.upper[i] >= c.surv[i] * (1 - 1e-12), "curve %s: upper[%zu] %.17g < surv %.17g",
                   c.group.c_str(), i, c.upper[i], c.surv[i]);
      }
    }
  }
}

void check_same(const KmResult& a, const KmResult& b, const std::vector<size_t>& perm) {
  FUZZ_CHECK(a.status.code == b.status.code, "shuffled: status %s vs %s ('%s' / '%s')",
             to_string(a.status.code), to_string(b.status.code), a.status.message.c_str(),
             b.status.message.c_str());
  if (!a.status.ok()) return;
  FUZZ_CHECK(a.n_excluded == b.n_excluded, "shuffled: n_excluded %d vs %d", a.n_excluded,
             b.n_excluded);
  std::vector<int> mapped;
  for (int r : b.excluded_rows) mapped.push_back(static_cast<int>(perm[r - 1]) + 1);
  std::sort(mapped.begin(), mapped.end());
  FUZZ_CHECK(mapped == a.excluded_rows, "shuffled: excluded rows differ");
  FUZZ_CHECK(a.curves.size() == b.curves.size(), "shuffled: %zu vs %zu curves", a.curves.size(),
             b.curves.size());
  for (size_t k = 0; k < a.curves.size(); ++k) {
    const KmCurve& x = a.curves[k];
    const KmCurve& y = b.curves[k];
    const char* g = x.group.c_str();
    FUZZ_CHECK(x.group == y.group && x.n == y.n && x.events == y.events,
               "shuffled: curve %zu header differs (%s n %d ev %d vs %s n %d ev %d)", k, g, x.n,
               x.events, y.group.c_str(), y.n, y.events);
    FUZZ_CHECK(fuzz::same(x.time, y.time), "shuffled: curve %s time differs", g);
    FUZZ_CHECK(x.n_risk == y.n_risk && x.n_event == y.n_event && x.n_censor == y.n_censor,
               "shuffled: curve %s counts differ", g);
    FUZZ_CHECK(fuzz::same(x.surv, y.surv), "shuffled: curve %s surv differs", g);
    FUZZ_CHECK(fuzz::same(x.std_err, y.std_err), "shuffled: curve %s std_err differs", g);
    FUZZ_CHECK(fuzz::same(x.lower, y.lower) && fuzz::same(x.upper, y.upper),
               "shuffled: curve %s limits differ", g);
    FUZZ_CHECK(fuzz::same(x.median, y.median) && fuzz::same(x.median_lower, y.median_lower) &&
                   fuzz::same(x.median_upper, y.median_upper),
               "shuffled: curve %s median differs (%.17g vs %.17g)", g, x.median, y.median);
    FUZZ_CHECK(fuzz::same(x.rmean, y.rmean) && fuzz::same(x.rmean_se, y.rmean_se),
               "shuffled: curve %s rmean differs (%.17g vs %.17g, se %.17g vs %.17g)", g, x.rmean,
               y.rmean, x.rmean_se, y.rmean_se);
    FUZZ_CHECK(fuzz::same(x.median_followup, y.median_followup) &&
                   fuzz::same(x.median_followup_lower, y.median_followup_lower) &&
                   fuzz::same(x.median_followup_upper, y.median_followup_upper),
               "shuffled: curve %s median follow-up differs", g);
    FUZZ_CHECK(x.at_times.size() == y.at_times.size(), "shuffled: curve %s at_times size", g);
    for (size_t i = 0; i < x.at_times.size(); ++i) {
      const KmAtTime& p = x.at_times[i];
      const KmAtTime& q = y.at_times[i];
      FUZZ_CHECK(fuzz::same(p.time, q.time) && fuzz::same(p.surv, q.surv) &&
                     fuzz::same(p.std_err, q.std_err) && fuzz::same(p.lower, q.lower) &&
                     fuzz::same(p.upper, q.upper) && p.n_risk == q.n_risk &&
                     p.n_event == q.n_event && p.n_censor == q.n_censor,
                 "shuffled: curve %s at_times[%zu] differs", g, i);
    }
    FUZZ_CHECK(x.risk_table.size() == y.risk_table.size(), "shuffled: curve %s risk table", g);
    for (size_t i = 0; i < x.risk_table.size(); ++i) {
      const KmRiskRow& p = x.risk_table[i];
      const KmRiskRow& q = y.risk_table[i];
      FUZZ_CHECK(fuzz::same(p.time, q.time) && p.n_risk == q.n_risk && p.n_event == q.n_event &&
                     p.n_censor == q.n_censor && p.cum_event == q.cum_event &&
                     p.cum_censor == q.cum_censor,
                 "shuffled: curve %s risk_table[%zu] differs", g, i);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Bytes in(data, size);
  const uint8_t shape = in.u8();
  const bool dirty = (shape & 0x80) != 0;
  const uint8_t opt = in.u8();
  const size_t n = in.below(48);
  const bool grouped = (shape & 1) != 0;
  const bool truncated = (shape & 2) != 0;
  const int n_groups = 1 + (shape >> 2) % 4;

  KmInput input;
  std::vector<std::string> group;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t row = in.u8();
    const double t = survival_time(in, static_cast<uint8_t>((row >> 4) % 6), dirty);
    input.time.push_back(t);
    int s = (row & 1);
    if ((shape & 0x40) != 0) s = 0;  // all censored
    if ((row & 0x0E) == 0x0E)
      s = (row & 1) || !dirty ? kMissingStatus : 2;  // missing / invalid code
    input.status.push_back(s);
    if (grouped) {
      static const char* const kLabels[] = {"a", "b", "10", "9", ""};
      group.push_back(kLabels[(row >> 1) % static_cast<unsigned>(n_groups + 1) % 5]);
    }
    if (truncated) {
      input.entry.push_back((row & 8) || !dirty ? t - static_cast<double>(in.u8() % 4) - 1
                                                : in.number());
    }
  }
  input.group = group;
  KmOptions options;
  options.conf_type = static_cast<KmConfType>(opt % 4);
  if (opt & 4)
    options.conf_level = (opt & 8) || !dirty ? 0.5 + (in.u8() % 50) / 100.0 : in.number();
  if (opt & 16) {
    const size_t k = in.below(5);
    for (size_t i = 0; i < k; ++i) options.times.push_back(in.flag() ? in.number() : in.u8() % 10);
  }
  if (opt & 32) {
    const size_t k = in.below(5);
    for (size_t i = 0; i < k; ++i) options.risk_times.push_back(in.u8() % 10);
  }
  if (opt & 64) options.rmean_tau = in.flag() ? in.number() : static_cast<double>(in.u8() % 10);
  options.reverse = (opt & 128) != 0;
  options.timefix = (shape & 0x20) == 0;

  const KmResult r = kaplan_meier(input, options);
  FUZZ_CHECK(r.status.ok() || !r.status.message.empty(), "status %s with an empty message",
             to_string(r.status.code));
  if (r.status.ok()) check_curve_invariants(r);
  // After timefix no two distinct times of a curve are within the absolute tolerance.
  if (r.status.ok() && options.timefix) {
    for (const KmCurve& c : r.curves) {
      for (size_t i = 1; i < c.time.size(); ++i) {
        FUZZ_CHECK(c.time[i] - c.time[i - 1] > 1.4901161193847656e-08,
                   "curve %s: time[%zu] %.17g and %.17g not merged by timefix", c.group.c_str(), i,
                   c.time[i - 1], c.time[i]);
      }
    }
  }
  // Without censoring or truncation Kaplan-Meier is 1 - the empirical CDF: the product of
  // (1 - d/n) telescopes to (rows still at risk after t) / n.
  if (r.status.ok() && !truncated) {
    for (const KmCurve& c : r.curves) {
      bool censored = false;
      for (int x : c.n_censor) censored = censored || x > 0;
      if (censored || c.time.empty() || c.n_risk[0] != c.n) continue;
      for (size_t i = 0; i < c.time.size(); ++i) {
        const double ecdf = static_cast<double>(c.n_risk[i] - c.n_event[i]) / c.n;
        FUZZ_CHECK(std::fabs(c.surv[i] - ecdf) <= 1e-12,
                   "curve %s: surv[%zu] %.17g vs 1 - ECDF %.17g", c.group.c_str(), i, c.surv[i],
                   ecdf);
      }
    }
  }

  const std::vector<size_t> perm = in.permutation(n);
  KmInput shuffled;
  shuffled.time = fuzz::permuted(input.time, perm);
  shuffled.status = fuzz::permuted(input.status, perm);
  shuffled.group = fuzz::permuted(input.group, perm);
  shuffled.entry = fuzz::permuted(input.entry, perm);
  check_same(r, kaplan_meier(shuffled, options), perm);
  return 0;
}
