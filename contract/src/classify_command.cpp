// infant-all classify: the risk group of every row under a protocol (ENGINE.md "classify").
#include <map>

#include "command_list.h"
#include "derivations.h"
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
  ClassifySetup setup;
  if (!classify_setup(t, r, &setup, err)) {
    out.error = err.message;
    return out;
  }
  const ColumnMapping& mapping = setup.mapping;
  const Protocol protocol = setup.protocol;

  // "rows": all (default), unsettled (only rows without a definite group: what a cohort view
  // lists), none (counts only). At 1e5 rows the full list is tens of MB of JSON.
  std::string rows_mode = "all";
  get_string(r, "rows", &rows_mode, err);
  if (err.ok() && rows_mode != "all" && rows_mode != "unsettled" && rows_mode != "none") {
    err.fail("--rows must be all, unsettled or none (got '" + rows_mode + "')");
  }
  if (!err.ok()) {
    out.error = err.message;
    return out;
  }
  json rows = json::array();
  std::map<std::string, int> counts;
  std::vector<std::vector<std::string>> annotated;
  const bool want_csv = r.value("format", std::string("json")) == "csv";
  for (size_t i = 0; i < t.n_rows; ++i) {
    PatientBuild build;
    const ClassifyResult res = classify_row(t, setup, i, &build);
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
    if (rows_mode == "none" ||
        (rows_mode == "unsettled" && res.status == ClassifyStatus::definite)) {
      continue;
    }
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
