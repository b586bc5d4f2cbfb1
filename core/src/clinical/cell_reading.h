// patient_from_fields() in two steps, so that a cohort can read each distinct cell value once
// (cohort_patients.h) and still build every patient exactly as the one-patient path does:
//   read_cell: one cell's text -> its value under one input's vocabulary (no patient state);
//   apply_cell: that value -> the PatientInput being built (what the field sets, in file order);
//   finish_row: what needs the whole row (a unit written in the WBC cell against the unit
//   column, a fusion partner named in the status cell, unreadable cells as classifier errors).
// Private to the clinical layer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "infant_all/clinical/patient_values.h"

namespace infant_all::cells {

// The canonical inputs patient_from_fields reads (docs/CLINICAL-INPUTS.md, "Column names"), in
// one order; `ignored` is any other name (an outcome column, say).
enum class Field : std::uint8_t {
  patient_id,
  dob,
  diagnosis_date,
  age_days,
  age_months,
  sex,
  kmt2a_status,
  kmt2a_method,
  kmt2a_partner,
  wbc,
  wbc_unit,
  day8_wbc,
  day8_wbc_unit,
  pred_response,
  day8_blasts_per_ul,
  day8_blast_pct,
  immunophenotype,
  cd10,
  cd19,
  cns_status,
  csf_wbc_per_ul,
  csf_rbc_per_ul,
  csf_blasts,
  cranial_nerve_palsy,
  cns_mass,
  cr_eoi,
  mrd_eoi,
  mrd_eoc,
  mrd_pre_octada,
  mrd_post_blina1,
  mrd_unit,
  mrd_method,
  mrd_qr,
  bcr_abl1,
  study_group,
  prednisone_prephase_given,
  ignored,
};

Field field_of(std::string_view canonical);

// Identifiers and free text that no rule reads (patient_id, mrd_method, study_group) and names
// the classifier does not read at all: a group-only reading can skip them.
bool is_free_text_or_ignored(Field f);

// One cell as read under one input's vocabulary. What apply_cell reads for every cell sits in the
// first 64 bytes and the struct is aligned to a cache line: a cohort looks up one of thousands of
// distinct readings per cell, and one line per lookup instead of three is most of its cost.
struct alignas(64) CellReading {
  bool blank = false;       // a missing token ("", NA, unknown, ...): the input is a blank cell
  bool has = false;         // a value was read (else the field stays absent)
  bool unreadable = false;  // == !expected.empty()
  int code = 0;             // an enum's value, or a yes/no as 1/0
  double number = 0;        // numbers (counts in the unit the field stores), mrd_qr as a fraction
  Mrd mrd;
  Date date;
  std::optional<WbcUnit> cell_unit;     // wbc, day8_wbc: a unit written in the cell
  std::optional<PartnerValue> partner;  // kmt2a_partner; kmt2a_status: the partner its fusion names
  std::string expected;  // non-empty: the cell is unreadable; what would have been accepted
  std::string text;      // the cell as written when unreadable; the trimmed free text otherwise
};

CellReading read_cell(Field field, const std::string& text, const PatientFieldOptions& options);

// What a row's fields leave for finish_row.
struct RowCarry {
  std::optional<WbcUnit> wbc_cell_unit, day8_cell_unit;
  std::optional<PartnerValue> partner_from_status;
};

// `name` is the canonical name (the field's own, or the ignored column's).
void apply_cell(Field field, const std::string& name, const CellReading& r, PatientBuild* b,
                RowCarry* carry);

void finish_row(PatientBuild* b, const RowCarry& carry);

}  // namespace infant_all::cells
