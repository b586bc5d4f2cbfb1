// Tests of association in r x c contingency tables: Pearson's chi-square (R's chisq.test) and
// Fisher's exact test (R's fisher.test), plus a cross-tabulation helper.
#pragma once

#include <string>
#include <vector>

#include "infant_all/stats/survival_data.h"
#include "infant_all/status.h"

namespace infant_all {

// An r x c table of counts, row-major: counts[i * ncol + j] is row i, column j.
struct ContingencyTable {
  Status status;
  int nrow = 0;
  int ncol = 0;
  std::vector<double> counts;
  std::vector<std::string> row_levels, col_levels;  // labels from cross_tabulate(); else empty
  int n_excluded = 0;                               // rows of the data with x or y missing
  std::vector<int> excluded_rows;                   // 1-based, ascending
};

// Cross-tabulates two coded columns (labels convert: "" means missing); a row with either
// missing is excluded and counted. Levels in their factor_levels order, those the rows kept
// have; rows from x, columns from y.
// R equivalent: table(factor(x), factor(y)) after dropping rows with NA in x or y.
ContingencyTable cross_tabulate(const GroupCodes& x, const GroupCodes& y);

// What a characteristics table (Interfant-06 Table 1) prints beside the counts: the margins,
// and each count as a percentage of its column (the patients in that group with a known
// value). A column with no patients has NaN percentages.
struct TableMargins {
  std::vector<double> row_totals;  // nrow
  std::vector<double> col_totals;  // ncol
  double total = 0;
  std::vector<double> col_percent;        // row-major like counts: 100 * count / column total
  std::vector<double> row_total_percent;  // nrow: 100 * row total / total (the Total column)
};

// R equivalent: margin.table(tab, 1), margin.table(tab, 2), sum(tab),
//   100 * prop.table(tab, 2), 100 * prop.table(margin.table(tab, 1)).
TableMargins table_margins(const ContingencyTable& table);

struct ChisqTestOptions {
  bool correct = true;  // Yates' continuity correction, applied to 2 x 2 tables only (R's default)
};

struct ChisqTestResult {
  Status status;
  std::string method;      // "Pearson's Chi-squared test" [+ " with Yates' continuity correction"]
  double statistic = 0.0;  // X-squared
  int df = 0;              // (r - 1)(c - 1)
  double p = 0.0;
  bool yates_applied = false;     // R applies it only when min(0.5, |O - E|) > 0
  std::vector<double> expected;   // row-major, as counts
  std::vector<double> residuals;  // Pearson residuals (O - E) / sqrt(E)
  std::vector<double> stdres;     // standardised residuals (O - E) / sqrt(V)
  // R's warning "Chi-squared approximation may be incorrect" when any expected count < 5, or a
  // note on a zero row/column total; empty otherwise.
  std::string warning;
};

// Pearson's chi-square test of independence: X^2 = sum (|O - E| - Y)^2 / E with E = row total x
// column total / n, Y = min(0.5, min |O - E|) on 2 x 2 tables when correct (Yates), 0 otherwise;
// df = (r - 1)(c - 1). Counts need not be integers (R accepts any non-negative finite numbers).
// A zero row or column total makes some E = 0: R then returns X-squared NaN and p NaN without
// an error; so does this, with status ok and a warning naming the empty row/column.
// Tables with fewer than 2 rows or columns are rejected (R would switch to a goodness-of-fit
// test, which this does not provide).
// R equivalent: chisq.test(matrix(counts, nrow, byrow = TRUE), correct = correct)
ChisqTestResult chisq_test(const ContingencyTable& table, const ChisqTestOptions& options = {});

struct FisherTestOptions {
  double conf_level = 0.95;  // for the 2 x 2 odds-ratio interval
  // r x c tables: the p-value comes from the network algorithm (Mehta & Patel), whose work
  // (column fillings visited plus partial-table probabilities carried between columns) is capped
  // here; past it the result is status not_implemented with p NaN. The default answers every table
  // R's default fisher.test() (workspace = 200000) answered in a sample of ~800 (the hardest took
  // 5.2e6) and gives up within a few seconds (docs/CONTRACT.md).
  double max_work = 2e7;
};

struct FisherTestResult {
  Status status;
  std::string method = "Fisher's Exact Test for Count Data";
  double p = 0.0;  // two-sided
  // 2 x 2 only (NaN otherwise): conditional maximum-likelihood odds ratio and its exact interval.
  double estimate = 0.0;
  double conf_lower = 0.0;
  double conf_upper = 0.0;
  double conf_level = 0.95;
};

// Fisher's exact test of independence conditional on both margins.
// Two-sided p: the sum of the probabilities of all tables (same margins) whose probability is
// <= that of the observed table, with R's tolerance for ties: on 2 x 2 tables, d <= d_obs
// (1 + 1e-7) (fisher.test's relErr); on larger tables, log d <= log d_obs + 3.45254e-7 (FEXACT's
// TOL).
// 2 x 2: the odds-ratio estimate is the conditional MLE (the root of E[X; psi] = x for the
// noncentral hypergeometric X; 0 or Inf at the ends of the support) and the interval inverts the
// two one-sided exact tests at alpha = (1 - conf_level) / 2. The roots are found as R finds
// them: uniroot()'s zeroin steps at its default tolerance on fisher.test()'s brackets, so the
// estimate and interval equal fisher.test()'s to ~1e-12 (tests/golden). Those roots are only
// ~1e-4 accurate (up to 1% on large limits) against the equations solved tightly; matching what
// R prints was preferred.
// Counts must be non-negative integers (R rounds non-integers with a warning; this refuses).
// R equivalent: fisher.test(matrix(counts, nrow, byrow = TRUE), conf.level = conf_level)
FisherTestResult fisher_test(const ContingencyTable& table, const FisherTestOptions& options = {});

}  // namespace infant_all
