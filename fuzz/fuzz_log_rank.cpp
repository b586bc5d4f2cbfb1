// fuzz_log_rank: random small survival data with groups and optional strata -> log_rank
// (log_rank.h), then again on a shuffled copy of the rows.
//
// Invariants when the status is ok and df > 0: chisq finite and >= 0, p in [0, 1]; df == 0:
// p in [0, 1]. Always: a shuffled copy of the rows gives a bit-identical result.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "fuzz_bytes.h"
#include "infant_all/stats/log_rank.h"

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
    case 4:
      return 1.0 + static_cast<double>(in.u8() % 4) * 1e-9;  // timefix territory
    default:
      return static_cast<double>(in.u16() % 4000);
  }
}

bool same_matrix(const std::vector<std::vector<double>>& a,
                 const std::vector<std::vector<double>>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!fuzz::same(a[i], b[i])) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Bytes in(data, size);
  const uint8_t shape = in.u8();
  const bool dirty = (shape & 0x80) != 0;
  const uint8_t opt = in.u8();
  const size_t n = in.below(48);
  const unsigned n_groups = 1u + (shape & 3u);
  const bool stratified = (shape & 4) != 0;

  LogRankInput input;
  std::vector<std::string> group, strata;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t row = in.u8();
    input.time.push_back(survival_time(in, static_cast<uint8_t>((row >> 4) % 6), dirty));
    int s = row & 1;
    if (shape & 0x40) s = 0;  // all censored
    if ((row & 0x0E) == 0x0E) s = (row & 1) || !dirty ? LogRankInput::kMissingStatus : -1;
    input.status.push_back(s);
    static const char* const kLabels[] = {"a", "b", "c", "d", ""};
    group.push_back(kLabels[(row >> 1) % (n_groups + ((shape & 8) ? 1u : 0u))]);
    if (stratified) strata.push_back((row & 0x80) ? "s1" : ((row & 4) ? "s2" : ""));
  }
  input.group = group;
  input.strata = strata;
  LogRankOptions options;
  switch (opt % 4) {
    case 0:
      options.rho = 0;
      break;
    case 1:
      options.rho = 1;
      break;
    case 2:
      options.rho = static_cast<double>(in.u8()) / 64.0;
      break;
    default:
      options.rho = in.number();
      break;
  }
  options.timefix = (opt & 4) == 0;
  if (opt & 8) {
    const size_t k = in.below(5);
    for (size_t i = 0; i < k; ++i) options.trend_scores.push_back(in.number());
  }

  const LogRankResult r = log_rank(input, options);
  FUZZ_CHECK(r.status.ok() || !r.status.message.empty(), "status %s with an empty message",
             to_string(r.status.code));
  if (r.status.ok()) {
    if (r.df > 0) {
      FUZZ_CHECK(std::isfinite(r.chisq) && r.chisq >= 0, "chisq %.17g on %d df", r.chisq, r.df);
    }
    if (r.df >= 0) {
      FUZZ_CHECK(r.p >= 0 && r.p <= 1, "p %.17g (chisq %.17g on %d df)", r.p, r.chisq, r.df);
    }
    FUZZ_CHECK(r.obs.size() == r.groups.size() && r.exp.size() == r.groups.size() &&
                   r.n.size() == r.groups.size(),
               "obs/exp/n sizes differ from %zu groups", r.groups.size());
  }

  const std::vector<size_t> perm = in.permutation(n);
  LogRankInput sh;
  sh.time = fuzz::permuted(input.time, perm);
  sh.status = fuzz::permuted(input.status, perm);
  sh.group = fuzz::permuted(input.group, perm);
  sh.strata = fuzz::permuted(input.strata, perm);
  const LogRankResult q = log_rank(sh, options);
  FUZZ_CHECK(r.status.code == q.status.code, "shuffled: status %s vs %s ('%s' / '%s')",
             to_string(r.status.code), to_string(q.status.code), r.status.message.c_str(),
             q.status.message.c_str());
  if (!r.status.ok()) return 0;
  FUZZ_CHECK(r.groups == q.groups && r.n == q.n && r.strata == q.strata,
             "shuffled: groups, n or strata differ");
  FUZZ_CHECK(fuzz::same(r.obs, q.obs) && fuzz::same(r.exp, q.exp), "shuffled: obs/exp differ");
  FUZZ_CHECK(same_matrix(r.var, q.var), "shuffled: var differs");
  FUZZ_CHECK(fuzz::same(r.chisq, q.chisq) && r.df == q.df && fuzz::same(r.p, q.p),
             "shuffled: chisq %.17g vs %.17g, df %d vs %d, p %.17g vs %.17g", r.chisq, q.chisq,
             r.df, q.df, r.p, q.p);
  FUZZ_CHECK(same_matrix(r.obs_by_stratum, q.obs_by_stratum) &&
                 same_matrix(r.exp_by_stratum, q.exp_by_stratum),
             "shuffled: per-stratum O/E differ");
  FUZZ_CHECK(fuzz::same(r.trend_chisq, q.trend_chisq) && fuzz::same(r.trend_p, q.trend_p),
             "shuffled: trend %.17g vs %.17g", r.trend_chisq, q.trend_chisq);
  FUZZ_CHECK(r.n_excluded == q.n_excluded, "shuffled: n_excluded %d vs %d", r.n_excluded,
             q.n_excluded);
  std::vector<int> mapped;
  for (int row : q.excluded_rows) mapped.push_back(static_cast<int>(perm[row - 1]) + 1);
  std::sort(mapped.begin(), mapped.end());
  FUZZ_CHECK(mapped == r.excluded_rows, "shuffled: excluded rows differ");
  return 0;
}
