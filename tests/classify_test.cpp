// Risk-group rules of docs/CLINICAL-RULES.md. Every expected group below is worked out by hand
// from the published rules (the Interfant-06 worked examples are numbered #1-#21 across the test
// cases); none is computed by the code under test.
#include "infant_all/clinical/classify.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "test_util.h"

using namespace infant_all;

namespace {

constexpr auto R = Kmt2aStatus::rearranged;
constexpr auto G = Kmt2aStatus::germline;
constexpr auto PGR = PredResponse::pgr;
constexpr auto PPR = PredResponse::ppr;

PatientInput patient(std::optional<Kmt2aStatus> k, std::optional<double> age_days,
                     std::optional<double> wbc, std::optional<PredResponse> pred) {
  PatientInput p;
  p.kmt2a_status = k;
  p.age_days = age_days;
  p.wbc = wbc;
  if (wbc) p.wbc_unit = WbcUnit::x10e9_per_l;
  p.pred_response = pred;
  return p;
}

bool has(const std::vector<std::string>& xs, const std::string& x) {
  return std::find(xs.begin(), xs.end(), x) != xs.end();
}

bool any_contains(const std::vector<std::string>& xs, const std::string& needle) {
  for (const auto& s : xs) {
    if (s.find(needle) != std::string::npos) return true;
  }
  return false;
}

Tri criterion(const ClassifyResult& r, const std::string& name) {
  for (const auto& c : r.criteria) {
    if (c.name == name) return c.value;
  }
  FAIL("criterion " << name << " not reported");
  return Tri::Unknown;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("Tri: Kleene AND/OR/NOT tables") {
  const Tri T = Tri::True, F = Tri::False, U = Tri::Unknown;
  CHECK((T && T) == T);
  CHECK((T && U) == U);
  CHECK((F && U) == F);
  CHECK((U && U) == U);
  CHECK((T || U) == T);
  CHECK((F || U) == U);
  CHECK((F || F) == F);
  CHECK(!U == U);
  CHECK(!T == F);
  CHECK(std::string(to_string(U)) == "UNKNOWN");
}

TEST_CASE("Interfant-06 worked examples #1-#15") {
  struct Row {
    int id;
    std::optional<Kmt2aStatus> k;
    std::optional<double> age;
    std::optional<double> wbc;
    std::optional<PredResponse> pred;
    ClassifyStatus status;
    std::string group;
    Strings candidates;
    Strings missing;
  };
  const auto D = ClassifyStatus::definite;
  const auto I = ClassifyStatus::indeterminate;
  const Row rows[] = {
      {1, G, 30, 500, PPR, D, "LR", {"LR"}, {}},
      {2, R, 100, 350, PGR, D, "HR", {"HR"}, {}},
      {3, R, 100, 299.9, PPR, D, "HR", {"HR"}, {}},
      {4, R, 100, 299.9, PGR, D, "MR", {"MR"}, {}},
      {5, R, 100, 300.0, PGR, D, "HR", {"HR"}, {}},
      {6, R, 200, 800, PPR, D, "MR", {"MR"}, {}},
      {7, R, 100, 100, std::nullopt, I, "", {"MR", "HR"}, {"pred_response"}},
      {8, R, 200, std::nullopt, std::nullopt, D, "MR", {"MR"}, {}},
      {9, R, std::nullopt, 350, PGR, I, "", {"MR", "HR"}, {"age_days"}},
      {10, R, std::nullopt, 100, PGR, D, "MR", {"MR"}, {}},
      {11, std::nullopt, 200, 100, PGR, I, "", {"LR", "MR"}, {"kmt2a_status"}},
      {12, std::nullopt, 100, 400, PPR, I, "", {"LR", "HR"}, {"kmt2a_status"}},
      {13, G, std::nullopt, std::nullopt, std::nullopt, D, "LR", {"LR"}, {}},
      {14, R, 182, 400, PGR, D, "HR", {"HR"}, {}},
      {15, R, 183, 400, PGR, D, "MR", {"MR"}, {}},
  };
  for (const auto& row : rows) {
    CAPTURE(row.id);
    const ClassifyResult r = classify(patient(row.k, row.age, row.wbc, row.pred));
    CHECK(r.protocol == Protocol::interfant06);
    CHECK(r.status == row.status);
    CHECK(r.group == row.group);
    CHECK(r.candidates == row.candidates);
    CHECK(r.missing == row.missing);
  }
}

TEST_CASE("Interfant-06 #5 raises WBC_EXACTLY_300, #14/#15 AGE_NEAR_6_MONTH_BOUNDARY") {
  CHECK(has(classify(patient(R, 100, 300.0, PGR)).flags, "WBC_EXACTLY_300"));
  CHECK_FALSE(has(classify(patient(R, 100, 299.9, PGR)).flags, "WBC_EXACTLY_300"));
  CHECK(has(classify(patient(R, 182, 400, PGR)).flags, "AGE_NEAR_6_MONTH_BOUNDARY"));
  CHECK(has(classify(patient(R, 183, 400, PGR)).flags, "AGE_NEAR_6_MONTH_BOUNDARY"));
}

TEST_CASE("Interfant-06 #11/#12: unknown KMT2A carries the 'not placed in LR' note") {
  const ClassifyResult r = classify(patient(std::nullopt, 200, 100, PGR));
  CHECK(any_contains(r.notes, "unknown KMT2A status were not placed in LR"));
  CHECK(criterion(r, "kmt2a_r") == Tri::Unknown);
}

TEST_CASE("Interfant-06 #16/#17: calendar 6-month rule across a month end") {
  PatientInput p = patient(R, std::nullopt, 400, PGR);
  p.dob = Date{2024, 8, 31};
  p.diagnosis_date = Date{2025, 2, 27};  // #16: 180 days, 6-month date 2025-02-28 -> HR
  ClassifyResult r = classify(p);
  CHECK(r.group == "HR");
  CHECK(r.facts.age_days == 180);
  CHECK_FALSE(has(r.flags, "AGE_NEAR_6_MONTH_BOUNDARY"));
  CHECK(any_contains(r.reasons, "6-month date 2025-02-28"));

  p.diagnosis_date = Date{2025, 2, 28};  // #17: 181 days, MR by calendar (days rule would say HR)
  r = classify(p);
  CHECK(r.group == "MR");
  CHECK(r.facts.age_days == 181);
  CHECK(has(r.flags, "AGE_NEAR_6_MONTH_BOUNDARY"));
}

TEST_CASE("Interfant-06 #18/#19: day-8 blasts 1000/uL is PPR, 999/uL is PGR") {
  PatientInput p = patient(R, 100, 100, std::nullopt);
  p.day8_blasts_per_ul = 1000;
  ClassifyResult r = classify(p);
  CHECK(r.group == "HR");
  CHECK(criterion(r, "ppr") == Tri::True);
  CHECK(has(r.flags, "DAY8_BLASTS_EXACTLY_1000"));
  p.day8_blasts_per_ul = 999;
  r = classify(p);
  CHECK(r.group == "MR");
  CHECK(criterion(r, "ppr") == Tri::False);
}

TEST_CASE("Interfant-06 #20/#21: SCT_RECOMMENDED_MR_MRD at MRD pre-OCTADA 1e-4, not 9.9e-5") {
  PatientInput p = patient(R, 200, 100, PGR);  // MR (like #4, age >= 6 months)
  p.mrd_pre_octada = Mrd{MrdKind::quantified, 1e-4, MrdUnit::fraction};
  ClassifyResult r = classify(p);
  REQUIRE(r.group == "MR");
  CHECK(has(r.flags, "SCT_RECOMMENDED_MR_MRD"));  // #20: exactly 1e-4 -> recommended
  CHECK(any_contains(r.notes, "18.8% (SE 12.5)"));
  p.mrd_pre_octada = Mrd{MrdKind::quantified, 9.9e-5, MrdUnit::fraction};
  r = classify(p);
  CHECK_FALSE(has(r.flags, "SCT_RECOMMENDED_MR_MRD"));                  // #21
  p.mrd_pre_octada = Mrd{MrdKind::quantified, 0.01, MrdUnit::percent};  // "0.01%" = 1e-4
  CHECK(has(classify(p).flags, "SCT_RECOMMENDED_MR_MRD"));
  p.mrd_pre_octada.reset();  // missing -> flag not raised, "needed" shown
  r = classify(p);
  CHECK_FALSE(has(r.flags, "SCT_RECOMMENDED_MR_MRD"));
  CHECK(any_contains(r.notes, "MRD before OCTADA(D) needed"));
}

TEST_CASE("Interfant-06 HR raises SCT_ELIGIBLE_HR") {
  CHECK(has(classify(patient(R, 100, 350, PGR)).flags, "SCT_ELIGIBLE_HR"));
  CHECK_FALSE(has(classify(patient(R, 200, 350, PGR)).flags, "SCT_ELIGIBLE_HR"));
}

TEST_CASE("Interfant-06 is coded '< 6 months', never the abstract's 'older than 6 months'") {
  // The paper's rule, not its abstract's wording: rearranged, 200 days, WBC 400 must be MR.
  // Under the abstract's wording ("older than 6 months with WBC ...") it would be HR.
  CHECK(classify(patient(R, 200, 400, PGR)).group == "MR");
  CHECK(classify(patient(R, 200, 400, PPR)).group == "MR");
  // ... and the young infant with the same WBC is HR, which the abstract's wording would miss.
  CHECK(classify(patient(R, 100, 400, PGR)).group == "HR");
}

TEST_CASE("Interfant-06 property: all 3^4 UNKNOWN/TRUE/FALSE combinations") {
  // Brute force, independent of the implementation: fill every unknown both ways and collect
  // the Interfant-06 groups (LR: germline; HR: r & <6mo & (WBC>=300 | PPR); MR: other r).
  auto group_of = [](bool r, bool a, bool w, bool p) -> std::string {
    if (!r) return "LR";
    return a && (w || p) ? "HR" : "MR";
  };
  const char* names[4] = {"kmt2a_status", "age_days", "wbc", "pred_response"};
  for (int code = 0; code < 81; ++code) {
    int s[4];  // 0 unknown, 1 true, 2 false
    for (int i = 0, c = code; i < 4; ++i, c /= 3) s[i] = c % 3;
    CAPTURE(s[0]);
    CAPTURE(s[1]);
    CAPTURE(s[2]);
    CAPTURE(s[3]);
    PatientInput p;
    if (s[0]) p.kmt2a_status = s[0] == 1 ? R : G;
    if (s[1]) p.age_days = s[1] == 1 ? 100 : 200;
    if (s[2]) {
      p.wbc = s[2] == 1 ? 400 : 100;
      p.wbc_unit = WbcUnit::x10e9_per_l;
    }
    if (s[3]) p.pred_response = s[3] == 1 ? PPR : PGR;

    std::set<std::string> reach;
    std::set<std::string> matter;
    for (int fill = 0; fill < 16; ++fill) {
      bool v[4];
      for (int i = 0; i < 4; ++i) v[i] = s[i] ? s[i] == 1 : ((fill >> i) & 1) != 0;
      const std::string g = group_of(v[0], v[1], v[2], v[3]);
      reach.insert(g);
      for (int i = 0; i < 4; ++i) {
        if (s[i]) continue;
        bool w[4] = {v[0], v[1], v[2], v[3]};
        w[i] = !w[i];
        if (group_of(w[0], w[1], w[2], w[3]) != g) matter.insert(names[i]);
      }
    }
    Strings expected;
    for (const char* g : {"LR", "MR", "HR"}) {
      if (reach.count(g)) expected.push_back(g);
    }
    const ClassifyResult r = classify(p);
    CHECK(r.candidates == expected);
    if (expected.size() == 1) {
      CHECK(r.status == ClassifyStatus::definite);
      CHECK(r.group == expected[0]);
      CHECK(r.missing.empty());
    } else {
      CHECK(r.status == ClassifyStatus::indeterminate);
      CHECK(r.group.empty());
      CHECK(std::set<std::string>(r.missing.begin(), r.missing.end()) == matter);
    }
  }
}

TEST_CASE("6-month boundary by age_days 180-184 (<= 182 days is < 6 months)") {
  struct Row {
    double days;
    const char* group;
    bool flag;
  };
  const Row rows[] = {{180, "HR", false}, {181, "HR", true}, {182, "HR", true},
                      {183, "MR", true},  {184, "MR", true}, {185, "MR", false}};
  for (const auto& row : rows) {
    CAPTURE(row.days);
    const ClassifyResult r = classify(patient(R, row.days, 400, PGR));
    CHECK(r.group == row.group);
    CHECK(has(r.flags, "AGE_NEAR_6_MONTH_BOUNDARY") == row.flag);
  }
}

TEST_CASE("6-month boundary by dates: end-of-month clamp and leap years") {
  struct Row {
    Date dob, dx;
    int days;
    const char* group;  // HR iff dx < dob + 6 calendar months (clamped)
  };
  const Row rows[] = {
      {{2024, 8, 31}, {2025, 2, 27}, 180, "HR"},  // 6-month date 2025-02-28
      {{2024, 8, 31}, {2025, 2, 28}, 181, "MR"},
      {{2023, 8, 31}, {2024, 2, 28}, 181, "HR"},  // leap year: 6-month date 2024-02-29
      {{2023, 8, 31}, {2024, 2, 29}, 182, "MR"},  // days-only rule would say HR (<= 182)
      {{2024, 2, 29}, {2024, 8, 28}, 181, "HR"},  // 6-month date 2024-08-29
      {{2024, 2, 29}, {2024, 8, 29}, 182, "MR"},
      {{2025, 1, 31}, {2025, 7, 30}, 180, "HR"},  // 6-month date 2025-07-31
      {{2025, 1, 31}, {2025, 7, 31}, 181, "MR"},
      {{2024, 7, 1}, {2024, 12, 31}, 183, "HR"},  // 6-month date 2025-01-01; days rule: MR
      {{2024, 7, 1}, {2025, 1, 1}, 184, "MR"},
      {{2024, 3, 15}, {2024, 3, 15}, 0, "HR"},  // day of birth = 0 days
  };
  for (const auto& row : rows) {
    CAPTURE(to_string(row.dob));
    CAPTURE(to_string(row.dx));
    PatientInput p = patient(R, std::nullopt, 400, PGR);
    p.dob = row.dob;
    p.diagnosis_date = row.dx;
    const ClassifyResult r = classify(p);
    CHECK(r.facts.age_days == row.days);
    CHECK(r.group == row.group);
  }
}

TEST_CASE("calendar arithmetic: add_months_clamped and day counts") {
  CHECK(add_months_clamped({2024, 8, 31}, 6) == Date{2025, 2, 28});
  CHECK(add_months_clamped({2023, 8, 31}, 6) == Date{2024, 2, 29});
  CHECK(add_months_clamped({2024, 12, 15}, 6) == Date{2025, 6, 15});
  CHECK(days_since_epoch({1970, 1, 1}) == 0);
  CHECK(days_since_epoch({2000, 3, 1}) == 11017);  // R: as.numeric(as.Date("2000-03-01"))
  CHECK(days_since_epoch({1969, 12, 31}) == -1);
  for (std::int64_t d = -800; d < 40000; d += 37) {
    CAPTURE(d);
    CHECK(days_since_epoch(date_from_days(d)) == d);
  }
  CHECK_FALSE(is_valid_date({2025, 2, 29}));
  CHECK(is_valid_date({2024, 2, 29}));
  CHECK_FALSE(is_valid_date({2100, 2, 29}));
  CHECK(is_valid_date({2000, 2, 29}));
}

TEST_CASE("age_days that disagrees with the dates by > 1 day: warning, dates used") {
  PatientInput p = patient(R, 150, 400, PGR);
  p.dob = Date{2024, 8, 31};
  p.diagnosis_date = Date{2025, 2, 28};  // 181 days
  ClassifyResult r = classify(p);
  CHECK(has(r.flags, "AGE_DAYS_DATES_DISAGREE"));
  CHECK(r.facts.age_days == 181);
  CHECK(r.group == "MR");
  p.age_days = 182;  // within 1 day: no warning
  CHECK_FALSE(has(classify(p).flags, "AGE_DAYS_DATES_DISAGREE"));
}

TEST_CASE("age in months only: < 6.0 months, AGE_MONTHS_ONLY") {
  PatientInput p = patient(R, std::nullopt, 400, PGR);
  p.age_months = 5.9;
  ClassifyResult r = classify(p);
  CHECK(r.group == "HR");
  CHECK(has(r.flags, "AGE_MONTHS_ONLY"));
  p.age_months = 6.0;
  CHECK(classify(p).group == "MR");
}

TEST_CASE("WBC 299.9 / 300 / 300.1 in every unit") {
  struct Row {
    double value;
    std::optional<WbcUnit> unit;
    const char* group;
    const char* flag;
  };
  const auto L = WbcUnit::x10e9_per_l;
  const auto U = WbcUnit::per_ul;
  const auto g = WbcUnit::g_per_l_lowercase;
  const auto ml = WbcUnit::x10e9_per_ml_typo;
  const Row rows[] = {
      {299.9, L, "MR", nullptr},
      {300.0, L, "HR", "WBC_EXACTLY_300"},
      {300.1, L, "HR", nullptr},
      {299900, U, "MR", nullptr},
      {300000, U, "HR", "WBC_EXACTLY_300"},  // 300,000/uL = 300 x10^9/L
      {300100, U, "HR", nullptr},
      {299.9, g, "MR", "WBC_UNIT_LOWERCASE_G_PER_L"},
      {300, g, "HR", "WBC_UNIT_LOWERCASE_G_PER_L"},
      {300.1, ml, "HR", "WBC_UNIT_PER_ML_READ_AS_PER_L"},
      {299.9, std::nullopt, "MR", "WBC_UNIT_ASSUMED"},
      {300, std::nullopt, "HR", "WBC_UNIT_ASSUMED"},
      {300.1, std::nullopt, "HR", "WBC_UNIT_ASSUMED"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.value);
    CAPTURE(row.unit.has_value());
    PatientInput p = patient(R, 100, std::nullopt, PGR);
    p.wbc = row.value;
    p.wbc_unit = row.unit;
    const ClassifyResult r = classify(p);
    CHECK(r.group == row.group);
    if (row.flag) CHECK(has(r.flags, row.flag));
  }
  PatientInput p = patient(R, 100, std::nullopt, PGR);
  p.wbc = 250;
  CHECK(any_contains(classify(p).notes, "unit assumed x10^9/L"));
}

TEST_CASE("WBC without unit and > 3000: WBC_UNIT_SUSPECT, invalid until confirmed") {
  PatientInput p = patient(R, 100, std::nullopt, PGR);
  p.wbc = 45000;
  const ClassifyResult r = classify(p);
  CHECK(r.status == ClassifyStatus::invalid);
  CHECK(has(r.flags, "WBC_UNIT_SUSPECT"));
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].field == "wbc");
  CHECK(r.errors[0].message.find("3000") != std::string::npos);
  p.wbc_unit = WbcUnit::per_ul;  // confirmed: 45 x10^9/L
  CHECK(classify(p).group == "MR");
}

TEST_CASE("day-8 blasts from WBC x percent") {
  PatientInput p = patient(R, 100, 100, std::nullopt);
  p.day8_wbc = 5.0;
  p.day8_wbc_unit = WbcUnit::x10e9_per_l;
  p.day8_blast_pct = 20;  // 5,000/uL x 20% = 1,000/uL -> PPR
  ClassifyResult r = classify(p);
  CHECK(r.facts.day8_blasts_per_ul == doctest::Approx(1000).epsilon(1e-12));
  CHECK(criterion(r, "ppr") == Tri::True);
  CHECK(r.group == "HR");
  p.day8_wbc = 5000;  // same count in /uL
  p.day8_wbc_unit = WbcUnit::per_ul;
  CHECK(classify(p).group == "HR");
  p.day8_blast_pct = 19.98;  // 999/uL -> PGR
  CHECK(classify(p).group == "MR");
  p.day8_blast_pct = 30;  // 5,000/uL x 30% = 1,500/uL -> PPR
  p.day8_wbc = 5.0;
  p.day8_wbc_unit = WbcUnit::x10e9_per_l;
  CHECK(classify(p).facts.day8_blasts_per_ul == doctest::Approx(1500).epsilon(1e-12));
}

TEST_CASE("PRED_RESPONSE_CONFLICT: explicit response vs day-8 count -> invalid") {
  PatientInput p = patient(R, 100, 100, PGR);
  p.day8_blasts_per_ul = 1500;
  ClassifyResult r = classify(p);
  CHECK(r.status == ClassifyStatus::invalid);
  CHECK(has(r.flags, "PRED_RESPONSE_CONFLICT"));
  REQUIRE_FALSE(r.errors.empty());
  CHECK(r.errors[0].field == "pred_response");
  CHECK(r.errors[0].message.find("PRED_RESPONSE_CONFLICT") != std::string::npos);
  p.day8_blasts_per_ul = 500;  // agrees
  CHECK(classify(p).status == ClassifyStatus::definite);
}

TEST_CASE("no prednisone prephase: response UNKNOWN even with a count") {
  PatientInput p = patient(R, 100, 100, std::nullopt);
  p.day8_blasts_per_ul = 5000;
  p.prednisone_prephase_given = false;
  const ClassifyResult r = classify(p);
  CHECK(r.status == ClassifyStatus::indeterminate);
  CHECK(r.candidates == Strings{"MR", "HR"});
  CHECK(has(r.flags, "PREDNISONE_PREPHASE_NOT_GIVEN"));
}

TEST_CASE("hard limits reject with field, value and limit") {
  struct Row {
    const char* name;
    PatientInput p;
    const char* field;
    const char* text;  // part of the message
  };
  std::vector<Row> rows;
  auto base = [] { return patient(R, 100, 100, PGR); };
  {
    PatientInput p = base();
    p.age_days = -1;
    rows.push_back({"age_days < 0", p, "age_days", "-1"});
  }
  {
    PatientInput p = base();
    p.age_days = 100.5;
    rows.push_back({"age_days non-integer", p, "age_days", "whole number"});
  }
  {
    PatientInput p = base();
    p.dob = Date{2025, 2, 30};
    p.diagnosis_date = Date{2025, 6, 1};
    rows.push_back({"dob not a date", p, "dob", "2025-02-30"});
  }
  {
    PatientInput p = base();
    p.dob = Date{2025, 3, 1};
    p.diagnosis_date = Date{2025, 2, 1};
    rows.push_back({"diagnosis before dob", p, "diagnosis_date", "before dob"});
  }
  {
    PatientInput p = base();
    p.dob = Date{2025, 3, 1};
    p.diagnosis_date = Date{2025, 6, 2};
    p.today = Date{2025, 6, 1};
    rows.push_back({"diagnosis in the future", p, "diagnosis_date", "future"});
  }
  {
    PatientInput p = base();  // no dob: the future date alone is still an error
    p.dob.reset();
    p.diagnosis_date = Date{2030, 1, 1};
    p.today = Date{2026, 12, 1};
    rows.push_back({"diagnosis in the future, no dob", p, "diagnosis_date", "future"});
  }
  {
    PatientInput p = base();
    p.diagnosis_date.reset();
    p.dob = Date{2027, 1, 1};
    p.today = Date{2026, 12, 1};
    rows.push_back({"dob in the future, no diagnosis date", p, "dob", "future"});
  }
  {
    PatientInput p = base();
    p.age_days.reset();
    p.age_months = -0.5;
    rows.push_back({"age_months < 0", p, "age_months", "0 to 12.0"});
  }
  {
    PatientInput p = base();
    p.age_days.reset();
    p.age_months = 12.5;
    rows.push_back({"age_months > 12", p, "age_months", "12.5"});
  }
  {
    PatientInput p = base();
    p.wbc = 0;
    rows.push_back({"wbc <= 0", p, "wbc", "> 0"});
  }
  {
    PatientInput p = base();
    p.wbc = 3000.5;
    rows.push_back({"wbc > 3000 x10^9/L", p, "wbc", "3000"});
  }
  {
    PatientInput p = base();
    p.wbc = 3500000;
    p.wbc_unit = WbcUnit::per_ul;
    rows.push_back({"wbc > 3,000,000/uL", p, "wbc", "3500"});
  }
  {
    PatientInput p = base();
    p.day8_blasts_per_ul = -1;
    rows.push_back({"day8 blasts < 0", p, "day8_blasts_per_ul", "-1"});
  }
  {
    PatientInput p = base();
    p.day8_blasts_per_ul = 3000001;
    rows.push_back({"day8 blasts > 3e6", p, "day8_blasts_per_ul", "3,000,000"});
  }
  {
    PatientInput p = base();
    p.day8_blast_pct = 101;
    rows.push_back({"day8 pct > 100", p, "day8_blast_pct", "101"});
  }
  {
    PatientInput p = base();
    p.csf_wbc_per_ul = -2;
    rows.push_back({"csf wbc < 0", p, "csf_wbc_per_ul", "-2"});
  }
  {
    PatientInput p = base();
    p.csf_rbc_per_ul = -3;
    rows.push_back({"csf rbc < 0", p, "csf_rbc_per_ul", "-3"});
  }
  {
    PatientInput p = base();
    p.mrd_eoi = Mrd{MrdKind::quantified, 1.5, MrdUnit::fraction};
    rows.push_back({"MRD fraction > 1", p, "mrd_eoi", "1.5"});
  }
  {
    PatientInput p = base();
    p.mrd_eoc = Mrd{MrdKind::quantified, -0.1, MrdUnit::fraction};
    rows.push_back({"MRD < 0", p, "mrd_eoc", "-0.1"});
  }
  {
    PatientInput p = base();
    p.mrd_pre_octada = Mrd{MrdKind::quantified, 150, MrdUnit::percent};
    rows.push_back({"MRD 150 %", p, "mrd_pre_octada", "150"});
  }
  {
    PatientInput p = base();
    p.mrd_qr = 2;
    rows.push_back({"mrd_qr > 1", p, "mrd_qr", "2"});
  }
  for (const auto& row : rows) {
    CAPTURE(row.name);
    for (const ClassifyResult& r : classify_all(row.p)) {
      CAPTURE(to_string(r.protocol));
      CHECK(r.status == ClassifyStatus::invalid);
      CHECK(r.group.empty());
      REQUIRE(r.errors.size() >= 1);
      CHECK(r.errors[0].field == row.field);
      CHECK(r.errors[0].message.find(row.text) != std::string::npos);
    }
  }
}

TEST_CASE("age > 365 days is not_applicable for every protocol") {
  for (const ClassifyResult& r : classify_all(patient(R, 366, 100, PGR))) {
    CAPTURE(to_string(r.protocol));
    CHECK(r.status == ClassifyStatus::not_applicable);
    CHECK(r.group.empty());
  }
  CHECK(classify(patient(R, 365, 100, PGR)).status == ClassifyStatus::definite);
}

TEST_CASE("mature-B is out of scope; Ph+ and karyotype-only germline are flagged") {
  PatientInput p = patient(R, 100, 100, PGR);
  p.immunophenotype = Immunophenotype::mature_b;
  CHECK(classify(p).status == ClassifyStatus::not_applicable);
  p = patient(R, 100, 100, PGR);
  p.bcr_abl1_positive = true;
  CHECK(has(classify(p).flags, "PH_POSITIVE_OUTSIDE_SCOPE"));
  p = patient(G, 100, 100, PGR);
  p.kmt2a_method = Kmt2aMethod::karyotype;
  const ClassifyResult r = classify(p);
  CHECK(r.group == "LR");  // the value is still accepted
  CHECK(has(r.flags, "KMT2A_GERMLINE_NOT_FISH_CONFIRMED"));
}

TEST_CASE("MRD forms and thresholds") {
  PatientInput p;
  std::vector<std::string> flags;
  auto cmp = [&](Mrd m, double t, bool strict) {
    return mrd_compare(std::optional<Mrd>(m), p, t, strict, &flags);
  };
  CHECK(cmp({MrdKind::quantified, 1e-4, MrdUnit::fraction}, 1e-4, false) == Tri::True);
  CHECK(cmp({MrdKind::quantified, 9.9e-5, MrdUnit::fraction}, 1e-4, false) == Tri::False);
  CHECK(cmp({MrdKind::quantified, 0.01, MrdUnit::percent}, 1e-4, false) == Tri::True);
  CHECK(cmp({MrdKind::quantified, 0.01, MrdUnit::percent}, 1e-4, true) == Tri::False);
  CHECK(cmp({MrdKind::quantified, -4, MrdUnit::log10}, 1e-4, false) == Tri::True);
  CHECK(cmp({MrdKind::quantified, 5e-4, MrdUnit::fraction}, 5e-4, false) == Tri::True);
  CHECK(cmp({MrdKind::quantified, 4.9e-4, MrdUnit::fraction}, 5e-4, false) == Tri::False);
  CHECK(cmp({MrdKind::negative, 0, std::nullopt}, 1e-4, false) == Tri::False);
  // below QR: UNKNOWN unless mrd_qr <= threshold
  CHECK(cmp({MrdKind::below_qr, 0, std::nullopt}, 1e-4, false) == Tri::Unknown);
  CHECK(std::find(flags.begin(), flags.end(), "MRD_BELOW_QR") != flags.end());
  p.mrd_qr = 1e-4;
  CHECK(cmp({MrdKind::below_qr, 0, std::nullopt}, 1e-4, false) == Tri::False);
  p.mrd_qr = 1e-3;
  CHECK(cmp({MrdKind::below_qr, 0, std::nullopt}, 1e-4, false) == Tri::Unknown);
  // no unit anywhere: 0.005 is 5e-3 as a fraction but 5e-5 as a percent -> UNKNOWN
  flags.clear();
  CHECK(cmp({MrdKind::quantified, 0.005, std::nullopt}, 1e-4, false) == Tri::Unknown);
  CHECK(std::find(flags.begin(), flags.end(), "MRD_UNIT_AMBIGUOUS") != flags.end());
  // ... but 0.5 is >= 1e-4 read either way
  CHECK(cmp({MrdKind::quantified, 0.5, std::nullopt}, 1e-4, false) == Tri::True);
  p.mrd_unit = MrdUnit::percent;  // a file-level unit settles it
  CHECK(cmp({MrdKind::quantified, 0.005, std::nullopt}, 1e-4, false) == Tri::False);
}

TEST_CASE("Interfant-99: PPR -> HR, PGR -> SR, unknown -> [SR, HR], caveat") {
  ClassifyResult r = classify(patient(R, 100, 100, PPR), Protocol::interfant99);
  CHECK(r.group == "HR");
  CHECK(any_contains(r.notes,
                     "Interfant-99 stratification as reported in the 2007 summary; "
                     "full protocol criteria not verified."));
  CHECK(classify(patient(G, 100, 100, PGR), Protocol::interfant99).group == "SR");
  r = classify(patient(R, 100, 100, std::nullopt), Protocol::interfant99);
  CHECK(r.status == ClassifyStatus::indeterminate);
  CHECK(r.candidates == Strings{"SR", "HR"});
  CHECK(r.missing == Strings{"pred_response"});
  // KMT2A and WBC do not enter the protocol group (only the Mann subgroup)
  CHECK(classify(patient(std::nullopt, 100, 900, PGR), Protocol::interfant99).group == "SR");
}

TEST_CASE("Interfant-99 Mann HR subgroup: KMT2A-r & < 6 mo & (PPR | WBC >= 300)") {
  struct Row {
    std::optional<Kmt2aStatus> k;
    std::optional<double> age, wbc;
    std::optional<PredResponse> pred;
    Tri expected;
  };
  const Row rows[] = {
      {R, 100, 100, PPR, Tri::True},
      {R, 100, 400, PGR, Tri::True},
      {R, 100, 100, PGR, Tri::False},
      {R, 200, 400, PPR, Tri::False},
      {G, 100, 400, PPR, Tri::False},
      {std::nullopt, 100, 400, PPR, Tri::Unknown},
      {R, 100, 100, std::nullopt, Tri::Unknown},
      {R, 100, 400, std::nullopt, Tri::True},
      {R, std::nullopt, 400, PPR, Tri::Unknown},
  };
  for (const auto& row : rows) {
    const ClassifyResult r =
        classify(patient(row.k, row.age, row.wbc, row.pred), Protocol::interfant99);
    CHECK(r.mann_hr_subgroup == row.expected);
  }
}

TEST_CASE("MLL-10 test list") {
  struct Row {
    std::optional<Kmt2aStatus> k;
    double age;
    std::optional<CnsStatus> cns;
    ClassifyStatus status;
    const char* group;
    Strings candidates;
  };
  const auto D = ClassifyStatus::definite;
  const Row rows[] = {
      {R, 179, CnsStatus::cns1, D, "HR", {"HR"}},
      {R, 180, CnsStatus::cns1, D, "IR", {"IR"}},
      {R, 180, CnsStatus::cns3, D, "HR", {"HR"}},
      {R, 180, CnsStatus::cns2, D, "IR", {"IR"}},
      {R, 200, std::nullopt, ClassifyStatus::indeterminate, "", {"IR", "HR"}},
      {R, 150, std::nullopt, D, "HR", {"HR"}},
      {G, 150, std::nullopt, D, "LR", {"LR"}},
      {R, 200, CnsStatus::tlp_pos, ClassifyStatus::indeterminate, "", {"IR", "HR"}},
      {R, 200, CnsStatus::tlp_neg, D, "IR", {"IR"}},
  };
  for (const auto& row : rows) {
    CAPTURE(row.age);
    PatientInput p = patient(row.k, row.age, 100, PPR);  // WBC/pred do not enter MLL-10
    p.cns_status = row.cns;
    const ClassifyResult r = classify(p, Protocol::mll10);
    CHECK(r.status == row.status);
    CHECK(r.group == row.group);
    CHECK(r.candidates == row.candidates);
    if (r.group == "HR") CHECK(has(r.flags, "MLL10_HSCT_ALLOCATED"));
  }
  PatientInput p = patient(R, 180, 100, PPR);
  p.cns_status = CnsStatus::cns2;
  CHECK(any_contains(classify(p, Protocol::mll10).notes, "CNS2 is not CNS disease"));
  p.cns_status.reset();
  CHECK(classify(p, Protocol::mll10).missing == Strings{"cns_status"});
  p = patient(R, 365, 100, PPR);
  p.cns_status = CnsStatus::cns1;
  CHECK(has(classify(p, Protocol::mll10).flags, "MLL10_ELIGIBILITY_WORDING"));
}

TEST_CASE("MLL-10 CNS from CSF fields; palsy counted as CNS3 with a flag") {
  PatientInput p = patient(R, 200, 100, PGR);
  p.csf_blasts = true;
  p.csf_rbc_per_ul = 2;
  p.csf_wbc_per_ul = 5;  // >= 5/uL with blasts, non-traumatic -> CNS3
  CHECK(classify(p, Protocol::mll10).group == "HR");
  p.csf_wbc_per_ul = 4;  // CNS2
  CHECK(classify(p, Protocol::mll10).group == "IR");
  p.csf_rbc_per_ul.reset();  // traumatic tap not excluded -> unknown
  CHECK(classify(p, Protocol::mll10).status == ClassifyStatus::indeterminate);
  p.csf_blasts = false;
  p.cranial_nerve_palsy = true;
  const ClassifyResult r = classify(p, Protocol::mll10);
  CHECK(r.group == "HR");
  CHECK(has(r.flags, "CNS3_BY_PALSY_OR_MASS"));
  p.cns_status = CnsStatus::cns1;  // explicit wins, conflict is a warning
  const ClassifyResult r2 = classify(p, Protocol::mll10);
  CHECK(r2.group == "IR");
  CHECK(has(r2.flags, "CNS_STATUS_CONFLICT"));
}

TEST_CASE("Interfant-21 test list") {
  CHECK(classify(patient(R, 100, 300, std::nullopt), Protocol::interfant21).group == "HR");
  const ClassifyResult mr = classify(patient(R, 100, 100, std::nullopt), Protocol::interfant21);
  CHECK(mr.group == "MR");  // unknown pred counts as good: definite, not indeterminate
  CHECK(has(mr.flags, "INTERFANT21_UNKNOWN_PRED_AS_GOOD"));
  CHECK(classify(patient(R, 100, 100, PPR), Protocol::interfant21).group == "HR");
  CHECK(classify(patient(R, 200, 900, PPR), Protocol::interfant21).group == "MR");
  CHECK(has(classify(patient(R, 100, 300, PGR), Protocol::interfant21).flags, "WBC_EXACTLY_300"));

  PatientInput p = patient(R, 200, 100, PGR);
  p.mrd_eoi = Mrd{MrdKind::quantified, 5e-4, MrdUnit::fraction};
  CHECK(classify(p, Protocol::interfant21).mr_substratum == "MR-high");
  p.mrd_eoi = Mrd{MrdKind::quantified, 4.9e-4, MrdUnit::fraction};
  CHECK(classify(p, Protocol::interfant21).mr_substratum == "MR-low");
  p.mrd_eoi = Mrd{MrdKind::quantified, 0.05, MrdUnit::percent};  // 0.05% = 5e-4
  CHECK(classify(p, Protocol::interfant21).mr_substratum == "MR-high");
  p.mrd_eoi.reset();
  CHECK(classify(p, Protocol::interfant21).mr_substratum == "unknown");

  p.cr_eoi = true;
  p.mrd_post_blina1 = Mrd{MrdKind::quantified, 2e-4, MrdUnit::fraction};
  CHECK(classify(p, Protocol::interfant21).switched_to_hr_treatment == Tri::True);
  p.mrd_post_blina1 = Mrd{MrdKind::quantified, 1e-4, MrdUnit::fraction};
  ClassifyResult r = classify(p, Protocol::interfant21);
  CHECK(r.switched_to_hr_treatment == Tri::False);  // "> 0.01%" does not include 1e-4
  CHECK(has(r.flags, "MRD_EXACTLY_1E-4_INTERFANT21"));
  p.mrd_post_blina1 = Mrd{MrdKind::negative, 0, std::nullopt};
  p.cr_eoi = false;  // no CR at EOI -> switch
  CHECK(classify(p, Protocol::interfant21).switched_to_hr_treatment == Tri::True);
  p.cr_eoi.reset();
  CHECK(classify(p, Protocol::interfant21).switched_to_hr_treatment == Tri::Unknown);

  // HR patients are not "switched"; their substratum is empty
  r = classify(patient(R, 100, 400, PGR), Protocol::interfant21);
  CHECK(r.mr_substratum.empty());
  CHECK(r.switched_to_hr_treatment == Tri::False);
}

TEST_CASE("Interfant-21 population: germline / T-ALL not applicable, unknown KMT2A") {
  CHECK(classify(patient(G, 100, 100, PGR), Protocol::interfant21).status ==
        ClassifyStatus::not_applicable);
  PatientInput p = patient(R, 100, 100, PGR);
  p.immunophenotype = Immunophenotype::t;
  CHECK(classify(p, Protocol::interfant21).status == ClassifyStatus::not_applicable);
  const ClassifyResult r = classify(patient(std::nullopt, 100, 400, PGR), Protocol::interfant21);
  CHECK(r.status == ClassifyStatus::indeterminate);
  CHECK(r.candidates == Strings{"HR"});
  CHECK(r.missing == Strings{"kmt2a_status"});
  CHECK(any_contains(r.notes, "Interfant-21 requires KMT2A-r"));
}

TEST_CASE("AALL0631 test list") {
  CHECK(classify(patient(R, 89, 100, PGR), Protocol::aall0631).group == "HR");
  const ClassifyResult ir = classify(patient(R, 90, 100, PGR), Protocol::aall0631);
  CHECK(ir.group == "IR");
  CHECK(has(ir.flags, "AGE_NEAR_90_DAY_BOUNDARY"));
  CHECK(classify(patient(G, 30, 100, PGR), Protocol::aall0631).group == "SR");
  const ClassifyResult u = classify(patient(std::nullopt, 30, 100, PGR), Protocol::aall0631);
  CHECK(u.status == ClassifyStatus::not_applicable);
  CHECK(any_contains(u.reasons, "off study"));
  CHECK(classify(patient(R, std::nullopt, 100, PGR), Protocol::aall0631).candidates ==
        Strings{"IR", "HR"});
}

TEST_CASE("protocol names round-trip; classify_all covers the five protocols") {
  for (Protocol p : {Protocol::interfant06, Protocol::interfant99, Protocol::mll10,
                     Protocol::interfant21, Protocol::aall0631}) {
    Protocol q = Protocol::interfant06;
    CHECK(protocol_from_string(to_string(p), &q));
    CHECK(q == p);
  }
  Protocol q = Protocol::interfant06;
  CHECK(protocol_from_string("MLL-10", &q));
  CHECK(q == Protocol::mll10);
  CHECK(protocol_from_string("Interfant-21", &q));
  CHECK(q == Protocol::interfant21);
  CHECK_FALSE(protocol_from_string("interfant-07", &q));
  const auto all = classify_all(patient(R, 100, 400, PGR));
  REQUIRE(all.size() == 5);
  CHECK(all[0].group == "HR");
  CHECK(all[2].protocol == Protocol::mll10);
}
