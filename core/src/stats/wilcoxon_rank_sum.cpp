// R's wilcox.test.default() for two samples, exact = FALSE, correct = TRUE
// (stats/R/wilcox.test.R): the normal approximation with tie and continuity corrections.
#include "infant_all/stats/wilcoxon_rank_sum.h"

#include <algorithm>
#include <cmath>

#include "infant_all/stats/distributions.h"
#include "infant_all/stats/kruskal_wallis.h"

namespace infant_all {

WilcoxonRankSumResult wilcoxon_rank_sum(const std::vector<double>& x_in,
                                        const std::vector<double>& y_in) {
  WilcoxonRankSumResult out;
  out.method = "Wilcoxon rank sum test with continuity correction";
  std::vector<double> both;
  for (const double v : x_in) {
    if (!std::isnan(v)) both.push_back(v);
  }
  const double nx = static_cast<double>(both.size());
  for (const double v : y_in) {
    if (!std::isnan(v)) both.push_back(v);
  }
  const double ny = static_cast<double>(both.size()) - nx;
  out.n_x = static_cast<int>(nx);
  out.n_y = static_cast<int>(ny);
  if (nx < 1) {
    out.status =
        Status::invalid("x", 0, "wilcoxon_rank_sum: not enough (non-missing) 'x' observations");
    out.statistic = out.p = std::nan("");
    return out;
  }
  if (ny < 1) {
    out.status = Status::invalid("y", 0, "wilcoxon_rank_sum: not enough 'y' observations");
    out.statistic = out.p = std::nan("");
    return out;
  }
  double tie_sum = 0.0;
  const std::vector<double> r = mid_ranks(both, &tie_sum);
  double rx = 0.0;
  for (std::size_t i = 0; i < static_cast<std::size_t>(nx); ++i) rx += r[i];
  out.statistic = rx - nx * (nx + 1.0) / 2.0;
  const double z0 = out.statistic - nx * ny / 2.0;
  const double sigma =
      std::sqrt((nx * ny / 12.0) * ((nx + ny + 1.0) - tie_sum / ((nx + ny) * (nx + ny - 1.0))));
  const double correction = (z0 > 0) - (z0 < 0);
  const double z = (z0 - 0.5 * correction) / sigma;
  // 2 * min(pnorm(z), pnorm(z, lower.tail = FALSE)); sigma = 0 gives NaN, as R.
  out.p = std::isnan(z) ? std::nan("") : 2.0 * std::min(norm_upper(-z), norm_upper(z));
  return out;
}

}  // namespace infant_all
