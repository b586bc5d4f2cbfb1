// Median, quartiles and range of a numeric variable per group, with the rank test between the
// groups (wilcoxon_rank_sum.h, kruskal_wallis.h).
#include "infant_all/stats/numeric_summary.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "infant_all/stats/kruskal_wallis.h"
#include "infant_all/stats/wilcoxon_rank_sum.h"

namespace infant_all {

double quantile_type7(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return std::nan("");
  // R: index <- 1 + (n - 1) * probs; lo <- floor(index); h <- index - lo;
  //    (1 - h) * x[lo] + h * x[hi] when index > lo and x[hi] != x[lo].
  const double index = static_cast<double>(sorted.size() - 1) * p;
  const double lo_d = std::floor(index);
  const std::size_t lo = static_cast<std::size_t>(lo_d);
  const std::size_t hi = static_cast<std::size_t>(std::ceil(index));
  const double qs = sorted[lo];
  if (index > lo_d && sorted[hi] != qs) {
    const double h = index - lo_d;
    return (1.0 - h) * qs + h * sorted[hi];
  }
  return qs;
}

NumericSummary summarise_numeric(const std::vector<double>& x) {
  NumericSummary s;
  std::vector<double> v;
  for (const double d : x) {
    if (std::isnan(d)) {
      ++s.n_missing;
    } else {
      v.push_back(d);
    }
  }
  s.n = static_cast<int>(v.size());
  if (v.empty()) {
    s.min = s.q1 = s.median = s.q3 = s.max = std::nan("");
    return s;
  }
  std::sort(v.begin(), v.end());
  s.min = v.front();
  s.max = v.back();
  s.q1 = quantile_type7(v, 0.25);
  s.median = quantile_type7(v, 0.5);
  s.q3 = quantile_type7(v, 0.75);
  return s;
}

NumericByGroup describe_by_group(const std::vector<double>& x, const GroupCodes& group) {
  NumericByGroup out;
  if (x.size() != group.size()) {
    out.status = Status::invalid("group", 0, "describe_by_group: x and group differ in length");
    return out;
  }
  const std::size_t k = group.levels.size();
  std::vector<std::vector<double>> per(k);
  std::vector<double> all;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (group.code[i] < 0) {
      ++out.n_group_missing;
      continue;
    }
    per[static_cast<std::size_t>(group.code[i])].push_back(x[i]);
    all.push_back(x[i]);
  }
  std::vector<std::size_t> with_values;
  for (std::size_t j = 0; j < k; ++j) {
    if (per[j].empty()) continue;  // a level no row has
    out.levels.push_back(group.levels[j]);
    out.groups.push_back(summarise_numeric(per[j]));
    if (out.groups.back().n > 0) with_values.push_back(j);
  }
  out.total = summarise_numeric(all);
  out.statistic = out.p = std::nan("");
  if (with_values.size() < 2) {
    out.test_message = "fewer than 2 groups have a value: no test of a difference";
  } else if (with_values.size() == 2) {
    const WilcoxonRankSumResult w = wilcoxon_rank_sum(per[with_values[0]], per[with_values[1]]);
    out.test = "wilcoxon";
    out.method = w.method;
    out.statistic = w.statistic;
    out.p = w.p;
    if (!w.status.ok()) out.test_message = w.status.message;
  } else {
    const KruskalWallisResult kw = kruskal_wallis(x, group);
    out.test = "kruskal";
    out.method = kw.method;
    out.statistic = kw.statistic;
    out.df = kw.df;
    out.p = kw.p;
    if (!kw.status.ok()) out.test_message = kw.status.message;
  }
  return out;
}

}  // namespace infant_all
