// Wilcoxon rank-sum (Mann-Whitney) test of two groups, normal approximation with the tie
// correction and continuity correction, as R's wilcox.test(exact = FALSE, correct = TRUE).
#pragma once

#include <string>
#include <vector>

#include "infant_all/status.h"

namespace infant_all {

struct WilcoxonRankSumResult {
  Status status;
  std::string method;      // "Wilcoxon rank sum test with continuity correction"
  double statistic = 0.0;  // W: sum of the ranks of x minus n_x (n_x + 1) / 2
  double p = 0.0;          // two-sided
  int n_x = 0, n_y = 0;
};

// With ranks r of c(x, y) (mid-ranks for ties), W = sum r[x] - n_x (n_x + 1) / 2,
// z = W - n_x n_y / 2, sigma = sqrt(n_x n_y / 12 ((n + 1) - sum(t^3 - t) / (n (n - 1)))) over the
// tie groups t, z' = (z - sign(z) / 2) / sigma, p = 2 min(P(Z < z'), P(Z > z')). NaN values are
// dropped (R's NA). Each group needs a value; sigma = 0 (all values equal) gives p NaN as R.
// R equivalent: wilcox.test(x, y, exact = FALSE, correct = TRUE), i.e. wilcox.test(v ~ g, ...)
// with x the first level of g.
WilcoxonRankSumResult wilcoxon_rank_sum(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace infant_all
