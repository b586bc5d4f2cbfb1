// A time-dependent exposure (e.g. a transplant) named in a request - --exposure-time COL or, with
// --endpoint, --exposure-date COL - on the analysis' time scale, and the split of each subject's
// follow-up at it into counting-process rows (docs/ENGINE.md, "A time-dependent exposure").
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "columns.h"
#include "infant_all/contract/commands.h"
#include "survival_input.h"

namespace infant_all::contract {

// True when the request names an exposure (either option).
bool has_exposure(const nlohmann::ordered_json& r);

// The exposure time of each element of `s` (NaN = never exposed): --exposure-time as numbers
// (the unit of --time; with --endpoint, days), or --exposure-date as dates measured from the
// endpoint's start date. Exactly one of the two; `option` receives which.
bool exposure_times(AnalysisContext& context, const nlohmann::ordered_json& r,
                    const SurvivalInput& s, std::vector<double>* out, std::string* option,
                    Errors& err);

// --naive: the biased comparison a time-dependent exposure needs contrasting with - each subject
// in group "1" when ever exposed (an exposure time given; R: exposed <- !is.na(exposure)) and
// "0" otherwise, from time 0, with no split. For showing the immortal-time bias only.
bool naive_groups(AnalysisContext& context, const nlohmann::ordered_json& r, const SurvivalInput& s,
                  GroupCodes* out, Errors& err);

// Follow-up split at the exposure (R: tmerge(..., tdc(exposure))), ready for an estimator with
// entry times: one element per interval, then one per subject the split cannot take (a missing
// time or status, or a follow-up time of 0, which has no interval (0, 0] - R's tmerge refuses
// it), with a NaN time so the estimator excludes and counts it.
struct ExposureSplit {
  std::vector<double> start, stop;
  std::vector<int> status;
  std::vector<int> exposed;  // 0/1 over the interval
  std::vector<size_t> rows;  // table row of each element
  std::string option;        // "exposure_time" or "exposure_date"
  nlohmann::ordered_json
      summary;  // {option, column, n_subjects, n_exposed, n_split, n_time_zero, notes}
};
bool split_exposure(AnalysisContext& context, const nlohmann::ordered_json& r,
                    const SurvivalInput& s, ExposureSplit* out, Errors& err);

// What km and logrank estimate from, by the request's grouping: --naive (ever exposed, from 0),
// an exposure (the split: entry = interval start, group = exposure over the interval; s->rows
// becomes the table row of each interval), or --group with --entry as given. `exposure` is the
// JSON the result carries (null without an exposure). `group_required`: --group must be given
// when there is no exposure.
struct GroupedInput {
  std::vector<double> time, entry;
  std::vector<int> status;
  GroupCodes group;
  nlohmann::ordered_json exposure = nullptr;
};
bool grouped_input(AnalysisContext& context, const nlohmann::ordered_json& r, bool group_required,
                   SurvivalInput* s, GroupedInput* out, Errors& err);

}  // namespace infant_all::contract
