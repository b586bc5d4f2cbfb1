#include "infant_all/stats/landmark.h"

#include <cmath>
#include <string>
#include <utility>

#include "infant_all/format.h"

namespace infant_all {

namespace {

LandmarkResult fail(std::string argument, std::size_t row, std::string message) {
  LandmarkResult r;
  r.status = Status::invalid(std::move(argument), row, "landmark_data: " + message);
  return r;
}

}  // namespace

LandmarkResult landmark_data(const TimedExposureInput& input, double landmark) {
  const std::size_t n = input.time.size();
  if (input.status.size() != n) {
    return fail("status", 0,
                "status has " + std::to_string(input.status.size()) + " rows but time has " +
                    std::to_string(n));
  }
  if (input.exposure.size() != n) {
    return fail("exposure", 0,
                "exposure has " + std::to_string(input.exposure.size()) + " rows but time has " +
                    std::to_string(n));
  }
  if (!(landmark >= 0) || std::isinf(landmark)) {
    return fail("landmark", 0,
                "landmark must be finite and >= 0 (" + format_number(landmark) + ")");
  }
  LandmarkResult r;
  r.landmark = landmark;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = input.time[i];
    const int s = input.status[i];
    const auto row = [i] { return "[" + std::to_string(i + 1) + "]"; };  // built only on error
    if (t < 0)
      return fail("time", i + 1, "time" + row() + " is negative (" + format_number(t) + ")");
    if (std::isinf(t)) return fail("time", i + 1, "time" + row() + " is infinite");
    if (s != 0 && s != 1 && s != kMissingStatusCode) {
      return fail(
          "status", i + 1,
          "status" + row() + " is " + std::to_string(s) + "; expected 0 (censored) or 1 (event)");
    }
    if (std::isnan(t)) {
      r.excluded_rows.push_back(static_cast<int>(i + 1));
      continue;
    }
    if (!(t > landmark)) {
      ++r.n_ended;
      continue;
    }
    const double e = input.exposure[i];
    r.row.push_back(static_cast<int>(i + 1));
    r.time.push_back(t - landmark);
    r.event.push_back(s);
    r.exposed.push_back(!std::isnan(e) && e <= landmark ? 1 : 0);
  }
  return r;
}

}  // namespace infant_all
