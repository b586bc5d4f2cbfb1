#include "derivations.h"

#include <algorithm>
#include <map>

#include "infant_all/io/dates.h"
#include "survival_input.h"

namespace infant_all::contract {
namespace {

using json = nlohmann::ordered_json;

// The request's values for `keys`, as one string: equal keys, equal derivation.
std::string key_of(const json& r, std::initializer_list<const char*> keys) {
  json k = json::object();
  for (const char* name : keys) {
    if (r.contains(name)) k[name] = r[name];
  }
  return k.dump();
}

// The value derived for `key` before, else make()'s (kept unless it failed).
template <class T, class Make>
std::shared_ptr<const T> cached(std::map<std::string, std::shared_ptr<const T>>& slot,
                                const std::string& key, Make make) {
  auto it = slot.find(key);
  if (it != slot.end()) return it->second;
  std::shared_ptr<const T> v = make();
  if (v) slot[key] = v;
  return v;
}

}  // namespace

AnalysisContext::AnalysisContext(const Table& table)
    : table_(table), derived_(std::make_unique<Derived>()) {}
AnalysisContext::~AnalysisContext() = default;

bool classify_setup(const Table& t, const json& r, ClassifySetup* out, Errors& err) {
  const std::vector<MapOverride> overrides = map_overrides(r, err);
  std::string protocol_name = "interfant06";
  get_string(r, "protocol", &protocol_name, err);
  if (err.ok() && !protocol_from_string(protocol_name, &out->protocol)) {
    err.fail("--protocol must be interfant06, interfant99, mll10, interfant21 or aall0631 (got '" +
             protocol_name + "')");
  }
  std::string date_format = "auto";
  get_string(r, "date_format", &date_format, err);
  if (!date_format_from_string(date_format, &out->options.dates.format)) {
    err.fail("--date-format must be auto, iso, dmy or mdy (got '" + date_format + "')");
  }
  if (r.contains("excel_serial") && r["excel_serial"].is_boolean()) {
    out->options.dates.excel_serial = r["excel_serial"].get<bool>();
  }
  out->options.recodes = value_recodes(r, err);
  std::string today;
  get_string(r, "today", &today, err);
  if (err.ok() && !today.empty()) {
    const DateParse d = parse_date(today);
    if (!d.ok()) {
      err.fail("--today must be an ISO date (YYYY-MM-DD)");
    } else {
      int y = 0, m = 0, day = 0;
      civil_from_days(d.days, &y, &m, &day);
      out->options.today = Date{y, m, day};
    }
  }
  out->mapping = map_columns(t.headers(), overrides);
  if (err.ok() && !out->mapping.status.ok()) err.fail(out->mapping.status.message);
  return err.ok();
}

std::shared_ptr<const GroupCodes> risk_group_codes(AnalysisContext& context, const json& r,
                                                   Errors& err) {
  const Table& t = context.table();
  const std::string key =
      key_of(r, {"protocol", "map", "today", "date_format", "excel_serial", "recode"});
  return cached(context.derived().risk_groups, key, [&]() {
    ClassifySetup s;
    if (!classify_setup(t, r, &s, err)) return std::shared_ptr<const GroupCodes>();
    // Codes in order of first appearance over the few groups a protocol has, then re-coded to
    // factor_levels order.
    std::vector<std::string> seen;
    std::vector<int> code(t.n_rows, -1);
    CohortPatients patients(t, s.mapping, s.options, /*group_only=*/true);
    PatientBuild build;
    for (size_t i = 0; i < t.n_rows; ++i) {
      patients.read(i, &build);
      const GroupOutcome res = classify_group(build.input, s.protocol);
      if (res.status != ClassifyStatus::definite) continue;
      size_t k = 0;
      while (k < seen.size() && seen[k] != res.group) ++k;
      if (k == seen.size()) seen.push_back(res.group);
      code[i] = static_cast<int>(k);
    }
    return std::make_shared<const GroupCodes>(factor_codes(std::move(seen), std::move(code)));
  });
}

std::shared_ptr<const EndpointSet> endpoint_set(AnalysisContext& context, const json& r,
                                                EndpointOptions* options, Errors& err) {
  const Table& t = context.table();
  if (!endpoint_options(r, options, err)) return nullptr;
  const std::string key = key_of(r, {"time_unit", "induction_failure_time", "dfs_start", "map",
                                     "date_format", "excel_serial", "recode"});
  const EndpointOptions o = *options;
  return cached(context.derived().endpoints, key, [&]() {
    const ColumnMapping mapping = map_columns(t.headers(), map_overrides(r, err));
    if (!err.ok()) return std::shared_ptr<const EndpointSet>();
    return std::shared_ptr<const EndpointSet>(
        std::make_shared<EndpointSet>(derive_endpoints(t, mapping, o)));
  });
}

}  // namespace infant_all::contract
