// Errors are data: every result struct carries a Status. No exception crosses the core's API,
// so the same code runs natively and behind Embind without a throw reaching JavaScript.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <utility>

namespace infant_all {

enum class StatusCode {
  ok,
  invalid_argument,     // an input failed a check; message names the argument and row
  not_converged,        // iterative fit stopped at the iteration limit
  singular,             // redundant covariate: coefficient reported as NA, as R does
  monotone_likelihood,  // a coefficient runs to infinity; message names the covariate
  not_implemented,
};

// An error names what it concerns twice: in words for a person (`message`) and as fields for a
// program (`argument`, `row`), so a caller can say where an element is (the contract names the
// file row of `row`) without reading the text.
struct Status {
  StatusCode code = StatusCode::ok;
  std::string message;   // empty when ok; otherwise "function: argument[row] ... (value)"
  std::string argument;  // the argument at fault ("time", "status", "x", "conf_level"), or ""
  std::size_t row = 0;   // 1-based row of `argument` in the function's input; 0 = not one row

  bool ok() const { return code == StatusCode::ok; }
  static Status error(StatusCode c, std::string msg) {
    Status s;
    s.code = c;
    s.message = std::move(msg);
    return s;
  }
  static Status invalid(std::string msg) {
    return error(StatusCode::invalid_argument, std::move(msg));
  }
  // An invalid `argument` (a data column or an option), at its 1-based `row` when the check is
  // of one element of a data column (0 for the argument as a whole, or an option's element).
  static Status invalid(std::string argument, std::size_t row, std::string msg) {
    Status s = invalid(std::move(msg));
    s.argument = std::move(argument);
    s.row = row;
    return s;
  }
};

// The one value every estimator reads as "status missing" in its int status vector (the row is
// then excluded and counted). The estimators' own names below are this value.
inline constexpr int kMissingStatusCode = std::numeric_limits<int>::min();

// snake_case name of a code, as printed in JSON ("ok", "invalid_argument", ...).
const char* to_string(StatusCode code);

}  // namespace infant_all
