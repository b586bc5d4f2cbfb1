// R's kruskal.test() (stats/R/kruskal.test.R), and the mid-ranks it shares with wilcox.test().
#include "infant_all/stats/kruskal_wallis.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numeric>

#include "infant_all/stats/distributions.h"

namespace infant_all {

std::vector<double> mid_ranks(const std::vector<double>& x, double* tie_sum) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> rank(x.size());
  double ties = 0.0;
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]]) ++j;
    // Positions i..j (0-based) share the mean of the ranks i + 1 .. j + 1.
    const double r = (static_cast<double>(i + 1) + static_cast<double>(j + 1)) / 2.0;
    for (std::size_t k = i; k <= j; ++k) rank[order[k]] = r;
    const double t = static_cast<double>(j - i + 1);
    ties += t * t * t - t;
    i = j + 1;
  }
  if (tie_sum) *tie_sum = ties;
  return rank;
}

KruskalWallisResult kruskal_wallis(const std::vector<double>& x, const GroupCodes& group) {
  KruskalWallisResult out;
  out.method = "Kruskal-Wallis rank sum test";
  if (x.size() != group.size()) {
    out.status = Status::invalid("group", 0, "kruskal_wallis: x and group differ in length");
    return out;
  }
  std::vector<double> v;
  std::vector<int> g;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i]) || group.code[i] < 0) continue;
    v.push_back(x[i]);
    g.push_back(group.code[i]);
  }
  const std::size_t k_all = group.levels.size();
  std::vector<double> rank_sum(k_all, 0.0), n_in(k_all, 0.0);
  double tie_sum = 0.0;
  const std::vector<double> r = mid_ranks(v, &tie_sum);
  for (std::size_t i = 0; i < v.size(); ++i) {
    rank_sum[static_cast<std::size_t>(g[i])] += r[i];
    n_in[static_cast<std::size_t>(g[i])] += 1.0;
  }
  const double n = static_cast<double>(v.size());
  double sum = 0.0;
  int k = 0;
  for (std::size_t j = 0; j < k_all; ++j) {
    if (n_in[j] == 0) continue;  // factor(g) keeps only the levels present
    ++k;
    sum += rank_sum[j] * rank_sum[j] / n_in[j];
  }
  if (k < 2) {
    out.status =
        Status::invalid("group", 0, "kruskal_wallis: all observations are in the same group");
    out.statistic = out.p = std::nan("");
    return out;
  }
  out.statistic =
      ((12.0 * sum / (n * (n + 1.0)) - 3.0 * (n + 1.0)) / (1.0 - tie_sum / (n * n * n - n)));
  out.df = k - 1;
  out.p = chisq_upper(out.statistic, out.df);
  return out;
}

}  // namespace infant_all
