#include "survival_input.h"

#include <algorithm>
#include <cmath>

#include "command_list.h"
#include "derivations.h"
#include "infant_all/clinical/classify.h"
#include "infant_all/clinical/column_mapping.h"
#include "infant_all/clinical/endpoints.h"
#include "infant_all/clinical/patient_values.h"

namespace infant_all::contract {
namespace {

using json = nlohmann::ordered_json;

}  // namespace

bool endpoint_options(const json& r, EndpointOptions* o, Errors& err) {
  std::string unit = "years", ift = "0", dfs = "randomisation";
  get_string(r, "time_unit", &unit, err);
  get_string(r, "induction_failure_time", &ift, err);
  get_string(r, "dfs_start", &dfs, err);
  if (unit == "days") {
    o->time_unit = TimeUnit::days;
  } else if (unit == "months") {
    o->time_unit = TimeUnit::months;
  } else if (unit == "years") {
    o->time_unit = TimeUnit::years;
  } else {
    return err.fail("--time-unit must be days, months or years (got '" + unit + "')");
  }
  if (ift == "0") {
    o->induction_failure_time = InductionFailureTime::zero;
  } else if (ift == "eoi_date") {
    o->induction_failure_time = InductionFailureTime::eoi_date;
  } else {
    return err.fail("--induction-failure-time must be 0 or eoi_date (got '" + ift + "')");
  }
  if (dfs == "randomisation") {
    o->dfs_start = EndpointStart::randomisation;
  } else if (dfs == "cr_date") {
    o->dfs_start = EndpointStart::cr_date;
  } else {
    return err.fail("--dfs-start must be randomisation or cr_date (got '" + dfs + "')");
  }
  // Date cells are re-read by the endpoint derivation (a mapped date column may have been typed
  // as text or, for Excel serials, as integer): the same date settings as the CSV reader's.
  std::string date_format = "auto";
  get_string(r, "date_format", &date_format, err);
  if (!date_format_from_string(date_format, &o->dates.format)) {
    err.fail("--date-format must be auto, iso, dmy or mdy (got '" + date_format + "')");
  }
  if (r.contains("excel_serial") && r["excel_serial"].is_boolean()) {
    o->dates.excel_serial = r["excel_serial"].get<bool>();
  }
  o->recodes = value_recodes(r, err);
  return err.ok();
}

namespace {

// --subset COLUMN=VALUE: keeps the elements whose row has that value (R: subset(d, COLUMN ==
// "VALUE")); the column may be the classifier's risk_group. The rows left out are counted in
// the result's `subset` block, so every row stays accounted for.
bool apply_subset(AnalysisContext& context, const json& r, SurvivalInput* s, Errors& err) {
  if (!r.contains("subset") || r["subset"].is_null()) return true;
  std::string spec;
  if (!get_string(r, "subset", &spec, err)) return false;
  const size_t eq = spec.find('=');
  if (eq == std::string::npos || eq == 0) {
    return err.fail("--subset must be COLUMN=VALUE, e.g. risk_group=HR (got '" + spec + "')");
  }
  json by = r;
  by["subset"] = spec.substr(0, eq);
  GroupCodes codes;
  if (!codes_at(context, by, "subset", s->rows, &codes, err)) return false;
  const std::string value = spec.substr(eq + 1);
  const auto at = std::find(codes.levels.begin(), codes.levels.end(), value);
  if (at == codes.levels.end()) {
    std::string values;
    for (const std::string& l : codes.levels) values += (values.empty() ? "" : ", ") + l;
    return err.fail("--subset " + spec + ": no row has that value (values: " + values + ")");
  }
  const int want = static_cast<int>(at - codes.levels.begin());
  size_t k = 0;
  const bool has_status = !s->status.empty();
  for (size_t i = 0; i < s->rows.size(); ++i) {
    if (codes.code[i] != want) continue;
    s->rows[k] = s->rows[i];
    s->time[k] = s->time[i];
    if (has_status) s->status[k] = s->status[i];
    ++k;
  }
  const size_t n_out = s->rows.size() - k;
  s->rows.resize(k);
  s->time.resize(k);
  if (has_status) s->status.resize(k);
  s->subset = {{"column", spec.substr(0, eq)}, {"value", value}, {"n_in", k}, {"n_out", n_out}};
  return true;
}

// survival_input before the subset.
bool survival_rows(AnalysisContext& context, const json& r, const char* kind, int missing_code,
                   SurvivalInput* out, Errors& err) {
  const Table& t = context.table();
  if (r.contains("endpoint") && !r["endpoint"].is_null()) {
    std::string name;
    get_string(r, "endpoint", &name, err);
    EndpointOptions o;
    const std::shared_ptr<const EndpointSet> derived = endpoint_set(context, r, &o, err);
    if (!derived) return false;
    const EndpointSet& set = *derived;
    if (!set.status.ok()) return err.fail(set.status.message);
    const Endpoint* e = name == "efs"   ? &set.efs
                        : name == "os"  ? &set.os
                        : name == "dfs" ? &set.dfs
                        : name == "cir" ? &set.cir
                                        : nullptr;
    if (!e) return err.fail("--endpoint must be efs, os, dfs or cir (got '" + name + "')");
    if (!e->available) return err.fail("--endpoint " + name + ": " + e->note);
    const bool competing = std::string(kind) == "status";
    if (name == "cir" && !competing) {
      return err.fail("--endpoint cir has competing events: use cuminc, not a survival command");
    }
    if (e->time.empty()) {
      std::string why = "--endpoint " + name + ": no row has what the endpoint needs (" +
                        std::to_string(e->excluded.size()) + " of " + std::to_string(t.n_rows) +
                        " rows excluded";
      if (!e->excluded.empty()) {
        why += "; row " + std::to_string(e->excluded[0].row) + ": " + e->excluded[0].reason;
      }
      if (!set.date_issues.empty()) {
        const CellIssue& d = set.date_issues[0];
        why += "; row " + std::to_string(d.row) + " column '" + d.column + "' value '" + d.value +
               "': " + d.reason;
      }
      return err.fail(why + ")");
    }
    out->from_endpoint = true;
    out->endpoint_set = derived;
    out->derived = e;
    out->endpoint_options = o;
    out->time = e->time;
    out->rows = e->table_row;
    out->status.assign(e->status.begin(), e->status.end());
    json excluded = json::array();
    for (const auto& x : e->excluded) {  // listed up to 1000 (max_listed_issues), counted all
      if (excluded.size() >= CsvOptions{}.max_listed_issues) break;
      excluded.push_back({{"row", x.row}, {"patient_id", x.patient_id}, {"reason", x.reason}});
    }
    out->endpoint = {{"name", e->name},
                     {"start", e->start},
                     {"source", e->source},
                     {"settings", set.settings},
                     {"time_unit", to_string(o.time_unit)},
                     {"n_excluded", e->excluded.size()},
                     {"excluded", excluded}};
    (void)missing_code;
    return true;
  }
  const Column* time = require_column(t, r, "time", err);
  const Column* status = require_column(t, r, kind, err);
  if (!err.ok()) return false;
  out->rows.resize(t.n_rows);
  for (size_t i = 0; i < t.n_rows; ++i) out->rows[i] = i;
  if (!numeric_values(t, *time, "time", &out->time, err)) return false;
  if (std::string(kind) == "event")
    return event_values(t, *status, r, missing_code, &out->status, err);
  return true;  // cuminc decodes its own status column (numeric codes or named causes)
}

}  // namespace

bool survival_input(AnalysisContext& context, const json& r, const char* kind, int missing_code,
                    SurvivalInput* out, Errors& err) {
  return survival_rows(context, r, kind, missing_code, out, err) &&
         apply_subset(context, r, out, err);
}

bool times_at(AnalysisContext& context, const json& r, const char* option, const SurvivalInput& in,
              std::vector<double>* out, Errors& err) {
  const Table& t = context.table();
  const Column* c = optional_column(t, r, option, err);
  if (!c) return err.ok();
  if (!in.from_endpoint) return numbers_at(t, *c, option, in.rows, out, err);
  const ColumnMapping mapping = map_columns(t.headers(), map_overrides(r, err));
  if (!err.ok()) return false;
  const Status s = times_from_start(t, mapping, in.endpoint_options, *in.derived, *c, in.rows, out);
  if (s.ok()) return true;
  return err.fail(option_flag(option) + " with --endpoint: " + s.message);
}

std::vector<size_t> table_rows(const Table& t) {
  std::vector<size_t> rows(t.n_rows);
  for (size_t i = 0; i < t.n_rows; ++i) rows[i] = i;
  return rows;
}

bool numbers_at(const Table& t, const Column& c, const char* option,
                const std::vector<size_t>& rows, std::vector<double>* out, Errors& err) {
  std::vector<double> all;
  if (!numeric_values(t, c, option, &all, err)) return false;
  out->resize(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) (*out)[i] = all[rows[i]];
  return true;
}

bool codes_at(AnalysisContext& context, const json& r, const char* option,
              const std::vector<size_t>& rows, GroupCodes* out, Errors& err) {
  const Table& t = context.table();
  *out = GroupCodes();
  if (!r.contains(option) || r[option].is_null()) return true;
  const bool virtual_group = r[option].is_string() &&
                             r[option].get<std::string>() == "risk_group" &&
                             t.find("risk_group") < 0;
  if (virtual_group) {
    Errors classify_err;
    const auto groups = risk_group_codes(context, r, classify_err);
    if (!groups) return err.fail(option_flag(option) + " risk_group: " + classify_err.message);
    out->levels = groups->levels;
    out->code.resize(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) out->code[i] = groups->code[rows[i]];
    return true;
  }
  const Column* c = optional_column(t, r, option, err);
  if (!c) return err.ok();
  if (c->type == ColumnType::categorical || c->type == ColumnType::boolean) {
    // The level order is settled on the few levels; the rows then take their codes.
    std::vector<int> identity(c->levels.size());
    for (size_t k = 0; k < identity.size(); ++k) identity[k] = static_cast<int>(k);
    const GroupCodes order = factor_codes(c->levels, identity);
    out->levels = order.levels;
    out->code.resize(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      const int32_t k = c->codes[rows[i]];
      out->code[i] = k < 0 ? -1 : order.code[static_cast<size_t>(k)];
    }
    return true;
  }
  const std::vector<std::string> all = label_values(*c);
  std::vector<std::string> at(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) at[i] = all[rows[i]];
  *out = encode_groups(at);
  return true;
}

std::string locate_error(const Table& t, const std::vector<size_t>& rows, const Status& status) {
  if (status.row == 0 || status.row > rows.size()) return status.message;
  const size_t i = rows[status.row - 1];
  if (i >= t.row_numbers.size() || i >= t.row_lines.size()) return status.message;
  return status.message + " - " + row_label(t.row_numbers[i], t.row_lines[i]);
}

std::vector<size_t> file_rows_at(const Table& t, const std::vector<size_t>& rows,
                                 const std::vector<int>& excluded) {
  std::vector<size_t> out;
  out.reserve(excluded.size());
  for (int e : excluded) {
    const size_t i = static_cast<size_t>(e - 1);
    out.push_back(i < rows.size() && rows[i] < t.row_numbers.size() ? t.row_numbers[rows[i]]
                                                                    : static_cast<size_t>(e));
  }
  return out;
}

void add_endpoint(const SurvivalInput& in, json* result) {
  if (in.from_endpoint) (*result)["endpoint"] = in.endpoint;
  if (!in.subset.is_null()) (*result)["subset"] = in.subset;
}

}  // namespace infant_all::contract
