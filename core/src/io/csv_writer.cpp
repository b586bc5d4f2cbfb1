#include "infant_all/io/csv_writer.h"

namespace infant_all {
namespace {

bool is_trigger(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

const std::vector<std::string>& default_missing_tokens() {
  static const std::vector<std::string> tokens = CsvOptions{}.missing_tokens;
  return tokens;
}

}  // namespace

bool needs_formula_guard(std::string_view s) {
  if (s.empty()) return false;
  if (is_trigger(s.front())) return true;
  return has_formula_guard(s);
}

std::string encode_text_cell(std::string_view cell, const CsvWriteOptions& o) {
  std::string v;
  if (o.neutralize_formulas && needs_formula_guard(cell)) v.push_back('\'');
  v.append(cell.data(), cell.size());
  bool quote =
      !v.empty() && (v.front() == ' ' || v.front() == '\t' || v.back() == ' ' || v.back() == '\t');
  // Any delimiter the reader may sniff, not only ours: a re-read with default options must find
  // the same fields. A leading U+FEFF would be taken for a byte-order mark and dropped.
  for (char c : v) {
    if (c == o.delimiter || c == ',' || c == ';' || c == '\t' || c == '|' || c == '"' ||
        c == '\n' || c == '\r') {
      quote = true;
      break;
    }
  }
  if (v.rfind("\xEF\xBB\xBF", 0) == 0) quote = true;
  if (!quote && !v.empty() && is_missing_token(v, default_missing_tokens())) quote = true;
  if (!quote) return v;
  std::string q = "\"";
  for (char c : v) {
    if (c == '"') q.push_back('"');
    q.push_back(c);
  }
  q.push_back('"');
  return q;
}

std::string write_csv(const Table& table, const CsvWriteOptions& o) {
  std::string out;
  if (o.utf8_bom) out = "\xEF\xBB\xBF";
  for (size_t j = 0; j < table.columns.size(); ++j) {
    if (j > 0) out.push_back(o.delimiter);
    out += encode_text_cell(table.columns[j].name, o);
  }
  out += o.line_end;
  for (size_t i = 0; i < table.n_rows; ++i) {
    for (size_t j = 0; j < table.columns.size(); ++j) {
      if (j > 0) out.push_back(o.delimiter);
      const Column& c = table.columns[j];
      if (c.is_missing(i)) {
        // In a one-column table an empty line would be a blank line, which the reader skips at
        // the end of a file; a quoted empty field is a missing cell.
        if (table.columns.size() == 1) out += "\"\"";
        continue;
      }
      switch (c.type) {
        case ColumnType::text:
        case ColumnType::categorical:
        case ColumnType::empty:
          out += encode_text_cell(c.cell_text(i), o);
          break;
        default:
          out += c.cell_text(i);
          break;  // numbers, ISO dates, true/false: never guarded
      }
    }
    out += o.line_end;
  }
  return out;
}

std::string write_csv_rows(const std::vector<std::string>& header,
                           const std::vector<std::vector<std::string>>& rows,
                           const CsvWriteOptions& o) {
  std::string out;
  if (o.utf8_bom) out = "\xEF\xBB\xBF";
  auto line = [&](const std::vector<std::string>& cells) {
    for (size_t j = 0; j < cells.size(); ++j) {
      if (j > 0) out.push_back(o.delimiter);
      out += encode_text_cell(cells[j], o);
    }
    out += o.line_end;
  };
  line(header);
  for (const auto& r : rows) line(r);
  return out;
}

std::vector<std::pair<std::string, ColumnType>> column_types_for_reading(const Table& table) {
  std::vector<std::pair<std::string, ColumnType>> t;
  for (const Column& c : table.columns) t.emplace_back(c.name, c.type);
  return t;
}

}  // namespace infant_all
