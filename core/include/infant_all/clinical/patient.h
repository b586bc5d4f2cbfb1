// One infant's diagnostic data as the risk classifier reads it, and the protocol-independent
// derivation of facts from it (age in days, WBC in x10^9/L, prednisone response, CNS status, MRD
// comparisons), following the shared conventions of docs/CLINICAL-RULES.md and the units and
// hard limits of docs/CLINICAL-INPUTS.md.
//
// Every field is optional: absent means "not known", never a default. Nothing here reads a clock
// or a file; today's date, when needed for the "diagnosis in the future" check, is passed in.
//
// R equivalent: none (input validation and unit conversion).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace infant_all {

// Kleene three-valued logic (docs/CLINICAL-RULES.md, "Shared conventions"): AND is FALSE if any
// operand is FALSE, OR is TRUE if any operand is TRUE, NOT UNKNOWN is UNKNOWN.
enum class Tri : std::uint8_t { False, True, Unknown };

constexpr Tri tri(bool b) { return b ? Tri::True : Tri::False; }
constexpr Tri operator&&(Tri a, Tri b) {
  if (a == Tri::False || b == Tri::False) return Tri::False;
  if (a == Tri::True && b == Tri::True) return Tri::True;
  return Tri::Unknown;
}
constexpr Tri operator||(Tri a, Tri b) {
  if (a == Tri::True || b == Tri::True) return Tri::True;
  if (a == Tri::False && b == Tri::False) return Tri::False;
  return Tri::Unknown;
}
constexpr Tri operator!(Tri a) {
  return a == Tri::Unknown ? Tri::Unknown : (a == Tri::True ? Tri::False : Tri::True);
}
// "TRUE" / "FALSE" / "UNKNOWN", as in the `criteria` of the classify JSON.
const char* to_string(Tri t);

// A proleptic Gregorian calendar date.
struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};
bool operator==(const Date& a, const Date& b);
bool operator<(const Date& a, const Date& b);
bool is_valid_date(const Date& d);  // 1..9999, real month and day (dates.h's valid_civil)
// Days since 1970-01-01 (negative before). Precondition: is_valid_date(d).
std::int64_t days_since_epoch(const Date& d);
Date date_from_days(std::int64_t days);
// d + n calendar months; a day-of-month that does not exist in the target month becomes that
// month's last day (2024-08-31 + 6 months = 2025-02-28): the calendar 6-month rule of
// docs/CLINICAL-RULES.md, "Shared conventions".
Date add_months_clamped(const Date& d, int months);
std::string to_string(const Date& d);  // YYYY-MM-DD

enum class WbcUnit {
  x10e9_per_l,        // x10^9/L = G/L = x10^3/uL = K/uL = x10^3/mm3 (numerically identical)
  per_ul,             // /uL = /mm3 = cells/uL = x10^6/L; divide by 1000
  g_per_l_lowercase,  // "g/L": a mass unit, a known typo for G/L (S-MANN); accepted with a flag
  x10e9_per_ml_typo,  // "x10^9/mL" (S-VORA table): means x10^9/L; not converted literally
};
const char* to_string(WbcUnit u);

enum class PredResponse { pgr, ppr };
enum class Kmt2aStatus { rearranged, germline, unknown };
enum class Kmt2aMethod { fish, rt_pcr, karyotype, ngs, other };
// The fusion partner as read (docs/CLINICAL-INPUTS.md, "KMT2A partner"); the Interfant-06 Cox
// tables group t4_11 with t11_19 and t9_11 with other (docs/CLINICAL-RULES.md, "Published
// figures and the Interfant-06 relative hazard").
enum class Kmt2aPartner { t4_11, t11_19, t9_11, other };
enum class Immunophenotype { b, t, mpal, mature_b };
enum class CnsStatus { cns1, cns2, cns3, tlp_pos, tlp_neg };
enum class Sex { male, female };
enum class MrdKind { quantified, negative, below_qr };
enum class MrdUnit { fraction, percent, log10 };

const char* to_string(PredResponse v);
const char* to_string(Kmt2aStatus v);
const char* to_string(Kmt2aMethod v);
const char* to_string(Kmt2aPartner v);
const char* to_string(Immunophenotype v);
const char* to_string(CnsStatus v);
const char* to_string(Sex v);
const char* to_string(MrdUnit v);

// A value outside its hard limit (docs/CLINICAL-INPUTS.md, "Hard limits") or an unreadable value:
// the field, the offending value as text, and a message naming the limit.
struct FieldError {
  std::string field;
  std::string value;
  std::string message;
};

// One MRD measurement. `value` is read in `unit`; an absent unit is resolved against
// PatientInput::mrd_unit, and if that is absent too, both fraction and percent readings are
// tried and the comparison is UNKNOWN when they disagree (docs/CLINICAL-RULES.md, "Shared
// conventions").
struct Mrd {
  MrdKind kind = MrdKind::quantified;
  double value = 0;  // ignored unless kind == quantified
  std::optional<MrdUnit> unit;
};

struct PatientInput {
  std::optional<std::string> patient_id;

  // Age: dates are preferred, then age_days, then age_months (docs/CLINICAL-RULES.md, "Shared
  // conventions").
  std::optional<Date> dob;
  std::optional<Date> diagnosis_date;
  std::optional<double> age_days;    // must be a whole number
  std::optional<double> age_months;  // last resort; raises AGE_MONTHS_ONLY
  std::optional<Date> today;         // for the "diagnosis in the future" check; not read

  std::optional<double> wbc;
  std::optional<WbcUnit> wbc_unit;  // absent: assumed x10^9/L if <= 3000 (flagged), else suspect

  std::optional<bool> prednisone_prephase_given;
  std::optional<PredResponse> pred_response;
  std::optional<double> day8_blasts_per_ul;
  std::optional<double> day8_wbc;
  std::optional<WbcUnit> day8_wbc_unit;
  std::optional<double> day8_blast_pct;  // 0..100

  std::optional<Kmt2aStatus> kmt2a_status;  // absent == unknown
  std::optional<Kmt2aMethod> kmt2a_method;
  std::optional<Kmt2aPartner> kmt2a_partner;
  bool kmt2a_partner_ell = false;  // the partner was KMT2A::ELL t(11;19)(q23;p13.1) -> other

  std::optional<Immunophenotype> immunophenotype;
  std::optional<bool> cd10_positive;
  std::optional<bool> cd19_positive;

  std::optional<CnsStatus> cns_status;  // explicit status takes precedence over CSF fields
  std::optional<double> csf_wbc_per_ul;
  std::optional<double> csf_rbc_per_ul;
  std::optional<bool> csf_blasts;
  std::optional<bool> cranial_nerve_palsy;
  std::optional<bool> cns_mass;

  std::optional<bool> cr_eoi;
  std::optional<Mrd> mrd_eoi;
  std::optional<Mrd> mrd_eoc;
  std::optional<Mrd> mrd_pre_octada;   // Interfant-06 MR SCT rule (after MARMA)
  std::optional<Mrd> mrd_post_blina1;  // Interfant-21 switch rule
  std::optional<MrdUnit> mrd_unit;     // file-level unit for MRD values without their own
  std::optional<std::string> mrd_method;
  std::optional<double> mrd_qr;  // quantitative range, as a fraction

  std::optional<bool> bcr_abl1_positive;
  std::optional<Sex> sex;
  std::optional<std::string> study_group;

  // Inputs whose text could not be read through the vocabulary (vocabulary.h): the field, the
  // text and what was expected. The field itself is left absent, but the classifier reports the
  // patient as invalid under every protocol whose rules read that input: an unreadable value is
  // never "unknown".
  std::vector<FieldError> unreadable;
  // Inputs given as blank cells of present columns (a column the file has, empty for this
  // patient). Their value is UNKNOWN, never "no": a blank cranial_nerve_palsy does not rule out
  // CNS3.
  std::vector<std::string> blank_inputs;
  bool is_blank(const char* input) const;
};

enum class AgeSource { none, dates, age_days, age_months };

// Protocol-independent facts derived from a PatientInput. Flags and notes here are those that
// concern the inputs themselves (units, conflicts); protocol-specific flags are added by classify.
struct PatientFacts {
  std::vector<FieldError> errors;  // non-empty => the patient is invalid
  std::vector<std::string> flags;  // empty unless with_text
  std::vector<std::string> notes;  // empty unless with_text
  bool with_text = true;
  // false: each error names its field only (value and message empty), for classify_group().
  bool error_words = true;

  AgeSource age_source = AgeSource::none;
  std::optional<int> age_days;       // from dates or age_days
  std::optional<double> age_months;  // only when age_source == age_months
  Tri age_lt_6mo = Tri::Unknown;     // calendar rule / <= 182 days / < 6.0 months
  Tri age_le_365d = Tri::Unknown;    // infant-protocol eligibility

  std::optional<double> wbc_x10e9_l;
  Tri wbc_ge_300 = Tri::Unknown;

  std::optional<double> day8_blasts_per_ul;  // from day8_blasts_per_ul or day8 WBC x pct
  Tri ppr = Tri::Unknown;
  std::string ppr_source;  // "pred_response", "day8_blasts_per_ul", "day8_wbc x day8_blast_pct"

  Kmt2aStatus kmt2a = Kmt2aStatus::unknown;
  std::optional<CnsStatus> cns_status;  // explicit, else derived from CSF fields
  bool cns3_by_palsy_or_mass = false;
};

// Validates and converts (docs/CLINICAL-RULES.md, "Shared conventions"; docs/CLINICAL-INPUTS.md,
// "Numbers with units" and "Hard limits"). Never fails: errors go into facts.errors. Without
// `with_text` the flags and notes are not written (the values and errors are the same); without
// `error_words` the errors name their fields only (the same errors, for the same fields).
PatientFacts derive_facts(const PatientInput& in, bool with_text = true, bool error_words = true);

// Age < `days` days, from exact days when known; from months only by the mean month
// (30.4375 d), UNKNOWN within 3 days of the cut-off since calendar months vary
// (docs/CLINICAL-RULES.md, "Shared conventions").
Tri age_lt_days(const PatientFacts& f, int days);

// Comparison of an MRD measurement with a threshold given as a fraction, in three-valued logic:
// `strict` selects > instead of >=. Values within 1e-9 (relative) of the threshold count as
// equal to it, so "0.01%" compares equal to 1e-4. Below-QR values are FALSE only when
// mrd_qr <= threshold (docs/CLINICAL-RULES.md, "Shared conventions"); a unitless value is UNKNOWN
// when its fraction and percent readings disagree. `flags` receives MRD_BELOW_QR /
// MRD_UNIT_AMBIGUOUS when they apply.
Tri mrd_compare(const std::optional<Mrd>& m, const PatientInput& in, double threshold, bool strict,
                std::vector<std::string>* flags);

// The MRD value as a fraction when it is unambiguous (negative -> 0); nullopt otherwise.
std::optional<double> mrd_fraction(const std::optional<Mrd>& m, const PatientInput& in);

// Conversion of a WBC count to x10^9/L (g/L and x10^9/mL typos are read as x10^9/L).
double wbc_to_x10e9_l(double value, WbcUnit unit);

}  // namespace infant_all
