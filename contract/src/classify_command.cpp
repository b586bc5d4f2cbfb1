// infant-all classify: the risk group of every row under a protocol (ENGINE.md "classify").
#include <map>

#include "command_list.h"
#include "infant_all/classify.h"
#include "infant_all/column_mapping.h"
#include "infant_all/contract/patient.h"
#include "infant_all/csv_writer.h"
#include "infant_all/dates.h"
#include "infant_all/patient_values.h"

namespace infant_all::contract {
namespace {

using json = nlohmann::ordered_json;

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

}  // namespace

CommandOutput classify_command(const Table& t, const json& r) {
  CommandOutput out;
  Errors err;
  const std::vector<MapOverride> overrides = map_overrides(r, err);
  std::string protocol_name = "interfant06";
  get_string(r, "protocol", &protocol_name, err);
  Protocol protocol = Protocol::interfant06;
  if (err.ok() && !protocol_from_string(protocol_name, &protocol)) {
    err.fail("--protocol must be interfant06, interfant99, mll10, interfant21 or aall0631 (got '" +
             protocol_name + "')");
  }
  PatientFieldOptions options;
  std::string date_format;
  get_string(r, "date_format", &date_format, err);
  if (date_format == "dmy") options.dates.format = DateFormat::dmy;
  if (date_format == "mdy") options.dates.format = DateFormat::mdy;
  if (r.contains("excel_serial") && r["excel_serial"].is_boolean()) {
    options.dates.excel_serial = r["excel_serial"].get<bool>();
  }
  std::string today;
  get_string(r, "today", &today, err);
  if (err.ok() && !today.empty()) {
    const DateParse d = parse_date(today);
    if (!d.ok()) {
      err.fail("--today must be an ISO date (YYYY-MM-DD)");
    } else {
      int y = 0, m = 0, day = 0;
      civil_from_days(d.days, &y, &m, &day);
      options.today = Date{y, m, day};
    }
  }
  const ColumnMapping mapping = map_columns(t.headers(), overrides);
  if (err.ok() && !mapping.status.ok()) err.fail(mapping.status.message);
  if (!err.ok()) {
    out.error = err.message;
    return out;
  }

  json rows = json::array();
  std::map<std::string, int> counts;
  std::vector<std::vector<std::string>> annotated;
  const bool want_csv = r.value("format", std::string("json")) == "csv";
  for (size_t i = 0; i < t.n_rows; ++i) {
    std::vector<std::pair<std::string, std::string>> fields;
    bool has_wbc_unit = mapping.column_of("wbc_unit") >= 0;
    for (const auto& m : mapping.matches) {
      const Column& c = t.columns[m.column];
      fields.emplace_back(m.canonical, c.cell_text(i));
      if (m.canonical == "wbc" && !m.unit.empty() && !has_wbc_unit) {
        fields.emplace_back("wbc_unit", m.unit);
      }
    }
    const PatientBuild build = patient_from_fields(fields, options);
    const ClassifyResult res = classify(build.input, protocol);
    json row = classification_json(res);
    row.erase("protocol");
    json problems = json::array();
    for (const auto& p : build.problems) {
      problems.push_back({{"column", p.column}, {"value", p.value}, {"expected", p.expected}});
    }
    json full = {
        {"row", t.row_numbers[i]},
        {"patient_id", build.input.patient_id ? json(*build.input.patient_id) : json(nullptr)}};
    for (auto& [k, v] : row.items()) full[k] = v;
    full["problems"] = problems;
    rows.push_back(std::move(full));
    const std::string key =
        res.status == ClassifyStatus::definite ? res.group : to_string(res.status);
    ++counts[key];
    if (want_csv) {
      std::vector<std::string> cells;
      for (const auto& c : t.columns) cells.push_back(c.cell_text(i));
      cells.push_back(res.group);
      cells.push_back(to_string(res.status));
      cells.push_back(join(res.missing, ";"));
      cells.push_back(join(res.flags, ";"));
      annotated.push_back(std::move(cells));
    }
  }
  const json mapped = mapping_matches_json(mapping);
  json c = json::object();
  for (const auto& [k, v] : counts) c[k] = v;
  out.result = {{"protocol", to_string(protocol)},
                {"rows", rows},
                {"counts", c},
                {"mapping", mapped},
                {"unknown_columns", mapping.unknown_headers},
                {"mapping_notes", mapping.notes}};
  if (want_csv) {
    std::vector<std::string> header = t.headers();
    for (const char* h : {"risk_group", "status", "missing", "flags"}) header.push_back(h);
    out.text = write_csv_rows(header, annotated);
  }
  out.ok = true;
  return out;
}

}  // namespace infant_all::contract
