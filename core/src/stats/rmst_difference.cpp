// Restricted mean survival time: two groups compared as survRM2::rmst2 (survival_difference.h).
#include <algorithm>
#include <cmath>

#include "infant_all/format.h"
#include "infant_all/stats/distributions.h"
#include "infant_all/stats/survival_difference.h"

namespace infant_all {

namespace {

// rmst2's "last observation is an event": every subject at the curve's last time had the event.
bool ends_on_events(const KmCurve& c) {
  return !c.time.empty() && c.n_censor.back() == 0 && c.n_event.back() > 0;
}

struct Contrast {
  double est, lower, upper, p;
};

// est -+ z se with its Wald p; on the log scale (log_scale) the estimate and limits are exp().
Contrast wald(double est, double se, double z, bool log_scale) {
  Contrast c{est, est - z * se, est + z * se, norm_two_sided_p(est / se)};
  if (log_scale) {
    c.est = std::exp(c.est);
    c.lower = std::exp(c.lower);
    c.upper = std::exp(c.upper);
  }
  return c;
}

RmstArm arm_of(const KmCurve& c, double z) {
  return {c.group, c.rmean, c.rmean_se, c.rmean - z * c.rmean_se, c.rmean + z * c.rmean_se};
}

}  // namespace

double rmst_tau_limit(const KmCurve& curve1, const KmCurve& curve2) {
  if (curve1.time.empty() || curve2.time.empty()) return std::nan("");
  const double last1 = curve1.time.back(), last2 = curve2.time.back();
  const KmCurve& shorter = last1 <= last2 ? curve1 : curve2;
  return ends_on_events(shorter) ? std::max(last1, last2) : std::min(last1, last2);
}

RmstComparison rmst_difference(const KmCurve& curve1, const KmCurve& curve2, double conf_level) {
  RmstComparison r;
  const std::string fn = "rmst_difference: ";
  r.tau = curve1.rmean_tau;
  if (std::isnan(r.tau) || !(curve2.rmean_tau == r.tau)) {
    r.status = Status::invalid("rmean_tau", 0,
                               fn + "both curves need their restricted mean to the same tau "
                                    "(KmOptions.rmean_tau)");
    return r;
  }
  if (!(conf_level > 0 && conf_level < 1)) {
    r.status = Status::invalid(
        "conf_level", 0, fn + "conf_level must be in (0, 1) (" + format_number(conf_level) + ")");
    return r;
  }
  const double limit = rmst_tau_limit(curve1, curve2);
  if (!(r.tau <= limit)) {
    r.status = Status::invalid(
        "rmean_tau", 0,
        fn + "tau (" + format_number(r.tau) + ") must be at most " + format_number(limit) +
            ": the restricted mean is only estimable up to where both curves are known "
            "(survRM2's rule: the smaller of the groups' last follow-up times, or the larger "
            "when the shorter curve ends on an event)");
    return r;
  }
  const double z = norm_two_sided_z(conf_level);
  r.arm1 = arm_of(curve1, z);
  r.arm2 = arm_of(curve2, z);
  const double v1 = r.arm1.se * r.arm1.se, v2 = r.arm2.se * r.arm2.se;
  const double m1 = r.arm1.rmst, m2 = r.arm2.rmst;
  r.diff_se = std::sqrt(v1 + v2);
  const Contrast diff = wald(m2 - m1, r.diff_se, z, false);
  r.diff = diff.est;
  r.diff_lower = diff.lower;
  r.diff_upper = diff.upper;
  r.diff_p = diff.p;
  const Contrast ratio =
      wald(std::log(m2) - std::log(m1), std::sqrt(v2 / (m2 * m2) + v1 / (m1 * m1)), z, true);
  r.ratio = ratio.est;
  r.ratio_lower = ratio.lower;
  r.ratio_upper = ratio.upper;
  r.ratio_p = ratio.p;
  const double l1 = r.tau - m1, l2 = r.tau - m2;
  const Contrast loss =
      wald(std::log(l2) - std::log(l1), std::sqrt(v2 / (l2 * l2) + v1 / (l1 * l1)), z, true);
  r.rmtl_ratio = loss.est;
  r.rmtl_ratio_lower = loss.lower;
  r.rmtl_ratio_upper = loss.upper;
  r.rmtl_ratio_p = loss.p;
  return r;
}

}  // namespace infant_all
