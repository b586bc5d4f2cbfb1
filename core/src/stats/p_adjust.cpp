// R's p.adjust() for the methods in p_adjust.h.
#include "infant_all/stats/p_adjust.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace infant_all {

bool parse_p_adjust(const std::string& name, PAdjustMethod* method) {
  if (name == "none") {
    *method = PAdjustMethod::none;
  } else if (name == "holm") {
    *method = PAdjustMethod::holm;
  } else if (name == "BH" || name == "fdr") {
    *method = PAdjustMethod::bh;
  } else if (name == "bonferroni") {
    *method = PAdjustMethod::bonferroni;
  } else {
    return false;
  }
  return true;
}

const char* to_string(PAdjustMethod method) {
  switch (method) {
    case PAdjustMethod::none:
      return "none";
    case PAdjustMethod::holm:
      return "holm";
    case PAdjustMethod::bh:
      return "BH";
    case PAdjustMethod::bonferroni:
      return "bonferroni";
  }
  return "none";
}

std::vector<double> p_adjust(const std::vector<double>& p, PAdjustMethod method) {
  std::vector<double> out = p;
  std::vector<std::size_t> order;  // the finite p-values, ascending (ties in input order)
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (!std::isnan(p[i])) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  const double n = static_cast<double>(order.size());
  switch (method) {
    case PAdjustMethod::none:
      break;
    case PAdjustMethod::bonferroni:
      for (const std::size_t i : order) out[i] = std::min(1.0, n * p[i]);
      break;
    case PAdjustMethod::holm: {
      double running = 0;
      for (std::size_t k = 0; k < order.size(); ++k) {
        running = std::max(running, (n - static_cast<double>(k)) * p[order[k]]);
        out[order[k]] = std::min(1.0, running);
      }
      break;
    }
    case PAdjustMethod::bh: {
      double running = 1;
      for (std::size_t k = order.size(); k-- > 0;) {
        running = std::min(running, n / static_cast<double>(k + 1) * p[order[k]]);
        out[order[k]] = std::min(1.0, running);
      }
      break;
    }
  }
  return out;
}

}  // namespace infant_all
