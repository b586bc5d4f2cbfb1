// Table -> CSV bytes, safe to open in a spreadsheet.
//
// Formula injection (OWASP "CSV injection"): a text cell whose first character is = + - @ tab or
// CR is written with one leading apostrophe, so a spreadsheet takes it as text instead of running
// it. To keep the rule reversible, a text cell that already starts with apostrophes followed by
// one of those characters also gets one more apostrophe. csv_reader removes exactly one leading
// apostrophe from any cell of that shape (CsvOptions::strip_formula_guard, on by default).
//
// Numbers are never guarded: numeric, integer, date and boolean columns are written from their
// typed values (numbers as the shortest text that reads back to the same double, '.' decimal
// mark), and a cell such as -1.5 is a number to every spreadsheet, not a formula, so "-1.5" stays
// "-1.5". Only text and categorical cells can carry a formula, and only they are guarded; a text
// cell "-1.5" (e.g. in a free-text column) is written "'-1.5".
//
// "Round-trip unchanged" means: read_csv_table(write_csv(t)) with forced_types =
// column_types_for_reading(t) gives the same column names, types, missing cells and values
// (doubles bit for bit, dates, text byte for byte). Limits of that promise: the reader trims
// spaces and tabs around every cell, an empty text cell reads back as missing, and the header
// names are written as the table's unique `name`s.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "infant_all/io/column_table.h"

namespace infant_all {

struct CsvWriteOptions {
  char delimiter = ',';
  const char* line_end = "\r\n";  // RFC 4180
  bool neutralize_formulas = true;
  bool utf8_bom = false;  // some Excel versions need it to read UTF-8
};

// True when a text cell must get the guard apostrophe (see above).
bool needs_formula_guard(std::string_view cell);

// One text cell as it goes into the file: guarded when needed, quoted when it holds the
// delimiter, a quote, CR/LF, surrounding spaces, or reads as a missing token (quoted cells are
// never missing to the reader).
std::string encode_text_cell(std::string_view cell, const CsvWriteOptions& options = {});

std::string write_csv(const Table& table, const CsvWriteOptions& options = {});

// Header + rows of already formatted text (e.g. result tables); every cell is text.
std::string write_csv_rows(const std::vector<std::string>& header,
                           const std::vector<std::vector<std::string>>& rows,
                           const CsvWriteOptions& options = {});

// forced_types for reading a written table back with the same types.
std::vector<std::pair<std::string, ColumnType>> column_types_for_reading(const Table& table);

}  // namespace infant_all
