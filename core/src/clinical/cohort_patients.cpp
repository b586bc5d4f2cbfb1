#include "infant_all/clinical/cohort_patients.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "cell_reading.h"
#include "infant_all/io/dates.h"

namespace infant_all {
namespace {

// Distinct numbers (their bits) or dates (their days) of a column -> the index of their reading.
// Open addressing with linear probing in one flat array: a lookup is a multiply and, almost
// always, one cache line, where std::unordered_map chased a node per cell and was the largest
// single cost of reading a cohort.
class ValueIndex {
 public:
  static constexpr std::uint32_t kAbsent = UINT32_MAX;

  std::uint32_t find(std::uint64_t key) const {
    if (slots_.empty()) return kAbsent;
    for (std::size_t i = slot_of(key);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i].value == kAbsent || slots_[i].key == key) return slots_[i].value;
    }
  }

  // Precondition: find(key) == kAbsent.
  void insert(std::uint64_t key, std::uint32_t value) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    std::size_t i = slot_of(key);
    while (slots_[i].value != kAbsent) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = Slot{key, value};
    ++size_;
  }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t value = kAbsent;
  };
  std::vector<Slot> slots_;  // a power of two in size, at most half full
  std::size_t size_ = 0;

  // The high bits of a multiplicative hash: number bits differ mostly in their low mantissa bits
  // and dates in their low bits, which the multiply spreads upwards.
  std::size_t slot_of(std::uint64_t key) const {
    const std::uint64_t h = (key ^ (key >> 29)) * 0x9E3779B97F4A7C15ULL;
    return static_cast<std::size_t>(h >> 32) & (slots_.size() - 1);
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : 2 * old.size(), Slot{});
    size_ = 0;
    for (const Slot& s : old) {
      if (s.value != kAbsent) insert(s.key, s.value);
    }
  }
};

}  // namespace

// One mapped column and the readings of the distinct cell values met so far.
struct CohortPatients::Reader {
  cells::Field field = cells::Field::ignored;
  std::string name;
  const Column* column = nullptr;  // null: a constant field (the WBC header's unit)
  cells::CellReading constant;
  cells::CellReading blank;                                     // a missing cell ("")
  std::vector<cells::CellReading> by_level;                     // categorical, boolean: per level
  ValueIndex by_value;                                          // number bits, date days
  std::unordered_map<std::string_view, std::uint32_t> by_text;  // free text, raw cells
  // What by_value and by_text index, and the readings past the cache's cap (kept until the next
  // block): deques, so that a reading stays where it is while later ones are added and the
  // readings of a block of rows can be held by address.
  std::deque<cells::CellReading> readings;
  std::deque<cells::CellReading> uncached;
  // Where the next row's raw cell is looked for: rows are read in order, so the raw cells are
  // walked once instead of searched per row.
  std::size_t next_raw = 0;

  const cells::CellReading& read(std::size_t row, const PatientFieldOptions& options);

 private:
  // Row `row`'s key in by_value (false: not a number or date column, or a missing cell).
  bool value_key(std::size_t row, std::uint64_t* key) const {
    if (column == nullptr) return false;
    switch (column->type) {
      case ColumnType::integer:
      case ColumnType::number:
        std::memcpy(key, &column->numbers[row], sizeof *key);
        return true;
      case ColumnType::date:
        *key = static_cast<std::uint64_t>(static_cast<std::uint32_t>(column->codes[row]));
        return true;
      default:
        return false;
    }
  }

  const std::string* raw_cell(std::size_t row);
  template <class Text>
  const cells::CellReading& cached_value(std::uint64_t key, Text text,
                                         const PatientFieldOptions& options);
  template <class Text>
  const cells::CellReading& cached_text(std::string_view key, Text text,
                                        const PatientFieldOptions& options);
};

template <class Text>
const cells::CellReading& CohortPatients::Reader::cached_value(std::uint64_t key, Text text,
                                                               const PatientFieldOptions& options) {
  const std::uint32_t k = by_value.find(key);
  if (k != ValueIndex::kAbsent) return readings[k];
  if (readings.size() >= kMaxCachedValues) {
    uncached.push_back(cells::read_cell(field, text(), options));
    return uncached.back();
  }
  by_value.insert(key, static_cast<std::uint32_t>(readings.size()));
  readings.push_back(cells::read_cell(field, text(), options));
  return readings.back();
}

template <class Text>
const cells::CellReading& CohortPatients::Reader::cached_text(std::string_view key, Text text,
                                                              const PatientFieldOptions& options) {
  const auto it = by_text.find(key);
  if (it != by_text.end()) return readings[it->second];
  if (readings.size() >= kMaxCachedValues) {
    uncached.push_back(cells::read_cell(field, text(), options));
    return uncached.back();
  }
  by_text.emplace(key, static_cast<std::uint32_t>(readings.size()));
  readings.push_back(cells::read_cell(field, text(), options));
  return readings.back();
}

// Row `row`'s raw cell text, or null when the typed value keeps what the file wrote.
const std::string* CohortPatients::Reader::raw_cell(std::size_t row) {
  const auto& raw = column->raw_cells;
  if (raw.empty()) return nullptr;
  if (next_raw > 0 && (next_raw > raw.size() || raw[next_raw - 1].first >= row)) {
    // Out of order: search from the start.
    next_raw =
        static_cast<std::size_t>(std::lower_bound(raw.begin(), raw.end(), row,
                                                  [](const std::pair<std::uint32_t, std::string>& a,
                                                     std::size_t r) { return a.first < r; }) -
                                 raw.begin());
  }
  while (next_raw < raw.size() && raw[next_raw].first < row) ++next_raw;
  if (next_raw < raw.size() && raw[next_raw].first == row) return &raw[next_raw++].second;
  return nullptr;
}

const cells::CellReading& CohortPatients::Reader::read(std::size_t row,
                                                       const PatientFieldOptions& options) {
  if (column == nullptr) return constant;
  const Column& c = *column;
  if (const std::string* raw = raw_cell(row)) {  // the file's own text where the value loses it
    return cached_text(
        std::string_view(*raw), [&] { return *raw; }, options);
  }
  // The missing test of Column::is_missing, on the type this switch reads anyway.
  switch (c.type) {
    case ColumnType::boolean:
    case ColumnType::categorical: {
      const std::int32_t code = c.codes[row];
      return code < 0 ? blank : by_level[static_cast<std::size_t>(code)];
    }
    case ColumnType::integer:
    case ColumnType::number: {
      if (std::isnan(c.numbers[row])) return blank;
      std::uint64_t key = 0;
      value_key(row, &key);
      return cached_value(
          key, [&] { return c.cell_text(row); }, options);
    }
    case ColumnType::date: {
      if (c.codes[row] == kMissingDate) return blank;
      std::uint64_t key = 0;
      value_key(row, &key);
      return cached_value(
          key, [&] { return c.cell_text(row); }, options);
    }
    case ColumnType::empty:
    case ColumnType::text:
      break;
  }
  if (c.missing[row] != 0) return blank;
  const std::string_view text(c.arena.data() + c.offsets[row], c.offsets[row + 1] - c.offsets[row]);
  return cached_text(
      text, [&] { return std::string(text); }, options);
}

CohortPatients::CohortPatients(const Table& table, const ColumnMapping& mapping,
                               const PatientFieldOptions& options, bool group_only)
    : table_(table), options_(options) {
  const bool has_wbc_unit = mapping.column_of("wbc_unit") >= 0;
  for (const ColumnMatch& m : mapping.matches) {
    const cells::Field field = cells::field_of(m.canonical);
    if (!(group_only && cells::is_free_text_or_ignored(field))) {
      auto r = std::make_unique<Reader>();
      r->field = field;
      r->name = m.canonical;
      r->column = &table.columns[m.column];
      r->blank = cells::read_cell(field, "", options);
      for (const std::string& level : r->column->levels) {
        r->by_level.push_back(cells::read_cell(field, level, options));
      }
      readers_.push_back(std::move(r));
    }
    // A unit in the WBC header ("WBC (/uL)") is the wbc_unit of every row, unless a unit column
    // is mapped.
    if (m.canonical == "wbc" && !m.unit.empty() && !has_wbc_unit) {
      auto r = std::make_unique<Reader>();
      r->field = cells::Field::wbc_unit;
      r->name = "wbc_unit";
      r->constant = cells::read_cell(r->field, m.unit, options);
      readers_.push_back(std::move(r));
    }
  }
}

CohortPatients::~CohortPatients() = default;

// Column by column over a block of rows: each column's values are read in sequence and its
// index and readings stay in cache for the whole pass, where row by row every row touched every
// column's tables in turn. The readings are prefetched for the rows that apply them next.
void CohortPatients::read_block(std::size_t first, std::size_t count) {
  block_first_ = first;
  block_end_ = first + count;
  block_.resize(readers_.size() * kBlockRows);
  for (std::size_t k = 0; k < readers_.size(); ++k) {
    Reader& r = *readers_[k];
    r.uncached.clear();
    const cells::CellReading** out = &block_[k * kBlockRows];
    for (std::size_t i = 0; i < count; ++i) {
      out[i] = &r.read(first + i, options_);
      __builtin_prefetch(out[i]);
    }
  }
}

void CohortPatients::read(std::size_t row, PatientBuild* out) {
  if (row < block_first_ || row >= block_end_) {
    // In order: the next block of rows; out of order: this row alone.
    read_block(row, row == block_end_ ? std::min(kBlockRows, table_.n_rows - row) : 1);
  }
  const std::size_t i = row - block_first_;
  PatientInput& in = out->input;
  // A fresh input, keeping the capacity of its lists.
  std::vector<FieldError> unreadable = std::move(in.unreadable);
  std::vector<std::string> blank_inputs = std::move(in.blank_inputs);
  unreadable.clear();
  blank_inputs.clear();
  in = PatientInput{};
  in.unreadable = std::move(unreadable);
  in.blank_inputs = std::move(blank_inputs);
  in.today = options_.today;
  out->problems.clear();
  out->ignored_columns.clear();
  cells::RowCarry carry;
  for (std::size_t k = 0; k < readers_.size(); ++k) {
    cells::apply_cell(readers_[k]->field, readers_[k]->name, *block_[k * kBlockRows + i], out,
                      &carry);
  }
  cells::finish_row(out, carry);
}

}  // namespace infant_all
