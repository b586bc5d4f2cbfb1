// The one number formatter of the core: every error message, note and number written as text
// (CSV cells, the classifier's reasons) goes through it, in every layer (it lives in common).
// No std::ostringstream and no locale: snprintf in the "C" locale, which the core never changes.
#pragma once

#include <string>

namespace infant_all {

// digits == 0: the shortest text that reads back to the same double. Whole numbers below 1e15
// as written (300, not 3e+02), otherwise printf's %.15g, %.16g or %.17g, the first that reads
// back (0.1, not 0.10000000000000001; 1e-05; 1e+300). "nan", "inf", "-inf", "-0".
// digits > 0: at most that many significant digits (printf's %.*g), for a figure a person reads
// rather than a value to find again in a file (the classifier's "%.10g", 6 for a Cox scale).
std::string format_number(double v, int digits = 0);

}  // namespace infant_all
