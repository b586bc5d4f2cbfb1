// infant-all validate: what the import found: the table's columns and types, the
// header mapping to canonical names, the endpoints derivable from the dates with the rows each
// one excludes and why, and the validation report a data manager can act on.
#include "command_list.h"
#include "infant_all/clinical/column_mapping.h"
#include "infant_all/clinical/endpoints.h"
#include "infant_all/clinical/value_recode.h"
#include "infant_all/contract/commands.h"
#include "survival_input.h"

namespace infant_all::contract {
namespace {

// Every canonical input a column can be mapped to (--map canonical=column), for a mapping editor.
std::vector<std::string> canonical_names() {
  std::vector<std::string> out;
  for (const CanonicalColumn& c : canonical_columns()) out.emplace_back(c.name);
  return out;
}

}  // namespace

CommandOutput validate_command(AnalysisContext& context, const nlohmann::ordered_json& r) {
  const Table& t = context.table();
  using json = nlohmann::ordered_json;
  CommandOutput out;
  Errors err;
  const std::vector<MapOverride> overrides = map_overrides(r, err);
  EndpointOptions o;
  endpoint_options(r, &o, err);
  if (!err.ok()) {
    out.error = err.message;
    return out;
  }
  const ColumnMapping mapping = map_columns(t.headers(), overrides);
  // A --map the engine cannot apply is an error, as in every other command: a report on the
  // automatic mapping would look like the user's choice had been taken.
  if (!mapping.status.ok()) {
    out.error = mapping.status.message;
    return out;
  }
  const EndpointSet set = derive_endpoints(t, mapping, o);
  const ValidationReport rep = build_validation_report(t, mapping, &set);

  const json mapped = mapping_matches_json(mapping);
  json conflicts = json::array();
  for (const auto& c : mapping.conflicts) {
    conflicts.push_back({{"canonical", c.canonical}, {"headers", c.headers}});
  }
  // Lists of rows are capped like the reader's misfits (max_listed_issues, 1000): a big cohort
  // would otherwise list most rows for an endpoint it lacks dates for; the counts stay whole.
  const size_t cap = CsvOptions{}.max_listed_issues;
  json endpoints = json::array();
  for (const Endpoint* e : {&set.efs, &set.os, &set.dfs, &set.cir}) {
    json ex = json::array();
    for (const auto& x : e->excluded) {
      if (ex.size() >= cap) break;
      ex.push_back(
          {{"row", x.row}, {"line", x.line}, {"patient_id", x.patient_id}, {"reason", x.reason}});
    }
    endpoints.push_back({{"name", e->name},
                         {"available", e->available},
                         {"note", e->note},
                         {"start", e->start},
                         {"source", e->source},
                         {"n_used", e->time.size()},
                         {"n_events", e->n_events},
                         {"n_competing", e->n_competing},
                         {"n_excluded", e->excluded.size()},
                         {"excluded", ex}});
  }
  json used = json::array();
  for (const auto& u : rep.rows_used) used.push_back({{"analysis", u.analysis}, {"n", u.n}});
  json excluded = json::array();
  for (const auto& x : rep.excluded) {
    if (excluded.size() >= cap) break;
    excluded.push_back({{"analysis", x.analysis},
                        {"row", x.row},
                        {"line", x.line},
                        {"patient_id", x.patient_id},
                        {"reason", x.reason}});
  }
  json coerced = json::array();
  for (const auto& c : rep.coerced) {
    coerced.push_back({{"row", c.row},
                       {"line", c.line},
                       {"column", c.column},
                       {"value", c.value},
                       {"action", c.action}});
  }
  // The recoding table: each vocabulary input's values and how each is read (value_recode.h).
  json recoding = json::array();
  for (const RecodeInput& in : recode_table(t, mapping, o.recodes)) {
    json values = json::array();
    for (const RecodeValue& v : in.values) {
      values.push_back({{"value", v.value},
                        {"n", v.n},
                        {"status", v.status},
                        {"meaning", v.meaning},
                        {"expected", v.expected}});
    }
    recoding.push_back({{"canonical", in.canonical},
                        {"column", in.column},
                        {"meanings", in.meanings},
                        {"n_distinct", in.n_distinct},
                        {"n_invalid", in.n_invalid},
                        {"values", values}});
  }
  json recodes = json::array();
  for (const ValueRecode& v : o.recodes) {
    recodes.push_back({{"canonical", v.canonical}, {"value", v.from}, {"meaning", v.to}});
  }
  out.result = {{"table", table_summary(t)},
                {"mapping",
                 {{"matches", mapped},
                  {"conflicts", conflicts},
                  {"duplicate_headers", mapping.duplicate_headers},
                  {"unknown_columns", mapping.unknown_headers},
                  {"notes", mapping.notes},
                  {"canonical_inputs", canonical_names()}}},
                {"recoding", {{"recodes", recodes}, {"inputs", recoding}}},
                {"endpoints",
                 {{"settings", set.settings},
                  {"status", to_string(set.status.code)},
                  {"message", set.status.message},
                  {"list", endpoints}}},
                {"report",
                 {{"rows_read", rep.rows_read},
                  {"rows_in_table", rep.rows_in_table},
                  {"rows_used", used},
                  {"excluded", excluded},
                  {"n_excluded", rep.excluded.size()},
                  {"coerced", coerced},
                  {"n_coerced", rep.n_coerced},
                  {"duplicated_patient_ids", rep.duplicated_patient_ids},
                  {"assumptions", rep.assumptions},
                  {"summary", rep.summary}}}};
  out.ok = true;
  return out;
}

}  // namespace infant_all::contract
