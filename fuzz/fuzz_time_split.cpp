// fuzz_time_split: random small data with a time-dependent exposure (times with ties, tiny and
// huge, exposures before the start, at 0, within, at and after the end, NaN, missing status)
// -> split_at_exposure (time_split.h) and landmark_data (landmark.h), then the estimators on the
// counting-process rows (kaplan_meier, log_rank, cox_ph with entry).
//
// Invariants:
//   - split_at_exposure fails with a message, or: every interval has start < stop; a subject's
//     intervals tile (0, time] exactly, in order; an exposed interval never starts before the
//     exposure, an unexposed one never at or after an exposure that was used; only a subject's
//     last interval carries its status (earlier ones are censored, or missing with it); notes
//     name valid rows, in row order;
//   - Kaplan-Meier with entry = start grouped by the exposure, log-rank and the Cox fit of the
//     exposure on the split rows run (the sanitizers watch) and report a message when not ok;
//   - with no exposure at all the split is one row (0, time] per subject, and Kaplan-Meier,
//     log-rank and Cox with entry = 0 equal the estimators without entry: surv and chisq bit
//     for bit, Cox coefficients within 1e-9 relative when both fits converge (with timefix only
//     for moderate times; see below);
//   - landmark_data fails with a message, or keeps exactly the rows with time > L, with
//     time - L > 0 and the exposure fixed at exposure <= L.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "fuzz_bytes.h"
#include "infant_all/stats/cox.h"
#include "infant_all/stats/kaplan_meier.h"
#include "infant_all/stats/landmark.h"
#include "infant_all/stats/log_rank.h"
#include "infant_all/stats/time_split.h"

using namespace infant_all;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// `dirty` inputs may hold invalid times (zero, negative, infinite, NaN) that make the split
// fail; clean ones are positive, so that larger data sets reach the estimators.
double follow_up(fuzz::Bytes& in, uint8_t scale, bool dirty) {
  switch (scale) {
    case 0:
      return 1.0 + in.u8() % 8;  // heavy ties
    case 1:
      return dirty ? in.number() : 0.5 + in.u8() % 8;
    case 2:
      return 1e-300 * (1 + in.u8() % 6);  // tiny
    case 3:
      return 1e300 * (1 + in.u8() % 6);  // huge
    case 4:
      return 1.0 + static_cast<double>(in.u8() % 4) * 1e-9;  // timefix territory
    default:
      return 1.0 + in.u16() % 4000;  // days
  }
}

// An exposure relative to the follow-up time t: never, before the start, at 0, within, just
// before the end, at the end, after it, or any number.
double exposure_time(fuzz::Bytes& in, double t) {
  switch (in.u8() % 10) {
    case 0:
    case 1:
      return kNaN;
    case 2:
      return -static_cast<double>(1 + in.u8() % 3);
    case 3:
      return 0.0;
    case 4:
    case 5:
      return t * (1 + in.u8() % 7) / 8.0;
    case 6:
      return t - 1e-9 * (1 + in.u8() % 3);
    case 7:
      return t;
    case 8:
      return t + 1 + in.u8() % 3;
    default:
      return in.number();
  }
}

void check_split(const TimedExposureInput& input, const TimeSplitResult& s) {
  const size_t n = input.time.size();
  const size_t m = s.row.size();
  FUZZ_CHECK(
      s.start.size() == m && s.stop.size() == m && s.event.size() == m && s.exposed.size() == m,
      "split: column lengths differ (%zu rows)", m);
  size_t k = 0;
  int n_split = 0;
  for (size_t i = 0; i < n; ++i) {
    const double t = input.time[i];
    const double e = input.exposure[i];
    const int status = input.status[i];
    const size_t first = k;
    while (k < m && s.row[k] == static_cast<int>(i + 1)) ++k;
    FUZZ_CHECK(k > first, "split: subject %zu has no interval", i + 1);
    if (k - first == 2) ++n_split;
    FUZZ_CHECK(k - first <= 2, "split: subject %zu has %zu intervals", i + 1, k - first);
    // (0, time] tiled exactly: starts at 0, each interval starts where the last stopped.
    FUZZ_CHECK(s.start[first] == 0.0 && s.stop[k - 1] == t,
               "split: subject %zu covers (%.17g, %.17g], not (0, %.17g]", i + 1, s.start[first],
               s.stop[k - 1], t);
    // An exposure is used when it starts before the end of follow-up.
    const bool used = !std::isnan(e) && e < t;
    for (size_t j = first; j < k; ++j) {
      FUZZ_CHECK(s.start[j] < s.stop[j], "split: interval %zu (row %zu) is (%.17g, %.17g]", j + 1,
                 i + 1, s.start[j], s.stop[j]);
      if (j > first) {
        FUZZ_CHECK(s.start[j] == s.stop[j - 1], "split: row %zu has a gap or overlap at %.17g",
                   i + 1, s.start[j]);
      }
      FUZZ_CHECK(s.exposed[j] == 0 || s.exposed[j] == 1, "split: exposed %d", s.exposed[j]);
      if (s.exposed[j] == 1) {
        FUZZ_CHECK(used && e <= s.start[j],
                   "split: row %zu exposed on (%.17g, %.17g] with exposure %.17g (time %.17g)",
                   i + 1, s.start[j], s.stop[j], e, t);
      } else {
        FUZZ_CHECK(!used || s.start[j] < e,
                   "split: row %zu unexposed on (%.17g, %.17g] with exposure %.17g", i + 1,
                   s.start[j], s.stop[j], e);
      }
      const int censored = status == kMissingStatusCode ? kMissingStatusCode : 0;
      FUZZ_CHECK(s.event[j] == (j + 1 == k ? status : censored),
                 "split: row %zu interval %zu of %zu has event %d (status %d)", i + 1,
                 j - first + 1, k - first, s.event[j], status);
    }
  }
  FUZZ_CHECK(k == m, "split: %zu intervals after the last subject's", m - k);
  FUZZ_CHECK(n_split == s.n_split, "split: n_split %d, %d subjects with two intervals", s.n_split,
             n_split);
  size_t last = 0;
  for (const ExposureNote& note : s.notes) {
    FUZZ_CHECK(note.row >= 1 && note.row <= n && note.row >= last && !note.message.empty(),
               "split: note %s on row %zu of %zu (after row %zu): '%s'", to_string(note.kind),
               note.row, n, last, note.message.c_str());
    last = note.row;
  }
}

void check_landmark(const TimedExposureInput& input, double landmark, const LandmarkResult& r) {
  FUZZ_CHECK(r.status.ok() || !r.status.message.empty(), "landmark: status %s with no message",
             to_string(r.status.code));
  if (!r.status.ok()) return;
  const size_t m = r.row.size();
  FUZZ_CHECK(r.time.size() == m && r.event.size() == m && r.exposed.size() == m,
             "landmark: column lengths differ");
  size_t k = 0;
  for (size_t i = 0; i < input.time.size(); ++i) {
    const double t = input.time[i];
    const bool kept = k < m && r.row[k] == static_cast<int>(i + 1);
    FUZZ_CHECK(kept == (t > landmark), "landmark %.17g: row %zu time %.17g kept %d", landmark,
               i + 1, t, kept);
    if (!kept) continue;
    const double e = input.exposure[i];
    FUZZ_CHECK(r.time[k] > 0 && r.time[k] == t - landmark,
               "landmark %.17g: row %zu time %.17g reset to %.17g", landmark, i + 1, t, r.time[k]);
    FUZZ_CHECK(r.event[k] == input.status[i], "landmark: row %zu event %d status %d", i + 1,
               r.event[k], input.status[i]);
    FUZZ_CHECK(r.exposed[k] == (!std::isnan(e) && e <= landmark ? 1 : 0),
               "landmark %.17g: row %zu exposure %.17g exposed %d", landmark, i + 1, e,
               r.exposed[k]);
    ++k;
  }
  FUZZ_CHECK(k == m, "landmark: kept rows out of order or not in the input");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Bytes in(data, size);
  const uint8_t shape = in.u8();
  const bool dirty = (shape & 0x80) != 0;
  const bool no_exposure = (shape & 0x40) != 0;
  const uint8_t opt = in.u8();
  const size_t n = in.below(40);

  TimedExposureInput input;
  std::vector<double> x1, x2;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t row = in.u8();
    const double t = follow_up(in, static_cast<uint8_t>((row >> 4) % 6), dirty);
    input.time.push_back(t);
    int s = row & 1;
    if ((row & 0x0E) == 0x0E) s = (row & 1) || !dirty ? kMissingStatusCode : 2;
    input.status.push_back(s);
    input.exposure.push_back(no_exposure ? kNaN : exposure_time(in, t));
    x1.push_back(static_cast<double>((row >> 1) & 1));
    x2.push_back(static_cast<double>(in.u8() % 5));
  }
  const bool timefix = (opt & 1) == 0;
  const CoxTies ties = (opt & 2) ? CoxTies::breslow : CoxTies::efron;

  const double landmark = (opt & 4) ? in.number() : static_cast<double>(in.u8() % 8) / 2;
  check_landmark(input, landmark, landmark_data(input, landmark));

  const TimeSplitResult s = split_at_exposure(input);
  FUZZ_CHECK(s.status.ok() || !s.status.message.empty(), "split: status %s with no message",
             to_string(s.status.code));
  if (!s.status.ok()) return 0;
  check_split(input, s);

  // Simon-Makuch curves, Mantel-Byar test and the time-dependent Cox fit on the split rows.
  std::vector<std::string> exposed_label;
  for (int x : s.exposed) exposed_label.push_back(x ? "exposed" : "unexposed");
  std::vector<Covariate> td_cov = {
      Covariate::make_numeric("exposed", std::vector<double>(s.exposed.begin(), s.exposed.end()))};
  {
    KmInput km;
    km.time = s.stop;
    km.status = s.event;
    km.entry = s.start;
    km.group = exposed_label;
    KmOptions ko;
    ko.timefix = timefix;
    const KmResult r = kaplan_meier(km, ko);
    FUZZ_CHECK(r.status.ok() || !r.status.message.empty(), "km entry: status %s with no message",
               to_string(r.status.code));
    LogRankInput lr;
    lr.time = s.stop;
    lr.status = s.event;
    lr.entry = s.start;
    lr.group = exposed_label;
    LogRankOptions lo;
    lo.timefix = timefix;
    const LogRankResult q = log_rank(lr, lo);
    FUZZ_CHECK(q.status.ok() || !q.status.message.empty(), "log-rank entry: status %s",
               to_string(q.status.code));
    CoxInput cx{s.stop, s.event, td_cov, {}};
    cx.entry = s.start;
    CoxOptions co;
    co.ties = ties;
    co.timefix = timefix;
    const CoxResult c = cox_ph(cx, co);
    FUZZ_CHECK(c.status.ok() || !c.status.message.empty(), "cox entry: status %s",
               to_string(c.status.code));
  }

  if (!no_exposure) return 0;
  // No exposure: one row (0, time] per subject, and entry = 0 must change nothing.
  FUZZ_CHECK(s.row.size() == n && s.n_split == 0, "no exposure: %zu intervals for %zu subjects",
             s.row.size(), n);
  // timefix (R's aeqSurv) merges entry and exit times as one set, and its relative tolerance
  // is scaled by their mean: with entry = 0 in the set, 0 joins the times, the mean shrinks,
  // and a tiny time can merge into 0 (an error: an interval of length 0) or a gap that was kept
  // can merge, as in R. Equal results are required without timefix, and with it only for times
  // in [0.5, 1e4], where the relative tolerance cannot reach a gap the absolute one leaves; for
  // other times an error with entry must be that timefix one.
  bool moderate = true;
  for (double t : input.time) moderate = moderate && t >= 0.5 && t <= 1e4;
  const bool exact = !timefix || moderate;
  const auto timefix_error = [](const Status& st) {
    return st.message.find("timefix") != std::string::npos;
  };
  std::vector<std::string> group;
  for (size_t i = 0; i < n; ++i) group.push_back((opt & 8) ? (x1[i] != 0 ? "a" : "b") : "all");
  {
    KmInput plain;
    plain.time = input.time;
    plain.status = input.status;
    plain.group = group;
    KmInput counting = plain;
    counting.entry = s.start;
    KmOptions ko;
    ko.timefix = timefix;
    const KmResult a = kaplan_meier(plain, ko);
    const KmResult b = kaplan_meier(counting, ko);
    FUZZ_CHECK(a.status.code == b.status.code || (!exact && timefix_error(b.status)),
               "km: status %s without entry, %s with ('%s')", to_string(a.status.code),
               to_string(b.status.code), b.status.message.c_str());
    if (exact && a.status.ok()) {
      FUZZ_CHECK(a.curves.size() == b.curves.size(), "km: %zu vs %zu curves", a.curves.size(),
                 b.curves.size());
      for (size_t k = 0; k < a.curves.size(); ++k) {
        FUZZ_CHECK(fuzz::same(a.curves[k].time, b.curves[k].time) &&
                       fuzz::same(a.curves[k].surv, b.curves[k].surv),
                   "km: curve %s differs with entry = 0 (%zu vs %zu times)",
                   a.curves[k].group.c_str(), a.curves[k].time.size(), b.curves[k].time.size());
      }
    }
  }
  {
    std::vector<std::string> lr_group;
    for (size_t i = 0; i < n; ++i) lr_group.push_back(x2[i] < 2 ? "a" : "b");
    LogRankInput plain;
    plain.time = input.time;
    plain.status = input.status;
    plain.group = lr_group;
    LogRankInput counting = plain;
    counting.entry = s.start;
    LogRankOptions lo;
    lo.timefix = timefix;
    const LogRankResult a = log_rank(plain, lo);
    const LogRankResult b = log_rank(counting, lo);
    FUZZ_CHECK(a.status.code == b.status.code || (!exact && timefix_error(b.status)),
               "log-rank: status %s without entry, %s with ('%s')", to_string(a.status.code),
               to_string(b.status.code), b.status.message.c_str());
    if (exact && a.status.ok()) {
      FUZZ_CHECK(fuzz::same(a.chisq, b.chisq) && a.df == b.df,
                 "log-rank: chisq %.17g on %d df without entry, %.17g on %d df with entry = 0",
                 a.chisq, a.df, b.chisq, b.df);
    }
  }
  {
    const std::vector<Covariate> cov = {Covariate::make_numeric("x1", x1),
                                        Covariate::make_numeric("x2", x2)};
    CoxOptions co;
    co.ties = ties;
    co.timefix = timefix;
    const CoxResult a = cox_ph(CoxInput{input.time, input.status, cov, {}}, co);
    CoxInput counting{input.time, input.status, cov, {}};
    counting.entry = s.start;
    const CoxResult b = cox_ph(counting, co);
    if (exact && a.status.ok() && b.status.ok() && a.converged && b.converged) {
      FUZZ_CHECK(a.terms.size() == b.terms.size(), "cox: %zu vs %zu terms", a.terms.size(),
                 b.terms.size());
      for (size_t k = 0; k < a.terms.size(); ++k) {
        FUZZ_CHECK(fuzz::close(a.terms[k].coef, b.terms[k].coef, 1e-9),
                   "cox: %s coef %.17g without entry, %.17g with entry = 0",
                   a.terms[k].name.c_str(), a.terms[k].coef, b.terms[k].coef);
      }
    }
  }
  return 0;
}
