// Multiple-comparison adjustment of p-values, as R's p.adjust().
#pragma once

#include <string>
#include <vector>

#include "infant_all/status.h"

namespace infant_all {

enum class PAdjustMethod { none, holm, bh, bonferroni };

// "none", "holm", "BH" (also "fdr", as R), "bonferroni" -> the method; false when unknown.
bool parse_p_adjust(const std::string& name, PAdjustMethod* method);
// R's name: "none", "holm", "BH", "bonferroni".
const char* to_string(PAdjustMethod method);

// p.adjust(p, method): NaN values (R's NA) stay NaN and do not count in n, the number of
// p-values adjusted. With p_(1) <= ... <= p_(n) the finite values in order:
//   bonferroni  min(1, n p);
//   holm        p_(i) -> min(1, max over j <= i of (n - j + 1) p_(j))   (step-down);
//   BH          p_(i) -> min(1, min over j >= i of n p_(j) / j)         (step-up).
// The result is in the order of `p`.
std::vector<double> p_adjust(const std::vector<double>& p, PAdjustMethod method);

}  // namespace infant_all
