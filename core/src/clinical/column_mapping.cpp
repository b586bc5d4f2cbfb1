#include "infant_all/clinical/column_mapping.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace infant_all {
namespace {

struct UnitSuffix {
  const char* suffix;
  const char* unit;
};
const UnitSuffix kUnitSuffixes[] = {{"_x10e9_l", "x10^9/L"},
                                    {"_g_l", "G/L"},
                                    {"_k_ul", "K/uL"},
                                    {"_per_ul", "/uL"},
                                    {"_per_mm3", "/mm3"}};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string micro_to_u(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    if ((c == 0xC2 && next == 0xB5) || (c == 0xCE && next == 0xBC)) {  // µ U+00B5, μ U+03BC
      out.push_back('u');
      ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

struct Lookup {
  std::map<std::string, std::pair<std::string, bool>> by_name;  // -> canonical, is_alias
};

const Lookup& lookup() {
  static const Lookup table = [] {
    Lookup l;
    for (const CanonicalColumn& c : canonical_columns()) {
      l.by_name[c.name] = {c.name, false};
      for (const char* a : c.aliases) l.by_name.emplace(a, std::make_pair(c.name, true));
    }
    return l;
  }();
  return table;
}

}  // namespace

const std::vector<CanonicalColumn>& canonical_columns() {
  constexpr const char* kInput = "clinical input (docs/CLINICAL-INPUTS.md)";
  constexpr const char* kOutcome =
      "outcome column (docs/ENGINE.md, \"Endpoints derived from dates\")";
  constexpr const char* kEndpoint =
      "ready-made endpoint (docs/ENGINE.md, \"Endpoints derived from dates\")";
  static const std::vector<CanonicalColumn> kColumns = {
      {"patient_id",
       {"id", "pid", "patient", "study_id", "subject_id", "case_id", "record_id", "upn"},
       kInput},
      {"dob", {"date_of_birth", "birth_date", "birthdate", "geburtsdatum"}, kInput},
      {"diagnosis_date",
       {"dx_date", "date_of_diagnosis", "diag_date", "date_dx", "diagnosis"},
       kInput},
      {"age_days", {"age_at_diagnosis_days", "age_dx_days", "age_d", "age_days_dx"}, kInput},
      {"age_months", {"age_at_diagnosis_months", "age_mo", "age_m", "age_months_dx"}, kInput},
      {"sex", {"gender", "sex_mf"}, kInput},
      {"kmt2a_status",
       {"kmt2a", "mll", "mll_status", "kmt2a_r", "kmt2ar", "mll_r", "mllr", "kmt2a_rearranged",
        "mll_rearrangement", "11q23", "11q23_status"},
       kInput},
      {"kmt2a_method", {"mll_method", "kmt2a_test"}, kInput},
      {"kmt2a_partner",
       {"kmt2a_fusion", "mll_partner", "fusion", "translocation", "partner_gene", "mll_fusion"},
       kInput},
      {"wbc",
       {"wbc_dx", "wbc_at_diagnosis", "leukocytes", "leucocytes", "white_cell_count", "wbc_count",
        "initial_wbc", "leukozyten"},
       kInput},
      {"wbc_unit", {"wbc_units"}, kInput},
      {"pred_response",
       {"prednisone_response", "pred_resp", "prednisolone_response", "steroid_response", "pgr_ppr",
        "pr"},
       kInput},
      {"day8_blasts_per_ul",
       {"d8_blasts", "day8_pb_blasts", "blasts_day8", "pb_blasts_d8", "day8_abs_blasts",
        "blasts_d8_ul"},
       kInput},
      {"prednisone_prephase_given",
       {"prephase_given", "pred_prephase", "prednisone_prephase", "prephase"},
       kInput},
      {"day8_wbc", {"d8_wbc"}, kInput},
      {"day8_wbc_unit", {"d8_wbc_unit"}, "the unit of day8_wbc, as wbc_unit is of wbc"},
      {"day8_blast_pct", {"d8_blast_pct", "day8_blasts_percent"}, kInput},
      {"immunophenotype", {"lineage", "phenotype", "immuno", "ip"}, kInput},
      {"cd10", {"cd10_status", "cd10_expression"}, kInput},
      {"cd19", {"cd19_status"}, kInput},
      {"cns_status", {"cns", "cns_dx", "cns_at_diagnosis", "cns_stage"}, kInput},
      {"csf_wbc_per_ul", {"csf_wbc", "csf_cells"}, kInput},
      {"csf_rbc_per_ul", {"csf_rbc"}, kInput},
      {"csf_blasts", {"csf_blasts_present", "cytospin_blasts"}, kInput},
      {"cranial_nerve_palsy", {"cn_palsy"}, kInput},
      {"cns_mass", {"cns_mass_lesion"}, kInput},
      {"cr_eoi", {"cr_day33", "eoi_cr", "remission_eoi", "cr_end_induction"}, kInput},
      {"mrd_eoi", {"mrd_d33", "mrd_day33", "mrd_end_induction"}, kInput},
      {"mrd_eoc", {"mrd_end_consolidation"}, kInput},
      {"mrd_pre_octada", {"mrd_after_marma", "mrd_before_octada", "mrd_octadad"}, kInput},
      {"mrd_post_blina1", {"mrd_after_blina", "mrd_post_blinatumomab"}, kInput},
      {"mrd_unit", {}, kInput},
      {"mrd_method", {}, kInput},
      {"mrd_qr", {}, kInput},
      {"bcr_abl1", {"ph", "philadelphia", "bcr_abl"}, kInput},
      {"study_group", {"group", "national_group", "country"}, kInput},
      {"protocol", {"treatment_protocol", "trial"}, kInput},
      // Outcome columns: the dates and event type the endpoints are derived from (hsct_date is
      // recognised but not read).
      {"last_followup_date",
       {"last_fu_date", "date_last_followup", "last_contact_date", "date_of_last_contact"},
       kOutcome},
      {"event_type", {"event", "first_event"}, kOutcome},
      {"event_date", {"date_of_event", "first_event_date"}, kOutcome},
      {"cr_date", {"date_of_cr", "remission_date"}, kOutcome},
      {"relapse_date", {"date_of_relapse"}, kOutcome},
      {"death_date", {"date_of_death", "dod"}, kOutcome},
      {"smn_date", {"date_of_smn", "second_malignancy_date"}, kOutcome},
      {"hsct_date",
       {"sct_date", "transplant_date"},
       "transplant date (recognised; no endpoint reads it)"},
      {"randomisation_date",
       {"randomization_date", "date_of_randomisation", "date_of_randomization", "rand_date"},
       kOutcome},
      {"eoi_date", {"end_of_induction_date", "date_eoi"}, kOutcome},
      // Ready-made endpoints: time in the unit stated by the caller; status 0/1
      // (cir_status 0/1/2).
      {"efs_time", {}, kEndpoint},
      {"efs_status", {"efs_event"}, kEndpoint},
      {"os_time", {}, kEndpoint},
      {"os_status", {"os_event"}, kEndpoint},
      {"dfs_time", {}, kEndpoint},
      {"dfs_status", {"dfs_event"}, kEndpoint},
      {"cir_time", {}, kEndpoint},
      {"cir_status", {"cir_event"}, kEndpoint},
  };
  return kColumns;
}

std::string normalize_header(std::string_view header, std::string* unit) {
  std::string_view s = trim(header);
  if (unit != nullptr) unit->clear();
  if (!s.empty() && (s.back() == ')' || s.back() == ']')) {
    const char open = s.back() == ')' ? '(' : '[';
    const size_t pos = s.rfind(open);
    if (pos != std::string_view::npos && pos > 0) {
      if (unit != nullptr) *unit = micro_to_u(trim(s.substr(pos + 1, s.size() - pos - 2)));
      s = trim(s.substr(0, pos));
    }
  }
  std::string out;
  bool sep = false;
  for (char c : s) {
    if (c == ' ' || c == '-' || c == '.' || c == '_' || c == '\t') {
      sep = true;
      continue;
    }
    if (sep && !out.empty()) out.push_back('_');
    sep = false;
    out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

int ColumnMapping::column_of(std::string_view canonical) const {
  const ColumnMatch* m = find(canonical);
  return m == nullptr ? -1 : static_cast<int>(m->column);
}

const ColumnMatch* ColumnMapping::find(std::string_view canonical) const {
  for (const ColumnMatch& m : matches) {
    if (m.canonical == canonical) return &m;
  }
  return nullptr;
}

Status parse_map_override(std::string_view text, MapOverride* out) {
  const size_t eq = text.find('=');
  if (eq == std::string_view::npos) {
    return Status::invalid("map_columns: override '" + std::string(text) +
                           "' is not of the form canonical=column");
  }
  out->canonical = normalize_header(text.substr(0, eq));
  out->column = std::string(trim(text.substr(eq + 1)));
  if (out->canonical.empty()) {
    return Status::invalid("map_columns: override '" + std::string(text) +
                           "' has no canonical name");
  }
  return Status{};
}

ColumnMapping map_columns(const std::vector<std::string>& headers,
                          const std::vector<MapOverride>& overrides) {
  ColumnMapping m;
  const Lookup& lk = lookup();
  std::vector<ColumnMatch> candidates;
  std::vector<bool> matched(headers.size(), false);
  std::map<std::string, int> header_counts;
  for (size_t j = 0; j < headers.size(); ++j) {
    const std::string key(trim(headers[j]));
    if (++header_counts[key] == 2) m.duplicate_headers.push_back(key);
    std::string unit;
    const std::string norm = normalize_header(headers[j], &unit);
    ColumnMatch cm;
    cm.column = j;
    cm.header = headers[j];
    auto it = lk.by_name.find(norm);
    if (it != lk.by_name.end()) {
      cm.canonical = it->second.first;
      cm.matched_by = it->second.second ? "alias" : "name";
    } else {
      for (const UnitSuffix& us : kUnitSuffixes) {
        if (!ends_with(norm, us.suffix)) continue;
        auto it2 =
            lk.by_name.find(norm.substr(0, norm.size() - std::string_view(us.suffix).size()));
        if (it2 != lk.by_name.end()) {
          cm.canonical = it2->second.first;
          cm.matched_by = "unit suffix";
          if (unit.empty()) unit = us.unit;
        }
        break;
      }
    }
    if (cm.canonical.empty() && !unit.empty()) {
      // A time unit in parentheses names the variant: "Age (days)" is age_days, "Age at
      // diagnosis (months)" age_at_diagnosis_months = age_months.
      std::string u;
      for (char ch : unit)
        u.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
      const char* suffix = (u == "days" || u == "day" || u == "d" || u == "tage") ? "_days"
                           : (u == "months" || u == "month" || u == "mo" || u == "monate")
                               ? "_months"
                               : nullptr;
      if (suffix != nullptr) {
        auto it3 = lk.by_name.find(norm + suffix);
        if (it3 != lk.by_name.end()) {
          cm.canonical = it3->second.first;
          cm.matched_by = "unit suffix";
        }
      }
    }
    if (cm.canonical.empty()) continue;
    if (unit.empty()) {  // canonical names such as csf_wbc_per_ul carry their unit
      for (const UnitSuffix& us : kUnitSuffixes) {
        if (ends_with(norm, us.suffix)) unit = us.unit;
      }
    }
    cm.unit = unit;
    candidates.push_back(cm);
  }
  // Overrides first: they win over automatic matches and settle conflicts.
  std::map<std::string, ColumnMatch> chosen;
  std::map<std::string, bool> overridden;
  for (const MapOverride& o : overrides) {
    const std::string canon = normalize_header(o.canonical);
    if (lk.by_name.find(canon) == lk.by_name.end() || lk.by_name.at(canon).second) {
      m.status = Status::invalid("map_columns: override '" + o.canonical + "=" + o.column + "': '" +
                                 o.canonical + "' is not a canonical column name");
      return m;
    }
    overridden[canon] = true;
    if (o.column.empty()) {
      chosen.erase(canon);
      m.notes.push_back(canon + " unmapped by override");
      continue;
    }
    int col = -1;
    for (size_t j = 0; j < headers.size() && col < 0; ++j) {
      if (trim(headers[j]) == trim(o.column)) col = static_cast<int>(j);
    }
    for (size_t j = 0; j < headers.size() && col < 0; ++j) {
      if (normalize_header(headers[j]) == normalize_header(o.column)) col = static_cast<int>(j);
    }
    if (col < 0) {
      m.status = Status::invalid("map_columns: override '" + o.canonical + "=" + o.column +
                                 "': no column '" + o.column + "' in the file");
      return m;
    }
    ColumnMatch cm;
    cm.canonical = canon;
    cm.column = static_cast<size_t>(col);
    cm.header = headers[static_cast<size_t>(col)];
    normalize_header(cm.header, &cm.unit);
    cm.matched_by = "override";
    chosen[canon] = cm;
  }
  std::map<std::string, std::vector<const ColumnMatch*>> by_canonical;
  for (const ColumnMatch& c : candidates) by_canonical[c.canonical].push_back(&c);
  for (const auto& kv : by_canonical) {
    if (overridden.count(kv.first) != 0) continue;
    if (kv.second.size() == 1) {
      chosen[kv.first] = *kv.second.front();
    } else {
      HeaderConflict hc;
      hc.canonical = kv.first;
      for (const ColumnMatch* c : kv.second) hc.headers.push_back(c->header);
      m.conflicts.push_back(hc);
      m.notes.push_back(kv.first + " is claimed by " + std::to_string(hc.headers.size()) +
                        " columns; left unmapped: choose one with --map " + kv.first + "=<column>");
    }
  }
  for (const auto& kv : chosen) {
    m.matches.push_back(kv.second);
    matched[kv.second.column] = true;
  }
  // Columns that were candidates in a conflict are not "unknown": they are waiting for a choice.
  for (const HeaderConflict& hc : m.conflicts) {
    for (const ColumnMatch& c : candidates) {
      if (c.canonical == hc.canonical) matched[c.column] = true;
    }
  }
  std::sort(m.matches.begin(), m.matches.end(),
            [](const ColumnMatch& a, const ColumnMatch& b) { return a.column < b.column; });
  for (size_t j = 0; j < headers.size(); ++j) {
    if (!matched[j]) {
      m.unknown_columns.push_back(j);
      m.unknown_headers.push_back(headers[j]);
    }
  }
  if (!m.unknown_headers.empty()) {
    std::string s = "columns not recognised (kept as grouping variables):";
    for (const std::string& h : m.unknown_headers) s += " '" + h + "'";
    m.notes.push_back(s);
  }
  return m;
}

}  // namespace infant_all
