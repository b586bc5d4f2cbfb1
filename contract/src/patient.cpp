#include "infant_all/contract/patient.h"

#include "infant_all/clinical/reference_outcomes.h"
#include "infant_all/clinical/relative_hazard.h"
#include "infant_all/clinical/vocabulary.h"
#include "infant_all/io/dates.h"

namespace infant_all::contract {
namespace {

using json = nlohmann::ordered_json;

json opt(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json outcomes_json(const OutcomeSelection& sel) {
  json rows = json::array();
  for (const auto& f : sel.rows) {
    auto finite = [](double v) { return std::isfinite(v) ? json(v) : json(nullptr); };
    rows.push_back({{"key", f.key},
                    {"source", f.source},
                    {"section", f.section},
                    {"protocol", f.protocol},
                    {"subgroup", f.subgroup},
                    {"category", f.category},
                    {"endpoint", f.endpoint},
                    {"horizon_years", finite(f.horizon_years)},
                    {"horizon_label", f.horizon_label},
                    {"estimate", finite(f.estimate)},
                    {"estimate_text", estimate_text(f)},
                    {"citation", citation_of(f.source)},
                    {"unit", f.unit},
                    {"se", finite(f.se)},
                    {"ci_lower", finite(f.ci_lower)},
                    {"ci_upper", finite(f.ci_upper)},
                    {"uncertainty", f.uncertainty},
                    {"n", f.n < 0 ? json(nullptr) : json(f.n)},
                    {"caveat", f.caveat},
                    {"footnote", f.footnote}});
  }
  return {{"rows", rows}, {"notes", sel.notes}};
}

json errors_json(const std::vector<FieldError>& errors) {
  json out = json::array();
  for (const auto& e : errors) {
    out.push_back({{"field", e.field}, {"value", e.value}, {"message", e.message}});
  }
  return out;
}

json relative_hazard_json(const RelativeHazardResult& r) {
  json factors = json::array();
  for (const auto& f : r.factors) {
    factors.push_back({{"factor", f.factor},
                       {"patient_level", f.patient_level},
                       {"reference_level", f.reference_level},
                       {"hazard_ratio", opt(f.hazard_ratio)},
                       {"lower", opt(f.lower)},
                       {"upper", opt(f.upper)},
                       {"p", f.p},
                       {"hazard_ratio_low", opt(f.hazard_ratio_low)},
                       {"hazard_ratio_high", opt(f.hazard_ratio_high)},
                       {"in_product", f.in_product},
                       {"greyed", f.greyed},
                       {"caveat", f.caveat},
                       {"text", f.text}});
  }
  return {{"table", to_string(r.table)},
          {"table_label", r.table_label},
          {"n", r.n},
          {"status", to_string(r.status)},
          {"factors", factors},
          {"relative_hazard", opt(r.relative_hazard)},
          {"relative_hazard_low", opt(r.relative_hazard_low)},
          {"relative_hazard_high", opt(r.relative_hazard_high)},
          {"reference_profile", r.reference_profile},
          {"missing", r.missing},
          {"flags", r.flags},
          {"notes", r.notes},
          {"errors", errors_json(r.errors)},
          {"summary", r.summary}};
}

}  // namespace

json classification_json(const ClassifyResult& r) {
  json criteria = json::object();
  for (const auto& c : r.criteria) criteria[c.name] = to_string(c.value);
  json out = {{"protocol", to_string(r.protocol)},
              {"group", r.group.empty() ? json(nullptr) : json(r.group)},
              {"status", to_string(r.status)},
              {"candidates", r.candidates},
              {"missing", r.missing},
              {"flags", r.flags},
              {"criteria", criteria},
              {"reasons", r.reasons},
              {"notes", r.notes},
              {"errors", errors_json(r.errors)}};
  // The age the rules used, for the headline ("183 days, 6.0 months, from the dates").
  const PatientFacts& f = r.facts;
  json age = nullptr;
  if (f.age_days || f.age_months) {
    const char* source = f.age_source == AgeSource::dates      ? "dates"
                         : f.age_source == AgeSource::age_days ? "age_days"
                                                               : "age_months";
    age = {{"days", f.age_days ? json(*f.age_days) : json(nullptr)},
           {"months",
            f.age_days ? json(*f.age_days / 30.4375) : json(f.age_months ? *f.age_months : 0.0)},
           {"source", source}};
  }
  out["age"] = age;
  // What the patient may still turn out to be: the candidate groups, and "not_applicable" when
  // eligibility is not settled (age unknown, or KMT2A unknown under Interfant-21).
  json possible = r.candidates;
  if (r.status == ClassifyStatus::indeterminate &&
      (f.age_le_365d == Tri::Unknown ||
       (r.protocol == Protocol::interfant21 && f.kmt2a == Kmt2aStatus::unknown))) {
    possible.push_back("not_applicable");
  }
  out["still_possible"] = possible;
  if (r.protocol == Protocol::interfant99) {
    out["mann_hr_subgroup"] = to_string(r.mann_hr_subgroup);
  }
  if (r.protocol == Protocol::interfant21) {
    out["mr_substratum"] = r.mr_substratum.empty() ? json(nullptr) : json(r.mr_substratum);
    out["switched_to_hr_treatment"] = to_string(r.switched_to_hr_treatment);
  }
  return out;
}

json classify_patient(const json& request) {
  auto fail = [](const std::string& m) { return json{{"ok", false}, {"error", m}}; };
  if (!request.is_object() || !request.contains("fields") || !request["fields"].is_object()) {
    return fail("request needs \"fields\": {canonical name: text}");
  }
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& [k, v] : request["fields"].items()) {
    if (v.is_null()) continue;
    if (!v.is_string()) return fail("field " + k + " must be text");
    fields.emplace_back(k, v.get<std::string>());
  }
  PatientFieldOptions options;
  if (request.contains("date_format") && request["date_format"].is_string()) {
    const std::string f = request["date_format"].get<std::string>();
    if (!date_format_from_string(f, &options.dates.format)) {
      return fail("date_format must be auto, iso, dmy or mdy (got '" + f + "')");
    }
  }
  if (request.contains("today") && request["today"].is_string()) {
    const DateParse d = parse_date(request["today"].get<std::string>());
    if (!d.ok()) return fail("today must be an ISO date (YYYY-MM-DD)");
    int y = 0, m = 0, day = 0;
    civil_from_days(d.days, &y, &m, &day);
    options.today = Date{y, m, day};
  }
  std::vector<Protocol> protocols;
  const std::string p = request.value("protocol", std::string("interfant06"));
  if (p == "all") {
    protocols = {Protocol::interfant06, Protocol::interfant99, Protocol::mll10,
                 Protocol::interfant21, Protocol::aall0631};
  } else {
    Protocol one;
    if (!protocol_from_string(p, &one)) {
      return fail(
          "protocol must be interfant06, interfant99, mll10, interfant21, aall0631 or "
          "all (got '" +
          p + "')");
    }
    protocols = {one};
  }

  const PatientBuild build = patient_from_fields(fields, options);
  json problems = json::array();
  for (const auto& pr : build.problems) {
    problems.push_back({{"column", pr.column}, {"value", pr.value}, {"expected", pr.expected}});
  }
  json results = json::array();
  for (Protocol proto : protocols) {
    const ClassifyResult r = classify(build.input, proto);
    json j = classification_json(r);
    j["outcomes"] = outcomes_json(outcomes_for(r, build.input));
    results.push_back(std::move(j));
  }
  json hazards = json::array();
  hazards.push_back(relative_hazard_json(relative_hazard(build.input, CoxTable::table1_all)));
  hazards.push_back(relative_hazard_json(relative_hazard(build.input, CoxTable::table2_kmt2a_r)));
  return {{"ok", true},
          {"problems", problems},
          {"ignored_columns", build.ignored_columns},
          {"results", results},
          {"relative_hazard", hazards}};
}

json vocabulary_json() {
  json out = json::array();
  for (const InputVocabulary& v : vocabularies()) {
    json tokens = json::array();
    for (const VocabularyToken& t : v.tokens) {
      tokens.push_back({{"text", t.text}, {"reading", t.reading}});
    }
    out.push_back({{"input", v.input},
                   {"applies_to", v.applies_to},
                   {"tokens", tokens},
                   {"patterns", v.patterns},
                   {"rejected", v.rejected}});
  }
  return out;
}

json rules_json() {
  json out = json::array();
  for (Protocol p : {Protocol::interfant06, Protocol::interfant99, Protocol::mll10,
                     Protocol::interfant21, Protocol::aall0631}) {
    const ProtocolRules r = protocol_rules(p);
    json groups = json::array(), criteria = json::array();
    for (const auto& g : r.groups) groups.push_back({{"group", g.group}, {"rule", g.rule}});
    for (const auto& c : r.criteria) {
      criteria.push_back({{"name", c.first}, {"definition", c.second}});
    }
    out.push_back({{"protocol", to_string(p)},
                   {"name", r.name},
                   {"population", r.population},
                   {"groups", groups},
                   {"criteria", criteria},
                   {"other_rules", r.other_rules},
                   {"inputs_read", inputs_read(p)},
                   {"sources", r.sources},
                   {"ambiguities", r.ambiguities}});
  }
  return out;
}

}  // namespace infant_all::contract
