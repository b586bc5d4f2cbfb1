// The difference of two Kaplan-Meier curves at a milestone (survival_difference.h).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

#include "infant_all/format.h"
#include "infant_all/stats/distributions.h"
#include "infant_all/stats/survival_difference.h"

namespace infant_all {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// S and its SE at t: the last row at or before t, S = 1 (SE 0) before the first row; false after
// the curve's last time (R's summary(times =) with extend = FALSE has no row there).
bool value_at(const KmCurve& c, double t, double* surv, double* se) {
  if (c.time.empty() || t > c.time.back()) return false;
  const auto k =
      static_cast<std::size_t>(std::upper_bound(c.time.begin(), c.time.end(), t) - c.time.begin());
  *surv = k == 0 ? 1.0 : c.surv[k - 1];
  *se = k == 0 ? 0.0 : c.std_err[k - 1];
  return true;
}

}  // namespace

MilestoneDifference milestone_difference(const KmCurve& curve1, const KmCurve& curve2, double time,
                                         double conf_level) {
  MilestoneDifference d;
  d.time = time;
  d.group1 = curve1.group;
  d.group2 = curve2.group;
  if (!(time >= 0) || std::isinf(time)) {
    d.status = Status::invalid("milestone", 0,
                               "milestone_difference: the milestone must be finite and >= 0 (" +
                                   format_number(time) + ")");
    return d;
  }
  if (!(conf_level > 0 && conf_level < 1)) {
    d.status = Status::invalid(
        "conf_level", 0,
        "milestone_difference: conf_level must be in (0, 1) (" + format_number(conf_level) + ")");
    return d;
  }
  const bool has1 = value_at(curve1, time, &d.surv1, &d.se1);
  const bool has2 = value_at(curve2, time, &d.surv2, &d.se2);
  if (!has1 || !has2) {
    d.surv1 = has1 ? d.surv1 : kNaN;
    d.se1 = has1 ? d.se1 : kNaN;
    d.surv2 = has2 ? d.surv2 : kNaN;
    d.se2 = has2 ? d.se2 : kNaN;
    d.diff = d.se = d.lower = d.upper = d.z = d.p = kNaN;
    d.note = "no estimate at " + format_number(time) + ": the follow-up of group " +
             (has1 ? curve2.group : curve1.group) + " ends before it";
    return d;
  }
  d.diff = d.surv2 - d.surv1;
  d.se = std::sqrt(d.se1 * d.se1 + d.se2 * d.se2);
  const double z = norm_two_sided_z(conf_level);
  d.lower = d.diff - z * d.se;
  d.upper = d.diff + z * d.se;
  d.z = d.diff / d.se;  // NaN (0 / 0) when both SEs are 0
  d.p = std::isnan(d.z) ? kNaN : norm_two_sided_p(d.z);
  return d;
}

}  // namespace infant_all
