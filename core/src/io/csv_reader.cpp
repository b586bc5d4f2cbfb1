#include "infant_all/io/csv_reader.h"

#include <fast_float/fast_float.h>

#include <cmath>
#include <cstdio>
#include <limits>

#include "csv_reader_tokenize.h"

namespace infant_all {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Line number (1-based) of byte `offset`, counting LF, CRLF and lone CR.
size_t line_of(std::string_view s, size_t offset) {
  size_t line = 1;
  for (size_t i = 0; i < offset && i < s.size(); ++i) {
    if (s[i] == '\n' || (s[i] == '\r' && !(i + 1 < s.size() && s[i + 1] == '\n'))) ++line;
  }
  return line;
}

Status utf16_to_utf8(std::string_view bytes, bool big_endian, std::string* out) {
  if (bytes.size() % 2 != 0) {
    return Status::invalid("read_csv: UTF-16 input has an odd number of bytes (" +
                           std::to_string(bytes.size()) + "): the file is truncated");
  }
  out->reserve(bytes.size() / 2 + bytes.size() / 8);
  auto unit = [&](size_t i) {
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    const auto b1 = static_cast<unsigned char>(bytes[i + 1]);
    return big_endian ? static_cast<uint32_t>((b0 << 8) | b1)
                      : static_cast<uint32_t>((b1 << 8) | b0);
  };
  for (size_t i = 0; i < bytes.size(); i += 2) {
    uint32_t cp = unit(i);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (i + 3 >= bytes.size() || unit(i + 2) < 0xDC00 || unit(i + 2) > 0xDFFF) {
        return Status::invalid("read_csv: UTF-16 input has an unpaired surrogate at byte " +
                               std::to_string(i));
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (unit(i + 2) - 0xDC00);
      i += 2;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return Status::invalid("read_csv: UTF-16 input has an unpaired surrogate at byte " +
                             std::to_string(i));
    }
    append_utf8(*out, cp);
  }
  return Status{};
}

// Length of the valid UTF-8 sequence at s[i], or 0 when invalid (overlongs and surrogates too).
size_t utf8_sequence(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t n = 0;
  uint32_t cp = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07u;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3Fu);
  }
  if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
      (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
    return 0;
  }
  return n;
}

// mantissa / 10^frac_digits for mantissa < 2^53 and frac_digits <= 15, signed; -0 stays -0 as
// with fast_float.
double exact_decimal(uint64_t mantissa, size_t frac_digits, bool negative) {
  static const double kPow10[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const double v = static_cast<double>(mantissa) / kPow10[frac_digits];
  return negative ? -v : v;
}

// Windows-1252 0x80..0x9F (the rest of the high half is Latin-1).
const uint16_t kCp1252High[32] = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                                  0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

}  // namespace

const char* to_string(Encoding e) {
  switch (e) {
    case Encoding::empty:
      return "empty";
    case Encoding::utf8:
      return "UTF-8";
    case Encoding::utf8_bom:
      return "UTF-8 with BOM";
    case Encoding::utf16le:
      return "UTF-16 LE";
    case Encoding::utf16be:
      return "UTF-16 BE";
    case Encoding::windows1252:
      return "Windows-1252";
  }
  return "unknown";
}

std::string_view trim_cell(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_missing_token(std::string_view t, const std::vector<std::string>& tokens) {
  for (const std::string& tok : tokens) {
    if (iequals(t, tok)) return true;
  }
  return false;
}

bool has_formula_guard(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && s[i] == '\'') ++i;
  if (i == 0 || i == s.size()) return false;
  const char c = s[i];
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

std::string row_label(size_t data_row, size_t file_line) {
  std::string s = "data row " + std::to_string(data_row);
  if (file_line != data_row) s += " (file line " + std::to_string(file_line) + ")";
  return s;
}

DecodedText decode_text(std::string_view bytes, const CsvLimits& limits) {
  DecodedText d;
  if (bytes.size() > limits.max_bytes) {
    d.status =
        Status::invalid("read_csv: input is " + std::to_string(bytes.size()) +
                        " bytes, above the limit max_bytes = " + std::to_string(limits.max_bytes));
    return d;
  }
  if (bytes.empty()) {
    d.status = Status::invalid("read_csv: the file is empty (0 bytes)");
    return d;
  }
  auto byte = [&](size_t i) { return static_cast<unsigned char>(bytes[i]); };
  if (bytes.size() >= 2 &&
      ((byte(0) == 0xFF && byte(1) == 0xFE) || (byte(0) == 0xFE && byte(1) == 0xFF))) {
    const bool be = byte(0) == 0xFE;
    d.encoding = be ? Encoding::utf16be : Encoding::utf16le;
    d.status = utf16_to_utf8(bytes.substr(2), be, &d.owned);
    if (!d.status.ok()) return d;
    d.uses_owned = true;
    d.notes.push_back(std::string("converted from ") + to_string(d.encoding) + " to UTF-8");
  } else if (bytes.size() >= 3 && byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) {
    d.encoding = Encoding::utf8_bom;
    d.view = bytes.substr(3);
  } else {
    d.encoding = Encoding::utf8;
    d.view = bytes;
  }
  std::string_view t = d.text();
  // A DOS end-of-file marker is not data.
  if (!t.empty() && t.back() == '\x1A') {
    if (d.uses_owned) {
      d.owned.pop_back();
    } else {
      d.view.remove_suffix(1);
    }
    t = d.text();
  }
  bool valid_utf8 = true;
  for (size_t i = 0; i < t.size(); ++i) {
    if constexpr (csv_detail::kSwar) {
      // Skip words of printable ASCII, tab, LF and CR: nothing to check there.
      while (t.size() - i >= 8) {
        const uint64_t w = csv_detail::load_word(t.data() + i);
        const uint64_t allowed = csv_detail::bytes_equal(w, '\n') |
                                 csv_detail::bytes_equal(w, '\r') |
                                 csv_detail::bytes_equal(w, '\t');
        if (((w & csv_detail::kHigh) | (csv_detail::bytes_control(w) & ~allowed)) != 0) break;
        i += 8;
      }
      if (i == t.size()) break;
    }
    const auto c = static_cast<unsigned char>(t[i]);
    if (c >= 0x20 && c < 0x80) continue;
    if (c == '\n' || c == '\r' || c == '\t') continue;
    if (c < 0x20) {
      std::string msg = "read_csv: ";
      msg += c == 0 ? "NUL byte"
                    : "control byte 0x" + std::string(1, "0123456789ABCDEF"[c >> 4]) +
                          std::string(1, "0123456789ABCDEF"[c & 15]);
      // Offsets are into the file for UTF-8 input, into the converted text otherwise.
      const size_t offset = d.uses_owned ? i : i + static_cast<size_t>(t.data() - bytes.data());
      msg += " at file line " + std::to_string(line_of(t, i)) + " (byte offset " +
             std::to_string(offset) + "): this is binary data, not a text CSV";
      if (c == 0 && d.encoding == Encoding::utf8) {
        msg += " (if it is UTF-16, save it with a byte-order mark or as UTF-8)";
      }
      d.status = Status::invalid(msg);
      return d;
    }
    if (valid_utf8 && c >= 0x80) {
      const size_t n = utf8_sequence(t, i);
      if (n == 0) {
        valid_utf8 = false;
      } else {
        i += n - 1;
      }
    }
  }
  if (!valid_utf8) {
    std::string out;
    out.reserve(t.size() + t.size() / 8);
    for (char ch : t) {
      const auto c = static_cast<unsigned char>(ch);
      if (c < 0x80) {
        out.push_back(ch);
      } else if (c < 0xA0) {
        append_utf8(out, kCp1252High[c - 0x80]);
      } else {
        append_utf8(out, c);
      }
    }
    d.owned = std::move(out);
    d.uses_owned = true;
    d.encoding = Encoding::windows1252;
    d.notes.push_back("the file is not valid UTF-8; read as Windows-1252 and converted to UTF-8");
  }
  return d;
}

Dialect sniff_dialect(std::string_view text, const CsvOptions& options) {
  Dialect best;
  if (options.delimiter != 0) {
    best.delimiter = options.delimiter;
  } else {
    const std::string_view sample = text.substr(0, size_t{1} << 16);
    const char candidates[4] = {',', ';', '\t', '|'};
    long best_score = -1;
    // Score: first whether the header record is well formed (RFC 4180: no quote inside a bare
    // field, no text after a closing quote), then the records that split into the header's
    // field count with every field well formed, then the header's field count. A wrong
    // candidate splits quoted cells that hold it, or leaves quotes inside bare fields.
    for (char cand : candidates) {
      size_t header_fields = 0, clean = 0, records = 0;
      bool malformed = false, header_clean = false;
      (void)csv_detail::tokenize(
          sample, cand, options.limits.max_field_bytes, options.limits.max_columns,
          [&](const csv_detail::FieldInfo& f) { malformed |= f.malformed; },
          [&](size_t, size_t n, bool is_blank) {
            const bool bad = malformed;
            malformed = false;
            if (is_blank) return true;
            if (records == 0) {
              header_fields = n;
              header_clean = !bad;
            }
            if (n == header_fields && !bad) ++clean;
            return ++records < 50;
          });
      const long score = header_fields > 1 ? (header_clean ? 100000000L : 0L) +
                                                 static_cast<long>(clean) * 100000 +
                                                 static_cast<long>(header_fields)
                                           : 0;
      if (score > best_score) {
        best_score = score;
        best.delimiter = cand;
      }
    }
    best.sniffed = true;
  }
  best.decimal_mark =
      options.decimal_mark != 0 ? options.decimal_mark : (best.delimiter == ';' ? ',' : '.');
  best.thousands_mark = best.decimal_mark == ',' ? '.' : ',';
  return best;
}

CellKind classify_cell(std::string_view s, const Dialect& dialect) {
  return csv_detail::classify_cell_value(s, dialect, nullptr);
}

CellKind csv_detail::classify_cell_value(std::string_view s, const Dialect& dialect,
                                         double* value) {
  if (value != nullptr) *value = std::numeric_limits<double>::quiet_NaN();
  const size_t n = s.size();
  size_t i = 0;
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  const size_t int_start = i;
  // The digits as an integer, so that an integer or a short decimal needs no second parse. It
  // wraps past 19 digits, but is used only for at most 15 (below 2^53, so exact in a double).
  uint64_t mantissa = 0;
  while (i < n && s[i] >= '0' && s[i] <= '9') mantissa = mantissa * 10 + uint64_t(s[i++] - '0');
  size_t int_digits = i - int_start;
  bool thousands = false;
  // Grouped integer part: 1-3 digits, then one or more (separator + exactly 3 digits).
  if (i < n && s[i] == dialect.thousands_mark && int_digits >= 1 && int_digits <= 3) {
    size_t j = i;
    bool ok_groups = true;
    size_t groups = 0;
    while (j < n && s[j] == dialect.thousands_mark) {
      size_t k = j + 1;
      while (k < n && s[k] >= '0' && s[k] <= '9') ++k;
      if (k - j - 1 != 3) {
        ok_groups = false;
        break;
      }
      ++groups;
      j = k;
    }
    if (ok_groups && groups > 0) {
      thousands = true;
      int_digits += 3 * groups;
      i = j;
    }
  }
  size_t frac_digits = 0;
  bool has_point = false, has_exp = false;
  if (i < n && s[i] == dialect.decimal_mark) {
    has_point = true;
    ++i;
    const size_t f = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') mantissa = mantissa * 10 + uint64_t(s[i++] - '0');
    frac_digits = i - f;
  }
  bool numeric = int_digits + frac_digits > 0;
  if (numeric && i < n && (s[i] == 'e' || s[i] == 'E')) {
    size_t k = i + 1;
    if (k < n && (s[k] == '+' || s[k] == '-')) ++k;
    const size_t e = k;
    while (k < n && s[k] >= '0' && s[k] <= '9') ++k;
    if (k > e) {
      has_exp = true;
      i = k;
    } else {
      numeric = false;
    }
  }
  if (numeric && i == n) {
    if (thousands) return CellKind::thousands;
    if (int_digits > 1 && s[int_start] == '0') return CellKind::leading_zero;
    if (!has_point && !has_exp) {
      if (int_digits > 15) return CellKind::text;  // long IDs stay text
      if (value != nullptr) *value = exact_decimal(mantissa, 0, s[0] == '-');
      return CellKind::integer;
    }
    // d.ddd with at most 15 digits: mantissa and 10^frac_digits are exact doubles, so their
    // quotient is the correctly rounded value, the one fast_float returns (Clinger's fast path).
    if (value != nullptr && !has_exp && int_digits >= 1 && frac_digits >= 1 &&
        int_digits + frac_digits <= 15) {
      *value = exact_decimal(mantissa, frac_digits, s[0] == '-');
    }
    return CellKind::number;
  }
  if (n >= 8 && n <= 10 && looks_like_date(s)) return CellKind::date_like;
  if (n <= 5) {
    static constexpr std::string_view kBool[] = {"true", "false", "yes", "no", "y", "n"};
    for (std::string_view b : kBool) {
      if (iequals(s, b)) return CellKind::boolean;
    }
  }
  return CellKind::text;
}

bool parse_number(std::string_view s, const Dialect& dialect, bool allow_thousands, double* out) {
  const CellKind kind = classify_cell(s, dialect);
  if (kind == CellKind::thousands && !allow_thousands) return false;
  if (kind != CellKind::integer && kind != CellKind::number && kind != CellKind::thousands) {
    return false;
  }
  char buf[128];
  if (kind == CellKind::thousands) {
    size_t k = 0;
    for (char c : s) {
      if (c == dialect.thousands_mark) continue;
      if (k + 1 >= sizeof buf) return false;
      buf[k++] = c;
    }
    s = std::string_view(buf, k);
  }
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  double v = 0;
  const fast_float::parse_options opts(fast_float::chars_format::general, dialect.decimal_mark);
  const auto res = fast_float::from_chars_advanced(s.data(), s.data() + s.size(), v, opts);
  if (res.ec != std::errc() || res.ptr != s.data() + s.size() || !std::isfinite(v)) return false;
  *out = negative ? -v : v;
  return true;
}

RawCsv read_csv_raw(std::string_view bytes, const CsvOptions& options) {
  RawCsv raw;
  const DecodedText d = decode_text(bytes, options.limits);
  raw.encoding = d.encoding;
  raw.notes = d.notes;
  if (!d.status.ok()) {
    raw.status = d.status;
    return raw;
  }
  const std::string_view text = d.text();
  raw.dialect = sniff_dialect(text, options);
  std::vector<std::string> current;
  Status limit;
  size_t data_rows = 0;
  const Status st = csv_detail::tokenize(
      text, raw.dialect.delimiter, options.limits.max_field_bytes, options.limits.max_columns,
      [&](const csv_detail::FieldInfo& f) {
        std::string_view v = f.value;
        if (options.strip_formula_guard && has_formula_guard(v)) v.remove_prefix(1);
        current.emplace_back(v);
      },
      [&](size_t line, size_t n, bool is_blank) {
        std::vector<std::string> rec;
        rec.swap(current);
        if (is_blank && !(raw.header.size() == 1 && !raw.header.empty())) return true;
        if (raw.header.empty()) {
          if (n > options.limits.max_columns) {
            limit = Status::invalid("read_csv: the header has " + std::to_string(n) +
                                    " columns, above the limit max_columns = " +
                                    std::to_string(options.limits.max_columns));
            return false;
          }
          raw.header = std::move(rec);
          return true;
        }
        ++data_rows;
        if (data_rows > options.limits.max_rows) {
          limit = Status::invalid("read_csv: more than max_rows = " +
                                  std::to_string(options.limits.max_rows) + " data rows");
          return false;
        }
        if (n != raw.header.size()) {
          raw.ragged_rows.push_back(RaggedRow{data_rows, line, raw.header.size(), n});
          return true;
        }
        raw.rows.push_back(std::move(rec));
        raw.row_lines.push_back(line);
        return true;
      });
  raw.status = !st.ok() ? st : limit;
  if (raw.status.ok() && raw.header.empty()) {
    raw.status = Status::invalid("read_csv: the file has no header line (only blank lines)");
  }
  // Trailing blank lines of a one-column file are not rows.
  if (raw.header.size() == 1) {
    while (!raw.rows.empty() && raw.rows.back().size() == 1 && raw.rows.back()[0].empty()) {
      raw.rows.pop_back();
      raw.row_lines.pop_back();
    }
  }
  if (raw.status.ok() && !raw.ragged_rows.empty() && options.fail_on_ragged_rows) {
    const RaggedRow& r = raw.ragged_rows.front();
    raw.status = Status::invalid("read_csv: " + row_label(r.row, r.line) + " has " +
                                 std::to_string(r.found) + " fields, expected " +
                                 std::to_string(r.expected));
  }
  return raw;
}

}  // namespace infant_all
