// Relative hazard of an EFS event under the Interfant-06 multivariable Cox models, exactly as
// published (Pieters et al., J Clin Oncol 2019;37:2246, Tables 1 and 2), and only in the ways
// docs/CLINICAL-RULES.md ("Published figures and the Interfant-06 relative hazard") describes:
//   - each factor's hazard ratio and 95% CI for the patient's level, next to the reference level;
//   - exp(linear predictor) = the product of the printed hazard ratios of the patient's
//     non-reference levels, rounded to 2 decimals, worded as "x N the hazard of a
//     reference-profile infant".
// Never an absolute EFS (the baseline survival is not published), never a CI for the product
// (the coefficient covariance is not published), never rows from both tables at once.
//
// R equivalent: for a model fitted on the raw data, predict(fit, newdata, type = "risk",
// reference = "zero") with the reference levels as baseline; here the coefficients are the
// published ones, so there is no R call that reproduces them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "infant_all/clinical/patient.h"

namespace infant_all {

enum class CoxTable {
  table1_all,      // Table 1: all Interfant-06 cases, n = 576 complete cases
  table2_kmt2a_r,  // Table 2: KMT2A-rearranged cases, n = 427 complete cases
};
const char* to_string(CoxTable t);  // "table1_all", "table2_kmt2a_r"

// One printed row. Reference levels have hazard_ratio 1 and no CI or P.
struct CoxTableRow {
  const char* variable;  // "KMT2A status", "Age at diagnosis, months", ...
  const char* level;     // "t(4;11) + t(11;19)", "< 6", ...
  bool reference;
  double hazard_ratio;
  double lower;  // 95% CI, as printed (NaN for the reference)
  double upper;
  const char* p;     // P exactly as printed ("< .001", "< .4083", ".2254"); "" for reference
  const char* note;  // the erratum note on Table 2's KMT2A row; "" otherwise
};

// The rows of a table in the order printed.
const std::vector<CoxTableRow>& cox_table_rows(CoxTable t);
int cox_table_n(CoxTable t);  // 576 or 427

struct HazardFactor {
  std::string factor;           // "KMT2A status"
  std::string patient_level;    // "t(4;11) + t(11;19)", "unknown partner", "unknown"
  std::string reference_level;  // "Germline"
  // Printed hazard ratio of the patient's level (1 at the reference level); empty when the level
  // is unknown or the factor is left out.
  std::optional<double> hazard_ratio;
  std::optional<double> lower, upper;  // its 95% CI (empty at the reference level)
  std::string p;                       // as printed
  // A partner-unknown KMT2A-r patient: the two possible printed hazard ratios.
  std::optional<double> hazard_ratio_low, hazard_ratio_high;
  bool in_product = false;  // the factor contributes to the product
  bool greyed = false;      // shown de-emphasised (KMT2A-germline age term, CD10 for non-B)
  std::string caveat;
  std::string text;  // a sentence that says "hazard ratio", never a bare "HR"
};

enum class RelativeHazardStatus {
  computed,            // one product
  range,               // KMT2A-r with unknown partner: two products
  cannot_be_computed,  // a covariate is missing; `missing` names it
  not_applicable,      // Table 2 for a non-KMT2A-r patient, age > 365 days, mature B
  invalid,             // the patient failed hard validation
};
const char* to_string(RelativeHazardStatus s);

struct RelativeHazardResult {
  CoxTable table = CoxTable::table1_all;
  std::string table_label;
  int n = 0;
  RelativeHazardStatus status = RelativeHazardStatus::cannot_be_computed;
  std::vector<HazardFactor> factors;                                // in the table's order
  std::optional<double> relative_hazard;                            // status computed
  std::optional<double> relative_hazard_low, relative_hazard_high;  // status range
  std::string reference_profile;     // "KMT2A germline, age >= 6 months, ..."
  std::vector<std::string> missing;  // canonical input names of the missing covariates
  std::vector<std::string> flags;    // COX_CD10_UNDEFINED_NON_B, ...
  std::vector<std::string> notes;    // erratum, no absolute EFS, no CI for the product, ...
  std::vector<FieldError> errors;
  std::string summary;  // "x13.73 the hazard of a reference-profile infant ..." or the reason
};

RelativeHazardResult relative_hazard(const PatientInput& in, CoxTable table = CoxTable::table1_all);

// Product of printed hazard ratios (each with 2 decimals), rounded half-up to 2 decimals in exact
// decimal arithmetic, so 1.75 x 1.63 x 1.70 = 4.84925 gives 4.85 regardless of binary rounding.
double round_product_2dp(const std::vector<double>& hazard_ratios);

}  // namespace infant_all
