// Kruskal-Wallis rank-sum test of k groups, as R's kruskal.test().
#pragma once

#include <string>
#include <vector>

#include "infant_all/stats/survival_data.h"
#include "infant_all/status.h"

namespace infant_all {

struct KruskalWallisResult {
  Status status;
  std::string method;      // "Kruskal-Wallis rank sum test"
  double statistic = 0.0;  // Kruskal-Wallis chi-squared
  int df = 0;              // groups with a value, minus 1
  double p = 0.0;
};

// H = (12 / (n (n + 1)) sum R_j^2 / n_j - 3 (n + 1)) / (1 - sum(t^3 - t) / (n^3 - n)), with R_j
// the rank sum of group j (mid-ranks for ties) and t the sizes of the tie groups; p from
// chi-square with k - 1 df, k the groups that have a value. Rows with x NaN or group missing
// (-1) are dropped. Fewer than 2 groups with values: invalid_argument, as R stops.
// R equivalent: kruskal.test(x, factor(g))
KruskalWallisResult kruskal_wallis(const std::vector<double>& x, const GroupCodes& group);

// Mid-ranks of x (no NaN), and sum(t^3 - t) over its tie groups: R's rank() and table().
std::vector<double> mid_ranks(const std::vector<double>& x, double* tie_sum);

}  // namespace infant_all
