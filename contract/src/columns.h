// Looking up the request's columns in the table and turning them into the core's inputs, with
// errors that name the option, the column and the first offending row.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "infant_all/clinical/column_mapping.h"
#include "infant_all/clinical/value_recode.h"
#include "infant_all/io/column_table.h"

namespace infant_all::contract {

// Carries the first error; every helper returns false once it is set.
struct Errors {
  std::string message;
  bool fail(std::string m) {
    if (message.empty()) message = std::move(m);
    return false;
  }
  bool ok() const { return message.empty(); }
};

// The column named by request[option] ("--time" etc. in messages). Missing option or unknown
// column -> error listing the columns the file has.
const Column* require_column(const Table& t, const nlohmann::ordered_json& request,
                             const char* option, Errors& err);
// Same, but an absent option is fine (nullptr, no error).
const Column* optional_column(const Table& t, const nlohmann::ordered_json& request,
                              const char* option, Errors& err);

// Numbers of a numeric (or boolean, as 1/0) column; NaN where missing. A text column is an error
// naming its first non-numeric cell.
bool numeric_values(const Table& t, const Column& c, const char* option, std::vector<double>* out,
                    Errors& err);

// Every cell as text ("" when missing), for grouping and strata.
std::vector<std::string> label_values(const Column& c);

// The 1-based data row numbers of the file for the estimator's 1-based row indices.
std::vector<size_t> file_rows(const Table& t, const std::vector<int>& excluded_rows);

// "--time-unit" for the request key "time_unit": how messages name an option.
std::string option_flag(const char* option);

// Option accessors with type checks; the key is the request's snake_case option name.
bool get_string(const nlohmann::ordered_json& r, const char* key, std::string* out, Errors& err);
bool get_double(const nlohmann::ordered_json& r, const char* key, double* out, Errors& err);
bool get_doubles(const nlohmann::ordered_json& r, const char* key, std::vector<double>* out,
                 Errors& err);
// A list of text values (e.g. "levels"); absent leaves `out` unchanged.
bool get_strings(const nlohmann::ordered_json& r, const char* key, std::vector<std::string>* out,
                 Errors& err);

// Puts `items` in the order of r["levels"] (R's factor levels), by each item's group label;
// without "levels" the order is kept. A group missing from the list is an error naming it.
template <class T, class GroupOf>
bool order_by_levels(const nlohmann::ordered_json& r, std::vector<T>* items, GroupOf group_of,
                     Errors& err) {
  std::vector<std::string> levels;
  if (!get_strings(r, "levels", &levels, err) || levels.empty()) return err.ok();
  std::vector<T> sorted;
  sorted.reserve(items->size());
  for (const std::string& level : levels) {
    for (const T& item : *items) {
      if (group_of(item) == level) sorted.push_back(item);
    }
  }
  for (const T& item : *items) {
    bool listed = false;
    for (const std::string& level : levels) listed = listed || group_of(item) == level;
    if (!listed) {
      return err.fail("--levels lists the groups in order and misses '" + group_of(item) + "'");
    }
  }
  *items = std::move(sorted);
  return true;
}

// The request's --map overrides ("canonical=column" strings) for map_columns.
std::vector<MapOverride> map_overrides(const nlohmann::ordered_json& r, Errors& err);

// The request's --recode list ("input:value=meaning" strings, value_recode.h); an error names
// the recode at fault.
std::vector<ValueRecode> value_recodes(const nlohmann::ordered_json& r, Errors& err);

// The header -> canonical matches of a mapping, as [{canonical, header, unit, matched_by}].
nlohmann::ordered_json mapping_matches_json(const ColumnMapping& mapping);

// NaN and infinities as JSON null (ENGINE.md: missing values null).
nlohmann::ordered_json num(double v);
nlohmann::ordered_json nums(const std::vector<double>& v);

}  // namespace infant_all::contract
