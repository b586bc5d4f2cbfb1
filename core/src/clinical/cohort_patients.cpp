#include "infant_all/clinical/cohort_patients.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "cell_reading.h"

namespace infant_all {

// One mapped column and the readings of the distinct cell values met so far.
struct CohortPatients::Reader {
  cells::Field field = cells::Field::ignored;
  std::string name;
  const Column* column = nullptr;  // null: a constant field (the WBC header's unit)
  cells::CellReading constant;
  cells::CellReading blank;                                     // a missing cell ("")
  std::vector<cells::CellReading> by_level;                     // categorical, boolean: per level
  std::unordered_map<std::uint64_t, std::uint32_t> by_value;    // number bits, date days
  std::unordered_map<std::string_view, std::uint32_t> by_text;  // free text, raw cells
  std::vector<cells::CellReading> readings;                     // what by_value and by_text index
  cells::CellReading scratch;                                   // past the cache's cap

  const cells::CellReading& read(std::size_t row, const PatientFieldOptions& options);

 private:
  template <class Map, class Key, class Text>
  const cells::CellReading& cached(Map& map, const Key& key, Text text,
                                   const PatientFieldOptions& options);
};

template <class Map, class Key, class Text>
const cells::CellReading& CohortPatients::Reader::cached(Map& map, const Key& key, Text text,
                                                         const PatientFieldOptions& options) {
  const auto it = map.find(key);
  if (it != map.end()) return readings[it->second];
  if (readings.size() >= kMaxCachedValues) {
    scratch = cells::read_cell(field, text(), options);
    return scratch;
  }
  map.emplace(key, static_cast<std::uint32_t>(readings.size()));
  readings.push_back(cells::read_cell(field, text(), options));
  return readings.back();
}

const cells::CellReading& CohortPatients::Reader::read(std::size_t row,
                                                       const PatientFieldOptions& options) {
  if (column == nullptr) return constant;
  const Column& c = *column;
  if (!c.raw_cells.empty()) {  // the file's own text where the typed value loses it
    const auto it = std::lower_bound(
        c.raw_cells.begin(), c.raw_cells.end(), row,
        [](const std::pair<std::uint32_t, std::string>& a, std::size_t r) { return a.first < r; });
    if (it != c.raw_cells.end() && it->first == row) {
      const std::string& raw = it->second;
      return cached(
          by_text, std::string_view(raw), [&] { return raw; }, options);
    }
  }
  if (c.is_missing(row)) return blank;
  switch (c.type) {
    case ColumnType::boolean:
    case ColumnType::categorical:
      return by_level[static_cast<std::size_t>(c.codes[row])];
    case ColumnType::integer:
    case ColumnType::number: {
      std::uint64_t bits = 0;
      std::memcpy(&bits, &c.numbers[row], sizeof bits);
      return cached(
          by_value, bits, [&] { return c.cell_text(row); }, options);
    }
    case ColumnType::date:
      return cached(
          by_value, static_cast<std::uint64_t>(static_cast<std::uint32_t>(c.codes[row])),
          [&] { return c.cell_text(row); }, options);
    case ColumnType::empty:
    case ColumnType::text:
      break;
  }
  const std::string_view text(c.arena.data() + c.offsets[row], c.offsets[row + 1] - c.offsets[row]);
  return cached(
      by_text, text, [&] { return std::string(text); }, options);
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

void CohortPatients::read(std::size_t row, PatientBuild* out) {
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
  for (const auto& r : readers_) {
    cells::apply_cell(r->field, r->name, r->read(row, options_), out, &carry);
  }
  cells::finish_row(out, carry);
}

}  // namespace infant_all
