// CSV bytes -> UTF-8 text -> records. The lowest layer of the cohort import: encoding
// detection, dialect sniffing, RFC 4180 tokenising and locale-free number recognition. Typed
// columns are built on top of this by column_table.h (read_csv_table), which is what most
// callers want; read_csv_raw here is the untyped view (every cell a string).
//
// What is accepted (and what is not):
// - Encodings: UTF-8 with or without BOM; UTF-16 LE/BE with BOM (converted to UTF-8). Bytes that
//   are not valid UTF-8 are taken as Windows-1252 (the usual Excel "CSV" export) and converted,
//   with a note. NUL or other C0 control bytes (except tab, LF, CR) are an error: binary data.
// - Line ends: LF, CRLF and CR-only, even mixed; a record may span lines inside quotes.
// - Delimiter: sniffed among , ; tab | from the first records unless given.
// - Decimal mark: ',' when the delimiter is ';' (German/French Excel), else '.'; overridable.
// - Quoting: RFC 4180 ("" inside quotes is one "). Text after a closing quote is kept verbatim.
// - Limits (CsvLimits) are checked and reported by name; nothing is silently truncated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "infant_all/io/dates.h"
#include "infant_all/status.h"

namespace infant_all {

struct CsvLimits {
  size_t max_bytes = size_t{256} << 20;  // 256 MiB of input
  size_t max_rows = 10'000'000;          // data rows (header excluded)
  size_t max_columns = 10'000;
  size_t max_field_bytes = size_t{1} << 20;  // 1 MiB per cell (long free-text comments fit)
};

enum class ColumnType;  // column_table.h

struct CsvOptions {
  char delimiter = 0;     // 0 = sniff among , ; \t |
  char decimal_mark = 0;  // 0 = ',' when the delimiter is ';', otherwise '.'
  // Thousands separators ("1,234" / "1.234,5") make a cell a misfit unless allowed; when allowed
  // the separator is the one that is not the decimal mark, and groups must be of 3 digits.
  bool allow_thousands_separator = false;
  // Unquoted cells equal to one of these (case-insensitive, after trimming) are missing. A quoted
  // cell is never a missing token: the writer quotes a text value that happens to read "NA".
  std::vector<std::string> missing_tokens = {"", "NA", "N/A", ".", "-", "NULL", "nan"};
  // Remove the leading apostrophe that csv_writer adds to neutralise formula injection (see
  // csv_writer.h for the exact rule), so that write -> read returns the original text.
  bool strip_formula_guard = true;
  DateOptions dates;
  // Column types chosen by the caller (header text as written in the file -> type); the rest
  // are inferred.
  std::vector<std::pair<std::string, ColumnType>> forced_types;
  size_t max_listed_issues = 1000;  // misfits listed in full up to this count, then only counted
  // Ragged rows are listed and left out of the table; with this set they fail the whole read.
  bool fail_on_ragged_rows = false;
  CsvLimits limits;
};

enum class Encoding { empty, utf8, utf8_bom, utf16le, utf16be, windows1252 };
const char* to_string(Encoding e);

// Bytes -> UTF-8. `text()` views either the caller's bytes (UTF-8 input: no copy) or `owned`.
struct DecodedText {
  Status status;
  Encoding encoding = Encoding::empty;
  std::vector<std::string> notes;  // assumptions made (e.g. "converted from Windows-1252")
  std::string owned;
  bool uses_owned = false;
  std::string_view view;
  std::string_view text() const { return uses_owned ? std::string_view(owned) : view; }
};

// Detects BOM/UTF-16, validates (NUL and control bytes -> error naming line and byte offset)
// and converts to UTF-8. The returned view may point into `bytes`: keep them alive.
DecodedText decode_text(std::string_view bytes, const CsvLimits& limits = {});

struct Dialect {
  char delimiter = ',';
  char decimal_mark = '.';
  char thousands_mark = ',';
  bool sniffed = false;  // delimiter chosen by the sniffer
};

// Chooses the delimiter from the first records (quotes respected): the candidate giving the most
// records with the header's field count (> 1), then more fields; ties go , ; tab | in that order.
Dialect sniff_dialect(std::string_view text, const CsvOptions& options = {});

// What a single trimmed, non-missing cell looks like.
enum class CellKind : uint8_t {
  integer,       // [+-]digits, at most 15 digits, no leading zero (exactly representable)
  number,        // decimal / exponent form with the file's decimal mark
  thousands,     // a number written with thousands separators (1,234,567.5)
  leading_zero,  // 007, 0123: an identifier, kept as text
  date_like,     // ISO or D/M/Y shape (see dates.h)
  boolean,       // true/false, yes/no, y/n (case-insensitive)
  text,
};
CellKind classify_cell(std::string_view cell, const Dialect& dialect);

// Parses a number cell exactly (fast_float; never strtod or the C locale). Accepts a leading '+'.
// Thousands separators only when `allow_thousands`. Returns false when the cell is not a number.
bool parse_number(std::string_view cell, const Dialect& dialect, bool allow_thousands, double* out);

bool is_missing_token(std::string_view trimmed_cell, const std::vector<std::string>& tokens);
std::string_view trim_cell(std::string_view s);  // spaces and tabs at both ends

// The formula guard rule shared with csv_writer: a cell matching '+[=+-@\t\r] (one or more
// apostrophes, then a trigger character) had one apostrophe added by the writer.
bool has_formula_guard(std::string_view cell);

// "data row 3" or "data row 3 (file line 5)" when the two differ (header = line 1).
std::string row_label(size_t data_row, size_t file_line);

struct RaggedRow {
  size_t row = 0;   // 1-based data row
  size_t line = 0;  // 1-based file line where the record starts
  size_t expected = 0;
  size_t found = 0;
};

// Untyped CSV: the header and every cell as a string (quotes removed, not trimmed).
struct RawCsv {
  Status status;
  Encoding encoding = Encoding::empty;
  Dialect dialect;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // ragged rows excluded (listed below)
  std::vector<size_t> row_lines;               // file line of each kept row
  std::vector<RaggedRow> ragged_rows;
  std::vector<std::string> notes;
};
RawCsv read_csv_raw(std::string_view bytes, const CsvOptions& options = {});

}  // namespace infant_all
