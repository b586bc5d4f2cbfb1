// Typed columns and type inference on the catalogue files (tests/data/csv/README.md).
#include "infant_all/io/column_table.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "test_util.h"

using namespace infant_all;

namespace {

std::string read_bytes(const std::string& name) { return test::read_bytes("data/csv/" + name); }

const Column& col(const Table& t, const char* name) {
  const int j = t.find(name);
  REQUIRE_MESSAGE(j >= 0, "no column " << name);
  return t.columns[static_cast<size_t>(j)];
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("column_table: simple file, inferred types") {
  const Table t = read_csv_table(read_bytes("utf8_bom.csv"));
  REQUIRE(t.status.ok());
  CHECK(t.n_rows == 3);
  CHECK(col(t, "patient_id").type == ColumnType::text);  // 3 distinct of 3: not categorical
  CHECK(col(t, "wbc").type == ColumnType::number);       // 12.5, 300, 0.5
  CHECK(col(t, "sex").type == ColumnType::categorical);  // M, F, F
  CHECK(col(t, "sex").levels == std::vector<std::string>{"M", "F"});
  CHECK(col(t, "sex").codes == std::vector<int32_t>{0, 1, 1});
  CHECK(col(t, "wbc").numbers == std::vector<double>{12.5, 300, 0.5});
  CHECK(col(t, "patient_id").cell_text(2) == "A3");
  CHECK(t.n_misfits == 0);
}

TEST_CASE("column_table: German Excel export") {
  const Table t = read_csv_table(read_bytes("german_excel.csv"));
  REQUIRE(t.status.ok());
  const Column& wbc = col(t, "Leukozyten (G/L)");
  CHECK(wbc.type == ColumnType::number);
  CHECK(wbc.numbers[0] == 123.5);
  CHECK(wbc.numbers[1] == 0.75);
  CHECK(std::isnan(wbc.numbers[2]));  // "1.234,5" has a thousands separator: a listed misfit
  REQUIRE(t.misfits.size() == 1);
  CHECK(t.misfits[0].row == 3);
  CHECK(t.misfits[0].line == 4);
  CHECK(t.misfits[0].column == "Leukozyten (G/L)");
  CHECK(t.misfits[0].value == "1.234,5");
  CHECK(t.misfits[0].expected == "number");
  CHECK(contains(t.misfits[0].reason, "thousands separator '.'"));
  CHECK(col(t, "Alter (Tage)").type == ColumnType::integer);
  CHECK(col(t, "Geburtsdatum").type == ColumnType::date);
  CHECK(format_iso_date(col(t, "Geburtsdatum").codes[1]) == "2020-02-03");
  CHECK(col(t, "Bemerkung").is_missing(1));

  CsvOptions o;
  o.allow_thousands_separator = true;
  const Table t2 = read_csv_table(read_bytes("german_excel.csv"), o);
  CHECK(col(t2, "Leukozyten (G/L)").numbers[2] == 1234.5);
  CHECK(t2.n_misfits == 0);
}

TEST_CASE("column_table: thousands separators in a '.'-decimal file") {
  const Table t = read_csv_table(read_bytes("thousands.csv"));
  REQUIRE(t.status.ok());
  const Column& wbc = col(t, "wbc");
  CHECK(wbc.type == ColumnType::number);
  CHECK(t.n_misfits == 2);  // "1,234" (row 1) and "12,345.5" (row 3)
  CHECK(t.misfits[0].row == 1);
  CHECK(t.misfits[1].row == 3);
  CHECK(contains(t.misfits[0].reason, "--allow-thousands"));
  CsvOptions o;
  o.allow_thousands_separator = true;
  const Table t2 = read_csv_table(read_bytes("thousands.csv"), o);
  CHECK(col(t2, "wbc").numbers == std::vector<double>{1234, 56.5, 12345.5, 7, 8});
}

TEST_CASE("column_table: IDs with leading zeros stay text") {
  const Table t = read_csv_table(read_bytes("leading_zero_ids.csv"));
  REQUIRE(t.status.ok());
  const Column& id = col(t, "patient_id");
  CHECK(id.type == ColumnType::text);
  CHECK(id.cell_text(0) == "001");
  CHECK(id.cell_text(2) == "010");
  CHECK(id.cell_text(3) == "123");
  CHECK(col(t, "wbc").type == ColumnType::integer);
}

TEST_CASE("column_table: a date column mixing formats") {
  // date_format auto (the default): 15/03/2020 (data row 3) can only be day-first, so the
  // column's 03/04/2020 is 3 April; only the impossible 2021-02-29 does not fit.
  const Table t = read_csv_table(read_bytes("mixed_dates.csv"));
  REQUIRE(t.status.ok());
  const Column& d = col(t, "diagnosis_date");
  CHECK(d.type == ColumnType::date);
  CHECK(d.date_order == "dmy");
  REQUIRE(t.n_misfits == 1);
  CHECK(t.misfits[0].value == "2021-02-29");
  CHECK(t.misfits[0].reason == "no such calendar date");
  CHECK(format_iso_date(d.codes[1]) == "2020-02-29");
  CHECK(format_iso_date(d.codes[3]) == "2020-04-03");
  CHECK(std::any_of(t.notes.begin(), t.notes.end(), [](const std::string& n) {
    return contains(n, "'diagnosis_date' read day-first") &&
           contains(n, "'15/03/2020' on data row 3");
  }));

  CsvOptions o;
  o.dates.format = DateFormat::iso;  // ISO only: both D/M/Y cells are misfits
  const Table t1 = read_csv_table(read_bytes("mixed_dates.csv"), o);
  REQUIRE(t1.n_misfits == 3);
  CHECK(t1.misfits[0].value == "15/03/2020");
  CHECK(contains(t1.misfits[0].reason, "date_format is iso"));
  CHECK(t1.misfits[1].value == "03/04/2020");
  CHECK(col(t1, "diagnosis_date").date_order.empty());

  o.dates.format = DateFormat::dmy;
  const Table t2 = read_csv_table(read_bytes("mixed_dates.csv"), o);
  CHECK(t2.n_misfits == 1);
  CHECK(format_iso_date(col(t2, "diagnosis_date").codes[2]) == "2020-03-15");
  CHECK(format_iso_date(col(t2, "diagnosis_date").codes[3]) == "2020-04-03");
  o.dates.format = DateFormat::mdy;
  const Table t3 = read_csv_table(read_bytes("mixed_dates.csv"), o);
  CHECK(t3.n_misfits == 2);  // 15/03/2020 (no month 15) and 2021-02-29
  CHECK(format_iso_date(col(t3, "diagnosis_date").codes[3]) == "2020-03-04");

  std::vector<CellIssue> issues;
  DateOptions dmy;
  dmy.format = DateFormat::dmy;
  const Table raw_text = [&] {
    CsvOptions ot;
    ot.forced_types = {{"diagnosis_date", ColumnType::text}};
    return read_csv_table(read_bytes("mixed_dates.csv"), ot);
  }();
  const Column converted = to_date_column(col(raw_text, "diagnosis_date"), dmy, raw_text, &issues);
  CHECK(format_iso_date(converted.codes[2]) == "2020-03-15");
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].row == 5);
  // A text column converted under auto settles its order as the reader does.
  issues.clear();
  const Column automatic =
      to_date_column(col(raw_text, "diagnosis_date"), DateOptions{}, raw_text, &issues);
  CHECK(automatic.date_order == "dmy");
  CHECK(format_iso_date(automatic.codes[3]) == "2020-04-03");
  CHECK(issues.size() == 1);
  CHECK(issues[0].line == 6);
}

TEST_CASE("column_table: date_format auto settles each column's day/month order, or says why not") {
  // German export (semicolon, DD.MM.YYYY): row 2's 29.04.2012 settles day-first for "Diagnose";
  // "US" is month-first from 04/30/2011 (row 3); "Beide" has 13.01.2012 (row 1, day-first) and
  // 01.13.2012 (row 3, month-first): its D/M/Y cells are left unread, the ISO one kept; "Keiner"
  // has no part above 12 and stays ambiguous (hand-derived).
  const std::string csv =
      "id;Diagnose;US;Beide;Keiner\n"
      "1;03.04.2012;04/03/2011;13.01.2012;01.02.2012\n"
      "2;29.04.2012;04/05/2011;2012-05-06;03.04.2012\n"
      "3;05.06.2012;04/30/2011;01.13.2012;05.06.2012\n";
  const Table t = read_csv_table(csv);
  REQUIRE(t.status.ok());
  const Column& de = col(t, "Diagnose");
  CHECK(de.date_order == "dmy");
  CHECK(de.n_misfit == 0);
  CHECK(format_iso_date(de.codes[0]) == "2012-04-03");
  const Column& us = col(t, "US");
  CHECK(us.date_order == "mdy");
  CHECK(format_iso_date(us.codes[0]) == "2011-04-03");
  const Column& both = col(t, "Beide");
  CHECK(both.type == ColumnType::date);
  CHECK(both.date_order.empty());
  CHECK(both.n_misfit == 2);
  CHECK(format_iso_date(both.codes[1]) == "2012-05-06");
  const Column& none = col(t, "Keiner");
  CHECK(none.date_order.empty());
  CHECK(none.n_misfit == 3);
  bool conflict_listed = false, ambiguous_listed = false;
  for (const CellIssue& m : t.misfits) {
    if (m.column == "Beide") {
      conflict_listed = contains(m.reason, "conflicts") &&
                        contains(m.reason, "'13.01.2012' (data row 1)") &&
                        contains(m.reason, "'01.13.2012' (data row 3)");
    }
    if (m.column == "Keiner") {
      ambiguous_listed = contains(m.reason, "no date in the column has a day above 12");
    }
  }
  CHECK(conflict_listed);
  CHECK(ambiguous_listed);
  const auto note = [](const Table& tt, const char* what) {
    return std::any_of(tt.notes.begin(), tt.notes.end(),
                       [&](const std::string& n) { return contains(n, what); });
  };
  CHECK(note(t, "column 'Diagnose' read day-first (DD.MM.YYYY): '29.04.2012' on data row 2"));
  CHECK(note(t, "column 'US' read month-first (MM/DD/YYYY): '04/30/2011' on data row 3"));
  CHECK(note(t, "column 'Beide': day/month order conflicts"));
  CHECK(note(t, "column 'Keiner': day/month order not settled"));

  // One export, one date format: a column whose own dates do not settle the order takes the one
  // the file's other date columns settle, when they all settle the same (hand-derived).
  const Table f =
      read_csv_table("id;Diagnose;Nachsorge\n1;29.04.2012;01.02.2013\n2;03.05.2012;11.12.2013\n");
  REQUIRE(f.status.ok());
  CHECK(col(f, "Nachsorge").date_order == "dmy");
  CHECK(col(f, "Nachsorge").n_misfit == 0);
  CHECK(format_iso_date(col(f, "Nachsorge").codes[1]) == "2013-12-11");
  CHECK(note(f, "column 'Nachsorge' read day-first as the file's other date columns"));

  // An explicit format is obeyed and adds no note.
  CsvOptions o;
  o.dates.format = DateFormat::mdy;
  const Table m = read_csv_table(csv, o);
  CHECK(col(m, "Diagnose").n_misfit == 1);  // 29.04.2012: no month 29
  CHECK(col(m, "Diagnose").date_order.empty());
  CHECK_FALSE(note(m, "read day-first"));
}

TEST_CASE("column_table: units in headers, duplicates, empty and short files") {
  const Table u = read_csv_table(read_bytes("units_in_header.csv"));
  REQUIRE(u.status.ok());
  CHECK(col(u, "WBC (/\xC2\xB5L)").numbers[0] == 300000);

  const Table d = read_csv_table(read_bytes("duplicate_headers.csv"));
  REQUIRE(d.status.ok());
  CHECK(d.duplicate_headers == std::vector<std::string>{"wbc"});
  CHECK(d.columns[2].name == "wbc (2)");
  CHECK(d.columns[2].header == "wbc");
  CHECK(d.columns[2].numbers[0] == 2);
  // A renamed duplicate never takes a name another header already has (fuzz finding 8).
  const Table clash = read_csv_table(std::string("wbc,wbc,wbc (2),wbc\n1,2,3,4\n"));
  REQUIRE(clash.status.ok());
  CHECK(clash.columns[0].name == "wbc");
  CHECK(clash.columns[1].name == "wbc (3)");
  CHECK(clash.columns[2].name == "wbc (2)");
  CHECK(clash.columns[3].name == "wbc (4)");

  const Table e = read_csv_table(read_bytes("empty.csv"));
  CHECK_FALSE(e.status.ok());

  const Table h = read_csv_table(read_bytes("header_only.csv"));
  REQUIRE(h.status.ok());
  CHECK(h.n_rows == 0);
  CHECK(h.columns.size() == 2);
  CHECK(h.columns[0].type == ColumnType::empty);

  const Table one = read_csv_table(read_bytes("one_column.csv"));
  REQUIRE(one.status.ok());
  CHECK(one.n_rows == 3);
  CHECK(one.columns[0].is_missing(1));
  CHECK(one.columns[0].cell_text(2) == "A3");
  CHECK(one.row_lines == std::vector<uint32_t>{2, 3, 4});
}

TEST_CASE("column_table: ragged rows are out of the table and listed") {
  const Table t = read_csv_table(read_bytes("ragged.csv"));
  REQUIRE(t.status.ok());
  CHECK(t.n_rows == 2);
  CHECK(t.row_numbers == std::vector<size_t>{1, 4});
  CHECK(t.row_lines == std::vector<uint32_t>{2, 5});
  CHECK(col(t, "wbc").numbers == std::vector<double>{1, 4});
  CHECK(t.ragged_rows.size() == 2);
}

TEST_CASE("column_table: missing tokens; a quoted NA is text, not missing") {
  const Table t = read_csv_table(read_bytes("missing_tokens.csv"));
  REQUIRE(t.status.ok());
  const Column& wbc = col(t, "wbc");
  // NA, N/A, ., NULL are missing; "NA" (quoted, row 5) is a value that does not fit a number;
  // 5 of the 6 other cells are integers (>= 80%), so the column is integer.
  REQUIRE(wbc.type == ColumnType::integer);
  CHECK(wbc.n_missing == 5);
  CHECK(wbc.numbers[5] == 7);
  REQUIRE(t.n_misfits == 1);
  CHECK(t.misfits[0].row == 5);
  CHECK(t.misfits[0].value == "NA");
  const Column& sex = col(t, "sex");
  CHECK(sex.is_missing(2));  // "-"
  CHECK(sex.is_missing(3));  // "nan"
}

TEST_CASE("column_table: formula guard removed on read") {
  const Table t = read_csv_table(read_bytes("formula_cells.csv"));
  REQUIRE(t.status.ok());
  const Column& c = col(t, "comment");
  CHECK(c.cell_text(0) == "=SUM(A1:A2)");
  CHECK(c.cell_text(1) == "+cmd");
  CHECK(c.cell_text(2) == "'=x");  // two apostrophes in the file: one was the guard
  CHECK(col(t, "delta").numbers[0] == -1.5);
  CsvOptions o;
  o.strip_formula_guard = false;
  CHECK(col(read_csv_table(read_bytes("formula_cells.csv"), o), "comment").cell_text(0) ==
        "'=SUM(A1:A2)");
}

TEST_CASE("column_table: misfit share rule, cap and forced types") {
  // 9 numbers and one text cell: >= 80% numbers -> number column with one misfit.
  std::string csv = "x,y\n";
  for (int i = 0; i < 9; ++i) csv += std::to_string(i) + ".5,a" + std::to_string(i) + "\n";
  csv += "<0.5,b\n";
  const Table t = read_csv_table(csv);
  CHECK(col(t, "x").type == ColumnType::number);
  REQUIRE(t.misfits.size() == 1);
  CHECK(t.misfits[0].row == 10);
  CHECK(t.misfits[0].line == 11);
  CHECK(t.misfits[0].reason == "not a number");
  // Half text -> the column stays text; nothing is lost.
  const Table half = read_csv_table(std::string("x\n1\n2\nx\ny\n"));
  CHECK(half.columns[0].type != ColumnType::number);
  CHECK(half.n_misfits == 0);
  // Cap on the listing; the count stays complete.
  std::string many = "x\n";
  for (int i = 0; i < 100; ++i) many += "1\n";
  for (int i = 0; i < 20; ++i) many += "bad\n";
  CsvOptions o;
  o.max_listed_issues = 5;
  const Table capped = read_csv_table(many, o);
  CHECK(capped.misfits.size() == 5);
  CHECK(capped.n_misfits == 20);
  // Forced types override inference.
  o = CsvOptions{};
  o.forced_types = {{"x", ColumnType::text}};
  const Table forced = read_csv_table(std::string("x\n1\n2\n"), o);
  CHECK(forced.columns[0].type == ColumnType::text);
  CHECK(forced.columns[0].forced);
  // Booleans.
  // Booleans keep the file's spellings as levels (R: factor(c("yes", "No", NA, "true"))), and
  // their yes/no value.
  const Table b = read_csv_table(std::string("flag\nyes\nNo\n\ntrue\n"));
  CHECK(b.columns[0].type == ColumnType::boolean);
  CHECK(b.columns[0].cell_text(0) == "yes");
  CHECK(b.columns[0].cell_text(1) == "No");
  CHECK(b.columns[0].cell_text(3) == "true");
  CHECK(b.columns[0].boolean_value(0) == 1);
  CHECK(b.columns[0].boolean_value(1) == 0);
  CHECK(b.columns[0].boolean_value(2) == -1);
  CHECK(b.columns[0].boolean_value(3) == 1);
  // With a misfit the column is settled in the second pass: same labels.
  const Table b2 = read_csv_table(std::string("flag\nyes\nNo\nyes\nNo\nyes\nmaybe\n"));
  CHECK(b2.columns[0].type == ColumnType::boolean);
  CHECK(b2.columns[0].cell_text(1) == "No");
  CHECK(b2.columns[0].boolean_value(0) == 1);
  CHECK(b2.columns[0].is_missing(5));
  CHECK(b2.columns[0].raw_text(5) == "maybe");
}

TEST_CASE("column_table: numbers are exact (fast_float) and print back exactly") {
  const Table t = read_csv_table(std::string("v\n0.1\n2.2250738585072014e-308\n-1.5\n1e300\n"));
  REQUIRE(t.status.ok());
  const Column& v = t.columns[0];
  CHECK(v.numbers[0] == 0.1);
  CHECK(v.numbers[1] == 2.2250738585072014e-308);
  CHECK(v.numbers[2] == -1.5);
  CHECK(v.cell_text(0) == "0.1");
  CHECK(v.cell_text(2) == "-1.5");
  CHECK(format_number(1e300) == "1e+300");
}

TEST_CASE("column_table: columns settled in pass 1 equal those parsed in pass 2") {
  // read_csv_table keeps a column's values from its first pass when every cell fits the type it
  // ends up with; forcing the same types sends every column through the second pass instead.
  // Both must give the same table, cell for cell (R datasets and the catalogue as input).
  for (const char* name : {"units_in_header.csv", "missing_tokens.csv", "mixed_dates.csv",
                           "german_excel.csv", "one_column.csv", "leading_zero_ids.csv",
                           "thousands.csv", "formula_cells.csv", "quoted_newlines.csv"}) {
    CAPTURE(name);
    const Table a = read_csv_table(read_bytes(name));
    REQUIRE(a.status.ok());
    CsvOptions forced;
    for (const Column& c : a.columns) forced.forced_types.emplace_back(c.name, c.type);
    const Table b = read_csv_table(read_bytes(name), forced);
    REQUIRE(b.status.ok());
    REQUIRE(a.n_rows == b.n_rows);
    REQUIRE(a.columns.size() == b.columns.size());
    CHECK(a.n_misfits == b.n_misfits);
    for (size_t j = 0; j < a.columns.size(); ++j) {
      const Column& x = a.columns[j];
      const Column& y = b.columns[j];
      CAPTURE(x.name);
      CHECK(x.type == y.type);
      CHECK(x.n_missing == y.n_missing);
      CHECK(x.n_misfit == y.n_misfit);
      CHECK(x.levels == y.levels);
      for (size_t i = 0; i < a.n_rows; ++i) {
        CHECK(x.is_missing(i) == y.is_missing(i));
        CHECK(x.cell_text(i) == y.cell_text(i));
      }
    }
  }
}

TEST_CASE("column_table: random files read the same through pass 1 and through pass 2") {
  // The same comparison on generated files: text columns whose levels overflow (their cells kept
  // from pass 1) or not (rebuilt from the codes), numbers the classifier reads itself, missing
  // tokens, quotes, formula guards, blank and ragged lines, and one-column files.
  std::mt19937_64 rng(11);
  auto text_cell = [&](size_t distinct) {
    switch (rng() % 12) {
      case 0:
        return std::string("NA");
      case 1:
        return std::string();
      case 2:
        return "\"q \"\"" + std::to_string(rng() % distinct) + "\"\"\"";
      case 3:
        return "'=x" + std::to_string(rng() % 3);
      case 4:
        return " sp" + std::to_string(rng() % distinct) + " ";
      default:
        return "id" + std::to_string(rng() % distinct);
    }
  };
  auto number_cell = [&]() {
    switch (rng() % 10) {
      case 0:
        return std::string("NA");
      case 1:
        return std::to_string(static_cast<int>(rng() % 2000) - 1000);
      case 2:
        return std::string("-0");
      default:
        return std::to_string(static_cast<int>(rng() % 100000) - 500) + "." +
               std::to_string(rng() % 1000);
    }
  };
  for (int iter = 0; iter < 60; ++iter) {
    const bool one_column = iter % 5 == 4;
    const size_t rows = 1 + rng() % 2500;
    const size_t distinct = 1 + rng() % 3000;
    const char* eol = iter % 2 ? "\r\n" : "\n";
    std::string csv = one_column ? std::string("id") + eol : std::string("id,x,k") + eol;
    for (size_t r = 0; r < rows; ++r) {
      csv += text_cell(distinct);
      if (!one_column) csv += "," + number_cell() + "," + "abc"[rng() % 3];
      if (!one_column && rng() % 200 == 0) csv += ",extra";  // ragged: left out
      csv += eol;
      if (!one_column && rng() % 300 == 0) csv += eol;  // blank line: skipped
    }
    if (one_column) csv += std::string(eol) + eol;  // trailing blank lines: not rows
    CAPTURE(iter);
    const Table a = read_csv_table(csv);
    REQUIRE(a.status.ok());
    CsvOptions forced;
    for (const Column& c : a.columns) forced.forced_types.emplace_back(c.name, c.type);
    const Table b = read_csv_table(csv, forced);
    REQUIRE(b.status.ok());
    REQUIRE(a.n_rows == b.n_rows);
    REQUIRE(a.columns.size() == b.columns.size());
    CHECK(a.row_lines == b.row_lines);
    for (size_t j = 0; j < a.columns.size(); ++j) {
      const Column& x = a.columns[j];
      const Column& y = b.columns[j];
      CAPTURE(x.name);
      REQUIRE(x.type == y.type);
      CHECK(x.n_missing == y.n_missing);
      CHECK(x.n_misfit == y.n_misfit);
      CHECK(x.levels == y.levels);
      CHECK(x.codes == y.codes);
      CHECK(x.arena == y.arena);
      CHECK(x.offsets == y.offsets);
      CHECK(x.missing == y.missing);
      REQUIRE(x.numbers.size() == y.numbers.size());
      for (size_t i = 0; i < x.numbers.size(); ++i) {
        CHECK(std::memcmp(&x.numbers[i], &y.numbers[i], sizeof(double)) == 0);
      }
    }
  }
}
