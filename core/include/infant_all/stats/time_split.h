// Splitting one row per subject at the time an exposure starts (a treatment, a transplant)
// into counting-process rows (start, stop], so the exposure can enter a Cox model as a
// time-dependent covariate, be tested (Mantel-Byar: the score test of that covariate) and drawn
// as Simon-Makuch curves (Kaplan-Meier with entry, KmInput.entry, grouped by the exposure of
// each interval). Knows nothing of what the exposure is.
//
// Conventions copied from R's survival 3.5 tmerge(d, d, id, death = event(time, status),
// exposed = tdc(exposure)), as recorded in tests/golden/timedep.json ("split"); the one
// deliberate difference is a missing status (see split_at_exposure).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "infant_all/status.h"

namespace infant_all {

// One row per subject. Follow-up starts at time 0 for everyone.
struct TimedExposureInput {
  std::vector<double> time;      // end of follow-up: finite and > 0
  std::vector<int> status;       // 1 event, 0 censored, kMissingStatusCode missing
  std::vector<double> exposure;  // time the exposure starts; NaN = never exposed
};

// Why a row's exposure was not used as given. Each is reported, never an error: R's tmerge
// does the same silently (it counts them in attr(, "tcount")).
enum class ExposureNoteKind {
  before_start,    // exposure < 0 (tcount "early"): exposed from time 0
  at_end,          // exposure == time (tcount "trailing"): ignored, the row is not exposed
  after_end,       // exposure > time (tcount "late"): ignored, the row is not exposed
  status_missing,  // the subject's status is missing: all its intervals carry it (see below)
};

// snake_case name of a kind ("before_start", ...), as printed in JSON.
const char* to_string(ExposureNoteKind kind);

struct ExposureNote {
  ExposureNoteKind kind = ExposureNoteKind::before_start;
  std::size_t row = 0;  // 1-based row of the input
  std::string message;  // "exposure[row] (12) is after the end of follow-up (10): ignored"
};

// Counting-process rows, ordered by source row then start (tmerge's order for data sorted by
// id). A subject exposed at e with 0 < e < time gives (0, e] unexposed with status 0 and
// (e, time] exposed with the subject's status; any other subject gives one row (0, time].
struct TimeSplitResult {
  Status status;
  std::vector<int> row;  // 1-based source row of each interval
  std::vector<double> start;
  std::vector<double> stop;
  std::vector<int> event;           // 0/1, or kMissingStatusCode for a subject with missing status
  std::vector<int> exposed;         // 0/1 over the whole interval
  int n_split = 0;                  // subjects cut in two
  std::vector<ExposureNote> notes;  // in row order
};

// Splits each subject's follow-up (0, time] at its exposure time. The rules, each R's tmerge
// with tdc(exposure) (checked against it, tests/time_split_test.cpp):
//   - exposure NaN: never exposed, one unexposed row;
//   - exposure 0 (tcount "leading"): exposed from the start, one exposed row, no note;
//   - exposure < 0 ("early"): exposed from the start, with a before_start note;
//   - 0 < exposure < time ("within"): two rows, split at exposure; no tolerance - an exposure
//     1e-9 before the end gives a (time - 1e-9, time] row, as tmerge does;
//   - exposure == time ("trailing"): ignored - there is no time left to be exposed in - with
//     an at_end note. An exposure on the day of the event, in whole days, is thus unexposed;
//     survival's vignette (Stanford transplant data) moves such a time 0.5 day earlier so the
//     death counts as one after exposure - a decision for the caller, who sees the note;
//   - exposure > time ("late"): ignored, with an after_end note.
// Errors (status invalid_argument naming the argument and 1-based row), as tmerge stops:
// time NaN ("missing time value"), time <= 0 or infinite ((0, time] must be an interval);
// status other than 0, 1, missing; lengths that differ. Exposure +-Inf is after the end /
// before the start.
// The difference from tmerge: a missing status. tmerge drops a missing event (its na.rm),
// which makes the subject censored; here every interval of the subject carries the missing
// status, so the estimators exclude the subject and count it, as they would its one unsplit
// row (R: Surv(time, status) with status NA is dropped by na.omit), with a status_missing note.
// Cost: O(n), one pass.
// R equivalent: tmerge(d, d, id = id, death = event(time, status), exposed = tdc(exposure)).
TimeSplitResult split_at_exposure(const TimedExposureInput& input);

}  // namespace infant_all
