// A numeric variable described per group for a characteristics table: n, missing, median,
// quartiles, range - and the rank test of a difference between the groups.
#pragma once

#include <string>
#include <vector>

#include "infant_all/stats/survival_data.h"
#include "infant_all/status.h"

namespace infant_all {

struct NumericSummary {
  int n = 0;          // values present
  int n_missing = 0;  // values missing (NaN) among the rows of the group
  double min = 0.0, q1 = 0.0, median = 0.0, q3 = 0.0, max = 0.0;  // NaN when n == 0
};

// R equivalent: quantile(x, p, type = 7) (R's default): with h = (n - 1) p, the order
// statistics x_(floor h) and x_(floor h + 1) (0-based) interpolated as (1 - f) a + f b.
// x sorted ascending, no NaN, not empty.
double quantile_type7(const std::vector<double>& sorted, double p);

// R equivalent: c(n = sum(!is.na(x)), n_missing = sum(is.na(x)), min, quantile(x, c(.25, .5,
// .75), na.rm = TRUE), max).
NumericSummary summarise_numeric(const std::vector<double>& x);

struct NumericByGroup {
  Status status;
  std::vector<std::string> levels;     // the groups, factor order (those with a row)
  std::vector<NumericSummary> groups;  // per level
  NumericSummary total;                // rows with a group (the value may be missing)
  int n_group_missing = 0;             // rows whose group is missing (not in any column)
  // Rank test between the groups with a value: Wilcoxon rank-sum for 2, Kruskal-Wallis for 3+.
  std::string test;  // "wilcoxon" | "kruskal" | "" (fewer than 2 groups with values)
  std::string method;
  double statistic = 0.0;
  int df = 0;  // Kruskal-Wallis only
  double p = 0.0;
  std::string test_message;  // why there is no test, when there is none
};

// R equivalent: tapply(x, g, summary); wilcox.test(x ~ g, exact = FALSE, correct = TRUE) when g
// has 2 levels with values, else kruskal.test(x, g).
NumericByGroup describe_by_group(const std::vector<double>& x, const GroupCodes& group);

}  // namespace infant_all
