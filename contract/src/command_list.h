// One function per ENGINE.md command; each lives in <command>_command.cpp.
#pragma once

#include <nlohmann/json.hpp>

#include "columns.h"
#include "infant_all/contract/commands.h"
#include "infant_all/io/column_table.h"
#include "infant_all/stats/kaplan_meier.h"
#include "infant_all/stats/log_rank.h"
#include "infant_all/stats/pairwise_log_rank.h"
#include "infant_all/stats/reference_log_rank.h"

namespace infant_all::contract {

CommandOutput km_command(AnalysisContext& context, const nlohmann::ordered_json& request);
CommandOutput logrank_command(AnalysisContext& context, const nlohmann::ordered_json& request);
CommandOutput crosstab_command(AnalysisContext& context, const nlohmann::ordered_json& request);
CommandOutput describe_command(AnalysisContext& context, const nlohmann::ordered_json& request);
CommandOutput cuminc_command(AnalysisContext& context, const nlohmann::ordered_json& request);
CommandOutput cox_command(AnalysisContext& context, const nlohmann::ordered_json& request);
CommandOutput crr_command(AnalysisContext& context, const nlohmann::ordered_json& request);
CommandOutput validate_command(AnalysisContext& context, const nlohmann::ordered_json& request);
CommandOutput classify_command(AnalysisContext& context, const nlohmann::ordered_json& request);
CommandOutput analyze_command(AnalysisContext& context, const nlohmann::ordered_json& request);
CommandOutput preview_command(AnalysisContext& context, const nlohmann::ordered_json& request);

CommandOutput landmark_command(AnalysisContext& context, const nlohmann::ordered_json& request);

// The "curves" array of the km JSON (ENGINE.md "km"), shared by km and landmark.
nlohmann::ordered_json km_curves_json(const KmResult& k, const KmOptions& options);
// The log-rank JSON (ENGINE.md "logrank") without the row accounting, shared by logrank and
// landmark.
nlohmann::ordered_json logrank_json(const LogRankResult& lr, const LogRankOptions& options);

// comparisons.cpp: ENGINE.md "Comparisons". Each curve after the first against the first (its
// reference): differences at the milestones and, with `rmst` (the curves made with a
// restricted-mean tau), the restricted-mean comparison (an "error" in place of a tau rmst2
// refuses).
nlohmann::ordered_json differences_json(const std::vector<KmCurve>& curves,
                                        const std::vector<double>& milestones, bool rmst,
                                        double conf_level, Errors& err);
nlohmann::ordered_json pairwise_json(const PairwiseLogRankResult& result);
// request["reference"] = {"time": [...], "surv": [...]} into *ref; false when absent or bad
// (err says which).
bool read_reference(const nlohmann::ordered_json& request, ReferenceCurve* ref, Errors& err);
nlohmann::ordered_json reference_json(const ReferenceLogRankResult& result);

// Raw event column -> 0/1 events by R's Surv rules (decode_event_status), or, for a text
// column, event where the cell equals request["event_value"]. Missing cells -> missing status
// (`missing_code`).
bool event_values(const Table& t, const Column& c, const nlohmann::ordered_json& request,
                  int missing_code, std::vector<int>* out, Errors& err);

// Every data row of the file accounted for: an analysis result's n_excluded and excluded_rows
// gain the ragged rows the reader could not put in the table, `excluded` gives a reason for each
// excluded row (the columns of `request` that are blank or unreadable there, or the ragged
// record), and `n_rows_file` counts the file's data rows. Does nothing to a result without
// excluded_rows or one already accounted for. run_command applies it to every result; analyze to
// each of its parts, with the part's own request.
void account_for_rows(const Table& t, const nlohmann::ordered_json& request,
                      nlohmann::ordered_json& result);

// Why a ragged row (a record with the wrong number of fields) is in no analysis, in words.
std::string ragged_reason(const RaggedRow& row);

}  // namespace infant_all::contract
