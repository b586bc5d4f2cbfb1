// infant-all analyze: the page's full cohort analysis in one request - risk groups, KM of
// EFS and OS by group, log-rank, cumulative incidence of relapse with Gray's test and a Cox
// model of EFS - with the time each part took. The parts are the km, logrank, cuminc and cox
// commands themselves (same JSON), sharing one classification and one endpoint derivation.
// A file without dates names its columns instead (`time` with `event` and/or `status`): the
// parts are then km and logrank of (time, event), cuminc of (time, status) and a Cox model of
// (time, event) on `covariates`, each when what it needs is given (log-rank and groups only with
// `group`; risk groups only when asked for with group risk_group).
//
// With `parts` (an object of named requests) analyze runs exactly those requests instead - any
// command but analyze, as the page's first screen needs them: km, logrank, cuminc, cox, crosstab,
// classify, preview, validate - on the one context, so each part's JSON is the JSON that command
// gives alone for the same request. The page sends one request for everything it first draws.
#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "command_list.h"
#include "derivations.h"

namespace infant_all::contract {
namespace {

using json = nlohmann::ordered_json;

// Settings of the table rather than of one analysis: every part takes the analyze request's
// value unless it names its own.
constexpr const char* kShared[] = {"map", "today", "date_format", "excel_serial", "recode"};

// --risk-order: a part grouped by the classified risk group without --levels gets the groups
// the cohort has, in the protocol's order from lowest to highest risk (LR, MR, HR), and a Cox
// covariate "risk_group" without a reference gets the lowest of them as its reference - what
// the page would otherwise learn from a classification first and send in a second request.
bool resolve_risk_order(AnalysisContext& context, json& req, Errors& err) {
  const Table& t = context.table();
  if (t.find("risk_group") >= 0) return true;  // a column of that name is used as it is
  const bool grouped = req.value("group", json()) == "risk_group" && !req.contains("levels");
  bool covariate = false;
  if (req.contains("covariates") && req["covariates"].is_array()) {
    for (const auto& c : req["covariates"]) covariate = covariate || c == "risk_group";
  }
  if (!grouped && !covariate) return true;
  ClassifySetup setup;
  if (!classify_setup(t, req, &setup, err)) return false;
  const auto groups = risk_group_codes(context, req, err);
  if (!groups) return false;
  std::set<std::string> present;
  for (const int c : groups->code) {
    if (c >= 0) present.insert(groups->levels[static_cast<std::size_t>(c)]);
  }
  json levels = json::array();
  for (const auto& g : protocol_rules(setup.protocol).groups) {
    if (present.count(g.group)) levels.push_back(g.group);
  }
  if (levels.empty()) return true;  // nothing classified: the command says what is missing
  if (grouped) req["levels"] = levels;
  if (covariate) {
    for (auto& c : req["covariates"]) {
      if (c == "risk_group") c = "risk_group:" + levels[0].get<std::string>();
    }
  }
  return true;
}

CommandOutput analyze_parts(AnalysisContext& context, const json& r) {
  using clock = std::chrono::steady_clock;
  CommandOutput out;
  const json& parts = r["parts"];
  if (!parts.is_object() || parts.empty()) {
    out.error =
        "analyze: --parts must be an object of named requests, e.g. {\"km\": "
        "{\"command\": \"km\", ...}}";
    return out;
  }
  bool risk_order = false;
  if (r.contains("risk_order")) {
    if (!r["risk_order"].is_boolean()) {
      out.error = "analyze: --risk-order must be true or false";
      return out;
    }
    risk_order = r["risk_order"].get<bool>();
  }
  for (const auto& [name, p] : parts.items()) {
    if (!p.is_object() || !p.contains("command") || !p["command"].is_string()) {
      out.error = "analyze: part '" + name + "' must be a request with a \"command\"";
      return out;
    }
    if (p["command"] == "analyze") {
      out.error = "analyze: part '" + name + "' is itself an analyze request";
      return out;
    }
  }
  json timings = json::object(), requests = json::object(), results = json::object();
  for (const auto& [name, p] : parts.items()) {
    json req = p;
    for (const char* k : kShared) {
      if (r.contains(k) && !req.contains(k)) req[k] = r[k];
    }
    const clock::time_point t0 = clock::now();
    Errors err;
    CommandOutput one;
    if (risk_order && !resolve_risk_order(context, req, err)) {
      one.error = err.message;
    } else {
      one = run_command(context, req);
    }
    timings[name] = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
    requests[name] = req;
    // A part that fails is reported in its place; the others stand.
    if (!one.ok) {
      results[name] = {{"error", one.error}};
    } else {
      if (!one.text.empty()) one.result["text"] = std::move(one.text);
      results[name] = std::move(one.result);
    }
  }
  out.result = {{"timings_ms", std::move(timings)},
                {"n_rows", context.table().n_rows},
                {"requests", std::move(requests)},
                {"parts", std::move(results)}};
  out.ok = true;
  return out;
}

}  // namespace

CommandOutput analyze_command(AnalysisContext& context, const nlohmann::ordered_json& r) {
  if (r.contains("parts")) return analyze_parts(context, r);
  const Table& t = context.table();
  using clock = std::chrono::steady_clock;
  CommandOutput out;
  json timings = json::object();
  auto ms_since = [](clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(clock::now() - t0).count();
  };

  // Settings every part shares; the caller's values win over these defaults.
  json base = {{"group", "risk_group"}, {"time_unit", "years"}};
  for (const char* k : {"protocol", "map", "today", "date_format", "excel_serial", "recode",
                        "time_unit", "induction_failure_time", "group", "conf_level"}) {
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
