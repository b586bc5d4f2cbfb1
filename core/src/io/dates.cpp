#include "infant_all/io/dates.h"

#include <cstdio>

namespace infant_all {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads 1..max_len digits; returns the count read (0 when none).
size_t read_digits(std::string_view s, size_t pos, size_t max_len, int* value) {
  size_t n = 0;
  int v = 0;
  while (pos + n < s.size() && n < max_len && is_digit(s[pos + n])) {
    v = v * 10 + (s[pos + n] - '0');
    ++n;
  }
  *value = v;
  return n;
}

DateParse finish(int y, int m, int d, const DateOptions& o) {
  DateParse r;
  if (!valid_civil(y, m, d)) {
    r.error = DateError::invalid_calendar;
    return r;
  }
  if (y < o.min_year || y > o.max_year) {
    r.error = DateError::out_of_range;
    return r;
  }
  r.days = days_from_civil(y, m, d);
  r.error = DateError::ok;
  return r;
}

// Parses "a<sep>b<sep>YYYY" with 1-2 digit a, b and the same separator twice.
bool split_dmy_shape(std::string_view s, int* a, int* b, int* y) {
  size_t p = 0;
  size_t n = read_digits(s, p, 2, a);
  if (n == 0 || p + n >= s.size()) return false;
  p += n;
  const char sep = s[p];
  if (sep != '/' && sep != '.' && sep != '-') return false;
  ++p;
  n = read_digits(s, p, 2, b);
  if (n == 0 || p + n >= s.size() || s[p + n] != sep) return false;
  p += n + 1;
  n = read_digits(s, p, 4, y);
  return n == 4 && p + n == s.size();
}

bool split_iso_shape(std::string_view s, int* y, int* m, int* d) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  return read_digits(s, 0, 4, y) == 4 && read_digits(s, 5, 2, m) == 2 &&
         read_digits(s, 8, 2, d) == 2;
}

bool plain_number(std::string_view s) {
  if (s.empty()) return false;
  bool digit = false, dot = false;
  for (char c : s) {
    if (is_digit(c)) {
      digit = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digit;
}

}  // namespace

const char* to_string(DateError e) {
  switch (e) {
    case DateError::ok:
      return "ok";
    case DateError::empty:
      return "empty";
    case DateError::bad_syntax:
      return "not a date (expected YYYY-MM-DD)";
    case DateError::invalid_calendar:
      return "no such calendar date";
    case DateError::out_of_range:
      return "year outside the plausible range";
    case DateError::ambiguous_format:
      return "ambiguous day/month order (no date in the column has a day above 12): set "
             "date_format to dmy or mdy";
    case DateError::iso_only:
      return "not YYYY-MM-DD (date_format is iso; set dmy, mdy or auto to read D/M/Y dates)";
    case DateError::excel_serial_off:
      return "a number, not a date (Excel serial day numbers are read only with "
             "--excel-serial-dates)";
  }
  return "unknown";
}

const char* to_string(DateFormat f) {
  switch (f) {
    case DateFormat::automatic:
      return "auto";
    case DateFormat::iso:
      return "iso";
    case DateFormat::dmy:
      return "dmy";
    case DateFormat::mdy:
      return "mdy";
  }
  return "auto";
}

bool date_format_from_string(std::string_view text, DateFormat* out) {
  for (DateFormat f : {DateFormat::automatic, DateFormat::iso, DateFormat::dmy, DateFormat::mdy}) {
    if (text == to_string(f)) {
      *out = f;
      return true;
    }
  }
  return false;
}

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return (m == 2 && is_leap_year(y)) ? 29 : kDays[m - 1];
}

bool valid_civil(int y, int m, int d) { return d >= 1 && d <= days_in_month(y, m); }

int32_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(int32_t z32, int* year, int* month, int* day) {
  const int z = z32 + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp + (mp < 10 ? 3 : -9);
  *year = yoe + era * 400 + (m <= 2);
  *month = m;
  *day = d;
}

std::string format_iso_date(int32_t days) {
  if (days == kMissingDate) return "";
  int y = 0, m = 0, d = 0;
  civil_from_days(days, &y, &m, &d);
  if (y < 0 || y > 9999) {  // outside the four-digit years: the general path
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
  }
  // Digit by digit: cohort-wide formatting (classification of every row) calls this per cell.
  std::string s = "0000-00-00";
  for (int i = 3; i >= 0; --i, y /= 10) s[static_cast<size_t>(i)] = static_cast<char>('0' + y % 10);
  s[5] = static_cast<char>('0' + m / 10);
  s[6] = static_cast<char>('0' + m % 10);
  s[8] = static_cast<char>('0' + d / 10);
  s[9] = static_cast<char>('0' + d % 10);
  return s;
}

bool looks_like_date(std::string_view text) {
  const std::string_view s = trim(text);
  int a = 0, b = 0, c = 0;
  return split_iso_shape(s, &a, &b, &c) || split_dmy_shape(s, &a, &b, &c);
}

DateParse parse_date(std::string_view text, const DateOptions& o) {
  const std::string_view s = trim(text);
  DateParse r;
  if (s.empty()) return r;
  int y = 0, m = 0, d = 0;
  if (split_iso_shape(s, &y, &m, &d)) return finish(y, m, d, o);
  int a = 0, b = 0;
  if (split_dmy_shape(s, &a, &b, &y)) {
    if (o.format == DateFormat::dmy) return finish(y, b, a, o);
    if (o.format == DateFormat::mdy) return finish(y, a, b, o);
    if (o.format == DateFormat::automatic && a > 12 && b <= 12) return finish(y, b, a, o);
    if (o.format == DateFormat::automatic && b > 12 && a <= 12) return finish(y, a, b, o);
    r.error = o.format == DateFormat::iso ? DateError::iso_only : DateError::ambiguous_format;
    return r;
  }
  if (plain_number(s)) {
    if (!o.excel_serial) {
      r.error = DateError::excel_serial_off;
      return r;
    }
    long serial = 0;
    for (char c : s) {
      if (c == '.') break;
      serial = serial * 10 + (c - '0');
      if (serial > 10000000) break;
    }
    // Excel's 1900 system counts a non-existent 1900-02-29 as serial 60 (Lotus 1-2-3 bug), so
    // serials from 61 on are one day ahead of a true count from 1899-12-31.
    if (serial < 1 || serial == 60 || serial > 3000000) {
      r.error = serial == 60 ? DateError::invalid_calendar : DateError::out_of_range;
      return r;
    }
    const int32_t base = days_from_civil(1899, 12, 31);
    const int32_t days = base + static_cast<int32_t>(serial) - (serial > 60 ? 1 : 0);
    civil_from_days(days, &y, &m, &d);
    return finish(y, m, d, o);
  }
  r.error = DateError::bad_syntax;
  return r;
}

void DateOrderEvidence::add(std::string_view cell, size_t row) {
  const std::string_view s = trim(cell);
  int a = 0, b = 0, y = 0;
  if (!split_dmy_shape(s, &a, &b, &y)) return;
  if (a > 12 && b <= 12) {
    if (day_first++ == 0) {
      day_first_example = std::string(s);
      day_first_row = row;
    }
  } else if (b > 12 && a <= 12) {
    if (month_first++ == 0) {
      month_first_example = std::string(s);
      month_first_row = row;
    }
  } else {
    ++undecided;
  }
}

DateOptions DateOrderEvidence::settle(const DateOptions& base, DateFormat file_order) const {
  DateOptions o = base;
  if (base.format != DateFormat::automatic || conflicting()) return o;
  if (day_first > 0) o.format = DateFormat::dmy;
  if (month_first > 0) o.format = DateFormat::mdy;
  if (day_first + month_first == 0 && undecided > 0 &&
      (file_order == DateFormat::dmy || file_order == DateFormat::mdy)) {
    o.format = file_order;
  }
  return o;
}

std::string DateOrderEvidence::note(const std::string& column, const DateOptions& base,
                                    DateFormat file_order) const {
  if (base.format != DateFormat::automatic || day_first + month_first + undecided == 0) return "";
  const std::string c = "column '" + column + "'";
  if (conflicting()) {
    return c + ": day/month order conflicts (" + conflict_reason() +
           "), its D/M/Y dates are left unread: set date_format to dmy or mdy";
  }
  if (day_first > 0) {
    return c + " read day-first (DD.MM.YYYY): '" + day_first_example + "' on data row " +
           std::to_string(day_first_row) + " can only be day-first; set date_format to override";
  }
  if (month_first > 0) {
    return c + " read month-first (MM/DD/YYYY): '" + month_first_example + "' on data row " +
           std::to_string(month_first_row) +
           " can only be month-first; set date_format to override";
  }
  if (file_order == DateFormat::dmy || file_order == DateFormat::mdy) {
    return c + " read " + (file_order == DateFormat::dmy ? "day-first" : "month-first") +
           " as the file's other date columns (none of its own dates has a day above 12); set "
           "date_format to override";
  }
  return c +
         ": day/month order not settled (no date has a day above 12): set date_format to dmy "
         "or mdy";
}

std::string DateOrderEvidence::conflict_reason() const {
  return "'" + day_first_example + "' (data row " + std::to_string(day_first_row) +
         ") can only be day-first, '" + month_first_example + "' (data row " +
         std::to_string(month_first_row) + ") only month-first";
}

}  // namespace infant_all
