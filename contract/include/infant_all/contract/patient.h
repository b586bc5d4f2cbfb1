// One patient, as the page's form sends it: canonical field name -> text, exactly the text a CSV
// cell would hold ("rearranged", "350", "x10^9/L", "2025-02-27"), so the form and the CLI's
// `classify --csv` go through the same parsing and give the same answer.
#pragma once

#include <nlohmann/json.hpp>

#include "infant_all/clinical/classify.h"
#include "infant_all/clinical/patient_values.h"

namespace infant_all::contract {

// request: {"fields": {"kmt2a_status": "rearranged", ...}, "protocol": "interfant06" | "all",
//           "today": "YYYY-MM-DD" (for the diagnosis-in-the-future check), "date_format": "iso"}
// result:  {"ok": true, "problems": [{column, value, expected}], "ignored_columns": [...],
//           "results": [classification + "outcomes" + "relative_hazard"], ...} or
//          {"ok": false, "error": "..."}.
nlohmann::ordered_json classify_patient(const nlohmann::ordered_json& request);

// The ENGINE.md classify row fields of one result (group, status, candidates, missing, flags,
// reasons) plus criteria, notes, errors and protocol-specific extras.
nlohmann::ordered_json classification_json(const ClassifyResult& r);

// The clinical input vocabulary (vocabulary.h): per input, the exact spellings and their
// readings, the patterns read beyond them and the spellings refused. For `infant-all
// vocabulary`, the WASM module's vocabulary() and the page's form hints.
nlohmann::ordered_json vocabulary_json();

// Each protocol's rules as the classifier implements them (classify.h protocol_rules), with the
// inputs it reads. For `infant-all rules` and the page's "About these rules".
nlohmann::ordered_json rules_json();

}  // namespace infant_all::contract
