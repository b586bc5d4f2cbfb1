// Tail probabilities and quantiles used by every test and interval in the engine.
//
// Backed by Boost.Math (Debian libboost-dev, header-only; compiles unchanged under Emscripten):
// its incomplete-gamma and erfc implementations keep relative accuracy far into the tails,
// which R's pchisq(..., lower.tail = FALSE) also does, down to p ~ 1e-300. Hand-written
// continued fractions would need the same care and a proof of it; the library has both.
#pragma once

namespace infant_all {

// P(X > x) for X ~ chi-square(df). R equivalent: pchisq(x, df, lower.tail = FALSE).
// Returns NaN when x or df is NaN, or df <= 0; 1 for x <= 0.
double chisq_upper(double x, double df);

// P(Z > z) for Z ~ N(0,1). R equivalent: pnorm(z, lower.tail = FALSE).
double norm_upper(double z);

// Two-sided p-value 2 P(Z > |z|). R equivalent: 2 * pnorm(-abs(z)).
double norm_two_sided_p(double z);

// Quantile of N(0,1). R equivalent: qnorm(p). NaN outside (0,1); +-inf at 1 and 0.
double norm_quantile(double p);

// z for a two-sided interval at conf_level, e.g. 1.959963984540054 for 0.95.
// R equivalent: qnorm(1 - (1 - conf_level) / 2).
double norm_two_sided_z(double conf_level);

}  // namespace infant_all
