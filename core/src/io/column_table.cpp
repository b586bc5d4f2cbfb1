#include "infant_all/io/column_table.h"

#include <fast_float/fast_float.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "csv_reader_tokenize.h"

namespace infant_all {
namespace {

constexpr size_t kMaxLevels = 1024;
constexpr double kTypedShare = 0.8;

// Distinct cell texts of a column in order of first appearance: open addressing over indices
// into `levels`, looked up by string_view (no std::string built per cell).
class LevelIndex {
 public:
  // Code of v, adding it to `levels` when new.
  int32_t find_or_add(std::string_view v, std::vector<std::string>& levels) {
    if (2 * (levels.size() + 1) > slots_.size())
      rehash(levels, slots_.empty() ? 64 : 2 * slots_.size());
    const size_t mask = slots_.size() - 1;
    for (size_t i = hash(v) & mask;; i = (i + 1) & mask) {
      const int32_t k = slots_[i];
      if (k < 0) {
        slots_[i] = static_cast<int32_t>(levels.size());
        levels.emplace_back(v);
        return slots_[i];
      }
      const std::string& l = levels[static_cast<size_t>(k)];
      if (l.size() == v.size() && std::memcmp(l.data(), v.data(), v.size()) == 0) return k;
    }
  }
  void clear() { std::vector<int32_t>().swap(slots_); }

 private:
  static size_t hash(std::string_view v) {
    uint64_t h = 1469598103934665603ULL;  // FNV-1a
    for (char c : v) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    return static_cast<size_t>(h ^ (h >> 29));
  }
  void rehash(const std::vector<std::string>& levels, size_t n) {
    slots_.assign(n, -1);
    for (size_t k = 0; k < levels.size(); ++k) {
      size_t i = hash(levels[k]) & (n - 1);
      while (slots_[i] >= 0) i = (i + 1) & (n - 1);
      slots_[i] = static_cast<int32_t>(k);
    }
  }
  std::vector<int32_t> slots_;
};

// A text column's storage (Column::arena, offsets, missing) as it is built.
struct TextCells {
  std::string arena;
  std::vector<uint32_t> offsets{0};
  std::vector<uint8_t> missing;

  // False when the arena outgrows 32-bit offsets: the caller leaves the column to pass 2, which
  // has its own rule for that (unreachable below the default max_bytes).
  bool add(std::string_view v, bool is_missing) {
    if (!is_missing) arena.append(v.data(), v.size());
    if (arena.size() > std::numeric_limits<uint32_t>::max()) return false;
    offsets.push_back(static_cast<uint32_t>(arena.size()));
    missing.push_back(is_missing ? 1 : 0);
    return true;
  }
  // The first n rows of a column held as codes into `levels` (-1 missing).
  bool add_codes(const std::vector<int32_t>& codes, const std::vector<std::string>& levels,
                 size_t n) {
    for (size_t r = 0; r < n; ++r) {
      const int32_t k = codes[r];
      if (!add(k < 0 ? std::string_view() : levels[static_cast<size_t>(k)], k < 0)) return false;
    }
    return true;
  }
};

struct ColumnStats {
  size_t nonmissing = 0;
  size_t n_integer = 0;
  size_t n_number = 0;  // integers included
  size_t n_thousands = 0;
  size_t n_leading_zero = 0;
  size_t n_date_ok = 0;
  size_t n_date_like = 0;  // parsed or not
  size_t n_boolean = 0;
  DateOrderEvidence date_order;  // date_format auto: the day/month order the D/M/Y cells allow
  size_t text_bytes = 0;  // of the non-missing cells: a text column's arena, reserved at once
  bool levels_overflow = false;
  LevelIndex dict;
  std::vector<std::string> levels;
  // Values kept from pass 1 for each type the column can still take without a misfit: a column
  // whose type is settled this way skips pass 2. A vector is dropped at the first cell that does
  // not fit it (or, for codes, when the levels overflow).
  bool keep_numbers = true, keep_dates = true, keep_booleans = true;
  std::vector<double> numbers;
  std::vector<int32_t> dates, booleans, codes;
  // Number cells written in scientific notation, by kept row: Column::raw_cells of a numeric
  // column.
  std::vector<std::pair<uint32_t, std::string>> scientific;
  // A column that looks like free text when its levels overflow keeps its cells from then on
  // (the earlier ones rebuilt from the codes), so that it needs no pass 2.
  bool keep_text = false;
  TextCells text;

  void add_text(std::string_view v, bool missing) {
    if (keep_text && !text.add(v, missing)) drop_text();
  }
  void drop_text() {
    keep_text = false;
    text = TextCells{};
  }
  // At the overflow of the levels, before the codes go: rows so far from the codes, then the
  // current cell. Only when most cells so far are neither number-, date- nor boolean-like, so a
  // typed column with a few odd cells does not pay for a copy of its text.
  void start_text(std::string_view current, size_t row_guess) {
    const double need = 0.8 * static_cast<double>(nonmissing);
    if (static_cast<double>(n_number + n_thousands + n_leading_zero) >= need ||
        static_cast<double>(n_date_like) >= need || static_cast<double>(n_boolean) >= need) {
      return;
    }
    keep_text = true;
    const size_t rows = codes.size();
    text.offsets.reserve(row_guess + 1);
    text.missing.reserve(row_guess);
    text.arena.reserve(text_bytes / (rows + 1) * (row_guess + 1));
    if (!text.add_codes(codes, levels, rows)) return drop_text();
    add_text(current, false);
  }
};

struct PendingCell {
  std::string_view value;  // trimmed, formula guard removed
  bool missing = false;
};

bool in_text(std::string_view text, std::string_view v) {
  return v.empty() || (v.data() >= text.data() && v.data() < text.data() + text.size());
}

// What the missing tokens can match, worked out once per file so that most cells are ruled out
// without comparing strings: a token matches only a cell of its own length, and a cell starting
// with a digit only when some token does (e.g. a user's "999").
struct TokenFilter {
  bool digit_tokens = false;
  uint64_t lengths = 0;      // bit k: some token is k bytes long (k < 64)
  bool long_tokens = false;  // some token is 64 bytes or longer
  uint64_t first[4] = {};    // bit c: some token starts with c (ASCII lower-cased, as iequals)

  static unsigned char folded(char c) {
    return static_cast<unsigned char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
  }
  explicit TokenFilter(const std::vector<std::string>& tokens) {
    for (const std::string& tok : tokens) {
      digit_tokens |= !tok.empty() && tok[0] >= '0' && tok[0] <= '9';
      if (tok.size() < 64) {
        lengths |= uint64_t{1} << tok.size();
      } else {
        long_tokens = true;
      }
      if (!tok.empty()) first[folded(tok[0]) >> 6] |= uint64_t{1} << (folded(tok[0]) & 63);
    }
  }
  bool may_match(std::string_view t) const {
    if (!(t.size() < 64 ? ((lengths >> t.size()) & 1) != 0 : long_tokens)) return false;
    return t.empty() || ((first[folded(t[0]) >> 6] >> (folded(t[0]) & 63)) & 1) != 0;
  }
};

std::string_view clean_cell(std::string_view v, bool quoted, const CsvOptions& o,
                            const TokenFilter& tokens, bool* missing) {
  std::string_view t = trim_cell(v);
  // A guarded cell ("'-") was written as text on purpose: never a missing token.
  const bool guarded = o.strip_formula_guard && has_formula_guard(t);
  if (guarded) t.remove_prefix(1);
  // Cheap reject first: numbers cannot be tokens unless a token starts with a digit.
  const bool maybe_token = !quoted && !guarded &&
                           (tokens.digit_tokens || t.empty() || t[0] < '0' || t[0] > '9') &&
                           tokens.may_match(t);
  *missing = t.empty() || (maybe_token && is_missing_token(t, o.missing_tokens));
  return t;
}

bool parse_boolean(std::string_view s, int32_t* out) {
  static const char* const kTrue[] = {"true", "yes", "y"};
  static const char* const kFalse[] = {"false", "no", "n"};
  auto ieq = [](std::string_view a, const char* b) {
    size_t i = 0;
    for (; i < a.size() && b[i] != '\0'; ++i) {
      char c = a[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != b[i]) return false;
    }
    return i == a.size() && b[i] == '\0';
  };
  for (const char* t : kTrue) {
    if (ieq(s, t)) {
      *out = 1;
      return true;
    }
  }
  for (const char* f : kFalse) {
    if (ieq(s, f)) {
      *out = 0;
      return true;
    }
  }
  return false;
}

// Hot path of pass 2 for numeric columns: fast_float straight on the cell, with the two
// rejections classify_cell would make (leading-zero identifiers, inf/nan words).
bool fast_number(std::string_view s, const Dialect& d, double* out) {
  const char* p = s.data();
  const char* end = p + s.size();
  bool negative = false;
  if (p < end && (*p == '+' || *p == '-')) {
    negative = *p == '-';
    ++p;
  }
  if (p == end) return false;
  if (!((*p >= '0' && *p <= '9') || *p == d.decimal_mark)) return false;
  if (*p == '0' && p + 1 < end && p[1] >= '0' && p[1] <= '9') return false;
  double v = 0;
  const fast_float::parse_options opts(fast_float::chars_format::general, d.decimal_mark);
  const auto r = fast_float::from_chars_advanced(p, end, v, opts);
  // Beyond the double range (1e400) a number cannot be kept, nor written back: a misfit.
  if (r.ec != std::errc() || r.ptr != end || !std::isfinite(v)) return false;
  *out = negative ? -v : v;
  return true;
}

ColumnType decide_type(const ColumnStats& s) {
  const size_t n = s.nonmissing;
  if (n == 0) return ColumnType::empty;
  const size_t number_like = s.n_number + s.n_thousands + s.n_leading_zero;
  if (s.n_number == n) return s.n_integer == n ? ColumnType::integer : ColumnType::number;
  if (s.n_date_ok == n) return ColumnType::date;
  if (s.n_boolean == n) return ColumnType::boolean;
  const double need = kTypedShare * static_cast<double>(n);
  // Leading-zero cells alone never make a column numeric: a column of "007", "012" is an ID.
  if (static_cast<double>(number_like) >= need && s.n_number + s.n_thousands > s.n_leading_zero) {
    return s.n_integer == s.n_number ? ColumnType::integer : ColumnType::number;
  }
  if (static_cast<double>(s.n_date_like) >= need) return ColumnType::date;
  if (static_cast<double>(s.n_boolean) >= need) return ColumnType::boolean;
  if (!s.levels_overflow && (s.levels.size() <= 2 || 2 * s.levels.size() <= n)) {
    return ColumnType::categorical;
  }
  return ColumnType::text;
}

// dates: the options the column's dates were read with; date_conflict: why its D/M/Y cells were
// left unread when they disagree on the day/month order ("" otherwise).
std::string misfit_reason(std::string_view v, ColumnType t, const Dialect& d,
                          const DateOptions& dates, const std::string& date_conflict) {
  const CellKind k = classify_cell(v, d);
  double scratch = 0;
  switch (t) {
    case ColumnType::integer:
    case ColumnType::number:
      if (k == CellKind::thousands) {
        return std::string("thousands separator '") + d.thousands_mark +
               "' (read as a number only when thousands separators are allowed: --allow-thousands)";
      }
      if (k == CellKind::leading_zero) return "leading zero: looks like an identifier";
      if ((k == CellKind::number || k == CellKind::integer) && !fast_number(v, d, &scratch)) {
        return "number outside the range of double precision (about 1.8e308)";
      }
      if (k == CellKind::number && t == ColumnType::integer) return "not a whole number";
      if (d.decimal_mark == ',' && v.find('.') != std::string_view::npos) {
        return "not a number (this file uses a decimal comma)";
      }
      return "not a number";
    case ColumnType::date:
      if (!date_conflict.empty() && parse_date(v, dates).error == DateError::iso_only) {
        return "day/month order conflicts in this column: " + date_conflict;
      }
      return to_string(parse_date(v, dates).error);
    case ColumnType::boolean:
      return "not a yes/no value";
    default:
      return "does not fit";
  }
}

}  // namespace

const char* to_string(ColumnType t) {
  switch (t) {
    case ColumnType::empty:
      return "empty";
    case ColumnType::integer:
      return "integer";
    case ColumnType::number:
      return "number";
    case ColumnType::date:
      return "date";
    case ColumnType::boolean:
      return "boolean";
    case ColumnType::categorical:
      return "categorical";
    case ColumnType::text:
      return "text";
  }
  return "unknown";
}

size_t Column::size() const {
  switch (type) {
    case ColumnType::integer:
    case ColumnType::number:
      return numbers.size();
    case ColumnType::date:
    case ColumnType::boolean:
    case ColumnType::categorical:
      return codes.size();
    default:
      return missing.size();
  }
}

bool Column::is_missing(size_t i) const {
  switch (type) {
    case ColumnType::integer:
    case ColumnType::number:
      return std::isnan(numbers[i]);
    case ColumnType::date:
      return codes[i] == kMissingDate;
    case ColumnType::boolean:
    case ColumnType::categorical:
      return codes[i] < 0;
    default:
      return missing[i] != 0;
  }
}

std::string Column::cell_text(size_t i) const {
  if (is_missing(i)) return "";
  switch (type) {
    case ColumnType::integer:
    case ColumnType::number:
      return format_number(numbers[i]);
    case ColumnType::date:
      return format_iso_date(codes[i]);
    case ColumnType::boolean:
    case ColumnType::categorical:
      return levels[static_cast<size_t>(codes[i])];
    default:
      return arena.substr(offsets[i], offsets[i + 1] - offsets[i]);
  }
}

int Column::boolean_value(size_t i) const {
  return codes[i] < 0 ? -1 : level_truth[static_cast<size_t>(codes[i])];
}

std::string Column::raw_text(size_t i) const {
  if (!raw_cells.empty()) {
    auto it = std::lower_bound(
        raw_cells.begin(), raw_cells.end(), i,
        [](const std::pair<uint32_t, std::string>& a, size_t row) { return a.first < row; });
    if (it != raw_cells.end() && it->first == i) return it->second;
  }
  return cell_text(i);
}

int Table::find(std::string_view name) const {
  for (size_t j = 0; j < columns.size(); ++j) {
    if (columns[j].name == name) return static_cast<int>(j);
  }
  for (size_t j = 0; j < columns.size(); ++j) {
    if (columns[j].header == name) return static_cast<int>(j);
  }
  return -1;
}

std::vector<std::string> Table::headers() const {
  std::vector<std::string> h;
  for (const Column& c : columns) h.push_back(c.header);
  return h;
}

Table read_csv_table(std::string_view bytes, const CsvOptions& options) {
  Table table;
  const DecodedText decoded = decode_text(bytes, options.limits);
  table.encoding = decoded.encoding;
  table.notes = decoded.notes;
  if (!decoded.status.ok()) {
    table.status = decoded.status;
    return table;
  }
  const std::string_view text = decoded.text();
  const Dialect dialect = sniff_dialect(text, options);
  table.dialect = dialect;
  const TokenFilter tokens(options.missing_tokens);

  // Rows the file probably holds, from the line ends in its first MiB: pass 1's vectors grow to
  // that at once rather than by doubling (each doubling copies and faults in the vector again).
  size_t row_guess = 0;
  {
    const std::string_view head = text.substr(0, size_t{1} << 20);
    size_t lines = 0;
    for (char ch : head) lines += ch == '\n' || ch == '\r';
    const double per_byte = static_cast<double>(lines) / static_cast<double>(head.size() + 1);
    row_guess = std::min<size_t>(
        options.limits.max_rows + 1,
        static_cast<size_t>(1.05 * per_byte * static_cast<double>(text.size())) + 16);
  }
  auto push = [row_guess](auto& v, auto x) {
    if (v.size() == v.capacity()) v.reserve(std::max(row_guess, 2 * v.size()));
    v.push_back(x);
  };

  // ---- Pass 1: header, ragged/blank records, per-column statistics.
  std::vector<std::string> header;
  std::vector<ColumnStats> stats;
  std::vector<PendingCell> pending;  // the record's cells, sized to the header
  size_t n_pending = 0;
  // Copies of unescaped cells (the tokeniser's scratch is reused); a deque so that the views in
  // `pending` stay valid while it grows.
  std::deque<std::string> pending_store;
  std::vector<size_t> skip_records;  // record ordinals not in the table (sorted)
  std::vector<uint32_t> row_lines;
  std::vector<size_t> row_numbers;
  size_t record = 0, data_rows = 0, trailing_blank = 0;
  Status limit;
  bool one_column = false;
  Status st = csv_detail::tokenize(
      text, dialect.delimiter, options.limits.max_field_bytes, options.limits.max_columns,
      [&](const csv_detail::FieldInfo& f) {
        if (header.empty() && stats.empty()) {
          std::string_view h = f.value;
          if (options.strip_formula_guard && has_formula_guard(h)) h.remove_prefix(1);
          pending_store.emplace_back(h);
          return;
        }
        const size_t j = n_pending++;
        if (j >= pending.size()) return;  // a ragged record, left out whole
        bool missing = false;
        std::string_view v = clean_cell(f.value, f.quoted, options, tokens, &missing);
        if (!in_text(text, v)) {
          pending_store.emplace_back(v);
          v = pending_store.back();
        }
        pending[j] = PendingCell{v, missing};
      },
      [&](size_t line, size_t n, bool blank) {
        const size_t this_record = record++;
        if (header.empty() && stats.empty()) {
          std::vector<std::string> h(pending_store.begin(), pending_store.end());
          pending_store.clear();
          if (blank) {
            skip_records.push_back(this_record);
            return true;
          }
          if (n > options.limits.max_columns) {
            limit = Status::invalid("read_csv: the header has " + std::to_string(n) +
                                    " columns, above the limit max_columns = " +
                                    std::to_string(options.limits.max_columns));
            return false;
          }
          header = std::move(h);
          stats.resize(header.size());
          pending.resize(header.size());

          one_column = header.size() == 1;
          skip_records.push_back(this_record);
          return true;
        }
        auto clear = [&] {
          n_pending = 0;
          if (!pending_store.empty()) pending_store.clear();
        };
        if (blank && !one_column) {
          skip_records.push_back(this_record);
          clear();
          return true;
        }
        ++data_rows;
        if (data_rows > options.limits.max_rows) {
          limit = Status::invalid("read_csv: more than max_rows = " +
                                  std::to_string(options.limits.max_rows) + " data rows");
          return false;
        }
        if (n != header.size()) {
          table.ragged_rows.push_back(RaggedRow{data_rows, line, header.size(), n});
          skip_records.push_back(this_record);
          clear();
          return true;
        }
        trailing_blank = blank ? trailing_blank + 1 : 0;
        push(row_lines, static_cast<uint32_t>(line));
        push(row_numbers, data_rows);
        for (size_t j = 0; j < n; ++j) {
          const PendingCell& c = pending[j];
          ColumnStats& s = stats[j];
          if (c.missing) {
            if (s.keep_numbers) push(s.numbers, std::numeric_limits<double>::quiet_NaN());
            if (s.keep_dates) push(s.dates, kMissingDate);
            if (s.keep_booleans) push(s.booleans, int32_t{-1});
            if (!s.levels_overflow) push(s.codes, int32_t{-1});
            s.add_text(std::string_view(), true);
            continue;
          }
          ++s.nonmissing;
          s.text_bytes += c.value.size();
          double number = 0;
          bool is_number = false;
          int32_t date = kMissingDate, boolean = -1;
          double value = 0;  // the classifier's value of a short number, else NaN
          auto parse = [&] {
            if (std::isnan(value)) return fast_number(c.value, dialect, &number);
            number = value;
            return true;
          };
          switch (csv_detail::classify_cell_value(c.value, dialect, &value)) {
            case CellKind::integer:
              ++s.n_integer;
              ++s.n_number;
              is_number = s.keep_numbers && parse();
              break;
            case CellKind::number:
              ++s.n_number;
              is_number = s.keep_numbers && parse();
              if (c.value.find_first_of("eE") != std::string_view::npos) {
                s.scientific.emplace_back(static_cast<uint32_t>(row_lines.size() - 1),
                                          std::string(c.value));
              }
              break;
            case CellKind::thousands:
              if (options.allow_thousands_separator) {
                ++s.n_number;
                is_number = s.keep_numbers && parse_number(c.value, dialect, true, &number);
              } else {
                ++s.n_thousands;
              }
              break;
            case CellKind::leading_zero:
              ++s.n_leading_zero;
              break;
            case CellKind::date_like: {
              ++s.n_date_like;
              if (options.dates.format == DateFormat::automatic)
                s.date_order.add(c.value, data_rows);
              const DateParse p = parse_date(c.value, options.dates);
              if (p.ok()) {
                ++s.n_date_ok;
                date = p.days;
              }
              break;
            }
            case CellKind::boolean:
              ++s.n_boolean;
              parse_boolean(c.value, &boolean);
              break;
            case CellKind::text:
              break;
          }
          if (s.keep_numbers) {
            s.keep_numbers = is_number;
            if (is_number) {
              push(s.numbers, number);
            } else {
              std::vector<double>().swap(s.numbers);
            }
          }
          if (s.keep_dates) {
            s.keep_dates = date != kMissingDate;
            if (s.keep_dates) {
              push(s.dates, date);
            } else {
              std::vector<int32_t>().swap(s.dates);
            }
          }
          if (s.keep_booleans) {
            s.keep_booleans = boolean >= 0;
            if (s.keep_booleans) {
              push(s.booleans, boolean);
            } else {
              std::vector<int32_t>().swap(s.booleans);
            }
          }
          if (!s.levels_overflow) {
            if (s.levels.size() >= kMaxLevels) {
              const size_t before = s.levels.size();
              const int32_t code = s.dict.find_or_add(c.value, s.levels);
              if (s.levels.size() > before) {  // one level too many: not categorical
                s.start_text(c.value, row_guess);
                s.levels_overflow = true;
                s.dict.clear();
                std::vector<std::string>().swap(s.levels);
                std::vector<int32_t>().swap(s.codes);
              } else {
                push(s.codes, code);
              }
            } else {
              push(s.codes, s.dict.find_or_add(c.value, s.levels));
            }
          } else {
            s.add_text(c.value, false);
          }
        }
        clear();
        return true;
      });
  if (st.ok()) st = limit;
  if (!st.ok()) {
    table.status = st;
    return table;
  }
  if (header.empty()) {
    table.status = Status::invalid("read_csv: the file has no header line (only blank lines)");
    return table;
  }
  if (!table.ragged_rows.empty() && options.fail_on_ragged_rows) {
    const RaggedRow& r = table.ragged_rows.front();
    table.status = Status::invalid("read_csv: " + row_label(r.row, r.line) + " has " +
                                   std::to_string(r.found) + " fields, expected " +
                                   std::to_string(r.expected) + " (" +
                                   std::to_string(table.ragged_rows.size()) + " ragged rows)");
    return table;
  }
  // Blank lines at the end of a one-column file are line ends, not missing values.
  const size_t n_rows = row_lines.size() - (one_column ? trailing_blank : 0);
  row_lines.resize(n_rows);
  row_numbers.resize(n_rows);
  if (one_column && trailing_blank > 0) {
    // Their statistics were counted as missing only, so nothing to undo.
  }
  table.n_rows = n_rows;

  // ---- Column set-up: names, duplicates, types.
  const size_t n_cols = header.size();
  table.columns.resize(n_cols);
  // Names: trimmed headers; a blank one becomes column_<j>; a repeated one gets " (k)" with the
  // smallest k >= its occurrence count that no other column has (headers "a, a, a (2)" give
  // "a, a (3), a (2)"), so names stay unique.
  std::vector<std::string> names(n_cols);
  std::unordered_map<std::string, int> seen;
  std::unordered_set<std::string> taken;
  std::vector<char> resolved(n_cols, 0);
  // Per column: the date options its cells are read with (date_format auto settled by the
  // column's own dates) and, when its D/M/Y dates disagree on the order, why they are unread.
  std::vector<DateOptions> column_dates(n_cols, options.dates);
  std::vector<std::string> date_conflicts(n_cols);
  // The order the file's date columns settle, when they all settle the same one: it is also
  // the order of a date column whose own dates do not settle it (one export, one date format).
  DateFormat file_order = DateFormat::automatic;
  {
    bool dmy = false, mdy = false;
    for (const ColumnStats& sj : stats) {
      if (decide_type(sj) != ColumnType::date) continue;
      dmy = dmy || sj.date_order.day_first > 0;
      mdy = mdy || sj.date_order.month_first > 0;
    }
    if (dmy != mdy) file_order = dmy ? DateFormat::dmy : DateFormat::mdy;
  }
  for (size_t j = 0; j < n_cols; ++j) {
    names[j] = std::string(trim_cell(header[j]));
    if (names[j].empty()) {
      names[j] = "column_" + std::to_string(j + 1);
      table.notes.push_back("column " + std::to_string(j + 1) + " has no header; named " +
                            names[j]);
    }
    taken.insert(names[j]);
  }
  for (size_t j = 0; j < n_cols; ++j) {
    Column& c = table.columns[j];
    c.header = header[j];
    std::string name = names[j];
    int count = ++seen[name];
    if (count == 2) table.duplicate_headers.push_back(name);
    if (count > 1) {
      while (taken.count(name + " (" + std::to_string(count) + ")")) ++count;
      name += " (" + std::to_string(count) + ")";
      taken.insert(name);
    }
    c.name = name;
    c.type = decide_type(stats[j]);
    for (const auto& ft : options.forced_types) {
      if (ft.first == c.header || ft.first == c.name || ft.first == trim_cell(c.header)) {
        c.type = ft.second;
        c.forced = true;
      }
    }
    // Settled in pass 1 when pass 1 kept the column's values in its type, all fitting.
    ColumnStats& sj = stats[j];
    if (c.type == ColumnType::date) {
      const DateOrderEvidence& order = sj.date_order;
      column_dates[j] = order.settle(options.dates, file_order);
      if (column_dates[j].format != options.dates.format && !order.conflicting()) {
        c.date_order = to_string(column_dates[j].format);
      }
      if (order.conflicting()) {
        // Pass 1 read each cell in its own order: read again, ISO dates only.
        date_conflicts[j] = order.conflict_reason();
        column_dates[j].format = DateFormat::iso;
        sj.keep_dates = false;
      }
      const std::string note = order.note(c.name, options.dates, file_order);
      if (!note.empty()) table.notes.push_back(note);
    }
    if (!c.forced) {
      auto take = [&](auto& from, auto& to) {
        from.resize(n_rows);  // a one-column file's trailing blank lines are not rows
        to = std::move(from);
        resolved[j] = 1;
      };
      switch (c.type) {
        case ColumnType::integer:
        case ColumnType::number:
          if (sj.keep_numbers) take(sj.numbers, c.numbers);
          break;
        case ColumnType::date:
          if (sj.keep_dates) take(sj.dates, c.codes);
          break;
        case ColumnType::boolean:
          // The spellings' codes (categorical), so the labels stay as written.
          if (sj.keep_booleans && !sj.levels_overflow) {
            take(sj.codes, c.codes);
            c.levels = std::move(sj.levels);
          }
          break;
        case ColumnType::categorical:
          if (!sj.levels_overflow) {
            take(sj.codes, c.codes);
            c.levels = std::move(sj.levels);
          }
          break;
        case ColumnType::empty:
          c.offsets.assign(n_rows + 1, 0);
          c.missing.assign(n_rows, 1);
          resolved[j] = 1;
          break;
        case ColumnType::text:
          if (!sj.levels_overflow) sj.keep_text = sj.text.add_codes(sj.codes, sj.levels, n_rows);
          if (sj.keep_text) {
            sj.text.offsets.resize(n_rows + 1);  // a one-column file's trailing blank lines
            sj.text.missing.resize(n_rows);
            c.arena = std::move(sj.text.arena);
            c.offsets = std::move(sj.text.offsets);
            c.missing = std::move(sj.text.missing);
            resolved[j] = 1;
          }
          break;
        default:
          break;
      }
      if (resolved[j]) c.n_missing = n_rows - sj.nonmissing;
    }
    if (!resolved[j]) {
      switch (c.type) {
        case ColumnType::integer:
        case ColumnType::number:
          c.numbers.reserve(n_rows);
          break;
        case ColumnType::categorical:
          if (!c.forced || !sj.levels_overflow) {
            c.levels = std::move(sj.levels);
            break;
          }
          c.type = ColumnType::text;
          [[fallthrough]];
        case ColumnType::empty:
        case ColumnType::text:
          c.arena.reserve(sj.text_bytes);
          c.offsets.reserve(n_rows + 1);
          c.offsets.push_back(0);
          c.missing.reserve(n_rows);
          break;
        default:
          c.codes.reserve(n_rows);
          break;
      }
    }
    if (c.type == ColumnType::integer || c.type == ColumnType::number) {
      c.raw_cells = std::move(sj.scientific);
    }
    std::vector<std::pair<uint32_t, std::string>>().swap(sj.scientific);
    if (c.type != ColumnType::categorical && c.type != ColumnType::boolean) sj.levels.clear();
    if (c.type == ColumnType::boolean && !resolved[j]) sj.levels.clear();  // pass 2 re-codes
    // Free pass 1's other vectors now: the table is being built beside them.
    std::vector<double>().swap(sj.numbers);
    std::vector<int32_t>().swap(sj.dates);
    std::vector<int32_t>().swap(sj.booleans);
    std::vector<int32_t>().swap(sj.codes);
    sj.drop_text();
  }
  for (const std::string& d : table.duplicate_headers) {
    table.notes.push_back("header '" + d + "' appears more than once; later copies renamed '" + d +
                          " (2)', ...");
  }
  std::vector<LevelIndex> dicts(n_cols);
  for (size_t j = 0; j < n_cols; ++j) {
    if (table.columns[j].type == ColumnType::categorical && !resolved[j]) {
      dicts[j] = std::move(stats[j].dict);
    }
  }
  stats.clear();
  bool all_resolved = true;
  for (char r : resolved) all_resolved = all_resolved && r != 0;

  // ---- Pass 2: typed storage.
  size_t skip_i = 0, rec2 = 0, row = 0, col = 0;
  bool skipping = false;
  auto add_misfit = [&](size_t j, std::string_view v, size_t r) {
    Column& c = table.columns[j];
    ++c.n_misfit;
    c.raw_cells.emplace_back(static_cast<uint32_t>(r), std::string(v));
    ++table.n_misfits;
    if (table.misfits.size() < options.max_listed_issues) {
      table.misfits.push_back(
          CellIssue{row_numbers[r], row_lines[r], c.name, std::string(v), to_string(c.type),
                    misfit_reason(v, c.type, dialect, column_dates[j], date_conflicts[j])});
    }
  };
  auto begin_record = [&] {
    skipping = skip_i < skip_records.size() && skip_records[skip_i] == rec2;
    if (skipping) ++skip_i;
    if (row >= n_rows) skipping = true;
  };
  begin_record();
  if (!all_resolved) {
    st = csv_detail::tokenize(
        text, dialect.delimiter, options.limits.max_field_bytes, options.limits.max_columns,
        [&](const csv_detail::FieldInfo& f) {
          if (skipping) return;
          const size_t j = col++;
          if (resolved[j]) return;
          Column& c = table.columns[j];
          bool missing = false;
          const std::string_view v = clean_cell(f.value, f.quoted, options, tokens, &missing);
          switch (c.type) {
            case ColumnType::integer:
            case ColumnType::number: {
              double x = std::numeric_limits<double>::quiet_NaN();
              if (!missing) {
                double y = 0;
                const bool ok = fast_number(v, dialect, &y) || (options.allow_thousands_separator &&
                                                                parse_number(v, dialect, true, &y));
                if (ok && (c.type == ColumnType::number || y == std::floor(y))) {
                  x = y;
                } else {
                  add_misfit(j, v, row);
                }
              }
              if (std::isnan(x)) ++c.n_missing;
              c.numbers.push_back(x);
              break;
            }
            case ColumnType::date: {
              int32_t d = kMissingDate;
              if (!missing) {
                const DateParse p = parse_date(v, column_dates[j]);
                if (p.ok()) {
                  d = p.days;
                } else {
                  add_misfit(j, v, row);
                }
              }
              if (d == kMissingDate) ++c.n_missing;
              c.codes.push_back(d);
              break;
            }
            case ColumnType::boolean: {
              int32_t b = -1, code = -1;
              if (!missing && !parse_boolean(v, &b)) add_misfit(j, v, row);
              if (b >= 0) code = dicts[j].find_or_add(v, c.levels);
              if (code < 0) ++c.n_missing;
              c.codes.push_back(code);
              break;
            }
            case ColumnType::categorical: {
              int32_t code = -1;
              if (!missing) {
                code = dicts[j].find_or_add(v, c.levels);
              }
              if (code < 0) ++c.n_missing;
              c.codes.push_back(code);
              break;
            }
            default: {
              if (!missing) c.arena.append(v.data(), v.size());
              if (c.arena.size() > std::numeric_limits<uint32_t>::max()) {
                missing = true;  // unreachable below max_bytes (256 MiB); keeps offsets honest
              }
              c.offsets.push_back(static_cast<uint32_t>(c.arena.size()));
              c.missing.push_back(missing ? 1 : 0);
              if (missing) ++c.n_missing;
              break;
            }
          }
        },
        [&](size_t, size_t, bool) {
          if (!skipping) ++row;
          col = 0;
          ++rec2;
          begin_record();
          return true;
        });
  }
  if (!st.ok()) {
    table.status = st;
    return table;
  }
  for (Column& c : table.columns) {
    std::stable_sort(c.raw_cells.begin(), c.raw_cells.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    if (c.type == ColumnType::boolean) {
      for (const std::string& l : c.levels) {
        int32_t b = 0;
        parse_boolean(l, &b);
        c.level_truth.push_back(static_cast<int8_t>(b));
      }
    }
  }
  table.row_lines = std::move(row_lines);
  table.row_numbers = std::move(row_numbers);
  if (table.n_rows == 0) table.notes.push_back("the file has a header but no data rows");
  if (!table.ragged_rows.empty()) {
    table.notes.push_back(std::to_string(table.ragged_rows.size()) +
                          " ragged row(s) left out of the table (wrong number of fields)");
  }
  if (dialect.decimal_mark == ',') {
    table.notes.push_back("decimal comma assumed (delimiter ';'); set decimal_mark to override");
  }
  return table;
}

Column to_date_column(const Column& c, const DateOptions& options, const Table& table,
                      std::vector<CellIssue>* issues) {
  Column out;
  out.name = c.name;
  out.header = c.header;
  out.type = ColumnType::date;
  out.forced = true;
  const size_t n = c.size();
  out.codes.assign(n, kMissingDate);
  auto text_of = [&](size_t i) {
    return c.type == ColumnType::date ? format_iso_date(c.codes[i]) : c.cell_text(i);
  };
  // date_format auto: the column's own D/M/Y dates settle one order for all of them.
  DateOptions read = options;
  std::string conflict;
  if (options.format == DateFormat::automatic && c.type != ColumnType::date) {
    DateOrderEvidence order;
    for (size_t i = 0; i < n; ++i) {
      if (!c.is_missing(i))
        order.add(text_of(i), i < table.row_numbers.size() ? table.row_numbers[i] : i + 1);
    }
    read = order.settle(options);
    if (order.conflicting()) {
      read.format = DateFormat::iso;
      conflict = "day/month order conflicts in this column: " + order.conflict_reason();
    }
    if (read.format != options.format && !order.conflicting())
      out.date_order = to_string(read.format);
  }
  for (size_t i = 0; i < n; ++i) {
    if (c.is_missing(i)) {
      ++out.n_missing;
      continue;
    }
    const std::string s = text_of(i);
    const DateParse p = parse_date(s, read);
    if (p.ok()) {
      out.codes[i] = p.days;
    } else {
      ++out.n_missing;
      ++out.n_misfit;
      if (issues != nullptr) {
        issues->push_back(CellIssue{
            i < table.row_numbers.size() ? table.row_numbers[i] : i + 1,
            i < table.row_lines.size() ? table.row_lines[i] : 0, c.name, s, "date",
            p.error == DateError::iso_only && !conflict.empty() ? conflict
                                                                : std::string(to_string(p.error))});
      }
    }
  }
  return out;
}

}  // namespace infant_all
