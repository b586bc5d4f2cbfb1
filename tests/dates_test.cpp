#include "infant_all/io/dates.h"

#include <doctest/doctest.h>

#include "test_util.h"

using namespace infant_all;

TEST_CASE("dates: civil <-> days round trip and known anchors") {
  // Anchors by definition / hand count: 1970-01-01 is day 0; 2000-03-01 is 11017 days later
  // (30 years x 365 + 7 leap days 1972..1996 = 10957 to 2000-01-01, + 31 + 29 = 11017).
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(2000, 3, 1) == 11017);
  CHECK(days_from_civil(1969, 12, 31) == -1);
  for (int32_t d = -800000; d <= 800000; d += 97) {
    int y = 0, m = 0, dd = 0;
    civil_from_days(d, &y, &m, &dd);
    REQUIRE(days_from_civil(y, m, dd) == d);
    REQUIRE(valid_civil(y, m, dd));
  }
}

TEST_CASE("dates: leap years and month lengths") {
  CHECK(is_leap_year(2000));
  CHECK_FALSE(is_leap_year(1900));
  CHECK(is_leap_year(2020));
  CHECK_FALSE(is_leap_year(2021));
  CHECK(days_in_month(2020, 2) == 29);
  CHECK(days_in_month(2021, 2) == 28);
  CHECK(days_in_month(2021, 13) == 0);
}

TEST_CASE("dates: ISO parsing and errors") {
  struct Case {
    const char* text;
    DateError error;
    const char* iso;
  };
  const Case cases[] = {
      {"2020-02-29", DateError::ok, "2020-02-29"},
      {" 2019-12-31 ", DateError::ok, "2019-12-31"},
      {"2021-02-29", DateError::invalid_calendar, ""},
      {"2020-13-01", DateError::invalid_calendar, ""},
      {"1850-01-01", DateError::out_of_range, ""},
      {"", DateError::empty, ""},
      {"03/04/2020", DateError::ambiguous_format, ""},
      {"25.12.2020", DateError::ok, "2020-12-25"},      // auto: a first part above 12 is the day
      {"12/25/2020", DateError::ok, "2020-12-25"},      // and a second part above 12 the day
      {"25/13/2020", DateError::ambiguous_format, ""},  // neither order is a date
      {"43831", DateError::excel_serial_off, ""},
      {"2020/01/01", DateError::bad_syntax, ""},
      {"1/2/20", DateError::bad_syntax, ""},  // two-digit year never accepted
      {"yesterday", DateError::bad_syntax, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const DateParse p = parse_date(c.text);
    CHECK(p.error == c.error);
    CHECK(format_iso_date(p.days) == c.iso);
  }
}

TEST_CASE("dates: day-first and month-first with an explicit setting; iso refuses both") {
  DateOptions iso;
  iso.format = DateFormat::iso;
  CHECK(parse_date("25.12.2020", iso).error == DateError::iso_only);
  CHECK(parse_date("2020-12-25", iso).ok());
  DateFormat f = DateFormat::iso;
  CHECK(date_format_from_string("auto", &f));
  CHECK(f == DateFormat::automatic);
  CHECK(date_format_from_string("dmy", &f));
  CHECK(f == DateFormat::dmy);
  CHECK_FALSE(date_format_from_string("DD.MM.YYYY", &f));
  DateOptions dmy;
  dmy.format = DateFormat::dmy;
  DateOptions mdy;
  mdy.format = DateFormat::mdy;
  CHECK(format_iso_date(parse_date("03/04/2020", dmy).days) == "2020-04-03");
  CHECK(format_iso_date(parse_date("03/04/2020", mdy).days) == "2020-03-04");
  CHECK(format_iso_date(parse_date("25.12.2020", dmy).days) == "2020-12-25");
  CHECK(format_iso_date(parse_date("1-2-2020", dmy).days) == "2020-02-01");
  CHECK(parse_date("25/12/2020", mdy).error == DateError::invalid_calendar);
  CHECK(parse_date("03/04.2020", dmy).error == DateError::bad_syntax);         // mixed separators
  CHECK(format_iso_date(parse_date("2020-04-03", dmy).days) == "2020-04-03");  // ISO always
}

TEST_CASE("dates: Excel 1900 serials") {
  DateOptions o;
  o.excel_serial = true;
  o.min_year = 1899;
  // Excel: =DATE(2020,1,1) is 43831; =DATE(1900,3,1) is 61; serial 1 is 1900-01-01; serial 60 is
  // Excel's non-existent 1900-02-29 (Microsoft KB "Excel incorrectly assumes 1900 is a leap year").
  CHECK(format_iso_date(parse_date("43831", o).days) == "2020-01-01");
  CHECK(format_iso_date(parse_date("43831.75", o).days) == "2020-01-01");
  CHECK(format_iso_date(parse_date("61", o).days) == "1900-03-01");
  CHECK(format_iso_date(parse_date("59", o).days) == "1900-02-28");
  CHECK(format_iso_date(parse_date("1", o).days) == "1900-01-01");
  CHECK(parse_date("60", o).error == DateError::invalid_calendar);
  CHECK(parse_date("0", o).error == DateError::out_of_range);
}

TEST_CASE("dates: looks_like_date") {
  CHECK(looks_like_date("2020-01-01"));
  CHECK(looks_like_date("1/2/2020"));
  CHECK_FALSE(looks_like_date("2020"));
  CHECK_FALSE(looks_like_date("A1"));
}

TEST_CASE("dates: time units") {
  CHECK(kDaysPerMonth == 30.4375);  // 365.25 / 12 (docs/ENGINE.md, "Endpoints derived from dates")
  CHECK(kDaysPerYear == 365.25);
}
