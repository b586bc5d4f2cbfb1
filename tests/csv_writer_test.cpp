// Export: formula-injection guard, quoting, and the write -> read round trip (csv_writer.h
// defines what "unchanged" means).
#include "infant_all/io/csv_writer.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <random>

#include "test_util.h"

using namespace infant_all;

TEST_CASE("csv_writer: formula guard and quoting of one text cell") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"=SUM(A1:A9)", "'=SUM(A1:A9)"},
      {"+41 79 000", "'+41 79 000"},
      {"-1.5", "'-1.5"},  // a text cell; numeric columns are never guarded (see below)
      {"@cmd", "'@cmd"},
      {"\tx", "\"'\tx\""},  // guarded; quoted as a tab could be a delimiter
      {"'=x", "''=x"},      // already apostrophe + trigger: one more, so reading is exact
      {"'abc", "'abc"},     // plain apostrophe text is left alone
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {"NA", "\"NA\""},  // a text value "NA" must not read back as missing
      // Any delimiter the reader sniffs is quoted, not only the writer's own (fuzz finding 1).
      {"a;b", "\"a;b\""},
      {"a|b", "\"a|b\""},
      {"a\tb", "\"a\tb\""},
      // A leading U+FEFF would be read back as a byte-order mark (fuzz finding 5).
      {"\xEF\xBB\xBFid", "\"\xEF\xBB\xBFid\""},
      {"plain", "plain"},
  };
  for (const Case& c : cases) {
    const std::string in = c.in;
    CAPTURE(in);
    CHECK(encode_text_cell(c.in) == c.out);
  }
  CsvWriteOptions off;
  off.neutralize_formulas = false;
  CHECK(encode_text_cell("=1+1", off) == "=1+1");
}

TEST_CASE("csv_writer: negative numbers in numeric columns are written as numbers") {
  const Table t = read_csv_table(std::string("id,delta,note\nA,-1.5,-1.5\nB,2,=1+1\n"));
  REQUIRE(t.status.ok());
  REQUIRE(t.columns[1].type == ColumnType::number);
  CsvWriteOptions o;
  o.line_end = "\n";
  const std::string out = write_csv(t, o);
  // The note column is text (categorical): its "-1.5" is guarded; the delta column's is not.
  CHECK(out == "id,delta,note\nA,-1.5,'-1.5\nB,2,'=1+1\n");
  const Table back = read_csv_table(out);
  CHECK(back.columns[1].numbers[0] == -1.5);
  CHECK(back.columns[2].cell_text(0) == "-1.5");
  CHECK(back.columns[2].cell_text(1) == "=1+1");
}

TEST_CASE("csv_writer: write_csv_rows, BOM and delimiter") {
  CsvWriteOptions o;
  o.delimiter = ';';
  o.utf8_bom = true;
  const std::string out = write_csv_rows({"a", "b;c"}, {{"1,5", "=x"}}, o);
  CHECK(out ==
        "\xEF\xBB\xBF"
        "a;\"b;c\"\r\n\"1,5\";'=x\r\n");  // ',' is sniffable: quoted
  const Table t = read_csv_table(out);
  REQUIRE(t.status.ok());
  CHECK(t.encoding == Encoding::utf8_bom);
  CHECK(t.columns[1].name == "b;c");
  CHECK(t.columns[0].numbers[0] == 1.5);  // ';' file: decimal comma
  CHECK(t.columns[1].cell_text(0) == "=x");
}

TEST_CASE("csv_writer: one-column tables keep trailing missing cells") {
  // Fuzz finding 3: a missing cell used to be written as an empty line, and the reader skips
  // blank lines at the end of a one-column file. Now it is written as "" (a missing cell).
  const Table t = read_csv_table(std::string("wbc\n12\nNA\n3\nNA\nNA\n"));
  REQUIRE(t.status.ok());
  REQUIRE(t.n_rows == 5);
  CsvWriteOptions o;
  o.line_end = "\n";
  const std::string out = write_csv(t, o);
  CHECK(out == "wbc\n12\n\"\"\n3\n\"\"\n\"\"\n");
  CsvOptions back;
  back.forced_types = column_types_for_reading(t);
  const Table u = read_csv_table(out, back);
  REQUIRE(u.status.ok());
  CHECK(u.n_rows == 5);
  CHECK(u.columns[0].is_missing(4));
  CHECK(u.columns[0].numbers[2] == 3);
}

TEST_CASE("csv_writer: a cell holding another delimiter re-reads with a sniffed delimiter") {
  // Fuzz finding 1: one column named "a|b" with a row "x|y|z" was written unquoted; reading it
  // back sniffed '|' and found ragged rows.
  Table t;
  t.n_rows = 1;
  Column c;
  c.name = c.header = "a|b";
  c.type = ColumnType::text;
  c.offsets = {0, 5};
  c.arena = "x|y|z";
  c.missing = {0};
  t.columns.push_back(c);
  const Table u = read_csv_table(write_csv(t));
  REQUIRE(u.status.ok());
  CHECK(u.n_rows == 1);
  REQUIRE(u.columns.size() == 1);
  CHECK(u.columns[0].name == "a|b");
  CHECK(u.columns[0].cell_text(0) == "x|y|z");
}

namespace {

std::string random_text(std::mt19937_64& rng) {
  static const char* const kPieces[] = {"a", "Z", "0",        "7",  ",",   ";",  "\"",   "'",
                                        "=", "+", "-",        "@",  "\t",  "\n", "\r\n", "\r",
                                        " ", "|", "\xC3\xBC", "NA", "1.5", "e"};
  std::uniform_int_distribution<int> len(1, 8);
  std::uniform_int_distribution<size_t> pick(0, sizeof kPieces / sizeof kPieces[0] - 1);
  std::string s;
  const int n = len(rng);
  for (int i = 0; i < n; ++i) s += kPieces[pick(rng)];
  // The reader trims spaces/tabs around cells (documented), so the generator does too.
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(0, 1);
  if (s.empty()) s = "x";
  return s;
}

double random_double(std::mt19937_64& rng) {
  std::uniform_int_distribution<int> kind(0, 3);
  switch (kind(rng)) {
    case 0:
      return std::uniform_real_distribution<double>(-1e6, 1e6)(rng);
    case 1:
      return std::ldexp(std::uniform_real_distribution<double>(-1, 1)(rng),
                        std::uniform_int_distribution<int>(-1000, 1000)(rng));
    case 2:
      return static_cast<double>(std::uniform_int_distribution<int>(-5, 5)(rng)) / 8.0;
    default: {
      uint64_t bits = rng();
      double d = 0;
      std::memcpy(&d, &bits, sizeof d);
      return std::isfinite(d) ? d : 0.25;
    }
  }
}

Table random_table(std::mt19937_64& rng, size_t n) {
  Table t;
  t.n_rows = n;
  const char* names[] = {"int", "=num", "date", "flag", "cat,egory", "free \"text\""};
  const ColumnType types[] = {ColumnType::integer, ColumnType::number,      ColumnType::date,
                              ColumnType::boolean, ColumnType::categorical, ColumnType::text};
  std::bernoulli_distribution miss(0.15);
  for (int j = 0; j < 6; ++j) {
    Column c;
    c.name = c.header = names[j];
    c.type = types[j];
    for (size_t i = 0; i < n; ++i) {
      const bool m = miss(rng);
      switch (c.type) {
        case ColumnType::integer:
          c.numbers.push_back(m ? std::nan("")
                                : static_cast<double>(std::uniform_int_distribution<long long>(
                                      -(1LL << 53), 1LL << 53)(rng)));
          break;
        case ColumnType::number:
          c.numbers.push_back(m ? std::nan("") : random_double(rng));
          break;
        case ColumnType::date:
          c.codes.push_back(
              m ? kMissingDate
                : std::uniform_int_distribution<int32_t>(days_from_civil(1900, 1, 1),
                                                         days_from_civil(2200, 12, 31))(rng));
          break;
        case ColumnType::boolean:
          // Levels as a file writes them; the codes index them (Column::levels).
          if (c.levels.empty()) {
            c.levels = {"yes", "No"};
            c.level_truth = {1, 0};
          }
          c.codes.push_back(m ? -1 : std::uniform_int_distribution<int32_t>(0, 1)(rng));
          break;
        case ColumnType::categorical: {
          if (c.levels.empty()) {
            for (int k = 0; k < 4; ++k) c.levels.push_back(random_text(rng));
          }
          c.codes.push_back(m ? -1 : std::uniform_int_distribution<int32_t>(0, 3)(rng));
          break;
        }
        default: {
          if (c.offsets.empty()) c.offsets.push_back(0);
          if (!m) c.arena += random_text(rng);
          c.offsets.push_back(static_cast<uint32_t>(c.arena.size()));
          c.missing.push_back(m ? 1 : 0);
        }
      }
    }
    t.columns.push_back(std::move(c));
  }
  return t;
}

}  // namespace

TEST_CASE("csv_writer: write -> read round trip on random tables (fixed seed)") {
  std::mt19937_64 rng(20261124);
  for (int rep = 0; rep < 40; ++rep) {
    const Table t = random_table(rng, 1 + static_cast<size_t>(rep) * 7);
    CsvWriteOptions w;
    const char delims[] = {',', ';', '\t', '|'};
    w.delimiter = delims[rep % 4];
    const std::string bytes = write_csv(t, w);
    CsvOptions r;
    r.forced_types = column_types_for_reading(t);
    r.delimiter = w.delimiter;  // a ';' file would otherwise get a decimal comma
    r.decimal_mark = '.';
    const Table back = read_csv_table(bytes, r);
    CAPTURE(rep);
    REQUIRE(back.status.ok());
    REQUIRE(back.n_rows == t.n_rows);
    REQUIRE(back.columns.size() == t.columns.size());
    CHECK(back.n_misfits == 0);
    CHECK(back.ragged_rows.empty());
    for (size_t j = 0; j < t.columns.size(); ++j) {
      const Column& a = t.columns[j];
      const Column& b = back.columns[j];
      CHECK(a.name == b.name);
      CHECK(a.type == b.type);
      for (size_t i = 0; i < t.n_rows; ++i) {
        CAPTURE(j);
        CAPTURE(i);
        INFO("written: " << a.cell_text(i) << " read: " << b.cell_text(i));
        REQUIRE(a.is_missing(i) == b.is_missing(i));
        if (a.is_missing(i)) continue;
        if (a.type == ColumnType::number || a.type == ColumnType::integer) {
          CHECK(std::memcmp(&a.numbers[i], &b.numbers[i], sizeof(double)) == 0);  // bit for bit
        } else {
          CHECK(a.cell_text(i) == b.cell_text(i));
        }
      }
    }
  }
}
