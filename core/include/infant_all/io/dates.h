// Calendar dates as whole days since 1970-01-01 (proleptic Gregorian), and the parsing rules of
// docs/CLINICAL-INPUTS.md, "Dates": ISO YYYY-MM-DD always; day-first or month-first only when the
// caller says which (a bare "03/04/2020" is ambiguous and is rejected, never guessed); Excel
// serial numbers only when the caller says the column holds them.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace infant_all {

// Missing date in an int32 day column.
inline constexpr int32_t kMissingDate = std::numeric_limits<int32_t>::min();

enum class DateFormat {
  iso,  // YYYY-MM-DD only (the default)
  dmy,  // also D/M/YYYY, D.M.YYYY, D-M-YYYY (European, German Excel)
  mdy,  // also M/D/YYYY, M-D-YYYY (US)
};

struct DateOptions {
  DateFormat format = DateFormat::iso;
  // Accept a plain number as an Excel 1900-system serial (1 = 1900-01-01; serial 60, Excel's
  // fictitious 1900-02-29, is rejected; a fractional part is a time of day and is dropped).
  bool excel_serial = false;
  int min_year = 1900;  // plausibility window; outside -> out_of_range
  int max_year = 2200;
};

enum class DateError {
  ok,
  empty,
  bad_syntax,        // not a date in any accepted format
  invalid_calendar,  // e.g. 2021-02-29, month 13
  out_of_range,      // outside [min_year, max_year]
  ambiguous_format,  // D/M vs M/D form while format == iso: set date_format
  excel_serial_off,  // a plain number while excel_serial == false
};
const char* to_string(DateError e);

struct DateParse {
  int32_t days = kMissingDate;
  DateError error = DateError::empty;
  bool ok() const { return error == DateError::ok; }
};

// Parses one cell (surrounding spaces ignored). Two-digit years are never accepted.
DateParse parse_date(std::string_view text, const DateOptions& options = {});

// True when the text has the shape of a date (ISO, or D/M/Y with any separator) regardless of
// the format setting; used by type inference to tell "a date in the wrong format" from text.
bool looks_like_date(std::string_view text);

bool is_leap_year(int year);
int days_in_month(int year, int month);  // 0 for an invalid month
// Days since 1970-01-01 (Howard Hinnant's civil-from-days algorithm); no range check.
int32_t days_from_civil(int year, int month, int day);
void civil_from_days(int32_t days, int* year, int* month, int* day);
bool valid_civil(int year, int month, int day);
// "YYYY-MM-DD"; "" for kMissingDate.
std::string format_iso_date(int32_t days);

// Time-unit conversion used by the endpoint code (docs/ENGINE.md, "Endpoints derived from
// dates"): months = days / 30.4375, years = days / 365.25.
inline constexpr double kDaysPerMonth = 30.4375;
inline constexpr double kDaysPerYear = 365.25;

}  // namespace infant_all
