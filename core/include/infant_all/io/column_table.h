// Typed columns read from CSV bytes: the table every cohort analysis starts from.
//
// Design (for speed on large files): two linear passes over the decoded text and no per-cell
// strings. Pass 1 tokenises and classifies every cell (csv_reader.h classify_cell) to infer each
// column's type; pass 2 tokenises again and writes straight into typed storage (doubles for
// numbers, int32 days for dates, int32 codes + a dictionary for categoricals, one byte arena +
// offsets for free text). Peak memory is the input plus the typed columns, never an index of
// every field.
//
// Type inference, per column, over its non-missing cells:
// - all integers -> integer; all integers/numbers -> number; all dates -> date; all booleans ->
//   boolean;
// - otherwise, if >= 80% of the cells are number-like (numbers, or numbers written with
//   thousands separators), the column is number (integer) and the rest are misfits; same for
//   date-like (a date in an unaccepted format still counts as date-like) and boolean;
// - otherwise text, stored as categorical when it has few distinct values (<= 1024 and at most
//   half the non-missing cells, or at most 2).
// Identifiers with leading zeros ("007") and integers of more than 15 digits are text, so IDs
// never lose digits. A misfit cell becomes missing in its typed column and is listed (row, line,
// column, value, expected type, reason), capped at max_listed_issues with a total count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "infant_all/format.h"  // format_number: how cell_text writes a number
#include "infant_all/io/csv_reader.h"
#include "infant_all/status.h"

namespace infant_all {

enum class ColumnType { empty, integer, number, date, boolean, categorical, text };
const char* to_string(ColumnType t);

struct Column {
  std::string name;    // header text, trimmed; duplicates get " (2)", " (3)" appended
  std::string header;  // header text exactly as in the file
  ColumnType type = ColumnType::empty;
  bool forced = false;  // type given by the caller, not inferred
  // date columns read under date_format auto: "dmy" or "mdy" when the column's own dates settled
  // the day/month order (the import notes say which date settled it), "" otherwise.
  std::string date_order;
  // number, integer: NaN = missing.
  std::vector<double> numbers;
  // date: days since 1970-01-01 (kMissingDate = missing); boolean and categorical: index into
  // `levels` (-1 missing).
  std::vector<int32_t> codes;
  // categorical and boolean: the cell texts as the file wrote them, in order of first
  // appearance ("yes", "No": a yes/no column keeps its labels, as R's factor() does).
  std::vector<std::string> levels;
  std::vector<int8_t> level_truth;  // boolean: 1 when the level means yes/true, else 0
  // text / empty: cell i is arena[offsets[i], offsets[i+1]); missing[i] != 0 when missing.
  std::string arena;
  std::vector<uint32_t> offsets;
  std::vector<uint8_t> missing;
  size_t n_missing = 0;
  size_t n_misfit = 0;
  // The file's own text of the cells whose typed value does not keep it, by row (sorted): every
  // misfit (typed as missing) and every number written in scientific notation ("1e-4": an MRD
  // fraction by its form). Sparse: other cells are not copied.
  std::vector<std::pair<uint32_t, std::string>> raw_cells;

  size_t size() const;
  bool is_missing(size_t i) const;
  // The cell as text: numbers shortest round-trip ("%.17g"-exact, locale-free), dates ISO,
  // booleans and categoricals as written, "" when missing.
  std::string cell_text(size_t i) const;
  // A boolean cell as 1 (yes/true) or 0, -1 when missing.
  int boolean_value(size_t i) const;
  // The cell as the file wrote it where the typed value loses that (raw_cells), else cell_text.
  // What a reader of free text (the clinical vocabulary) must see.
  std::string raw_text(size_t i) const;
};

struct CellIssue {
  size_t row = 0;   // 1-based data row
  size_t line = 0;  // 1-based file line (header = 1)
  std::string column;
  std::string value;
  std::string expected;  // the column's type
  std::string reason;
};

struct Table {
  Status status;
  Encoding encoding = Encoding::empty;
  Dialect dialect;
  std::vector<Column> columns;
  size_t n_rows = 0;                // data rows kept (ragged rows are not in the table)
  std::vector<uint32_t> row_lines;  // file line of each kept row, for messages
  std::vector<size_t> row_numbers;  // 1-based data row number of each kept row
  std::vector<RaggedRow> ragged_rows;
  std::vector<CellIssue> misfits;  // listed up to max_listed_issues
  size_t n_misfits = 0;            // all misfits
  std::vector<std::string> duplicate_headers;
  std::vector<std::string> notes;  // assumptions made while reading, in words

  int find(std::string_view name) const;  // column index by name or header, -1 when absent
  std::vector<std::string> headers() const;
};

// Reads a whole CSV into typed columns. Errors (empty input, binary data, unclosed quote, limits)
// are in `status`; row-level problems are listed, not fatal.
Table read_csv_table(std::string_view bytes, const CsvOptions& options = {});

// Re-reads a text/categorical column as dates with other date settings (e.g. once the user has
// said the file is DD/MM/YYYY). Cells that do not parse are listed in `issues` and set missing.
Column to_date_column(const Column& c, const DateOptions& options, const Table& table,
                      std::vector<CellIssue>* issues);

}  // namespace infant_all
