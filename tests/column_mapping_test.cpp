// Header -> canonical mapping (docs/CLINICAL-INPUTS.md, "Column names").
#include "infant_all/clinical/column_mapping.h"

#include <doctest/doctest.h>

#include <map>
#include <set>

#include "test_util.h"

using namespace infant_all;

TEST_CASE("column_mapping: normalisation rules") {
  std::string unit;
  CHECK(normalize_header("  Patient ID ") == "patient_id");
  CHECK(normalize_header("Pred. response") == "pred_response");
  CHECK(normalize_header("KMT2A-r") == "kmt2a_r");
  CHECK(normalize_header("age__at - diagnosis.days") == "age_at_diagnosis_days");
  CHECK(normalize_header("WBC (/\xC2\xB5L)", &unit) == "wbc");  // µ U+00B5
  CHECK(unit == "/uL");
  CHECK(normalize_header("WBC ( x10^9/L )", &unit) == "wbc");
  CHECK(unit == "x10^9/L");
  CHECK(normalize_header("Day 8 blasts [/\xCE\xBCL]", &unit) == "day_8_blasts");  // μ U+03BC
  CHECK(unit == "/uL");
  CHECK(normalize_header("wbc", &unit) == "wbc");
  CHECK(unit.empty());
}

TEST_CASE("column_mapping: every alias maps to its canonical name") {
  // The alias table, written out here independently of core/src/clinical/column_mapping.cpp:
  // canonical <- aliases.
  const std::map<std::string, std::vector<std::string>> expected = {
      {"patient_id",
       {"id", "pid", "patient", "study_id", "subject_id", "case_id", "record_id", "upn"}},
      {"dob", {"date_of_birth", "birth_date", "birthdate", "geburtsdatum"}},
      {"diagnosis_date", {"dx_date", "date_of_diagnosis", "diag_date", "date_dx", "diagnosis"}},
      {"age_days", {"age_at_diagnosis_days", "age_dx_days", "age_d", "age_days_dx"}},
      {"age_months", {"age_at_diagnosis_months", "age_mo", "age_m", "age_months_dx"}},
      {"sex", {"gender", "sex_mf"}},
      {"kmt2a_status",
       {"kmt2a", "mll", "mll_status", "kmt2a_r", "kmt2ar", "mll_r", "mllr", "kmt2a_rearranged",
        "mll_rearrangement", "11q23", "11q23_status"}},
      {"kmt2a_method", {"mll_method", "kmt2a_test"}},
      {"kmt2a_partner",
       {"kmt2a_fusion", "mll_partner", "fusion", "translocation", "partner_gene", "mll_fusion"}},
      {"wbc",
       {"wbc_dx", "wbc_at_diagnosis", "leukocytes", "leucocytes", "white_cell_count", "wbc_count",
        "initial_wbc", "leukozyten"}},
      {"wbc_unit", {"wbc_units"}},
      {"pred_response",
       {"prednisone_response", "pred_resp", "prednisolone_response", "steroid_response", "pgr_ppr",
        "pr"}},
      {"day8_blasts_per_ul",
       {"d8_blasts", "day8_pb_blasts", "blasts_day8", "pb_blasts_d8", "day8_abs_blasts",
        "blasts_d8_ul"}},
      {"day8_wbc", {"d8_wbc"}},
      {"day8_blast_pct", {"d8_blast_pct", "day8_blasts_percent"}},
      {"immunophenotype", {"lineage", "phenotype", "immuno", "ip"}},
      {"cd10", {"cd10_status", "cd10_expression"}},
      {"cd19", {"cd19_status"}},
      {"cns_status", {"cns", "cns_dx", "cns_at_diagnosis", "cns_stage"}},
      {"csf_wbc_per_ul", {"csf_wbc", "csf_cells"}},
      {"csf_rbc_per_ul", {"csf_rbc"}},
      {"csf_blasts", {"csf_blasts_present", "cytospin_blasts"}},
      {"cranial_nerve_palsy", {"cn_palsy"}},
      {"cns_mass", {"cns_mass_lesion"}},
      {"cr_eoi", {"cr_day33", "eoi_cr", "remission_eoi", "cr_end_induction"}},
      {"mrd_eoi", {"mrd_d33", "mrd_day33", "mrd_end_induction"}},
      {"mrd_eoc", {"mrd_end_consolidation"}},
      {"mrd_pre_octada", {"mrd_after_marma", "mrd_before_octada", "mrd_octadad"}},
      {"mrd_post_blina1", {"mrd_after_blina", "mrd_post_blinatumomab"}},
      {"mrd_unit", {}},
      {"mrd_method", {}},
      {"mrd_qr", {}},
      {"bcr_abl1", {"ph", "philadelphia", "bcr_abl"}},
      {"study_group", {"group", "national_group", "country"}},
      {"protocol", {"treatment_protocol", "trial"}},
      {"last_followup_date", {}},
      {"event_type", {}},
      {"event_date", {}},
      {"cr_date", {}},
      {"relapse_date", {}},
      {"death_date", {}},
      {"smn_date", {}},
      {"hsct_date", {}},
      {"randomisation_date", {}},
  };
  for (const auto& kv : expected) {
    std::vector<std::string> headers = {kv.first};
    for (const std::string& a : kv.second) headers.push_back(a);
    for (const std::string& h : headers) {
      CAPTURE(h);
      // Upper-cased and with spaces for underscores, as a spreadsheet user would type it.
      std::string typed = h;
      for (char& c : typed) {
        if (c == '_') c = ' ';
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      }
      for (const std::string& form : {h, typed}) {
        const ColumnMapping m = map_columns({form});
        REQUIRE(m.matches.size() == 1);
        CHECK(m.matches[0].canonical == kv.first);
      }
    }
  }
}

TEST_CASE("column_mapping: no alias is claimed by two canonical columns") {
  std::map<std::string, std::string> owner;
  for (const CanonicalColumn& c : canonical_columns()) {
    std::vector<std::string> names = {c.name};
    for (const char* a : c.aliases) names.emplace_back(a);
    for (const std::string& n : names) {
      CAPTURE(n);
      CHECK(normalize_header(n) == n);  // stored in normal form
      const auto ins = owner.emplace(n, c.name);
      CHECK(ins.second);
    }
  }
}

TEST_CASE("column_mapping: units from parentheses and suffixes") {
  const ColumnMapping m = map_columns(
      {"Patient ID", "Age (days)", "WBC (/\xC2\xB5L)", "KMT2A-r", "Pred. response", "wbc_x10e9_l"});
  // wbc claimed twice ("WBC (/µL)" and "wbc_x10e9_l"): a conflict, left for the user.
  CHECK(m.column_of("patient_id") == 0);
  CHECK(m.column_of("kmt2a_status") == 3);
  CHECK(m.column_of("pred_response") == 4);
  CHECK(m.column_of("wbc") == -1);
  REQUIRE(m.conflicts.size() == 1);
  CHECK(m.conflicts[0].canonical == "wbc");
  CHECK(m.conflicts[0].headers.size() == 2);
  // "Age (days)": the time unit in parentheses names the variant (age + _days).
  CHECK(m.column_of("age_days") == 1);
  CHECK(m.unknown_headers.empty());
  const ColumnMapping months = map_columns({"Age at diagnosis (months)", "Age (years)"});
  CHECK(months.column_of("age_months") == 0);
  CHECK(months.unknown_headers == std::vector<std::string>{"Age (years)"});  // no age_years

  struct Case {
    const char* header;
    const char* canonical;
    const char* unit;
  };
  const Case cases[] = {
      {"WBC (/\xC2\xB5L)", "wbc", "/uL"},
      {"wbc_x10e9_l", "wbc", "x10^9/L"},
      {"wbc_g_l", "wbc", "G/L"},
      {"wbc-k-ul", "wbc", "K/uL"},
      {"Leukozyten per uL", "wbc", "/uL"},
      {"WBC_per_mm3", "wbc", "/mm3"},
      {"d8 blasts per ul", "day8_blasts_per_ul", "/uL"},
      {"day8_blasts_per_ul", "day8_blasts_per_ul", "/uL"},
      {"CSF WBC per uL", "csf_wbc_per_ul", "/uL"},
      {"WBC (G/L)", "wbc", "G/L"},
  };
  for (const Case& c : cases) {
    const std::string header = c.header;
    CAPTURE(header);
    const ColumnMapping one = map_columns({c.header});
    REQUIRE(one.matches.size() == 1);
    CHECK(one.matches[0].canonical == c.canonical);
    CHECK(one.matches[0].unit == c.unit);
  }
}

TEST_CASE("column_mapping: duplicates, unknown columns and overrides") {
  const ColumnMapping m = map_columns({"id", "wbc", "wbc", "patient_id", "centre"});
  CHECK(m.duplicate_headers == std::vector<std::string>{"wbc"});
  CHECK(m.conflicts.size() == 2);  // patient_id (id, patient_id) and wbc (wbc, wbc)
  CHECK(m.column_of("patient_id") == -1);
  CHECK(m.unknown_headers == std::vector<std::string>{"centre"});
  CHECK(m.unknown_columns == std::vector<size_t>{4});

  MapOverride o;
  REQUIRE(parse_map_override("patient_id=id", &o).ok());
  CHECK(o.canonical == "patient_id");
  CHECK(o.column == "id");
  const ColumnMapping fixed =
      map_columns({"id", "wbc", "wbc", "patient_id", "centre"}, {o, MapOverride{"wbc", "wbc"}});
  REQUIRE(fixed.status.ok());
  CHECK(fixed.column_of("patient_id") == 0);
  CHECK(fixed.column_of("wbc") == 1);  // exact header text, first occurrence
  CHECK(fixed.find("wbc")->matched_by == "override");
  CHECK(fixed.conflicts.empty());

  // Overrides can map an unknown column and can unmap.
  const ColumnMapping g = map_columns(
      {"Centre", "leukocytes"}, {MapOverride{"study_group", "centre"}, MapOverride{"wbc", ""}});
  REQUIRE(g.status.ok());
  CHECK(g.column_of("study_group") == 0);
  CHECK(g.column_of("wbc") == -1);

  CHECK_FALSE(map_columns({"a"}, {MapOverride{"not_a_column", "a"}}).status.ok());
  CHECK_FALSE(map_columns({"a"}, {MapOverride{"wbc", "b"}}).status.ok());
  CHECK_FALSE(map_columns({"a"}, {MapOverride{"leukocytes", "a"}}).status.ok());  // alias
  CHECK_FALSE(parse_map_override("wbc", &o).ok());
}
