#include "infant_all/contract/commands.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "command_list.h"
#include "infant_all/stats/kaplan_meier.h"

namespace infant_all::contract {
namespace {

using ojson = nlohmann::ordered_json;

// The column names a request reads for its rows (time, event, group, strata, covariates, ...).
std::vector<std::string> request_columns(const ojson& r) {
  std::vector<std::string> cols;
  // Not the exposure columns: blank there means "never exposed", a valid value.
  for (const char* key : {"time", "event", "status", "group", "strata", "entry", "row", "col"}) {
    if (r.contains(key) && r[key].is_string()) cols.push_back(r[key].get<std::string>());
  }
  if (r.contains("covariates") && r["covariates"].is_array()) {
    for (const auto& c : r["covariates"]) {
      if (c.is_string()) cols.push_back(c.get<std::string>());
    }
  }
  return cols;
}

// Why an analysis left out table row i: the columns it reads that are blank or unreadable there.
std::string exclusion_reason(const Table& t, const std::vector<std::string>& cols, size_t i) {
  std::string missing;
  for (const std::string& name : cols) {
    const int j = t.find(name);
    if (j < 0) continue;
    const Column& c = t.columns[static_cast<size_t>(j)];
    if (i < c.size() && c.is_missing(i)) {
      missing += (missing.empty() ? "" : ", ") + std::string("'") + name + "' " +
                 (c.raw_text(i).empty() ? "is blank" : "'" + c.raw_text(i) + "' is unreadable");
    }
  }
  return missing.empty()
             ? "a value this analysis needs is missing or not usable (e.g. an endpoint that "
               "cannot be derived, a risk group that is not definite, a follow-up time of 0 that a "
               "time-dependent exposure cannot split)"
             : missing;
}

}  // namespace

std::string ragged_reason(const RaggedRow& g) {
  return "ragged row: " + std::to_string(g.found) + " fields, expected " +
         std::to_string(g.expected) + " (an unquoted delimiter?); the row could not be read";
}

void account_for_rows(const Table& t, const ojson& request, ojson& res) {
  if (!res.is_object() || !res.contains("excluded_rows") || !res["excluded_rows"].is_array() ||
      res.contains("excluded")) {
    return;
  }
  const std::vector<std::string> cols = request_columns(request);
  std::map<size_t, ojson> excluded;  // by data row
  for (const auto& r : res["excluded_rows"]) {
    const size_t row = r.get<size_t>();
    ojson e = {{"row", row}};
    // Table rows are in file order: the table row of a data row is found by bisection.
    const auto it = std::lower_bound(t.row_numbers.begin(), t.row_numbers.end(), row);
    if (it != t.row_numbers.end() && *it == row) {
      const size_t i = static_cast<size_t>(it - t.row_numbers.begin());
      e["line"] = t.row_lines[i];
      e["reason"] = exclusion_reason(t, cols, i);
    } else {
      e["reason"] = "not usable by this analysis";
    }
    excluded[row] = std::move(e);
  }
  for (const RaggedRow& g : t.ragged_rows) {
    excluded[g.row] = {{"row", g.row}, {"line", g.line}, {"reason", ragged_reason(g)}};
  }
  ojson rows = ojson::array(), list = ojson::array();
  for (auto& [row, e] : excluded) {
    rows.push_back(row);
    if (list.size() < CsvOptions{}.max_listed_issues) list.push_back(std::move(e));
  }
  const size_t n_before = res.value("n_excluded", size_t{0});
  res["n_excluded"] = n_before + t.ragged_rows.size();
  res["excluded_rows"] = std::move(rows);
  res["excluded"] = std::move(list);
  res["n_rows_file"] = t.n_rows + t.ragged_rows.size();
}

CommandOutput run_command(const Table& table, const nlohmann::ordered_json& request) {
  AnalysisContext context(table);
  return run_command(context, request);
}

CommandOutput run_command(AnalysisContext& context, const nlohmann::ordered_json& request) {
  const Table& table = context.table();
  using Fn = CommandOutput (*)(AnalysisContext&, const nlohmann::ordered_json&);
  static const std::map<std::string, Fn> commands = {
      {"km", &km_command},
      {"classify", &classify_command},
      {"logrank", &logrank_command},
      {"crosstab", &crosstab_command},
      {"describe", &describe_command},
      {"cuminc", &cuminc_command},
      {"cox", &cox_command},
      {"crr", &crr_command},
      {"validate", &validate_command},
      {"analyze", &analyze_command},
      {"preview", &preview_command},
      {"landmark", &landmark_command},
  };
  CommandOutput out;
  if (!request.is_object() || !request.contains("command") || !request["command"].is_string()) {
    out.error = "request must be an object with a \"command\"";
    return out;
  }
  const std::string name = request["command"].get<std::string>();
  auto it = commands.find(name);
  if (it == commands.end()) {
    out.error = "unknown or not yet available command '" + name + "'";
    return out;
  }
  if (!table.status.ok()) {
    out.error = table.status.message;
    return out;
  }
  CommandOutput out2 = it->second(context, request);
  if (out2.ok) account_for_rows(table, request, out2.result);
  return out2;
}

bool event_values(const Table& t, const Column& c, const nlohmann::ordered_json& request,
                  int missing_code, std::vector<int>* out, Errors& err) {
  const bool text = c.type == ColumnType::text || c.type == ColumnType::categorical;
  if (text) {
    if (!request.contains("event_value") || !request["event_value"].is_string()) {
      return err.fail("--event: column '" + c.name +
                      "' holds text; say which value means the event with --event-value");
    }
    const std::string ev = request["event_value"].get<std::string>();
    const auto labels = label_values(c);
    out->assign(labels.size(), missing_code);
    for (size_t i = 0; i < labels.size(); ++i) {
      if (!labels[i].empty()) (*out)[i] = labels[i] == ev ? 1 : 0;
    }
    return true;
  }
  std::vector<double> raw;
  if (!numeric_values(t, c, "event", &raw, err)) return false;
  std::optional<double> event_value;
  if (request.contains("event_value") && !request["event_value"].is_null()) {
    const auto& v = request["event_value"];
    double x = 0;
    if (v.is_number()) {
      x = v.get<double>();
    } else if (!v.is_string() || !parse_number(v.get<std::string>(), Dialect{}, false, &x)) {
      return err.fail("--event-value must be a number for the numeric column '" + c.name + "'");
    }
    event_value = x;
  }
  DecodedEventStatus d = decode_event_status(raw, event_value);
  if (!d.status.ok()) {
    // The core names the 1-based row; say which file row that is.
    const size_t i = d.status.row - 1;
    const std::string where = d.status.row > 0 && i < t.row_numbers.size()
                                  ? " (" + row_label(t.row_numbers[i], t.row_lines[i]) + ")"
                                  : std::string();
    return err.fail("--event: column '" + c.name + "'" + where + ": " + d.status.message);
  }
  out->resize(d.event.size());
  for (size_t i = 0; i < d.event.size(); ++i) {
    (*out)[i] = d.event[i] == kMissingStatus ? missing_code : d.event[i];
  }
  return true;
}

bool csv_options_from_json(const nlohmann::ordered_json& j, CsvOptions* out, std::string* error) {
  if (j.is_null()) return true;
  if (!j.is_object()) {
    *error = "csv options must be an object";
    return false;
  }
  for (const auto& [key, v] : j.items()) {
    if (key == "delimiter" || key == "decimal") {
      std::string s = v.is_string() ? v.get<std::string>() : "";
      if (s == "tab" || s == "\\t") s = "\t";
      if (s.size() != 1) {
        *error = "--" + key + " must be one character (or 'tab')";
        return false;
      }
      (key == "delimiter" ? out->delimiter : out->decimal_mark) = s[0];
    } else if (key == "na") {
      if (!v.is_array()) {
        *error = "--na must be a list of missing-value tokens";
        return false;
      }
      out->missing_tokens.clear();
      for (const auto& t : v) {
        if (!t.is_string()) {
          *error = "--na must be a list of missing-value tokens";
          return false;
        }
        out->missing_tokens.push_back(t.get<std::string>());
      }
    } else if (key == "date_format") {
      const std::string f = v.is_string() ? v.get<std::string>() : "";
      if (!date_format_from_string(f, &out->dates.format)) {
        *error = "--date-format must be auto, iso, dmy or mdy (got '" + f + "')";
        return false;
      }
    } else if (key == "thousands" || key == "excel_serial") {
      if (!v.is_boolean()) {
        *error = "csv option '" + key + "' must be true or false";
        return false;
      }
      (key == "thousands" ? out->allow_thousands_separator : out->dates.excel_serial) =
          v.get<bool>();
    } else {
      *error = "unknown CSV option '" + key + "'";
      return false;
    }
  }
  return true;
}

nlohmann::ordered_json table_summary(const Table& t) {
  nlohmann::ordered_json cols = nlohmann::ordered_json::array();
  for (const auto& c : t.columns) {
    cols.push_back(
        {{"name", c.name},
         {"type", to_string(c.type)},
         {"n_missing", c.n_missing},
         {"n_misfit", c.n_misfit},
         {"levels", c.type == ColumnType::categorical ? c.levels : std::vector<std::string>{}},
         {"date_order", c.date_order}});
  }
  nlohmann::ordered_json ragged = nlohmann::ordered_json::array();
  for (const auto& r : t.ragged_rows) {
    ragged.push_back(
        {{"row", r.row}, {"line", r.line}, {"expected", r.expected}, {"found", r.found}});
  }
  nlohmann::ordered_json misfits = nlohmann::ordered_json::array();
  for (const auto& m : t.misfits) {
    misfits.push_back({{"row", m.row},
                       {"line", m.line},
                       {"column", m.column},
                       {"value", m.value},
                       {"expected", m.expected},
                       {"reason", m.reason}});
  }
  return {{"status", to_string(t.status.code)},
          {"message", t.status.message},
          {"encoding", to_string(t.encoding)},
          {"delimiter", std::string(1, t.dialect.delimiter)},
          {"decimal", std::string(1, t.dialect.decimal_mark)},
          {"n_rows", t.n_rows},
          {"columns", cols},
          {"ragged_rows", ragged},
          {"misfits", misfits},
          {"n_misfits", t.n_misfits},
          {"duplicate_headers", t.duplicate_headers},
          {"notes", t.notes}};
}

}  // namespace infant_all::contract
