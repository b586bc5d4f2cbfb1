// Calendar dates as whole days since 1970-01-01 (proleptic Gregorian), and the parsing rules of
// docs/CLINICAL-INPUTS.md, "Dates": ISO YYYY-MM-DD always; day-first or month-first when the
// caller says which, or (date_format auto, the default) when the column itself settles it: a
// date whose first part is above 12 ("29.04.2012") can only be day-first. A column with no such
// date ("03/04/2020" alone) is ambiguous and rejected, never guessed; one with both kinds is
// rejected as conflicting. Excel serial numbers only when the caller says the column holds them.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace infant_all {

// Missing date in an int32 day column.
inline constexpr int32_t kMissingDate = std::numeric_limits<int32_t>::min();

enum class DateFormat {
  automatic,  // "auto" (the default): YYYY-MM-DD, and D/M/Y in the order the column settles
  iso,        // YYYY-MM-DD only
  dmy,        // also D/M/YYYY, D.M.YYYY, D-M-YYYY (European, German Excel)
  mdy,        // also M/D/YYYY, M-D-YYYY (US)
};
const char* to_string(DateFormat f);  // "auto", "iso", "dmy", "mdy"
// "auto", "iso", "dmy" or "mdy" (the request's date_format); false for anything else.
bool date_format_from_string(std::string_view text, DateFormat* out);

struct DateOptions {
  DateFormat format = DateFormat::automatic;
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
  ambiguous_format,  // D/M vs M/D form the format (or, under auto, the column) does not settle
  iso_only,          // D/M/Y form while format == iso
  excel_serial_off,  // a plain number while excel_serial == false
};
const char* to_string(DateError e);

struct DateParse {
  int32_t days = kMissingDate;
  DateError error = DateError::empty;
  bool ok() const { return error == DateError::ok; }
};

// Parses one cell (surrounding spaces ignored). Two-digit years are never accepted. Under auto a
// D/M/Y cell is read in the only order its own parts allow (a part above 12 is the day); read a
// column through DateOrderEvidence instead, so that its dates share one order.
DateParse parse_date(std::string_view text, const DateOptions& options = {});

// The day/month order a column's D/M/Y cells allow (date_format auto): each cell whose first part
// is above 12 can only be day-first, each whose second part is above 12 only month-first. One kind
// settles the column; neither leaves it ambiguous, both conflicting. The first cell of each kind
// is kept (text and data row, 1-based) for the message that says why.
struct DateOrderEvidence {
  size_t day_first = 0, month_first = 0, undecided = 0;  // D/M/Y cells of each kind
  std::string day_first_example, month_first_example;
  size_t day_first_row = 0, month_first_row = 0;

  void add(std::string_view cell, size_t row);
  bool conflicting() const { return day_first > 0 && month_first > 0; }
  // The options to read the column with: `base` with format dmy or mdy when the cells settle the
  // order, else `file_order` (dmy or mdy: the order the file's other date columns settled, all
  // alike) when the column has no cell of the other kind; `base` unchanged otherwise (and
  // whenever base.format is not auto).
  DateOptions settle(const DateOptions& base, DateFormat file_order = DateFormat::automatic) const;
  // A sentence for the import notes: how the column's order was settled, or why it was not
  // ("" when the column has no D/M/Y cells or the caller set the format).
  std::string note(const std::string& column, const DateOptions& base,
                   DateFormat file_order = DateFormat::automatic) const;
  // The reason a D/M/Y cell of a conflicting column did not fit.
  std::string conflict_reason() const;
};

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
