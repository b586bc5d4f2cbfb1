// survminer's pairwise_survdiff(): log_rank on each pair of groups, p.adjust over the pairs, and
// each pair's Cox hazard ratio.
#include "infant_all/stats/pairwise_log_rank.h"

#include <cstddef>
#include <limits>
#include <utility>

#include "infant_all/stats/distributions.h"

namespace infant_all {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The rows of `input` in group a or b, with the group recoded to levels {a, b}; strata keep
// their levels (a stratum without rows here adds nothing to the sums).
LogRankInput pair_rows(const LogRankInput& input, const std::string& a, const std::string& b) {
  LogRankInput sub;
  std::vector<int> code;
  std::vector<int> strata_code;
  for (std::size_t i = 0; i < input.time.size(); ++i) {
    const std::string& label = input.group.label(i);
    if (input.group.code[i] < 0 || (label != a && label != b)) continue;
    sub.time.push_back(input.time[i]);
    sub.status.push_back(input.status[i]);
    if (!input.entry.empty()) sub.entry.push_back(input.entry[i]);
    if (!input.strata.empty()) strata_code.push_back(input.strata.code[i]);
    code.push_back(label == a ? 0 : 1);
  }
  sub.group = GroupCodes({a, b}, std::move(code));
  if (!input.strata.empty()) sub.strata = GroupCodes(input.strata.levels, std::move(strata_code));
  return sub;
}

// coxph(Surv(...) ~ group) on the pair, group2 against group1.
void pair_hazard_ratio(const LogRankInput& sub, const PairwiseOptions& pairwise,
                       PairwiseComparison* c) {
  CoxInput cin{sub.time,
               sub.status,
               {Covariate::make_categorical("group", sub.group, c->group1)},
               sub.strata};
  cin.entry = sub.entry;
  CoxOptions copt;
  copt.ties = pairwise.ties;
  copt.conf_level = pairwise.conf_level;
  const CoxResult fit = cox_ph(cin, copt);
  c->cox_status = to_string(fit.status.code);
  const bool usable =
      (fit.status.ok() || fit.status.code == StatusCode::not_converged) && fit.terms.size() == 1;
  c->hr = usable ? fit.terms[0].hr : kNaN;
  c->hr_lower = usable ? fit.terms[0].lower : kNaN;
  c->hr_upper = usable ? fit.terms[0].upper : kNaN;
}

}  // namespace

PairwiseLogRankResult pairwise_log_rank(const LogRankInput& input, const LogRankOptions& options,
                                        const PairwiseOptions& pairwise) {
  PairwiseLogRankResult res;
  res.adjust = to_string(pairwise.adjust);
  res.rho = options.rho;
  // The full test decides the levels, their order and every error.
  const LogRankResult full = log_rank(input, options);
  if (!full.status.ok()) {
    res.status = full.status;
    return res;
  }
  res.groups = full.groups;
  std::vector<double> p;
  for (std::size_t i = 0; i < res.groups.size(); ++i) {
    for (std::size_t j = i + 1; j < res.groups.size(); ++j) {
      PairwiseComparison c;
      c.group1 = res.groups[i];
      c.group2 = res.groups[j];
      const LogRankInput sub = pair_rows(input, c.group1, c.group2);
      LogRankOptions o = options;
      o.levels = {c.group1, c.group2};
      o.trend_scores.clear();
      const LogRankResult lr = log_rank(sub, o);
      if (!lr.status.ok()) {
        res.status = lr.status;
        return res;
      }
      c.n1 = lr.n[0];
      c.n2 = lr.n[1];
      c.obs1 = lr.obs[0];
      c.exp1 = lr.exp[0];
      c.obs2 = lr.obs[1];
      c.exp2 = lr.exp[1];
      c.chisq = lr.chisq;
      c.df = lr.df;
      c.p = chisq_upper(lr.chisq, 1);  // pairwise_survdiff: 1 df whatever survdiff's df
      pair_hazard_ratio(sub, pairwise, &c);
      p.push_back(c.p);
      res.pairs.push_back(std::move(c));
    }
  }
  const std::vector<double> adjusted = p_adjust(p, pairwise.adjust);
  for (std::size_t k = 0; k < res.pairs.size(); ++k) res.pairs[k].p_adj = adjusted[k];
  return res;
}

}  // namespace infant_all
