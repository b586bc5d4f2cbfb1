// fuzz_cumulative_incidence: random competing-risks data (ties, zeros, tiny and huge times, all
// censored, one group, NaN, missing labels) -> cumulative_incidence (cumulative_incidence.h),
// then again on a shuffled copy of the rows.
//
// Invariants when the status is ok:
//   - every curve's est is in [0, 1] and non-decreasing, var >= -1e-12 (rounding) or NaN;
//   - per group, at every cause-specific event time t: sum over causes of F_c(t) plus the
//     all-cause Kaplan-Meier S(t) (kaplan_meier on the same rows, event = status != censor) is
//     1 within 1e-9.
// Always: a shuffled copy of the rows gives a bit-identical result.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "fuzz_bytes.h"
#include "infant_all/stats/cumulative_incidence.h"
#include "infant_all/stats/kaplan_meier.h"

using namespace infant_all;

namespace {

// `dirty` inputs may hold invalid values (negative or infinite times, unknown status codes) that
// make the whole call fail; clean ones only missing values (NaN, the missing status), so that
// larger data sets still reach the estimator.
double survival_time(fuzz::Bytes& in, uint8_t scale, bool dirty) {
  switch (scale) {
    case 0:
      return static_cast<double>(in.u8() % 8);
    case 1:
      if (dirty) return in.number();
      return in.flag() ? std::numeric_limits<double>::quiet_NaN() : 0.5 + in.u8() % 8;
    case 2:
      return 1e-300 * static_cast<double>(in.u8() % 6);
    case 3:
      return 1e300 * static_cast<double>(in.u8() % 6);
    default:
      return static_cast<double>(in.u16() % 4000);
  }
}

// Right-continuous step function through (times, values), `before` ahead of the first time.
double step_at(const std::vector<double>& times, const std::vector<double>& values, double t,
               double before) {
  const auto it = std::upper_bound(times.begin(), times.end(), t);
  if (it == times.begin()) return before;
  return values[static_cast<size_t>(it - times.begin()) - 1];
}

bool missing_label(const std::string& s) { return s.empty() || s == "NA"; }

void check_against_km(const CumincResult& r, const std::vector<double>& time,
                      const std::vector<int>& status, const std::vector<std::string>& group,
                      const std::vector<std::string>& strata, int censor) {
  // The rows cuminc keeps, grouped as it groups them.
  KmInput km;
  std::vector<std::string> km_group;
  for (size_t i = 0; i < time.size(); ++i) {
    if (std::isnan(time[i]) || status[i] == kStatusMissing) continue;
    if (!group.empty() && missing_label(group[i])) continue;
    if (!strata.empty() && missing_label(strata[i])) continue;
    km.time.push_back(time[i]);
    km.status.push_back(status[i] != censor ? 1 : 0);
    km_group.push_back(group.empty() ? "1" : group[i]);
  }
  km.group = km_group;
  // cmprsk merges no near-tied times, so neither may the Kaplan-Meier it is held against
  // (survfit's timefix would merge 1e-300 and 2e-300).
  KmOptions km_options;
  km_options.timefix = false;
  const KmResult k = kaplan_meier(km, km_options);
  FUZZ_CHECK(k.status.ok(), "cumulative_incidence ok but kaplan_meier on its rows fails: %s",
             k.status.message.c_str());
  std::map<std::string, const KmCurve*> by_group;
  for (const KmCurve& c : k.curves) by_group[c.group] = &c;
  for (const std::string& g : r.groups) {
    const auto found = by_group.find(g);
    FUZZ_CHECK(found != by_group.end(), "group '%s' has no Kaplan-Meier curve", g.c_str());
    const KmCurve& s = *found->second;
    std::vector<double> event_times;
    std::vector<const CumincCurve*> curves;
    for (const CumincCurve& c : r.curves) {
      if (c.group != g) continue;
      curves.push_back(&c);
      event_times.insert(event_times.end(), c.time.begin(), c.time.end());
    }
    for (double t : event_times) {
      double total = step_at(s.time, s.surv, t, 1.0);
      for (const CumincCurve* c : curves) total += step_at(c->time, c->est, t, 0.0);
      FUZZ_CHECK(std::fabs(total - 1.0) <= 1e-9,
                 "group '%s' at t = %.17g: sum of F_c + KM = %.17g (KM %.17g)", g.c_str(), t, total,
                 step_at(s.time, s.surv, t, 1.0));
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
  const bool stratified = (shape & 2) != 0;
  const unsigned n_groups = 1u + ((shape >> 2) & 3u);
  const unsigned n_causes = 1u + ((shape >> 4) & 3u);
  const int censor = (opt & 1) ? 1 : 0;

  std::vector<double> time;
  std::vector<int> status;
  std::vector<std::string> group, strata;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t row = in.u8();
    time.push_back(survival_time(in, static_cast<uint8_t>((row >> 5) % 5), dirty));
    int s = static_cast<int>(row % (n_causes + 1));  // 0 .. n_causes
    if (shape & 0x40) s = censor;                    // all censored
    if ((row & 0x1C) == 0x1C) s = (row & 1) || !dirty ? kStatusMissing : -2;
    status.push_back(s);
    static const char* const kLabels[] = {"a", "b", "10", "9", "", "NA"};
    if (grouped) group.push_back(kLabels[((row >> 2) ^ in.u8()) % (n_groups + 2) % 6]);
    if (stratified) strata.push_back((row & 2) ? "s1" : ((row & 0x20) ? "s2" : "NA"));
  }
  CumincOptions options;
  options.censor_value = censor;
  options.rho = (opt & 2) ? static_cast<double>(in.u8() % 4) : 0.0;
  if (opt & 4) {
    const size_t k = in.below(5);
    for (size_t i = 0; i < k; ++i) options.times.push_back(in.flag() ? in.number() : in.u8() % 10);
  }
  if (opt & 8) options.conf_level = (opt & 16) ? 0.5 : in.number();

  const CumincResult r = cumulative_incidence(CumincInput{time, status, group, strata}, options);
  FUZZ_CHECK(r.status.ok() || !r.status.message.empty(), "status %s with an empty message",
             to_string(r.status.code));
  if (r.status.ok()) {
    for (const CumincCurve& c : r.curves) {
      for (size_t i = 0; i < c.est.size(); ++i) {
        FUZZ_CHECK(c.est[i] >= 0 && c.est[i] <= 1 + 1e-12, "curve %s/%s est[%zu] = %.17g",
                   c.group.c_str(), c.cause.c_str(), i, c.est[i]);
        if (i > 0) {
          FUZZ_CHECK(c.est[i] >= c.est[i - 1], "curve %s/%s est[%zu] = %.17g < %.17g",
                     c.group.c_str(), c.cause.c_str(), i, c.est[i], c.est[i - 1]);
        }
        FUZZ_CHECK(
            std::isnan(c.var[i]) ||
                c.var[i] >= -1e-12,  // rounding: -5.6e-17 seen "curve %s/%s var[%zu] = %.17g",
            c.group.c_str(), c.cause.c_str(), i, c.var[i]);
      }
    }
    for (const GrayTest& t : r.tests) {
      FUZZ_CHECK(std::isnan(t.p) || (t.p >= 0 && t.p <= 1), "Gray test %s: p = %.17g",
                 t.cause.c_str(), t.p);
    }
    check_against_km(r, time, status, group, strata, censor);
  }

  const std::vector<size_t> perm = in.permutation(n);
  const CumincResult q =
      cumulative_incidence(CumincInput{fuzz::permuted(time, perm), fuzz::permuted(status, perm),
                                       fuzz::permuted(group, perm), fuzz::permuted(strata, perm)},
                           options);
  FUZZ_CHECK(r.status.code == q.status.code, "shuffled: status %s vs %s ('%s' / '%s')",
             to_string(r.status.code), to_string(q.status.code), r.status.message.c_str(),
             q.status.message.c_str());
  if (!r.status.ok()) return 0;
  FUZZ_CHECK(r.groups == q.groups && r.causes == q.causes && r.n == q.n &&
                 r.n_excluded == q.n_excluded && r.curves.size() == q.curves.size() &&
                 r.tests.size() == q.tests.size(),
             "shuffled: groups, causes, n or sizes differ");
  for (size_t k = 0; k < r.curves.size(); ++k) {
    const CumincCurve& x = r.curves[k];
    const CumincCurve& y = q.curves[k];
    FUZZ_CHECK(x.group == y.group && x.cause == y.cause && x.n == y.n && x.n_event == y.n_event &&
                   fuzz::same(x.time, y.time) && fuzz::same(x.est, y.est) &&
                   fuzz::same(x.var, y.var) && fuzz::same(x.max_time, y.max_time),
               "shuffled: curve %s/%s differs", x.group.c_str(), x.cause.c_str());
    FUZZ_CHECK(x.at_times.size() == y.at_times.size(), "shuffled: at_times size");
    for (size_t i = 0; i < x.at_times.size(); ++i) {
      const CumincAtTime& a = x.at_times[i];
      const CumincAtTime& b = y.at_times[i];
      FUZZ_CHECK(
          fuzz::same(a.time, b.time) && fuzz::same(a.est, b.est) && fuzz::same(a.var, b.var) &&
              fuzz::same(a.lower, b.lower) && fuzz::same(a.upper, b.upper),
          "shuffled: curve %s/%s at_times[%zu] differs", x.group.c_str(), x.cause.c_str(), i);
    }
  }
  for (size_t k = 0; k < r.tests.size(); ++k) {
    FUZZ_CHECK(fuzz::same(r.tests[k].stat, q.tests[k].stat) &&
                   fuzz::same(r.tests[k].p, q.tests[k].p) && r.tests[k].df == q.tests[k].df &&
                   r.tests[k].singular == q.tests[k].singular,
               "shuffled: Gray test %s stat %.17g vs %.17g", r.tests[k].cause.c_str(),
               r.tests[k].stat, q.tests[k].stat);
  }
  std::vector<int> mapped;
  for (int row : q.excluded_rows) mapped.push_back(static_cast<int>(perm[row - 1]) + 1);
  std::sort(mapped.begin(), mapped.end());
  FUZZ_CHECK(mapped == r.excluded_rows, "shuffled: excluded rows differ");
  return 0;
}
