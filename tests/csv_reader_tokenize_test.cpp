// The tokeniser and the decoder scan eight bytes at a time (SWAR). These tests compare them on
// random text, rich in quotes, delimiters, CR and LF at every offset within a word, with plain
// byte-at-a-time references written out here, so that a word-boundary slip shows up as a
// difference in a field, a line number or an error message.
#include "io/csv_reader_tokenize.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "infant_all/io/csv_reader.h"

using namespace infant_all;

namespace {

// What the tokeniser reports, flattened: one entry per field and per record.
struct Trace {
  std::vector<std::string> events;
  Status status;
};

template <class Tokenize>
Trace trace(Tokenize&& tok) {
  Trace t;
  int records = 0;
  t.status = tok(
      [&](const csv_detail::FieldInfo& f) {
        t.events.push_back("F[" + std::string(f.value) + "]" + (f.quoted ? "q" : "") +
                           (f.malformed ? "m" : ""));
      },
      [&](size_t line, size_t n, bool blank) {
        t.events.push_back("R" + std::to_string(line) + "/" + std::to_string(n) +
                           (blank ? "b" : ""));
        return ++records < 40;  // the early stop must land on the same record
      });
  return t;
}

// The tokeniser's contract, one byte at a time (the form it had before the word scan).
template <class OnField, class OnRecord>
Status reference_tokenize(std::string_view text, char delim, size_t max_field_bytes,
                          size_t max_fields, OnField&& on_field, OnRecord&& on_record) {
  const char* p = text.data();
  const char* const end = p + text.size();
  std::string scratch;
  size_t line = 1, record_line = 1, n_fields = 0;
  bool blank = true, pending_field = false;
  auto too_long = [&](size_t len) {
    return Status::invalid(
        "read_csv: field " + std::to_string(n_fields + 1) + " of the record at file line " +
        std::to_string(record_line) + " is " + std::to_string(len) +
        " bytes, above the limit max_field_bytes = " + std::to_string(max_field_bytes));
  };
  while (p < end || pending_field) {
    pending_field = false;
    if (p < end && *p == '"') {
      blank = false;
      const char* s = ++p;
      bool escaped = false;
      for (;;) {
        if (p == end) {
          return Status::invalid("read_csv: a quoted field opened in the record at file line " +
                                 std::to_string(record_line) + " (field " +
                                 std::to_string(n_fields + 1) + ") is never closed");
        }
        if (*p == '"') {
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
        if (*p == '\n' || (*p == '\r' && !(p + 1 < end && p[1] == '\n'))) ++line;
        ++p;
      }
      std::string_view v;
      if (escaped) {
        scratch.append(s, static_cast<size_t>(p - s));
        v = scratch;
      } else {
        v = std::string_view(s, static_cast<size_t>(p - s));
      }
      const char* junk = ++p;
      while (p < end && *p != delim && *p != '\n' && *p != '\r') ++p;
      if (p != junk) {
        if (!escaped) scratch.assign(v.data(), v.size());
        scratch.append(junk, static_cast<size_t>(p - junk));
        v = scratch;
      }
      if (v.size() > max_field_bytes) return too_long(v.size());
      on_field(csv_detail::FieldInfo{v, true, p != junk});
    } else {
      const char* s = p;
      bool quote_inside = false;
      while (p < end && *p != delim && *p != '\n' && *p != '\r') quote_inside |= *p++ == '"';
      const size_t len = static_cast<size_t>(p - s);
      if (len > max_field_bytes) return too_long(len);
      if (len > 0) blank = false;
      on_field(csv_detail::FieldInfo{std::string_view(s, len), false, quote_inside});
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

// Random CSV-ish text: runs of plain bytes of every length 0..17 (so the special bytes fall at
// every offset within a word) between delimiters, quotes, CR, LF and CRLF.
std::string random_text(std::mt19937_64& rng, char delim) {
  static const char kPlain[] = "ab1 .;|\t";
  std::string s;
  const size_t pieces = rng() % 60;
  for (size_t i = 0; i < pieces; ++i) {
    const size_t run = rng() % 18;
    for (size_t k = 0; k < run; ++k) s += kPlain[rng() % (sizeof kPlain - 1)];
    switch (rng() % 9) {
      case 0:
      case 1:
        s += delim;
        break;
      case 2:
      case 3:
        s += '"';
        break;
      case 4:
        s += '\n';
        break;
      case 5:
        s += '\r';
        break;
      case 6:
        s += "\r\n";
        break;
      case 7:
        s += "\"\"";
        break;
      default:
        break;
    }
  }
  return s;
}

}  // namespace

TEST_CASE("csv tokenize: the word scan agrees with a byte-at-a-time reference") {
  std::mt19937_64 rng(20240611);
  for (int iter = 0; iter < 20000; ++iter) {
    const char delim = ",;\t|"[iter % 4];
    const std::string text = random_text(rng, delim);
    // Small limits now and then, so that the limit errors are compared too.
    const size_t max_field = iter % 7 == 0 ? 5 : 1000;
    const size_t max_fields = iter % 11 == 0 ? 3 : 1000;
    const Trace got = trace([&](auto&& f, auto&& r) {
      return csv_detail::tokenize(text, delim, max_field, max_fields, f, r);
    });
    const Trace want = trace([&](auto&& f, auto&& r) {
      return reference_tokenize(text, delim, max_field, max_fields, f, r);
    });
    CAPTURE(text);
    REQUIRE(got.status.message == want.status.message);
    REQUIRE(got.events == want.events);
  }
}

TEST_CASE("csv decode: the word skip finds the same first bad byte and the same encoding") {
  std::mt19937_64 rng(77);
  for (int iter = 0; iter < 5000; ++iter) {
    std::string s;
    const size_t n = 1 + rng() % 40;
    for (size_t i = 0; i < n; ++i) s += "ab,1\n\r\t "[rng() % 8];
    // One odd byte (a control byte, a high byte, a UTF-8 sequence) at any offset, or none.
    const size_t at = rng() % (s.size() + 1);
    switch (rng() % 6) {
      case 0:
        s.insert(at, 1, static_cast<char>(1 + rng() % 8));  // control byte
        break;
      case 1:
        s.insert(at, "\xC3\xA4");  // valid UTF-8
        break;
      case 2:
        s.insert(at, 1, static_cast<char>(0xE4));  // Windows-1252
        break;
      case 3:
        s.insert(at, 1, '\x7F');  // DEL is printable ASCII here
        break;
      default:
        break;
    }
    CAPTURE(s);
    const DecodedText d = decode_text(s);
    size_t bad = s.size();
    bool high = false;
    for (size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      high |= c >= 0x80;
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
        bad = i;
        break;
      }
    }
    if (bad < s.size()) {
      REQUIRE_FALSE(d.status.ok());
      CHECK(d.status.message.find("(byte offset " + std::to_string(bad) + ")") !=
            std::string::npos);
    } else {
      REQUIRE(d.status.ok());
      const bool cp1252 = high && s.find("\xC3\xA4") == std::string::npos;
      CHECK(d.encoding == (cp1252 ? Encoding::windows1252 : Encoding::utf8));
    }
  }
}

TEST_CASE("csv classify: the classifier's own number values are fast_float's, bit for bit") {
  std::mt19937_64 rng(5);
  Dialect dot;
  Dialect comma;
  comma.decimal_mark = ',';
  comma.thousands_mark = '.';
  int with_value = 0;
  for (int iter = 0; iter < 200000; ++iter) {
    const Dialect& d = iter % 3 == 0 ? comma : dot;
    std::string s;
    if (rng() % 4 == 0) s += "+-"[rng() % 2];
    const size_t int_digits = rng() % 18;
    for (size_t k = 0; k < int_digits; ++k) s += static_cast<char>('0' + rng() % 10);
    if (rng() % 3 != 0) {
      s += d.decimal_mark;
      const size_t frac_digits = rng() % 18;
      for (size_t k = 0; k < frac_digits; ++k) s += static_cast<char>('0' + rng() % 10);
    }
    if (rng() % 8 == 0) s += "e" + std::to_string(static_cast<int>(rng() % 40) - 20);
    CAPTURE(s);
    double value = 0;
    const CellKind kind = csv_detail::classify_cell_value(s, d, &value);
    REQUIRE(kind == classify_cell(s, d));
    if (std::isnan(value)) continue;
    ++with_value;
    REQUIRE((kind == CellKind::integer || kind == CellKind::number));
    double want = 0;
    REQUIRE(parse_number(s, d, false, &want));
    REQUIRE(std::memcmp(&value, &want, sizeof value) == 0);  // -0 included
  }
  CHECK(with_value > 50000);
}
