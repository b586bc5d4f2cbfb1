// Private: the RFC 4180 tokeniser shared by read_csv_raw, the sniffer and read_csv_table.
// One linear pass, no allocation per field: a field is a view into the text unless it contained
// a doubled quote (then it is unescaped into a scratch buffer valid until the next field).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "infant_all/io/csv_reader.h"

namespace infant_all::csv_detail {

// classify_cell, and for an integer or a decimal without exponent of at most 15 digits also its
// value in *value (else NaN): the same double fast_float would give, without a second parse.
// `value` may be null.
CellKind classify_cell_value(std::string_view cell, const Dialect& dialect, double* value);

// Word-at-a-time byte search: plain 64-bit integer arithmetic (SWAR), no SIMD intrinsics, so the
// same code runs natively and under WebAssembly without -msimd128. Fields and lines are scanned
// eight bytes per step; the byte loops after each word loop handle the last 7 bytes. The masks
// are exact (no false positives from borrows between bytes), so the first set bit is the first
// match; that bit order needs a little-endian load (x86, ARM, WebAssembly).
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
    (defined(__GNUC__) || defined(__clang__))
inline constexpr bool kSwar = true;
inline size_t first_marked_byte(uint64_t mask) {
  return static_cast<size_t>(__builtin_ctzll(mask)) >> 3;
}
#else
inline constexpr bool kSwar = false;
inline size_t first_marked_byte(uint64_t) { return 0; }
#endif

inline constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
inline constexpr uint64_t kHigh = 0x8080808080808080ULL;

inline uint64_t load_word(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// 0x80 in each byte of w that equals c, 0 elsewhere.
inline uint64_t bytes_equal(uint64_t w, char c) {
  const uint64_t x = w ^ (0x0101010101010101ULL * static_cast<unsigned char>(c));
  return ~(((x & kLow7) + kLow7) | x) & kHigh;
}

// 0x80 in each byte of w below 0x20 (C0 controls), 0 elsewhere.
inline uint64_t bytes_control(uint64_t w) {
  return ~(((w & kLow7) + 0x6060606060606060ULL) | w) & kHigh;
}

// End of the bare field starting at p: the first delimiter, LF or CR (or `end`). Sets *quote
// when a '"' comes before it.
inline const char* scan_bare_field(const char* p, const char* end, char delim, bool* quote) {
  if constexpr (kSwar) {
    while (end - p >= 8) {
      const uint64_t w = load_word(p);
      const uint64_t stop = bytes_equal(w, delim) | bytes_equal(w, '\n') | bytes_equal(w, '\r');
      const uint64_t quotes = bytes_equal(w, '"');
      if (stop != 0) {
        *quote |= (quotes & ((stop & (~stop + 1)) - 1)) != 0;  // quotes before the stop byte
        return p + first_marked_byte(stop);
      }
      *quote |= quotes != 0;
      p += 8;
    }
  }
  while (p < end) {
    const char c = *p;
    if (c == delim || c == '\n' || c == '\r') break;
    *quote |= c == '"';
    ++p;
  }
  return p;
}

// Inside a quoted field: the first '"', LF or CR at or after p (or `end`).
inline const char* scan_quoted_field(const char* p, const char* end) {
  if constexpr (kSwar) {
    while (end - p >= 8) {
      const uint64_t w = load_word(p);
      const uint64_t stop = bytes_equal(w, '"') | bytes_equal(w, '\n') | bytes_equal(w, '\r');
      if (stop != 0) return p + first_marked_byte(stop);
      p += 8;
    }
  }
  while (p < end && *p != '"' && *p != '\n' && *p != '\r') ++p;
  return p;
}

struct FieldInfo {
  std::string_view value;
  bool quoted;
  bool malformed = false;  // not RFC 4180: text after a closing quote, or a quote in a bare field
};

// A record with more than max_fields fields stops the scan at once with an error (a 50 MB line
// of commas would otherwise make millions of fields before the caller could count them).
// on_field(const FieldInfo&) -> void
// on_record(size_t record_line, size_t n_fields, bool blank) -> bool (false stops early)
// A blank record is an empty line (one empty unquoted field). Lines count LF, CRLF and lone CR,
// including those inside quoted fields, so record_line is the file line where the record starts.
template <class OnField, class OnRecord>
Status tokenize(std::string_view text, char delim, size_t max_field_bytes, size_t max_fields,
                OnField&& on_field, OnRecord&& on_record) {
  const char* p = text.data();
  const char* const end = p + text.size();
  std::string scratch;
  size_t line = 1;
  size_t record_line = 1;
  size_t n_fields = 0;
  bool blank = true;
  bool pending_field = false;  // a delimiter was just read, so a (maybe empty) field follows
  auto too_long = [&](size_t len) {
    return Status::invalid(
        "read_csv: field " + std::to_string(n_fields + 1) + " of the record at " + "file line " +
        std::to_string(record_line) + " is " + std::to_string(len) +
        " bytes, above the limit max_field_bytes = " + std::to_string(max_field_bytes));
  };
  while (p < end || pending_field) {
    pending_field = false;
    if (p < end && *p == '"') {
      blank = false;
      ++p;
      const char* s = p;
      bool escaped = false;
      for (;;) {
        p = scan_quoted_field(p, end);
        if (p == end) {
          return Status::invalid("read_csv: a quoted field opened in the record at file line " +
                                 std::to_string(record_line) + " (field " +
                                 std::to_string(n_fields + 1) + ") is never closed");
        }
        const char c = *p;
        if (c == '"') {
          if (p + 1 < end && p[1] == '"') {
            if (!escaped) scratch.clear();
            escaped = true;
            scratch.append(s, static_cast<size_t>(p - s) + 1);
            p += 2;
            s = p;
            continue;
          }
          break;
        }
        if (c == '\n' || (c == '\r' && !(p + 1 < end && p[1] == '\n'))) ++line;
        ++p;
      }
      std::string_view v;
      if (escaped) {
        scratch.append(s, static_cast<size_t>(p - s));
        v = scratch;
      } else {
        v = std::string_view(s, static_cast<size_t>(p - s));
      }
      ++p;  // closing quote
      const char* junk = p;
      while (p < end && *p != delim && *p != '\n' && *p != '\r') ++p;
      if (p != junk) {  // "abc"def: not RFC 4180; keep the tail rather than lose it
        if (!escaped) scratch.assign(v.data(), v.size());
        scratch.append(junk, static_cast<size_t>(p - junk));
        v = scratch;
      }
      if (v.size() > max_field_bytes) return too_long(v.size());
      on_field(FieldInfo{v, true, p != junk});
    } else {
      const char* s = p;
      bool quote_inside = false;
      p = scan_bare_field(p, end, delim, &quote_inside);
      const size_t len = static_cast<size_t>(p - s);
      if (len > max_field_bytes) return too_long(len);
      if (len > 0) blank = false;
      on_field(FieldInfo{std::string_view(s, len), false, quote_inside});
    }
    if (++n_fields > max_fields) {
      return Status::invalid(
          "read_csv: the record at file line " + std::to_string(record_line) + " has more than " +
          std::to_string(max_fields) +
          " fields, above the limit max_columns = " + std::to_string(max_fields));
    }
    if (p < end && *p == delim) {
      blank = false;
      ++p;
      pending_field = true;
      continue;
    }
    const bool keep_going = on_record(record_line, n_fields, blank && n_fields == 1);
    n_fields = 0;
    blank = true;
    if (p < end) {
      p += (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
      ++line;
    }
    record_line = line;
    if (!keep_going) break;
  }
  return Status{};
}

}  // namespace infant_all::csv_detail
