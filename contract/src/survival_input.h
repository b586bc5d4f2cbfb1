// Where a survival command's time, status and grouping come from: named columns (--time,
// --event/--status, --group), or an endpoint derived from the cohort's dates (docs/ENGINE.md,
// "Endpoints derived from dates": --endpoint efs|os|dfs|cir with --time-unit and
// --induction-failure-time), and the risk group
// computed by the classifier (--group risk_group with --protocol) when the file has no such
// column. Rows an endpoint cannot use are excluded and listed with their reason.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "columns.h"
#include "infant_all/clinical/endpoints.h"
#include "infant_all/contract/commands.h"
#include "infant_all/io/column_table.h"
#include "infant_all/stats/survival_data.h"

namespace infant_all::contract {

struct SurvivalInput {
  std::vector<double> time;
  std::vector<int> status;   // 0/1 (or 0/1/2.. causes for cuminc), `missing_code` when missing
  std::vector<size_t> rows;  // table row (0-based) of each element
  bool from_endpoint = false;
  nlohmann::ordered_json endpoint =
      nullptr;  // {name, settings, start, source, n_excluded, excluded}
  // The derivation the rows came from (from_endpoint only), for times measured from the
  // endpoint's start date (times_at).
  std::shared_ptr<const EndpointSet> endpoint_set;
  const Endpoint* derived = nullptr;  // inside *endpoint_set
  EndpointOptions endpoint_options;
  // --subset COLUMN=VALUE: {column, value, n_in, n_out}; null without one.
  nlohmann::ordered_json subset = nullptr;
};

// --time-unit (default years), --induction-failure-time (0 | eoi_date), --dfs-start
// (randomisation | cr_date) into the options of derive_endpoints.
bool endpoint_options(const nlohmann::ordered_json& r, EndpointOptions* o, Errors& err);

// kind: "event" (km, logrank, cox: 0/1 events) or "status" (cuminc: cause codes, numbers only).
// With --subset COLUMN=VALUE only the rows with that value (out->subset counts the others).
bool survival_input(AnalysisContext& context, const nlohmann::ordered_json& r, const char* kind,
                    int missing_code, SurvivalInput* out, Errors& err);

// Group codes of the column named by r[option] at `rows` (-1 = missing), over the column's
// levels in factor_levels order: a categorical or yes/no column's own codes, other columns by
// their cell text. The name "risk_group", when no column has it, means the group the
// classifier gives each row under r["protocol"] (rows without a definite group are missing,
// hence excluded and counted). No option: *out is left empty.
bool codes_at(AnalysisContext& context, const nlohmann::ordered_json& r, const char* option,
              const std::vector<size_t>& rows, GroupCodes* out, Errors& err);

// The column named by r[option] as times on the analysis' time scale, one per element of `in`:
// with --time, the column's numbers (same unit as --time); with --endpoint, in --time-unit:
// dates as the time from the endpoint's start date, numbers as days (the unit of ready-made
// endpoint time columns) converted (times_from_start). NaN = missing. Errors name the option,
// column and row.
bool times_at(AnalysisContext& context, const nlohmann::ordered_json& r, const char* option,
              const SurvivalInput& in, std::vector<double>* out, Errors& err);

// Numbers of a column at `rows`.
// Every row of the table, 0 .. n_rows - 1 (for the *_at readers over the whole table).
std::vector<size_t> table_rows(const Table& t);

bool numbers_at(const Table& t, const Column& c, const char* option,
                const std::vector<size_t>& rows, std::vector<double>* out, Errors& err);

// An estimator's error as the user reads it: its message and, when the status names a row
// (Status::row, 1-based into the `rows` the command passed), which data row and file line that
// is ("kaplan_meier: time[2] is negative (-2) - data row 3 (file line 4)"), so a user can find
// it in the spreadsheet.
std::string locate_error(const Table& t, const std::vector<size_t>& rows, const Status& status);

// Estimator row indices (1-based into `rows`) -> file data-row numbers.
std::vector<size_t> file_rows_at(const Table& t, const std::vector<size_t>& rows,
                                 const std::vector<int>& excluded);

// Adds the endpoint and subset blocks (when used) to a command's result.
void add_endpoint(const SurvivalInput& in, nlohmann::ordered_json* result);

}  // namespace infant_all::contract
