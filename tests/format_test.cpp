// format_number: the one number formatter of messages and written numbers (core/src/common).
#include "infant_all/format.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

using infant_all::format_number;

TEST_CASE("format_number writes whole numbers without an exponent and reads back exactly") {
  // Annotated CSV exports must show 100 and 350, not 1e+02 and 3.5e+02 (found in review).
  CHECK(format_number(100) == "100");
  CHECK(format_number(350) == "350");
  CHECK(format_number(-42) == "-42");
  CHECK(format_number(0) == "0");
  CHECK(format_number(-0.0) == "-0");
  CHECK(format_number(20000000) == "20000000");  // fisher_test's max_work, as %.17g wrote it
  CHECK(format_number(1e15) == "1e+15");
  CHECK(format_number(0.1) == "0.1");  // %.17g, the messages' old format, wrote 0.10000000000000001
  CHECK(format_number(-1.5) == "-1.5");
  CHECK(format_number(350.5) == "350.5");
  CHECK(format_number(1e-5) == "1e-05");
  CHECK(format_number(1e300) == "1e+300");
  for (double v : {0.1 + 0.2, 1.0 / 3.0, 123456789.125, 1e300, 5e-324, -2.2250738585072014e-308}) {
    CAPTURE(v);
    const std::string s = format_number(v);
    CHECK(std::strtod(s.c_str(), nullptr) == v);
  }
  CHECK(format_number(0.1 + 0.2) == "0.30000000000000004");
  CHECK(format_number(1.0 / 3.0) == "0.3333333333333333");
}

TEST_CASE("format_number: not-a-number and infinities as the messages name them") {
  // A missing CSV cell is written as "" by Column::cell_text, never through here.
  CHECK(format_number(std::nan("")) == "nan");
  CHECK(format_number(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(format_number(-std::numeric_limits<double>::infinity()) == "-inf");
  CHECK(format_number(std::nan(""), 6) == "nan");
  CHECK(format_number(-std::numeric_limits<double>::infinity(), 6) == "-inf");
}

TEST_CASE("format_number with a number of significant digits is printf's %.*g") {
  CHECK(format_number(1234567.0, 6) == "1.23457e+06");  // what std::ostream << wrote
  CHECK(format_number(1e-300, 6) == "1e-300");
  CHECK(format_number(350, 10) == "350");
  CHECK(format_number(100.0 / 30.4375, 10) == "3.285420945");  // classify.cpp's age in months
  CHECK(format_number(0.1, 17) == "0.10000000000000001");
  CHECK(format_number(0.1, 40) == "0.10000000000000001");  // capped at 17
}
