// Recoding: a value of the file read as another before the vocabulary reads it ("Rezidiv" as
// relapse, "positiv" as rearranged), as the page's recoding table and the CLI's --recode
// (docs/CLINICAL-INPUTS.md, "Recoding"). A recode names its input, so "positiv" can mean
// rearranged for KMT2A and positive for CD10. The meaning must be one the input's vocabulary
// reads itself: a recode never makes a value the classifier would refuse. Values are matched
// as the vocabulary matches spellings (fold_text: case, accents and blanks ignored).
//
// R equivalent: none (in R, a recode before the analysis: d$x[d$x == "Rezidiv"] <- "relapse").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "infant_all/clinical/column_mapping.h"
#include "infant_all/io/column_table.h"
#include "infant_all/status.h"

namespace infant_all {

struct ValueRecode {
  std::string canonical;  // the input: "kmt2a_status", "sex", "event_type", ...
  std::string from;       // the file's value as written
  std::string to;         // its meaning, as the input's vocabulary spells it ("relapse")
  std::string folded;     // fold_text(from): what a cell is compared with
};

// "canonical:value=meaning" -> *out. Errors name what is wrong: no ':' or '=', an input the
// calculator does not read, an empty or missing-value `value`, or a meaning the input's
// vocabulary does not read (with what it reads).
Status parse_value_recode(std::string_view text, ValueRecode* out);

// The meaning `text` of input `canonical` has under `recodes` (the first that matches), or
// nullptr when none applies.
const std::string* recoded_value(const std::vector<ValueRecode>& recodes,
                                 std::string_view canonical, std::string_view text);

// The recoding table of a file: for each mapped input read through a vocabulary (kmt2a_status,
// kmt2a_partner, pred_response, immunophenotype, cns_status, sex, the yes/no and pos/neg inputs)
// and event_type, the column's distinct values with their counts and how each is read under
// `recodes`, and the meanings the input reads (its vocabulary's readings, each as a spelling a
// recode may name).
struct RecodeValue {
  std::string value;     // as the file writes it (the first spelling met, for a folded match)
  size_t n = 0;          // rows with it
  std::string status;    // "read", "recoded" or "invalid" (a missing-value word reads unknown)
  std::string meaning;   // the reading ("rearranged"; "unknown"), "" when invalid or missing
  std::string expected;  // invalid: what the input reads
};
struct RecodeInput {
  std::string canonical;
  std::string column;                 // the file's header
  std::vector<std::string> meanings;  // e.g. rearranged, germline, unknown
  std::vector<RecodeValue> values;    // most rows first; at most max_values
  size_t n_distinct = 0;              // distinct values in all (blank cells not counted)
  size_t n_invalid = 0;               // rows whose value is invalid
};
std::vector<RecodeInput> recode_table(const Table& t, const ColumnMapping& mapping,
                                      const std::vector<ValueRecode>& recodes,
                                      size_t max_values = 200);

}  // namespace infant_all
