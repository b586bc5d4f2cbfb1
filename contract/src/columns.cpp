#include "columns.h"

#include <cmath>

namespace infant_all::contract {

std::string option_flag(const char* option) {
  std::string flag = "--";
  for (const char* p = option; *p; ++p) flag += (*p == '_') ? '-' : *p;
  return flag;
}

namespace {

std::string column_list(const Table& t) {
  std::string s;
  for (const auto& c : t.columns) {
    if (!s.empty()) s += ", ";
    s += c.name;
  }
  return s.empty() ? "(none)" : s;
}

}  // namespace

const Column* optional_column(const Table& t, const nlohmann::ordered_json& request,
                              const char* option, Errors& err) {
  if (!request.contains(option) || request[option].is_null()) return nullptr;
  if (!request[option].is_string()) {
    err.fail(option_flag(option) + " must name a column");
    return nullptr;
  }
  const std::string name = request[option].get<std::string>();
  const int idx = t.find(name);
  if (idx < 0) {
    err.fail(option_flag(option) + ": no column '" + name +
             "' in the file; columns are: " + column_list(t));
    return nullptr;
  }
  return &t.columns[static_cast<size_t>(idx)];
}

const Column* require_column(const Table& t, const nlohmann::ordered_json& request,
                             const char* option, Errors& err) {
  if (!request.contains(option) || request[option].is_null()) {
    err.fail(option_flag(option) + " is required (a column name)" +
             (std::string(option) == "time" || std::string(option) == "event" ||
                      std::string(option) == "status"
                  ? std::string(", or give --endpoint efs|os|dfs|cir")
                  : std::string()));
    return nullptr;
  }
  return optional_column(t, request, option, err);
}

bool numeric_values(const Table& t, const Column& c, const char* option, std::vector<double>* out,
                    Errors& err) {
  const size_t n = c.size();
  out->assign(n, std::nan(""));
  switch (c.type) {
    case ColumnType::integer:
    case ColumnType::number:
      *out = c.numbers;
      return true;
    case ColumnType::boolean:
      for (size_t i = 0; i < n; ++i) {
        if (c.codes[i] >= 0) (*out)[i] = c.boolean_value(i);
      }
      return true;
    case ColumnType::empty:
      return true;
    default:
      break;
  }
  // Name the first cell that is not a number (a column of numbers with one "five" is read as
  // text), and how many such cells there are; a column of dates or booleans names its first cell.
  size_t first = n, bad = 0;
  for (size_t i = 0; i < n; ++i) {
    if (c.is_missing(i)) continue;
    double x = 0;
    const bool number = (c.type == ColumnType::text || c.type == ColumnType::categorical) &&
                        parse_number(trim_cell(c.cell_text(i)), t.dialect, false, &x);
    if (number) continue;
    if (first == n) first = i;
    ++bad;
  }
  if (first == n) {
    for (size_t i = 0; i < n && first == n; ++i) {
      if (!c.is_missing(i)) first = i;
    }
  }
  if (first == n) return true;
  return err.fail(option_flag(option) + ": column '" + c.name + "' holds " + to_string(c.type) +
                  ", expected numbers (" + row_label(t.row_numbers[first], t.row_lines[first]) +
                  ": '" + c.cell_text(first) + "'" +
                  (bad > 1 ? "; " + std::to_string(bad) + " cells are not numbers" : "") + ")");
}

std::vector<std::string> label_values(const Column& c) {
  std::vector<std::string> out(c.size());
  if (c.type == ColumnType::categorical || c.type == ColumnType::boolean) {
    for (size_t i = 0; i < out.size(); ++i) {
      if (c.codes[i] >= 0) out[i] = c.levels[static_cast<size_t>(c.codes[i])];
    }
    return out;
  }
  for (size_t i = 0; i < out.size(); ++i) out[i] = c.cell_text(i);
  return out;
}

std::vector<size_t> file_rows(const Table& t, const std::vector<int>& excluded_rows) {
  std::vector<size_t> out;
  out.reserve(excluded_rows.size());
  for (int r : excluded_rows) {
    const size_t i = static_cast<size_t>(r - 1);
    out.push_back(i < t.row_numbers.size() ? t.row_numbers[i] : static_cast<size_t>(r));
  }
  return out;
}

bool get_string(const nlohmann::ordered_json& r, const char* key, std::string* out, Errors& err) {
  if (!r.contains(key) || r[key].is_null()) return true;
  if (!r[key].is_string()) return err.fail(option_flag(key) + " must be text");
  *out = r[key].get<std::string>();
  return true;
}

bool get_double(const nlohmann::ordered_json& r, const char* key, double* out, Errors& err) {
  if (!r.contains(key) || r[key].is_null()) return true;
  if (!r[key].is_number()) return err.fail(option_flag(key) + " must be a number");
  *out = r[key].get<double>();
  return true;
}

bool get_doubles(const nlohmann::ordered_json& r, const char* key, std::vector<double>* out,
                 Errors& err) {
  if (!r.contains(key) || r[key].is_null()) return true;
  if (!r[key].is_array()) return err.fail(option_flag(key) + " must be a list of numbers");
  out->clear();
  for (const auto& v : r[key]) {
    if (!v.is_number()) return err.fail(option_flag(key) + " must be a list of numbers");
    out->push_back(v.get<double>());
  }
  return true;
}

bool get_strings(const nlohmann::ordered_json& r, const char* key, std::vector<std::string>* out,
                 Errors& err) {
  if (!r.contains(key) || r[key].is_null()) return true;
  if (!r[key].is_array()) return err.fail(option_flag(key) + " must be a list of text values");
  out->clear();
  for (const auto& v : r[key]) {
    if (!v.is_string()) return err.fail(option_flag(key) + " must be a list of text values");
    out->push_back(v.get<std::string>());
  }
  return true;
}

std::vector<MapOverride> map_overrides(const nlohmann::ordered_json& r, Errors& err) {
  std::vector<MapOverride> out;
  if (!r.contains("map") || !r["map"].is_array()) return out;
  for (const auto& m : r["map"]) {
    MapOverride o;
    const Status s = parse_map_override(m.is_string() ? m.get<std::string>() : "", &o);
    if (!s.ok()) err.fail("--map: " + s.message);
    out.push_back(o);
  }
  return out;
}

std::vector<ValueRecode> value_recodes(const nlohmann::ordered_json& r, Errors& err) {
  std::vector<ValueRecode> out;
  if (!r.contains("recode") || r["recode"].is_null()) return out;
  if (!r["recode"].is_array()) {
    err.fail("--recode must be a list of input:value=meaning");
    return out;
  }
  for (const auto& m : r["recode"]) {
    ValueRecode v;
    const Status s = parse_value_recode(m.is_string() ? m.get<std::string>() : "", &v);
    if (!s.ok()) {
      err.fail(s.message);
    } else {
      out.push_back(std::move(v));
    }
  }
  return out;
}

nlohmann::ordered_json mapping_matches_json(const ColumnMapping& mapping) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& m : mapping.matches) {
    out.push_back({{"canonical", m.canonical},
                   {"header", m.header},
                   {"unit", m.unit},
                   {"matched_by", m.matched_by}});
  }
  return out;
}

nlohmann::ordered_json num(double v) {
  if (!std::isfinite(v)) return nullptr;
  return v;
}

nlohmann::ordered_json nums(const std::vector<double>& v) {
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (double x : v) a.push_back(num(x));
  return a;
}

}  // namespace infant_all::contract
