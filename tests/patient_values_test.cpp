// Raw-text parsers against the value lists of docs/CLINICAL-INPUTS.md (the cell readings, KMT2A,
// MRD, WBC units and dates). Expected values are written out from those lists.
#include "infant_all/clinical/patient_values.h"
#include <algorithm>

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "infant_all/clinical/classify.h"
#include "test_util.h"

using namespace infant_all;

TEST_CASE("missing tokens are absent, not errors") {
  for (const char* t : {"", "  ", "NA", "n/a", "N/A", ".", "-", "NULL", "nan", "NaN", "unknown",
                        "Unknown", "nd", "not done", "?"}) {
    CAPTURE(t);
    CHECK(is_missing_value(t));
    const Parsed<double> p = parse_value_number(t);
    CHECK(p.ok());
    CHECK_FALSE(p.value.has_value());
  }
  CHECK_FALSE(is_missing_value("0"));
  CHECK_FALSE(is_missing_value("neg"));
}

TEST_CASE("numbers: plain and scientific; decimal commas rejected with what was expected") {
  CHECK(*parse_value_number("300").value == 300);
  CHECK(*parse_value_number(" 299.9 ").value == 299.9);
  CHECK(*parse_value_number("1.0E-04").value == 1e-4);
  const Parsed<double> c = parse_value_number("1,5");
  CHECK_FALSE(c.ok());
  CHECK(c.error.find("decimal point") != std::string::npos);
  CHECK_FALSE(parse_value_number("12abc").ok());
  CHECK_FALSE(parse_value_number("inf").ok());
}

TEST_CASE("dates: ISO, or D/M/Y when the value or an explicit format settles the order") {
  DateOptions dmy;
  dmy.format = DateFormat::dmy;
  DateOptions mdy;
  mdy.format = DateFormat::mdy;
  CHECK(*parse_date_cell("2024-08-31").value == Date{2024, 8, 31});
  CHECK(*parse_date_cell("2024-08-31T00:00:00").value == Date{2024, 8, 31});
  CHECK(*parse_date_cell("2024-08-31 00:00").value == Date{2024, 8, 31});
  CHECK(*parse_date_cell("31/08/2024").value == Date{2024, 8, 31});  // only day-first is a date
  const Parsed<Date> amb = parse_date_cell("03/08/2024");            // ambiguous without a format
  CHECK_FALSE(amb.ok());
  CHECK(amb.error.find("ambiguous") != std::string::npos);
  CHECK(*parse_date_cell("31/08/2024", dmy).value == Date{2024, 8, 31});
  CHECK(*parse_date_cell("08/31/2024", mdy).value == Date{2024, 8, 31});
  CHECK(*parse_date_cell("31.08.2024", dmy).value == Date{2024, 8, 31});
  CHECK_FALSE(parse_date_cell("2024/31/08", dmy).ok());
  const Parsed<Date> bad = parse_date_cell("2025-02-30");  // impossible day: error, named
  CHECK_FALSE(bad.ok());
  CHECK(bad.error.find("calendar date") != std::string::npos);
  CHECK_FALSE(parse_date_cell("NA").value.has_value());
  CHECK(parse_date_cell("NA").ok());
}

TEST_CASE("kmt2a_status value list incl. fusion strings and PTD rejection") {
  const auto Rr = Kmt2aStatus::rearranged;
  const auto Gg = Kmt2aStatus::germline;
  const auto Uu = Kmt2aStatus::unknown;
  const std::pair<const char*, Kmt2aStatus> rows[] = {
      {"R", Rr},
      {"rearranged", Rr},
      {"positive", Rr},
      {"pos", Rr},
      {"+", Rr},
      {"yes", Rr},
      {"y", Rr},
      {"1", Rr},
      {"TRUE", Rr},
      {"KMT2A-r", Rr},
      {"MLL-r", Rr},
      {"KMT2A::AFF1", Rr},
      {"MLL-AF4", Rr},
      {"t(4;11)", Rr},
      {"KMT2A-MLLT10", Rr},
      {"KMT2A::AFDN", Rr},
      {"t(10;11)", Rr},
      {"MLL-ENL", Rr},
      {"G", Gg},
      {"germline", Gg},
      {"wt", Gg},
      {"wild type", Gg},
      {"negative", Gg},
      {"neg", Gg},
      {"\xE2\x88\x92", Gg},  // Unicode minus sign
      {"no", Gg},
      {"n", Gg},
      {"0", Gg},
      {"false", Gg},
      {"not rearranged", Gg},
      {"KMT2A-g", Gg},
      {"MLL-g", Gg},
      {"unknown", Uu},
      {"nk", Uu},
      {"nd", Uu},
      {"not done", Uu},
      {"pending", Uu},
      {"failed", Uu},
  };
  for (const auto& r : rows) {
    const char* text = r.first;
    const Kmt2aStatus expected = r.second;
    CAPTURE(text);
    const Parsed<Kmt2aStatus> p = parse_kmt2a_status(text);
    REQUIRE(p.ok());
    REQUIRE(p.value.has_value());
    CHECK(*p.value == expected);
  }
  CHECK_FALSE(parse_kmt2a_status("").value.has_value());
  CHECK_FALSE(parse_kmt2a_status("-").value.has_value());  // ASCII '-' = blank placeholder
  const Parsed<Kmt2aStatus> ptd = parse_kmt2a_status("KMT2A-PTD");
  CHECK_FALSE(ptd.ok());
  CHECK(ptd.error.find("partial tandem duplication") != std::string::npos);
  CHECK_FALSE(parse_kmt2a_status("maybe").ok());
}

TEST_CASE("kmt2a_partner mapping incl. the t(11;19) ELL trap") {
  struct Row {
    const char* text;
    Kmt2aPartner partner;
    bool ell;
  };
  const auto T4 = Kmt2aPartner::t4_11, T19 = Kmt2aPartner::t11_19, T9 = Kmt2aPartner::t9_11,
             O = Kmt2aPartner::other;
  const Row rows[] = {
      {"t(4;11)", T4, false},
      {"t(4;11)(q21;q23)", T4, false},
      {"AFF1", T4, false},
      {"AF4", T4, false},
      {"MLL-AF4", T4, false},
      {"KMT2A::AFF1", T4, false},
      {"KMT2A-AFF1", T4, false},
      {"t(11;19)", T19, false},
      {"t(11;19)(q23;p13.3)", T19, false},
      {"MLLT1", T19, false},
      {"ENL", T19, false},
      {"MLL-ENL", T19, false},
      {"t(9;11)", T9, false},
      {"t(9;11)(p22;q23)", T9, false},
      {"MLLT3", T9, false},
      {"AF9", T9, false},
      {"KMT2A::ELL", O, true},
      {"t(11;19)(q23;p13.1)", O, true},
      {"ELL", O, true},
      {"MLLT10", O, false},
      {"AF10", O, false},
      {"t(10;11)", O, false},
      {"AFDN", O, false},
      {"AF6", O, false},
      {"t(6;11)", O, false},
      {"EPS15", O, false},
  };
  for (const auto& row : rows) {
    CAPTURE(row.text);
    const Parsed<PartnerValue> p = parse_kmt2a_partner(row.text);
    REQUIRE(p.value.has_value());
    CHECK(p.value->partner == row.partner);
    CHECK(p.value->ell == row.ell);
  }
}

TEST_CASE("pred_response, immunophenotype, CD10/CD19, CNS, yes/no, sex") {
  CHECK(*parse_pred_response("PGR").value == PredResponse::pgr);
  CHECK(*parse_pred_response("good").value == PredResponse::pgr);
  CHECK(*parse_pred_response("G").value == PredResponse::pgr);
  CHECK(*parse_pred_response("poor").value == PredResponse::ppr);
  CHECK(*parse_pred_response("P").value == PredResponse::ppr);
  CHECK_FALSE(parse_pred_response("NE").value.has_value());
  CHECK_FALSE(parse_pred_response("not evaluable").value.has_value());
  CHECK_FALSE(parse_pred_response("fast").ok());

  for (const char* b : {"B", "BCP", "pro-B", "pre-B", "common", "BCP-ALL", "B-ALL"}) {
    CAPTURE(b);
    CHECK(*parse_immunophenotype(b).value == Immunophenotype::b);
  }
  CHECK(*parse_immunophenotype("T").value == Immunophenotype::t);
  CHECK(*parse_immunophenotype("T-ALL").value == Immunophenotype::t);
  CHECK(*parse_immunophenotype("biphenotypic").value == Immunophenotype::mpal);
  CHECK(*parse_immunophenotype("MPAL").value == Immunophenotype::mpal);
  CHECK(*parse_immunophenotype("mixed").value == Immunophenotype::mpal);
  CHECK(*parse_immunophenotype("mature B").value == Immunophenotype::mature_b);
  CHECK(*parse_immunophenotype("Burkitt").value == Immunophenotype::mature_b);
  CHECK_FALSE(parse_immunophenotype("myeloid").ok());

  CHECK(*parse_pos_neg("pos").value);
  CHECK(*parse_pos_neg("+").value);
  CHECK_FALSE(*parse_pos_neg("negative").value);
  CHECK_FALSE(*parse_pos_neg("\xE2\x88\x92").value);
  CHECK_FALSE(parse_pos_neg("weak").ok());

  CHECK(*parse_cns_status("CNS1").value == CnsStatus::cns1);
  CHECK(*parse_cns_status("2").value == CnsStatus::cns2);
  CHECK(*parse_cns_status("CNS2b").value == CnsStatus::cns2);
  CHECK(*parse_cns_status("CNS 3").value == CnsStatus::cns3);
  CHECK(*parse_cns_status("TLP+").value == CnsStatus::tlp_pos);
  CHECK(*parse_cns_status("TLP-").value == CnsStatus::tlp_neg);
  CHECK(*parse_cns_status("TLP\xE2\x88\x92").value == CnsStatus::tlp_neg);
  CHECK_FALSE(parse_cns_status("CNS4").ok());

  CHECK(*parse_yes_no("Yes").value);
  CHECK_FALSE(*parse_yes_no("0").value);
  CHECK_FALSE(parse_yes_no("perhaps").ok());

  CHECK(*parse_sex("M").value == Sex::male);
  CHECK(*parse_sex("female").value == Sex::female);
  CHECK(*parse_sex("boy").value == Sex::male);
  CHECK(*parse_sex("girl").value == Sex::female);
  const Parsed<Sex> s1 = parse_sex("1");  // numeric codes need a dictionary: refused
  CHECK_FALSE(s1.ok());
  CHECK(s1.error.find("numeric") != std::string::npos);
  CHECK_FALSE(parse_sex("2").ok());
}

TEST_CASE("WBC unit strings, micro sign and u") {
  const auto L = WbcUnit::x10e9_per_l;
  const auto U = WbcUnit::per_ul;
  const std::pair<const char*, WbcUnit> rows[] = {
      {"x10^9/L", L},
      {"10^9/L", L},
      {"10e9/L", L},
      {"G/L", L},
      {"x10^3/uL", L},
      {"x10^3/\xC2\xB5L", L},
      {"K/uL", L},
      {"K/\xCE\xBCL", L},
      {"10^3/mm3", L},
      {"\xC3\x97"
       "10^9/L",
       L},
      {"_x10e9_l", L},
      {"_g_l", L},
      {"_k_ul", L},
      {"/uL", U},
      {"/\xC2\xB5L", U},
      {"/mm3", U},
      {"cells/uL", U},
      {"_per_ul", U},
      {"_per_mm3", U},
      {"g/L", WbcUnit::g_per_l_lowercase},
      {"x10^9/mL", WbcUnit::x10e9_per_ml_typo},
  };
  for (const auto& r : rows) {
    const char* text = r.first;
    const WbcUnit unit = r.second;
    CAPTURE(text);
    const Parsed<WbcUnit> p = parse_wbc_unit(text);
    REQUIRE(p.value.has_value());
    CHECK(*p.value == unit);
  }
  CHECK_FALSE(parse_wbc_unit("mg/dL").ok());
  const Parsed<CountValue> c = parse_count_with_unit("300000/uL");
  REQUIRE(c.value.has_value());
  CHECK(c.value->value == 300000);
  CHECK(*c.value->unit == U);
  CHECK_FALSE(parse_count_with_unit("45 furlongs").ok());
}

TEST_CASE("MRD strings: 1e-4, 1.0E-04, 10^-4, 0.01%, negative, POS<QR") {
  struct Row {
    const char* text;
    MrdKind kind;
    double fraction;  // expected value as a fraction (quantified with a unit)
  };
  const Row rows[] = {
      {"1e-4", MrdKind::quantified, 1e-4},
      {"1.0E-04", MrdKind::quantified, 1e-4},
      {"10^-4", MrdKind::quantified, 1e-4},
      {"10\xE2\x81\xBB\xE2\x81\xB4", MrdKind::quantified, 1e-4},  // 10⁻⁴
      {"5x10^-4", MrdKind::quantified, 5e-4},
      {"0.01%", MrdKind::quantified, 1e-4},
      {"0.05 %", MrdKind::quantified, 5e-4},
      {"negative", MrdKind::negative, 0},
      {"neg", MrdKind::negative, 0},
      {"MRD-", MrdKind::negative, 0},
      {"POS<QR", MrdKind::below_qr, 0},
      {"PNQ", MrdKind::below_qr, 0},
      {"<QR", MrdKind::below_qr, 0},
  };
  PatientInput none;
  for (const auto& row : rows) {
    CAPTURE(row.text);
    const Parsed<Mrd> p = parse_mrd(row.text);
    REQUIRE(p.value.has_value());
    CHECK(p.value->kind == row.kind);
    if (row.kind == MrdKind::quantified) {
      const auto f = mrd_fraction(p.value, none);
      REQUIRE(f.has_value());
      CHECK_CLOSE(*f, row.fraction, 1e-12);
    }
  }
  // "0.01%" must compare equal to the 1e-4 threshold
  CHECK(mrd_compare(parse_mrd("0.01%").value, none, 1e-4, false, nullptr) == Tri::True);
  // a plain decimal has no unit of its own
  const Parsed<Mrd> plain = parse_mrd("0.0001");
  REQUIRE(plain.value.has_value());
  CHECK_FALSE(plain.value->unit.has_value());
  CHECK_FALSE(parse_mrd("<1e-4").ok());
  CHECK_FALSE(parse_mrd("lots").ok());
}

TEST_CASE("patient_from_fields: canonical names -> PatientInput with per-field problems") {
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"patient_id", "P-001"},
      {"dob", "2024-08-31"},
      {"diagnosis_date", "2025-02-27"},
      {"sex", "2"},  // rejected: numeric code
      {"kmt2a_status", "KMT2A::AFF1"},
      {"kmt2a_partner", "t(4;11)(q21;q23)"},
      {"wbc", "400000"},
      {"wbc_unit", "/uL"},  // e.g. from a header suffix wbc_per_ul
      {"pred_response", "NA"},
      {"day8_blasts_per_ul", "1,200"},  // rejected: thousands separator
      {"cd10", "neg"},
      {"mrd_pre_octada", "0.01%"},
      {"favourite_colour", "blue"},
  };
  const PatientBuild b = patient_from_fields(fields);
  const PatientInput& in = b.input;
  CHECK(*in.patient_id == "P-001");
  CHECK(*in.dob == Date{2024, 8, 31});
  CHECK(*in.kmt2a_status == Kmt2aStatus::rearranged);
  CHECK(*in.kmt2a_partner == Kmt2aPartner::t4_11);
  CHECK(*in.wbc == 400000);
  CHECK(*in.wbc_unit == WbcUnit::per_ul);
  CHECK_FALSE(in.pred_response.has_value());
  CHECK_FALSE(in.day8_blasts_per_ul.has_value());
  CHECK_FALSE(in.sex.has_value());
  CHECK_FALSE(*in.cd10_positive);
  REQUIRE(b.problems.size() == 2);
  CHECK(b.problems[0].column == "sex");
  CHECK(b.problems[0].value == "2");
  CHECK(b.problems[1].column == "day8_blasts_per_ul");
  CHECK(b.ignored_columns == std::vector<std::string>{"favourite_colour"});
  // end to end, Interfant-06 example #16's dates (180 days, < 6 months) with WBC 400 x10^9/L: HR
  // whatever the prednisone response is - but the day-8 count "1,200" could not be read, and an
  // unreadable value of an input the rule reads makes the patient invalid, never unknown
  // (docs/CLINICAL-RULES.md, "Shared conventions").
  const ClassifyResult r = classify(in);
  CHECK(r.status == ClassifyStatus::invalid);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].field == "day8_blasts_per_ul");
  // Sex is read by no protocol: a note, not an error.
  CHECK(std::find(r.flags.begin(), r.flags.end(), "UNREADABLE_INPUT_NOT_USED") != r.flags.end());
  // Without the unreadable count the group is settled: HR.
  PatientInput readable = in;
  readable.unreadable.clear();
  const ClassifyResult r2 = classify(readable);
  CHECK(r2.status == ClassifyStatus::definite);
  CHECK(r2.group == "HR");
}

TEST_CASE("patient_from_fields: a fusion in kmt2a_status names the partner") {
  PatientBuild b = patient_from_fields({{"kmt2a_status", "MLL-AF9"}});
  CHECK(*b.input.kmt2a_status == Kmt2aStatus::rearranged);
  CHECK(*b.input.kmt2a_partner == Kmt2aPartner::t9_11);
  b = patient_from_fields({{"kmt2a_status", "KMT2A::ELL"}});
  CHECK(*b.input.kmt2a_partner == Kmt2aPartner::other);
  CHECK(b.input.kmt2a_partner_ell);
  // an explicit partner column wins
  b = patient_from_fields({{"kmt2a_status", "MLL-AF9"}, {"kmt2a_partner", "AF4"}});
  CHECK(*b.input.kmt2a_partner == Kmt2aPartner::t4_11);
  b = patient_from_fields({{"kmt2a_status", "R"}});
  CHECK_FALSE(b.input.kmt2a_partner.has_value());
}

TEST_CASE("patient_from_fields: WBC unit in the cell, and a conflicting unit column") {
  PatientBuild b = patient_from_fields({{"wbc", "45 G/L"}});
  CHECK(*b.input.wbc == 45);
  CHECK(*b.input.wbc_unit == WbcUnit::x10e9_per_l);
  b = patient_from_fields({{"wbc", "45000/uL"}, {"wbc_unit", "G/L"}});
  CHECK_FALSE(b.input.wbc.has_value());  // never guess which unit is right
  REQUIRE(b.problems.size() == 1);
  CHECK(b.problems[0].column == "wbc");
  b = patient_from_fields({{"mrd_eoi", "0.0005"}, {"mrd_unit", "fraction"}, {"mrd_qr", "1e-4"}});
  CHECK(*b.input.mrd_unit == MrdUnit::fraction);
  CHECK(*b.input.mrd_qr == 1e-4);
  CHECK(*mrd_fraction(b.input.mrd_eoi, b.input) == 0.0005);
}
