// infant-all classify: the risk group of every row under a protocol (ENGINE.md "classify").
#include <map>

#include "command_list.h"
#include "derivations.h"
#include "infant_all/clinical/classify.h"
#include "infant_all/clinical/column_mapping.h"
#include "infant_all/clinical/patient_values.h"
#include "infant_all/contract/patient.h"
#include "infant_all/io/csv_writer.h"
#include "infant_all/io/dates.h"

namespace infant_all::contract {
namespace {

using json = nlohmann::ordered_json;

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

}  // namespace

CommandOutput classify_command(AnalysisContext& context, const json& r) {
  const Table& t = context.table();
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
  // Ragged rows (wrong number of fields) are not in the table, but they are rows of the file:
  // each is reported invalid, in file order among the others.
  size_t next_ragged = 0;
  auto emit_ragged_before = [&](size_t data_row) {
    for (; next_ragged < t.ragged_rows.size() && t.ragged_rows[next_ragged].row < data_row;
         ++next_ragged) {
      const RaggedRow& g = t.ragged_rows[next_ragged];
      const std::string why = ragged_reason(g);
      ++counts["invalid"];
      if (want_csv) {
        std::vector<std::string> cells(t.columns.size());
        for (const char* v : {"", "invalid", "", "RAGGED_ROW"}) cells.push_back(v);
        cells.push_back(why);
        cells.push_back("");
        annotated.push_back(std::move(cells));
      }
      if (rows_mode == "none") continue;
      rows.push_back({{"row", g.row},
                      {"patient_id", nullptr},
                      {"group", nullptr},
                      {"status", "invalid"},
                      {"candidates", json::array()},
                      {"missing", json::array()},
                      {"flags", json::array({"RAGGED_ROW"})},
                      {"criteria", json::object()},
                      {"reasons", json::array()},
                      {"notes", json::array()},
                      {"errors", json::array({{{"field", "(row)"},
                                               {"value", "line " + std::to_string(g.line)},
                                               {"message", why}}})},
                      {"problems", json::array()}});
    }
  };
  // Each distinct cell value read once; the rule trace only for rows that show it.
  CohortPatients patients(t, mapping, setup.options);
  const bool trace_all = want_csv || rows_mode == "all";
  PatientBuild build;
  for (size_t i = 0; i < t.n_rows; ++i) {
    emit_ragged_before(t.row_numbers[i]);
    patients.read(i, &build);
    // The group alone for every row; the full result (words, trace) only for rows that show it.
    const GroupOutcome settled = classify_group(build.input, protocol);
    ClassifyResult res;
    res.status = settled.status;
    if (settled.group != nullptr) res.group = settled.group;
    if (trace_all || (rows_mode == "unsettled" && res.status != ClassifyStatus::definite)) {
      res = classify(build.input, protocol);
    }
    const std::string key =
        res.status == ClassifyStatus::definite ? res.group : to_string(res.status);
    ++counts[key];
    if (want_csv) {
      std::vector<std::string> cells;
      for (const auto& c : t.columns) cells.push_back(c.raw_text(i));  // as the file wrote it
      cells.push_back(res.group);
      cells.push_back(to_string(res.status));
      cells.push_back(join(res.missing, ";"));
      cells.push_back(join(res.flags, ";"));
      std::vector<std::string> errors, problems;
      for (const auto& e : res.errors) errors.push_back(e.message);
      for (const auto& p : build.problems) {
        problems.push_back(p.column + " '" + p.value + "': expected " + p.expected);
      }
      cells.push_back(join(errors, "; "));
      cells.push_back(join(problems, "; "));
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
  emit_ragged_before(static_cast<size_t>(-1));
  const json mapped = mapping_matches_json(mapping);
  json c = json::object();
  for (const auto& [k, v] : counts) c[k] = v;
  out.result = {{"protocol", to_string(protocol)},
                {"rows", rows},
                {"counts", c},
                {"n_rows_file", t.n_rows + t.ragged_rows.size()},
                {"mapping", mapped},
                {"unknown_columns", mapping.unknown_headers},
                {"mapping_notes", mapping.notes}};
  if (want_csv) {
    std::vector<std::string> header = t.headers();
    for (const char* h : {"risk_group", "status", "missing", "flags", "errors", "problems"}) {
      header.push_back(h);
    }
    out.text = write_csv_rows(header, annotated);
  }
  out.ok = true;
  return out;
}

}  // namespace infant_all::contract
