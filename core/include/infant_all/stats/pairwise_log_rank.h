// Log-rank tests between every pair of groups with adjusted p-values, as survminer's
// pairwise_survdiff(), and the Cox hazard ratio of each pair.
#pragma once

#include <string>
#include <vector>

#include "infant_all/stats/cox.h"
#include "infant_all/stats/log_rank.h"
#include "infant_all/stats/p_adjust.h"

namespace infant_all {

struct PairwiseOptions {
  PAdjustMethod adjust = PAdjustMethod::bh;  // pairwise_survdiff's default p.adjust.method
  double conf_level = 0.95;                  // of the hazard ratio's interval
  CoxTies ties = CoxTies::efron;             // of the Cox fit per pair
};

// One pair: group1 comes first in the level order and is the reference of the hazard ratio.
struct PairwiseComparison {
  std::string group1, group2;
  int n1 = 0, n2 = 0;  // subjects per group in the pair's test
  double obs1 = 0, exp1 = 0, obs2 = 0, exp2 = 0;
  double chisq = 0;
  int df = 0;
  double p = 0;      // unadjusted: pchisq(chisq, 1, lower.tail = FALSE), as pairwise_survdiff
  double p_adj = 0;  // adjusted over all pairs
  // coxph(Surv(time, status) ~ group) on the pair's rows (with the strata, entry): group2 against
  // group1. NaN when the fit gives no finite estimate (cox_status says why).
  double hr = 0, hr_lower = 0, hr_upper = 0;
  std::string cox_status;  // "ok", or the fit's status code ("monotone_likelihood", ...)
};

struct PairwiseLogRankResult {
  Status status;
  std::vector<std::string> groups;  // the levels, in order, as log_rank reports them
  std::string adjust;               // R's p.adjust method name
  double rho = 0;
  std::vector<PairwiseComparison> pairs;  // (1,2), (1,3), ..., (2,3), ...: levels i < j
};

// For each pair of levels i < j: log_rank on the rows in either group (the same options: rho,
// strata, entry, timefix), then p.adjust over the k(k - 1)/2 p-values. Rows excluded by the
// full test (missing values) are excluded here too; errors are those of the full test.
// R equivalent: survminer::pairwise_survdiff(Surv(time, status) ~ group, data, rho = rho,
//   p.adjust.method = "BH"), i.e. for each pair
//   survdiff(Surv(time, status) ~ group, data[data$group %in% c(a, b), ], rho = rho)
//   p <- pchisq(chisq, 1, lower.tail = FALSE); p.adjust(p, "BH");
// and coxph(Surv(time, status) ~ factor(group, c(a, b)), data[...]) for the hazard ratio.
PairwiseLogRankResult pairwise_log_rank(const LogRankInput& input,
                                        const LogRankOptions& options = {},
                                        const PairwiseOptions& pairwise = {});

}  // namespace infant_all
