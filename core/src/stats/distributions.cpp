#include "infant_all/stats/distributions.h"

// Boost's default for the errors quiet_policy (below) does not name, and for the calls Boost
// makes inside with its default policy: ignored, never thrown. A thrown error's text is
// formatted through std::stringstream, which alone would link the iostreams into the WASM module.
#define BOOST_MATH_DOMAIN_ERROR_POLICY ignore_error
#define BOOST_MATH_POLE_ERROR_POLICY ignore_error
#define BOOST_MATH_OVERFLOW_ERROR_POLICY ignore_error
#define BOOST_MATH_EVALUATION_ERROR_POLICY ignore_error
#define BOOST_MATH_ROUNDING_ERROR_POLICY ignore_error

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <cmath>
#include <limits>

namespace infant_all {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Domain errors give NaN and overflow gives inf instead of throwing: the core never throws.
using quiet_policy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::underflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::evaluation_error<boost::math::policies::ignore_error>>;

}  // namespace

double chisq_upper(double x, double df) {
  if (std::isnan(x) || std::isnan(df) || !(df > 0)) return kNaN;
  if (x <= 0) return 1.0;
  if (std::isinf(x)) return 0.0;
  // Q(df/2, x/2) is the regularised upper incomplete gamma function.
  return boost::math::gamma_q(df / 2.0, x / 2.0, quiet_policy());
}

double norm_upper(double z) {
  if (std::isnan(z)) return kNaN;
  return 0.5 * boost::math::erfc(z / std::sqrt(2.0), quiet_policy());
}

double norm_two_sided_p(double z) {
  if (std::isnan(z)) return kNaN;
  return boost::math::erfc(std::fabs(z) / std::sqrt(2.0), quiet_policy());
}

double norm_quantile(double p) {
  if (std::isnan(p) || p < 0 || p > 1) return kNaN;
  if (p == 0) return -std::numeric_limits<double>::infinity();
  if (p == 1) return std::numeric_limits<double>::infinity();
  // qnorm(p) = -sqrt(2) erfc^-1(2p), accurate in both tails.
  return -std::sqrt(2.0) * boost::math::erfc_inv(2.0 * p, quiet_policy());
}

double norm_two_sided_z(double conf_level) {
  if (std::isnan(conf_level) || conf_level <= 0 || conf_level >= 1) return kNaN;
  return norm_quantile(1.0 - (1.0 - conf_level) / 2.0);
}

}  // namespace infant_all
