// fuzz_csv_reader: bytes -> read_csv_table (column_table.h) under option variants picked by the
// first byte (0x00 = defaults), then the writer round trip (csv_writer.h).
//
// Invariants:
//   - status ok, or a non-empty message;
//   - every column's size() == n_rows; row_numbers and row_lines have n_rows entries;
//   - when ok: write_csv(t) read back with forced_types = column_types_for_reading(t) is ok and
//     has the same n_rows, column count and column names.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "fuzz_bytes.h"
#include "infant_all/io/column_table.h"
#include "infant_all/io/csv_writer.h"

using namespace infant_all;

namespace {

// The first byte picks the options; seed files start with 0x00 (all defaults).
CsvOptions options_from(uint8_t b) {
  CsvOptions o;
  static const char kDelims[] = {0, ',', ';', '\t', '|', 0, 0, 0};
  o.delimiter = kDelims[b & 7];
  if (b & 8) o.decimal_mark = (b & 1) ? ',' : '.';
  o.allow_thousands_separator = (b & 16) != 0;
  switch ((b >> 5) & 7) {
    case 1:
      o.dates.format = DateFormat::dmy;
      break;
    case 2:
      o.dates.format = DateFormat::mdy;
      o.dates.excel_serial = true;
      break;
    case 3:
      o.strip_formula_guard = false;
      o.missing_tokens = {};
      break;
    case 4:
      o.fail_on_ragged_rows = true;
      o.max_listed_issues = 1;
      break;
    case 5:  // tight limits: the limit messages must come out without harm
      o.limits.max_field_bytes = 8;
      o.limits.max_columns = 3;
      o.limits.max_rows = 3;
      break;
    case 6:
      o.limits.max_bytes = 64;
      break;
    case 7:  // ISO only (the default, auto, is case 0 and the others)
      o.dates.format = DateFormat::iso;
      break;
    default:
      break;
  }
  return o;
}

void check_shape(const Table& t, const char* which) {
  FUZZ_CHECK(t.status.ok() || !t.status.message.empty(), "%s: status %s with an empty message",
             which, to_string(t.status.code));
  FUZZ_CHECK(t.row_numbers.size() == t.n_rows, "%s: row_numbers %zu != n_rows %zu", which,
             t.row_numbers.size(), t.n_rows);
  FUZZ_CHECK(t.row_lines.size() == t.n_rows, "%s: row_lines %zu != n_rows %zu", which,
             t.row_lines.size(), t.n_rows);
  for (size_t j = 0; j < t.columns.size(); ++j) {
    const Column& c = t.columns[j];
    FUZZ_CHECK(c.size() == t.n_rows, "%s: column %zu '%s' (%s) size %zu != n_rows %zu", which, j,
               c.name.c_str(), to_string(c.type), c.size(), t.n_rows);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const CsvOptions options = options_from(data[0]);
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);

  Table t = read_csv_table(bytes, options);
  check_shape(t, "first read");
  if (!t.status.ok()) return 0;

  const std::string written = write_csv(t);
  CsvOptions back;
  back.forced_types = column_types_for_reading(t);
  Table u = read_csv_table(written, back);
  check_shape(u, "re-read");
  FUZZ_CHECK(u.status.ok(), "re-read of the written table failed: %s\nwritten:\n%s",
             u.status.message.c_str(), written.c_str());
  // The writer's promise (csv_writer.h): default options plus the forced types read back the
  // same table: rows, unique names, types, missing cells and values (findings 1, 3, 5, 8 fixed).
  FUZZ_CHECK(u.n_rows == t.n_rows, "round trip: n_rows %zu -> %zu\nwritten:\n%s", t.n_rows,
             u.n_rows, written.c_str());
  FUZZ_CHECK(u.columns.size() == t.columns.size(), "round trip: %zu columns -> %zu\nwritten:\n%s",
             t.columns.size(), u.columns.size(), written.c_str());
  std::set<std::string> names;
  for (const Column& c : t.columns) names.insert(c.name);
  FUZZ_CHECK(names.size() == t.columns.size(), "column names not unique (%zu names, %zu columns)",
             names.size(), t.columns.size());
  for (size_t j = 0; j < t.columns.size(); ++j) {
    const Column& a = t.columns[j];
    const Column& b = u.columns[j];
    FUZZ_CHECK(a.name == b.name, "round trip: column %zu name '%s' -> '%s'", j, a.name.c_str(),
               b.name.c_str());
    FUZZ_CHECK(a.type == b.type, "round trip: column '%s' type %s -> %s", a.name.c_str(),
               to_string(a.type), to_string(b.type));
    for (size_t i = 0; i < t.n_rows; ++i) {
      FUZZ_CHECK(a.is_missing(i) == b.is_missing(i), "round trip: '%s' row %zu missing %d -> %d",
                 a.name.c_str(), i + 1, a.is_missing(i), b.is_missing(i));
      if (a.is_missing(i)) continue;
      FUZZ_CHECK(a.cell_text(i) == b.cell_text(i), "round trip: '%s' row %zu '%s' -> '%s'",
                 a.name.c_str(), i + 1, a.cell_text(i).c_str(), b.cell_text(i).c_str());
    }
  }
  return 0;
}
