// Landmark data for a time-dependent exposure: the subjects still in follow-up just after a
// landmark time L, grouped by whether they were exposed by L, with time counted from L. A
// Kaplan-Meier, log-rank or Cox analysis of those rows compares exposed and unexposed without
// the immortal-time bias of grouping by "ever exposed" (Anderson, Cain & Gelber 1983).
//
// R has no landmark function in survival (its vignettes have no landmark section); the usual
// code, and dynpred's cutLM (van Houwelingen & Putter), which removes subjects "censored or
// with the event before or at LM", is reproduced here and recorded in
// tests/golden/timedep.json ("landmark").
#pragma once

#include <cstddef>
#include <vector>

#include "infant_all/stats/time_split.h"
#include "infant_all/status.h"

namespace infant_all {

struct LandmarkResult {
  Status status;
  double landmark = 0;
  std::vector<int> row;            // 1-based input row of each kept subject, in input order
  std::vector<double> time;        // time - landmark (> 0)
  std::vector<int> event;          // the input status, kMissingStatusCode kept as it is
  std::vector<int> exposed;        // 1 when exposure <= landmark, else 0 (NaN = never)
  int n_ended = 0;                 // subjects dropped: follow-up ended at or before the landmark
  std::vector<int> excluded_rows;  // 1-based rows with a missing (NaN) time, dropped
};

// Keeps the rows with time > landmark (alive and followed just after L: a row ending at L
// has no time left, and an event at L happened before the groups were fixed), exposure fixed
// at exposure <= landmark (an exposure at L itself counts, as tdc() makes it exposed on
// (L, ...]), time reset to time - landmark (one subtraction, as R's). A NaN time is missing:
// the row is dropped and listed (R's subset() drops it too); a NaN exposure is "never".
// Errors (invalid_argument, naming argument and 1-based row): landmark not finite or < 0,
// time negative or infinite, status other than 0, 1, missing, lengths that differ.
// Cost: O(n), one pass.
// R equivalent: keep <- time > L; d <- data.frame(time = time[keep] - L, status = status[keep],
//   exposed = as.numeric(!is.na(exposure) & exposure <= L)[keep]); then survfit / survdiff /
//   coxph(Surv(time, status) ~ exposed, data = d).
LandmarkResult landmark_data(const TimedExposureInput& input, double landmark);

}  // namespace infant_all
