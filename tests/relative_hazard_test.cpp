// Interfant-06 Cox tables (S-I06 Tables 1 and 2) and their permitted use, per
// docs/CLINICAL-RULES.md ("Published figures and the Interfant-06 relative hazard"). Expected
// products are hand-multiplied printed hazard ratios.
#include "infant_all/clinical/relative_hazard.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "infant_all/stats/distributions.h"
#include "test_util.h"

using namespace infant_all;

namespace {

PatientInput full(Kmt2aStatus k, std::optional<Kmt2aPartner> partner, double age_days, double wbc,
                  PredResponse pred, bool cd10, Sex sex) {
  PatientInput p;
  p.kmt2a_status = k;
  p.kmt2a_partner = partner;
  p.age_days = age_days;
  p.wbc = wbc;
  p.wbc_unit = WbcUnit::x10e9_per_l;
  p.pred_response = pred;
  p.immunophenotype = Immunophenotype::b;
  p.cd10_positive = cd10;
  p.sex = sex;
  return p;
}

bool has(const std::vector<std::string>& xs, const std::string& x) {
  for (const auto& y : xs) {
    if (y == x) return true;
  }
  return false;
}

bool mentions(const RelativeHazardResult& r, const std::string& needle) {
  for (const auto& n : r.notes) {
    if (n.find(needle) != std::string::npos) return true;
  }
  for (const auto& h : r.factors) {
    if (h.caveat.find(needle) != std::string::npos) return true;
  }
  return false;
}

const auto R = Kmt2aStatus::rearranged;
const auto G = Kmt2aStatus::germline;

}  // namespace

TEST_CASE("Cox tables hold the printed rows (Tables 1 and 2)") {
  const auto& t1 = cox_table_rows(CoxTable::table1_all);
  const auto& t2 = cox_table_rows(CoxTable::table2_kmt2a_r);
  CHECK(t1.size() == 13);
  CHECK(t2.size() == 12);
  CHECK(cox_table_n(CoxTable::table1_all) == 576);
  CHECK(cox_table_n(CoxTable::table2_kmt2a_r) == 427);
  CHECK(t1[1].hazard_ratio == 2.73);
  CHECK(t1[1].lower == 1.79);
  CHECK(t1[1].upper == 4.17);
  CHECK(std::string(t1[8].p) == ".0014");
  // Table 2 KMT2A row: 1.21 as published, P "< .4083" as printed, with the erratum note
  CHECK(t2[1].hazard_ratio == 1.21);
  CHECK(std::string(t2[1].p) == "< .4083");
  CHECK(std::string(t2[1].note).find("consistent with 1.12; possible erratum") !=
        std::string::npos);
}

TEST_CASE("sanity checks recomputed from the printed CIs (SE = ln(hi/lo)/3.92)") {
  auto wald_p = [](double hr, double lo, double hi) {
    const double se = std::log(hi / lo) / 3.92;
    return norm_two_sided_p(std::log(hr) / se);
  };
  // Table 1 PPR: SE 0.133, P ~ .0014 (as printed)
  CHECK(std::fabs(std::log(1.99 / 1.18) / 3.92 - 0.133) < 0.0005);
  CHECK(std::fabs(wald_p(1.53, 1.18, 1.99) - 0.0014) < 0.0002);
  CHECK(std::fabs(wald_p(1.18, 0.90, 1.54) - 0.227) < 0.002);  // CD10-: P ~ .227
  CHECK(std::fabs(wald_p(1.05, 0.83, 1.33) - 0.685) < 0.003);  // female: P ~ .685
  // Table 2 KMT2A row: P from the CI is .407 for 1.12, against .16 for 1.21 (the erratum note)
  CHECK(std::fabs(wald_p(1.12, 0.86, 1.47) - 0.407) < 0.003);
  CHECK(std::fabs(wald_p(1.21, 0.86, 1.47) - 0.16) < 0.01);
}

TEST_CASE("Table 1 product 13.73: t(4;11), < 6 mo, WBC >= 300, PPR, CD10-, female") {
  // 2.73 x 1.57 x 1.69 x 1.53 x 1.18 x 1.05 = 13.7313...
  const RelativeHazardResult r = relative_hazard(
      full(R, Kmt2aPartner::t4_11, 100, 400, PredResponse::ppr, false, Sex::female));
  CHECK(r.status == RelativeHazardStatus::computed);
  REQUIRE(r.relative_hazard.has_value());
  CHECK(*r.relative_hazard == 13.73);
  CHECK(r.factors.size() == 6);
  CHECK(r.summary.find("x13.73 the hazard of a reference-profile infant") != std::string::npos);
}

TEST_CASE("Table 1 product 9.78: t(9;11)/other, < 6 mo, >= 300, PPR, CD10+, male") {
  // 2.41 x 1.57 x 1.69 x 1.53 = 9.7835...
  const RelativeHazardResult r =
      relative_hazard(full(R, Kmt2aPartner::t9_11, 100, 400, PredResponse::ppr, true, Sex::male));
  REQUIRE(r.relative_hazard.has_value());
  CHECK(*r.relative_hazard == 9.78);
}

TEST_CASE("Table 2 products 7.76 and 4.85; 1.21 shown with the erratum note") {
  // 1.21 x 1.75 x 1.63 x 1.70 x 1.26 x 1.05 = 7.7628...
  RelativeHazardResult r =
      relative_hazard(full(R, Kmt2aPartner::t4_11, 100, 400, PredResponse::ppr, false, Sex::female),
                      CoxTable::table2_kmt2a_r);
  REQUIRE(r.relative_hazard.has_value());
  CHECK(*r.relative_hazard == 7.76);
  REQUIRE(r.factors[0].hazard_ratio.has_value());
  CHECK(*r.factors[0].hazard_ratio == 1.21);
  CHECK(r.factors[0].caveat.find("consistent with 1.12; possible erratum") != std::string::npos);
  CHECK(mentions(r, "possible erratum"));
  // 1.75 x 1.63 x 1.70 = 4.84925 -> 4.85 (exact half-up rounding)
  r = relative_hazard(full(R, Kmt2aPartner::other, 100, 400, PredResponse::ppr, true, Sex::male),
                      CoxTable::table2_kmt2a_r);
  REQUIRE(r.relative_hazard.has_value());
  CHECK(*r.relative_hazard == 4.85);
  CHECK(round_product_2dp({1.75, 1.63, 1.70}) == 4.85);
  CHECK(round_product_2dp({}) == 1.00);
}

TEST_CASE("KMT2A-r with unknown partner: a range of two products") {
  // Table 1: KMT2A term 2.41-2.73; with everything else at reference the range is 2.41 to 2.73.
  RelativeHazardResult r =
      relative_hazard(full(R, std::nullopt, 200, 100, PredResponse::pgr, true, Sex::male));
  CHECK(r.status == RelativeHazardStatus::range);
  CHECK_FALSE(r.relative_hazard.has_value());
  CHECK(*r.relative_hazard_low == 2.41);
  CHECK(*r.relative_hazard_high == 2.73);
  CHECK(*r.factors[0].hazard_ratio_low == 2.41);
  CHECK(*r.factors[0].hazard_ratio_high == 2.73);
  // Table 2: KMT2A term 1 to 1.21
  r = relative_hazard(full(R, std::nullopt, 200, 100, PredResponse::pgr, true, Sex::male),
                      CoxTable::table2_kmt2a_r);
  CHECK(r.status == RelativeHazardStatus::range);
  CHECK(*r.relative_hazard_low == 1.00);
  CHECK(*r.relative_hazard_high == 1.21);
  // Table 1 with the 13.73 profile but partner unknown: 2.41/2.73 x 5.0297 -> 12.12 to 13.73
  r = relative_hazard(full(R, std::nullopt, 100, 400, PredResponse::ppr, false, Sex::female));
  CHECK(*r.relative_hazard_low == 12.12);  // 2.41*1.57*1.69*1.53*1.18*1.05 = 12.1218...
  CHECK(*r.relative_hazard_high == 13.73);
}

TEST_CASE("missing covariates: 'cannot be computed' naming them") {
  PatientInput p = full(R, Kmt2aPartner::t4_11, 100, 400, PredResponse::ppr, false, Sex::female);
  p.pred_response.reset();
  p.sex.reset();
  const RelativeHazardResult r = relative_hazard(p);
  CHECK(r.status == RelativeHazardStatus::cannot_be_computed);
  CHECK_FALSE(r.relative_hazard.has_value());
  CHECK(r.missing == std::vector<std::string>{"pred_response", "sex"});
  CHECK(r.summary.find("cannot be computed") != std::string::npos);
  CHECK(r.summary.find("pred_response, sex") != std::string::npos);
}

TEST_CASE("non-B lineage: CD10 term left out with COX_CD10_UNDEFINED_NON_B") {
  PatientInput p = full(R, Kmt2aPartner::t4_11, 100, 400, PredResponse::ppr, false, Sex::female);
  p.immunophenotype = Immunophenotype::t;
  p.cd10_positive.reset();
  const RelativeHazardResult r = relative_hazard(p);
  CHECK(has(r.flags, "COX_CD10_UNDEFINED_NON_B"));
  CHECK(r.status == RelativeHazardStatus::computed);
  // 2.73 x 1.57 x 1.69 x 1.53 x 1.05 = 11.6365... (13.73 profile without the CD10 term)
  CHECK(*r.relative_hazard == 11.64);
  CHECK(r.factors[4].greyed);
  CHECK_FALSE(r.factors[4].in_product);
}

TEST_CASE("KMT2A-germline: age factor greyed with the reversed-age caveat; Table 2 refuses") {
  const PatientInput p = full(G, std::nullopt, 100, 100, PredResponse::pgr, true, Sex::male);
  RelativeHazardResult r = relative_hazard(p);
  CHECK(r.status == RelativeHazardStatus::computed);
  CHECK(*r.relative_hazard == 1.57);  // the model's age term only
  CHECK(r.factors[1].greyed);
  CHECK(r.factors[1].caveat.find("favourable") != std::string::npos);
  r = relative_hazard(p, CoxTable::table2_kmt2a_r);
  CHECK(r.status == RelativeHazardStatus::not_applicable);
  CHECK_FALSE(r.relative_hazard.has_value());
}

TEST_CASE("wording: 'hazard ratio' spelled out, no CI for the product, no absolute EFS") {
  const RelativeHazardResult r = relative_hazard(
      full(R, Kmt2aPartner::t4_11, 100, 400, PredResponse::ppr, false, Sex::female));
  for (const auto& h : r.factors) {
    CAPTURE(h.text);
    CHECK(h.text.find("HR") == std::string::npos);
    if (h.hazard_ratio && *h.hazard_ratio != 1) {
      CHECK(h.text.find("hazard ratio") != std::string::npos);
      CHECK(h.text.find("95% CI") != std::string::npos);
    }
  }
  CHECK(r.summary.find("HR") == std::string::npos);
  CHECK(r.summary.find("no confidence interval") != std::string::npos);
  CHECK(r.summary.find("not an absolute EFS") != std::string::npos);
  CHECK(mentions(r, "baseline survival of the model is not published"));
  // the result has no field that could carry an absolute EFS or a product CI: only the
  // product (or its two ends) is numeric at the result level.
}

TEST_CASE("invalid and out-of-population patients get no product") {
  PatientInput p = full(R, Kmt2aPartner::t4_11, 100, 400, PredResponse::ppr, false, Sex::female);
  p.wbc = -1;
  CHECK(relative_hazard(p).status == RelativeHazardStatus::invalid);
  p = full(R, Kmt2aPartner::t4_11, 400, 400, PredResponse::ppr, false, Sex::female);
  CHECK(relative_hazard(p).status == RelativeHazardStatus::not_applicable);
}
