#include "infant_all/stats/time_split.h"

#include <cmath>
#include <string>
#include <utility>

#include "infant_all/format.h"

namespace infant_all {

namespace {

TimeSplitResult fail(std::string argument, std::size_t row, std::string message) {
  TimeSplitResult r;
  r.status = Status::invalid(std::move(argument), row, "split_at_exposure: " + message);
  return r;
}

}  // namespace

const char* to_string(ExposureNoteKind kind) {
  switch (kind) {
    case ExposureNoteKind::before_start:
      return "before_start";
    case ExposureNoteKind::at_end:
      return "at_end";
    case ExposureNoteKind::after_end:
      return "after_end";
    case ExposureNoteKind::status_missing:
      return "status_missing";
  }
  return "unknown";
}

TimeSplitResult split_at_exposure(const TimedExposureInput& input) {
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
  TimeSplitResult r;
  r.row.reserve(n);
  r.start.reserve(n);
  r.stop.reserve(n);
  r.event.reserve(n);
  r.exposed.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = input.time[i];
    const int s = input.status[i];
    const double e = input.exposure[i];
    const auto row = [i] { return "[" + std::to_string(i + 1) + "]"; };  // built only when used
    if (std::isnan(t)) return fail("time", i + 1, "time" + row() + " is missing");
    if (!(t > 0) || std::isinf(t)) {
      return fail("time", i + 1,
                  "time" + row() + " (" + format_number(t) +
                      ") must be finite and > 0: follow-up (0, time] starts at 0");
    }
    if (s != 0 && s != 1 && s != kMissingStatusCode) {
      return fail(
          "status", i + 1,
          "status" + row() + " is " + std::to_string(s) + "; expected 0 (censored) or 1 (event)");
    }
    const int row1 = static_cast<int>(i + 1);
    const auto note = [&](ExposureNoteKind kind, std::string message) {
      r.notes.push_back({kind, i + 1, std::move(message)});
    };
    const auto add = [&](double start, double stop, int event, int exposed) {
      r.row.push_back(row1);
      r.start.push_back(start);
      r.stop.push_back(stop);
      r.event.push_back(event);
      r.exposed.push_back(exposed);
    };
    if (s == kMissingStatusCode) {
      note(ExposureNoteKind::status_missing,
           "status" + row() + " is missing: every interval of the subject carries it");
    }
    const int censored = s == kMissingStatusCode ? kMissingStatusCode : 0;
    if (std::isnan(e)) {
      add(0, t, s, 0);
    } else if (e <= 0) {
      if (e < 0) {
        note(ExposureNoteKind::before_start, "exposure" + row() + " (" + format_number(e) +
                                                 ") is before the start of follow-up (0): "
                                                 "exposed from the start");
      }
      add(0, t, s, 1);
    } else if (e < t) {
      add(0, e, censored, 0);
      add(e, t, s, 1);
      ++r.n_split;
    } else {
      const bool at_end = e == t;
      note(at_end ? ExposureNoteKind::at_end : ExposureNoteKind::after_end,
           "exposure" + row() + " (" + format_number(e) + ") is " + (at_end ? "at" : "after") +
               " the end of follow-up (" + format_number(t) + "): ignored, no time exposed");
      add(0, t, s, 0);
    }
  }
  return r;
}

}  // namespace infant_all
