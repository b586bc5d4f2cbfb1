// Errors are data: every result struct carries a Status. No exception crosses the core's API,
// so the same code runs natively and behind Embind without a throw reaching JavaScript.
#pragma once

#include <limits>
#include <string>

namespace infant_all {

enum class StatusCode {
  ok,
  invalid_argument,     // an input failed a check; message names the argument and row
  not_converged,        // iterative fit stopped at the iteration limit
  singular,             // redundant covariate: coefficient reported as NA, as R does
  monotone_likelihood,  // a coefficient runs to infinity; message names the covariate
  not_implemented,
};

struct Status {
  StatusCode code = StatusCode::ok;
  std::string message;  // empty when ok; otherwise "function: argument[row] ... (value)"

  bool ok() const { return code == StatusCode::ok; }
  static Status error(StatusCode c, std::string msg) { return Status{c, std::move(msg)}; }
  static Status invalid(std::string msg) {
    return Status{StatusCode::invalid_argument, std::move(msg)};
  }
};

// The one value every estimator reads as "status missing" in its int status vector (the row is
// then excluded and counted). The estimators' own names below are this value.
inline constexpr int kMissingStatusCode = std::numeric_limits<int>::min();

// snake_case name of a code, as printed in JSON ("ok", "invalid_argument", ...).
const char* to_string(StatusCode code);

}  // namespace infant_all
