// Published outcome figures to show next to a classified patient, held in ONE static table, and
// the rule that selects them (docs/CLINICAL-RULES.md, "Published figures and the Interfant-06
// relative hazard").
//
// These are univariate, published subgroup estimates: a patient belongs to several subgroups at
// once, and the rows are shown side by side, never averaged or multiplied. Nothing is computed
// from them and nothing is filled in where a figure was not retrieved.
//
// R equivalent: none (published figures).
#pragma once

#include <string>
#include <vector>

#include "infant_all/clinical/classify.h"
#include "infant_all/clinical/patient.h"

namespace infant_all {

struct OutcomeFigure {
  const char* key;     // stable identifier, e.g. "i06.group.LR.efs"
  const char* source;  // source ID: "S-I06", "S-MLL10", "S-0631", ... (citation_of names it)
  // The group of rows it belongs to (the JSON's `section`): "2.1" Interfant-06 whole cohort and
  // risk groups, "2.2" by characteristic, "2.3" original vs other study groups, "2.4" randomised
  // comparison, SCT and MRD, "2.5" cross-trial table, "2.6" MLL-10, "2.7" AALL0631, "2.8"
  // blinatumomab, "2.9" other figures.
  const char* section;
  const char* protocol;  // "interfant06", "interfant99", "mll10", "aall0631", "blinatumomab", ...
  const char* subgroup;  // risk group or characteristic: "LR", "Age at diagnosis", "original"
  const char* category;  // level within it: "0-3 mo", "ADE+MAE", "" when none
  const char* endpoint;  // "EFS", "OS", "DFS", "CIR", "CI of death in remission", ...
  double horizon_years;  // NaN when the figure is not a time-point estimate
  const char* horizon_label;  // as to be displayed ("6-year", "3-year (...; cited as 5-year ...)")
  double estimate;            // in `unit`
  const char* unit;           // "%" or "hazard ratio" or "relative risk"
  double se;                  // NaN when not published
  double ci_lower;            // NaN when not published
  double ci_upper;
  const char* uncertainty;  // exactly as published: "SE 3.6", "95% CI 64.5-92.7", "+-6", ""
  int n;                    // -1 when not given
  const char* caveat;       // display caveat ("" if none)
  const char* footnote;     // [AMBIGUOUS]/[UNVERIFIED] footnote ("" if none)
};

// The whole table, in `section` order.
const std::vector<OutcomeFigure>& reference_outcome_table();

// The paper behind a source identifier, as a short citation ("" when unknown).
const char* citation_of(const std::string& source);

// The estimate with the published precision: "49.0" when the paper printed 49.0 (SE 4.0), "47"
// when it printed 47.
std::string estimate_text(const OutcomeFigure& f);

// The row with this key, or nullptr.
const OutcomeFigure* find_outcome(const std::string& key);

enum class StudyGroupCategory { original, other, unknown };
// Interfant-06 Fig. 2 legend (Pieters et al., J Clin Oncol 2019): DCOG, UKCCSG, FRALLE, AIEOP,
// COALL, EORTC-CLG, NOPHO, BFM-Austria, St Jude, DFCI, CPH, BFM-Germany -> original; Argentina,
// Chile/PINDA, ANZCHOG, CUHK, PPLLSG, Seattle -> other; anything else -> unknown. Case-insensitive,
// punctuation ignored.
StudyGroupCategory study_group_category(const std::string& study_group);

struct OutcomeSelection {
  std::vector<OutcomeFigure> rows;
  std::vector<std::string> notes;  // display caveats for the selection as a whole
};

// Rows to show for one classified patient (docs/CLINICAL-RULES.md): the group's figures, the
// original/other split, the Interfant-06 characteristic rows the patient falls in (univariate),
// blinatumomab rows with caveats 1-5 for KMT2A-r, the MLL-10 row with its 3-year/"5-year" label,
// AALL0631 KMT2A-r rows (KMT2A-g left blank, not retrieved). Invalid results select nothing.
OutcomeSelection outcomes_for(const ClassifyResult& result, const PatientInput& in);

}  // namespace infant_all
