// Survival endpoints derived from a cohort table (docs/ENGINE.md, "Endpoints derived from
// dates"), and the validation report of the whole import.
//
// Two sources, per endpoint:
// - ready-made columns efs_time/efs_status, os_time/os_status, dfs_time/dfs_status,
//   cir_time/cir_status (times in EndpointOptions::input_time_unit; status 0/1, CIR 0/1/2).
//   When both are mapped they are used as given (source "columns ...") in preference to dates.
// - dates: diagnosis_date, event_type in {none, induction_death, resistance, relapse,
//   death_in_cr, smn}, event_date, last_followup_date, death_date, relapse_date, cr_date,
//   smn_date, randomisation_date, eoi_date.
//
// Derivation from dates (t = event type, E = its date; D = diagnosis_date):
// - E is event_date, or when that is blank the type's own date (relapse_date, death_date for
//   induction_death and death_in_cr, smn_date). Both given and different -> inconsistent.
//   Resistance: E = D (time 0) with induction_failure_time = 0 (default), else eoi_date (or
//   event_date). The Interfant-06 report leaves this open; the setting is written into
//   `settings` of every result.
// - EFS from D: event (1) at E for any t != none; none -> censored (0) at last_followup_date.
// - OS from D (or randomisation_date): death (1) at death_date (or E for induction_death /
//   death_in_cr when death_date is blank); otherwise censored at last_followup_date.
// - DFS from randomisation_date (default) or cr_date: event (1) at E for relapse, death_in_cr,
//   smn; none -> censored at last_followup_date; induction_death / resistance never reached CR
//   and are not at risk (excluded with that reason); no start date -> excluded (not in the
//   analysis).
// - CIR competing-risk status: relapse = 1; death_in_cr and smn = 2 (SMN as a competing event);
//   censored = 0. From diagnosis (default), induction_death and resistance also preclude relapse
//   and are coded 2 at their time (our choice, stated in `settings`); from randomisation or CR
//   they are not at risk (excluded).
// Inconsistent records are excluded from the affected endpoints only and listed with the row:
// event before diagnosis (or before the DFS/CIR start), relapse after death, event_type without a
// date, follow-up before diagnosis, death_date with event_type none (EFS/DFS/CIR), unknown
// event_type, missing diagnosis date or censoring date.
// Times: days, months = days / 30.4375, years = days / 365.25, stated in `settings`.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "infant_all/clinical/column_mapping.h"
#include "infant_all/clinical/value_recode.h"
#include "infant_all/io/column_table.h"
#include "infant_all/status.h"

namespace infant_all {

enum class TimeUnit { days, months, years };
enum class InductionFailureTime { zero, eoi_date };
enum class EndpointStart { diagnosis, randomisation, cr_date };
enum class EventType { none, induction_death, resistance, relapse, death_in_cr, smn };

const char* to_string(TimeUnit u);
const char* to_string(EventType e);
const char* to_string(EndpointStart s);
// Case-insensitive; spaces and hyphens read as '_' ("death in CR" -> death_in_cr).
bool parse_event_type(std::string_view text, EventType* out);
double days_to_unit(double days, TimeUnit unit);

struct EndpointOptions {
  TimeUnit time_unit = TimeUnit::days;
  InductionFailureTime induction_failure_time = InductionFailureTime::zero;
  EndpointStart os_start = EndpointStart::diagnosis;       // diagnosis | randomisation
  EndpointStart dfs_start = EndpointStart::randomisation;  // randomisation | cr_date
  EndpointStart cir_start = EndpointStart::diagnosis;      // any
  TimeUnit input_time_unit = TimeUnit::days;               // unit of ready-made *_time columns
  DateOptions dates;  // for date columns read as text (e.g. DD/MM/YYYY once the user says so)
  std::vector<ValueRecode> recodes;  // event_type values read as another (value_recode.h)
};

struct RowExclusion {
  size_t row = 0;   // 1-based data row
  size_t line = 0;  // file line
  std::string patient_id;
  std::string reason;
};

struct Endpoint {
  std::string name;        // "efs", "os", "dfs", "cir"
  std::string start;       // "diagnosis_date", "randomisation_date", "cr_date"
  std::string source;      // "dates" or "columns efs_time/efs_status"
  bool available = false;  // false: the columns needed are absent (see note)
  std::string note;
  // One entry per row used, in table order: ready for kaplan_meier / cuminc.
  std::vector<size_t> table_row;  // 0-based index into the table
  std::vector<double> time;
  std::vector<int> status;  // 0 censored, 1 event; CIR: 1 relapse, 2 competing
  size_t n_events = 0;
  size_t n_competing = 0;
  std::vector<RowExclusion> excluded;
};

struct EndpointSet {
  Status status;
  std::string settings;  // every setting in words; print with every output
  EndpointOptions options;
  Endpoint efs, os, dfs, cir;
  std::vector<CellIssue> date_issues;  // cells of date columns that could not be read as dates
};

// R equivalent: none (data preparation); the outputs feed survfit(Surv(time, status) ~ 1) and
// cmprsk::cuminc(time, status, cencode = 0).
EndpointSet derive_endpoints(const Table& table, const ColumnMapping& mapping,
                             const EndpointOptions& options = {});

// A column of `table` on `e`'s time scale, one value per table row in `rows` (e.g. e.table_row,
// or some of them), in options.time_unit -
// e.g. a delayed-entry or an exposure (transplant) time. Dates: the time from the row's start
// date (the date column e.start names in `mapping`) to the column's date. Numbers: times already,
// in options.input_time_unit (the unit of ready-made time columns, days by default), converted.
// NaN where a value or the start date is blank. Errors: dates for an endpoint not derived from
// dates (ready-made time columns have no start date), or a cell that cannot be read as a date
// with options.dates (status.row: the 1-based data row; the message names column, value, line).
// R equivalent: as.numeric(as.Date(column) - as.Date(start)) / 365.25 (years).
Status times_from_start(const Table& table, const ColumnMapping& mapping,
                        const EndpointOptions& options, const Endpoint& e, const Column& column,
                        const std::vector<size_t>& rows, std::vector<double>* out);

// ---- Validation report of an import.

struct ExcludedRow {
  std::string analysis;  // "table" for ragged rows, else the endpoint name
  size_t row = 0;
  size_t line = 0;
  std::string patient_id;
  std::string reason;
};

struct CoercedValue {
  size_t row = 0;
  size_t line = 0;
  std::string column;
  std::string value;
  std::string action;  // e.g. "set missing: not a number"
};

struct RowsUsed {
  std::string analysis;
  size_t n = 0;
};

struct ValidationReport {
  size_t rows_read = 0;      // data rows in the file, ragged ones included
  size_t rows_in_table = 0;  // after ragged rows were left out
  std::vector<RowsUsed> rows_used;
  std::vector<ExcludedRow> excluded;
  std::vector<CoercedValue> coerced;  // listed up to the table's cap
  size_t n_coerced = 0;
  std::vector<std::string> duplicated_patient_ids;
  std::vector<std::string> assumptions;  // encoding, decimal comma, settings, ...
  std::vector<std::string> summary;      // short sentences a user can act on
};

// `endpoints` may be null (no cohort analysis requested).
ValidationReport build_validation_report(const Table& table, const ColumnMapping& mapping,
                                         const EndpointSet* endpoints);

}  // namespace infant_all
