#include "infant_all/format.h"

#include <fast_float/fast_float.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <system_error>

namespace infant_all {

std::string format_number(double v, int digits) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[40];
  if (digits > 0) {
    std::snprintf(buf, sizeof buf, "%.*g", digits < 17 ? digits : 17, v);
    return buf;
  }
  if (v == std::floor(v) && std::fabs(v) < 1e15) {  // whole numbers as written: 300, not 3e+02
    if (v == 0 && std::signbit(v)) return "-0";
    const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v));
    return std::string(buf, r.ptr);
  }
  // std::to_chars for double (the shortest form by itself) is missing from Emscripten 3.1.6's
  // libc++. %.15g is already the shortest form of any double that has one of 15 digits or fewer
  // (it rounds to the 15-digit grid, on which that form lies); 16 and 17 for the rest.
  for (int precision = 15; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    double back = 0;
    const auto r = fast_float::from_chars(buf, buf + std::strlen(buf), back);
    if (r.ec == std::errc() && back == v) break;
  }
  return buf;
}

}  // namespace infant_all
