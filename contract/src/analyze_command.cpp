// infant-all analyze: the page's full cohort analysis in one request - risk groups, KM of
// EFS and OS by group, log-rank, cumulative incidence of relapse with Gray's test and a Cox
// model of EFS - with the time each part took. The parts are the km, logrank, cuminc and cox
// commands themselves (same JSON), sharing one classification and one endpoint derivation.
// A file without dates names its columns instead (`time` with `event` and/or `status`): the
// parts are then km and logrank of (time, event), cuminc of (time, status) and a Cox model of
// (time, event) on `covariates`, each when what it needs is given (log-rank and groups only with
// `group`; risk groups only when asked for with group risk_group).
#include <chrono>
#include <vector>

#include "command_list.h"
#include "derivations.h"

namespace infant_all::contract {

CommandOutput analyze_command(AnalysisContext& context, const nlohmann::ordered_json& r) {
  const Table& t = context.table();
  using json = nlohmann::ordered_json;
  using clock = std::chrono::steady_clock;
  CommandOutput out;
  json timings = json::object();
  auto ms_since = [](clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(clock::now() - t0).count();
  };

  // Settings every part shares; the caller's values win over these defaults.
  json base = {{"group", "risk_group"}, {"time_unit", "years"}};
  for (const char* k : {"protocol", "map", "today", "date_format", "excel_serial", "time_unit",
                        "induction_failure_time", "group", "conf_level"}) {
    if (r.contains(k)) base[k] = r[k];
  }
  const json times = r.value("times", json::array({1, 3, 6}));

  // Columns named instead of dates: the parts their columns allow.
  const bool columns = r.contains("time") && !r["time"].is_null();
  if (columns) {
    for (const char* k : {"time", "event", "status", "event_value", "censor_value", "levels"}) {
      if (r.contains(k)) base[k] = r[k];
    }
    if (!r.contains("group")) base.erase("group");  // no risk groups unless asked for
    if (!r.contains("event") && !r.contains("status")) {
      out.error =
          "analyze: --time needs --event (KM, log-rank, Cox) and/or --status (cumulative "
          "incidence)";
      return out;
    }
  }

  clock::time_point t0 = clock::now();
  Errors err;
  if (base.contains("group") && base["group"] == "risk_group" && t.find("risk_group") < 0 &&
      !risk_group_codes(context, base, err)) {
    out.error = "classify: " + err.message;
    return out;
  }
  timings["classify"] = ms_since(t0);
  if (!columns) {
    t0 = clock::now();
    EndpointOptions o;
    const auto endpoints = endpoint_set(context, base, &o, err);
    if (!endpoints) {
      out.error = err.message;
      return out;
    }
    timings["endpoints"] = ms_since(t0);
  }

  struct Part {
    const char* name;
    CommandOutput (*run)(AnalysisContext&, const json&);
    json request;
  };
  std::vector<Part> parts;
  const json ties = r.value("ties", "efron");
  if (columns) {
    if (base.contains("event")) {
      parts.push_back({"km", &km_command, {{"command", "km"}, {"times", times}}});
      if (base.contains("group")) {
        parts.push_back({"logrank", &logrank_command, {{"command", "logrank"}}});
      }
      if (r.contains("covariates")) {
        parts.push_back({"cox",
                         &cox_command,
                         {{"command", "cox"}, {"ties", ties}, {"covariates", r["covariates"]}}});
      }
    }
    if (base.contains("status")) {
      parts.push_back({"cuminc", &cuminc_command, {{"command", "cuminc"}, {"times", times}}});
    }
  } else {
    json cox = {{"command", "cox"}, {"endpoint", "efs"}, {"ties", ties}};
    cox["covariates"] =
        r.value("covariates",
                json::array({"wbc", "age_days", "sex", "pred_response", "cns_status", "cd10"}));
    parts = {
        {"km_efs", &km_command, {{"command", "km"}, {"endpoint", "efs"}, {"times", times}}},
        {"km_os", &km_command, {{"command", "km"}, {"endpoint", "os"}, {"times", times}}},
        {"logrank_efs", &logrank_command, {{"command", "logrank"}, {"endpoint", "efs"}}},
        {"cuminc_cir",
         &cuminc_command,
         {{"command", "cuminc"}, {"endpoint", "cir"}, {"times", times}}},
        {"cox_efs", &cox_command, cox},
    };
  }
  json results = json::object();
  for (const Part& p : parts) {
    json req = base;
    for (const auto& [k, v] : p.request.items()) req[k] = v;
    if (p.run == &cox_command) req.erase("group");
    // Each command reads the status column it takes: km, logrank and cox `event`, cuminc
    // `status`.
    if (p.run == &cuminc_command) {
      req.erase("event");
      req.erase("event_value");
    } else {
      req.erase("status");
      req.erase("censor_value");
    }
    t0 = clock::now();
    CommandOutput one = p.run(context, req);
    timings[p.name] = ms_since(t0);
    if (!one.ok) {
      out.error = std::string(p.name) + ": " + one.error;
      return out;
    }
    account_for_rows(t, req, one.result);
    results[p.name] = std::move(one.result);
  }
  out.result = {{"timings_ms", timings}, {"n_rows", t.n_rows}};
  for (auto& [k, v] : results.items()) out.result[k] = std::move(v);
  out.ok = true;
  return out;
}

}  // namespace infant_all::contract
