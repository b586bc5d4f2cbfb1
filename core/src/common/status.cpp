#include "infant_all/status.h"

namespace infant_all {

const char* to_string(StatusCode code) {
  switch (code) {
    case StatusCode::ok:
      return "ok";
    case StatusCode::invalid_argument:
      return "invalid_argument";
    case StatusCode::not_converged:
      return "not_converged";
    case StatusCode::singular:
      return "singular";
    case StatusCode::monotone_likelihood:
      return "monotone_likelihood";
    case StatusCode::not_implemented:
      return "not_implemented";
  }
  return "unknown";
}

}  // namespace infant_all
