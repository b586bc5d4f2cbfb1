// Parsers from raw spreadsheet text to the PatientInput value types, following the vocabulary of
// docs/CLINICAL-INPUTS.md, and patient_from_fields(), which builds one PatientInput from
// (canonical column name, cell text) pairs.
//
// Each parser returns a value, nothing (a missing token such as "", NA, N/A, ., -, NULL, nan,
// unknown), or an error stating what was expected. Parsers never guess: ambiguous text (a numeric
// sex code, "<1e-4", a decimal comma) is an error, not a default. Range checks (hard limits) are
// not done here but by classify(), so an out-of-range number reaches it and makes the patient
// "invalid" with the limit named.
//
// A lone ASCII "-" is read as a missing token in every column (spreadsheets use it for blank).
// For a negative/germline result write "neg", "negative", or the Unicode minus sign (U+2212).
//
// R equivalent: none.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "infant_all/clinical/patient.h"
#include "infant_all/clinical/value_recode.h"
#include "infant_all/io/dates.h"

namespace infant_all {

template <typename T>
struct Parsed {
  std::optional<T> value;  // empty for a missing token or an error
  std::string error;       // non-empty: "expected ..."
  bool ok() const { return error.empty(); }
};

// "", NA, N/A, n.a., ., -, NULL, nan, none, unknown, unk, ?, not known, nk, nd, not done,
// missing, pending, failed (case-insensitive, trimmed).
bool is_missing_value(const std::string& text);

// Plain decimal or scientific number ("300", "0.5", "1.0E-04", "+3"). Decimal commas and
// thousands separators are rejected as ambiguous.
Parsed<double> parse_value_number(const std::string& text);

// One date cell, by the project's date rules (dates.h parse_date: ISO YYYY-MM-DD always;
// D/M/YYYY or M/D/YYYY only with an explicit format; Excel serials only when enabled); a trailing
// time of day ("2024-08-31T00:00:00", "2024-08-31 00:00") is dropped first. An impossible day
// (2025-02-30) is an error naming it.
Parsed<Date> parse_date_cell(const std::string& text, const DateOptions& options = {});

Parsed<bool> parse_yes_no(const std::string& text);   // yes/no, y/n, 1/0, true/false, +/U+2212
Parsed<bool> parse_pos_neg(const std::string& text);  // positive/negative, pos/neg, +/-, yes/no
Parsed<Sex> parse_sex(const std::string& text);       // M/F, male/female, boy/girl; not 1/2

// Through the kmt2a_status vocabulary (vocabulary.h): exact spellings, fusion names in any
// notation, negations ("MLL FISH negative" is germline); unknown words -> Kmt2aStatus::unknown;
// anything else, a partial tandem duplication ("PTD") included, is an error.
Parsed<Kmt2aStatus> parse_kmt2a_status(const std::string& text);
Parsed<Kmt2aMethod> parse_kmt2a_method(const std::string& text);

struct PartnerValue {
  Kmt2aPartner partner = Kmt2aPartner::other;
  bool ell = false;  // KMT2A::ELL t(11;19)(q23;p13.1): mapped to other, flagged
};
// t(4;11)/AFF1/AF4 -> t4_11; t(11;19)/MLLT1/ENL -> t11_19; t(9;11)/MLLT3/AF9 -> t9_11;
// ELL, t(11;19)(q23;p13.1), MLLT10/AF10, AFDN/AF6, other partner genes -> other; "none",
// "not detected" -> nothing. Any other text is an error (vocabulary.h kmt2a_partner).
Parsed<PartnerValue> parse_kmt2a_partner(const std::string& text);

// The KMT2A status cell with the partner its fusion names ("MLL-AF4" -> rearranged, t4_11;
// "KMT2A::AFF1 not detected" -> germline, no partner).
struct Kmt2aReading {
  Kmt2aStatus status = Kmt2aStatus::unknown;
  std::optional<PartnerValue> partner;
};
Parsed<Kmt2aReading> read_kmt2a_status(const std::string& text);

Parsed<PredResponse> parse_pred_response(const std::string& text);
Parsed<Immunophenotype> parse_immunophenotype(const std::string& text);
Parsed<CnsStatus> parse_cns_status(const std::string& text);  // CNS1/2/3 (2a-c), 1/2/3, TLP+/-
Parsed<WbcUnit> parse_wbc_unit(const std::string& text);      // also header suffixes (_per_ul)
Parsed<MrdUnit> parse_mrd_unit(const std::string& text);      // fraction, percent/%, log10

// MRD text: "1e-4", "1.0E-04", "10^-4" (fraction); "0.01%" (percent); a plain decimal such as
// "0.0001" has no unit of its own; negative/neg/MRD-/not detected -> negative;
// POS<QR, PNQ, <QR, positive not quantifiable -> below_qr.
Parsed<Mrd> parse_mrd(const std::string& text);

// A number with an optional unit in the same cell ("45 G/L", "300000/uL").
struct CountValue {
  double value = 0;
  std::optional<WbcUnit> unit;
};
Parsed<CountValue> parse_count_with_unit(const std::string& text);

struct FieldProblem {
  std::string column;    // canonical name
  std::string value;     // the cell text
  std::string expected;  // what would have been accepted
};

struct PatientBuild {
  PatientInput input;
  std::vector<FieldProblem> problems;
  std::vector<std::string> ignored_columns;  // names this function does not read
};

struct PatientFieldOptions {
  DateOptions dates;  // date_format (auto/iso/dmy/mdy) and Excel serials, as for the CSV reader
  std::optional<Date> today;         // copied into PatientInput::today
  std::vector<ValueRecode> recodes;  // values read as another first (value_recode.h)
};

// Builds a PatientInput from canonical column names (docs/CLINICAL-INPUTS.md: patient_id, dob,
// diagnosis_date, age_days, age_months, sex, kmt2a_status, kmt2a_method, kmt2a_partner, wbc,
// wbc_unit, pred_response, day8_blasts_per_ul, day8_wbc, day8_blast_pct, immunophenotype, cd10,
// cd19, cns_status, csf_wbc_per_ul, csf_rbc_per_ul, csf_blasts, cranial_nerve_palsy, cns_mass,
// cr_eoi, mrd_eoi, mrd_eoc, mrd_pre_octada, mrd_post_blina1, mrd_unit, mrd_method, mrd_qr,
// bcr_abl1, study_group, prednisone_prephase_given) and raw cell text. A unit taken from a header
// suffix is passed as the wbc_unit field. An unparseable cell leaves its field absent and adds a
// problem; it never stops the other fields.
PatientBuild patient_from_fields(const std::vector<std::pair<std::string, std::string>>& fields,
                                 const PatientFieldOptions& options = {});

}  // namespace infant_all
