// Risk-group classification of one infant with ALL under five protocols, in three-valued logic
// (docs/CLINICAL-RULES.md): Interfant-06 (LR/MR/HR), Interfant-99 (SR/HR as reported in the 2007
// summary, plus the post hoc Mann HR subgroup), JPLSG MLL-10 (LR/IR/HR), Interfant-21 (MR/HR with
// MR-low/MR-high) and COG AALL0631 (SR/IR/HR).
//
// A missing input yields a definite group only when every value it could take gives the same
// group; otherwise the result is "indeterminate" with the reachable candidates and the inputs
// that would settle it. No default is ever substituted, except the one Interfant-21 writes down
// (unknown prednisone response counts as good response).
//
// R equivalent: none (rule-based; the tests' expected groups are worked out by hand from the
// published rules).
#pragma once

#include <string>
#include <vector>

#include "infant_all/clinical/patient.h"

namespace infant_all {

enum class Protocol { interfant06, interfant99, mll10, interfant21, aall0631 };

// "interfant06", "interfant99", "mll10", "interfant21", "aall0631".
const char* to_string(Protocol p);
// Accepts the names above, case-insensitively, with or without '-'/'_'/' ' ("Interfant-06",
// "MLL-10", "AALL0631"). Returns false (and leaves *out alone) when the name is unknown.
bool protocol_from_string(const std::string& name, Protocol* out);

enum class ClassifyStatus { definite, indeterminate, not_applicable, invalid };
const char* to_string(ClassifyStatus s);

// full: the result with its words (criteria, reasons, notes, flags, what is missing);
// group_only: protocol, status, group, errors and facts' values only, the rest left empty - for
// cohorts, where the words of every row would cost far more than the rules.
enum class ClassifyDetail { full, group_only };

struct Criterion {
  std::string name;  // e.g. "kmt2a_r", "age_lt_6mo", "wbc_ge_300", "ppr"
  Tri value = Tri::Unknown;
};

// Field names follow the classify JSON (docs/ENGINE.md, docs/CONTRACT.md). `status` here is the
// classification status (definite/indeterminate/not_applicable/invalid), not a Status object:
// invalid input is a classification outcome with `errors`, never an API failure.
struct ClassifyResult {
  Protocol protocol = Protocol::interfant06;
  std::string group;  // empty unless status == definite
  ClassifyStatus status = ClassifyStatus::indeterminate;
  std::vector<std::string> candidates;  // groups whose predicate is not FALSE
  std::vector<std::string> missing;     // canonical input names that would settle it
  std::vector<std::string> flags;       // flag identifiers, e.g. AGE_NEAR_6_MONTH_BOUNDARY
  std::vector<Criterion> criteria;      // in evaluation order
  std::vector<std::string> reasons;     // one human sentence per criterion that was used
  std::vector<std::string> notes;       // caveats and context, human text
  std::vector<FieldError> errors;       // non-empty iff status == invalid

  // Interfant-99 only: post hoc HR subgroup of Mann et al. 2010 (KMT2A-r AND age < 6 mo AND
  // (PPR OR WBC >= 300)); not a protocol risk group.
  Tri mann_hr_subgroup = Tri::Unknown;
  // Interfant-21 only: "MR-low" | "MR-high" | "unknown" for MR (empty when not MR), and the
  // MR -> HR treatment switch (no CR at EOI, or MRD > 1e-4 after blinatumomab cycle 1).
  std::string mr_substratum;
  Tri switched_to_hr_treatment = Tri::Unknown;

  PatientFacts facts;  // the derived values the rules read (age in days, WBC in x10^9/L, ...)
  ClassifyDetail detail = ClassifyDetail::full;
};

// Classifies one infant. An input in PatientInput::unreadable, or a contradiction that can
// change the group (KMT2A germline with a fusion partner, a stated prednisone response against
// the day-8 count), makes the result `invalid` when the protocol reads that input
// (inputs_read); otherwise it is a note and the flag UNREADABLE_INPUT_NOT_USED.
ClassifyResult classify(const PatientInput& in, Protocol protocol = Protocol::interfant06,
                        ClassifyDetail detail = ClassifyDetail::full);

// The status and group of classify(in, protocol) and nothing else: for a cohort's group codes,
// where only the group, or the status that leaves a row without one, is kept. The same facts and
// predicate tables as classify(), but no result struct and no words, not even the errors' (an
// invalid row costs what a valid one does).
struct GroupOutcome {
  ClassifyStatus status = ClassifyStatus::indeterminate;
  const char* group = nullptr;  // a static name ("LR", "HR", ...), non-null iff definite
};
GroupOutcome classify_group(const PatientInput& in, Protocol protocol = Protocol::interfant06);

// The canonical inputs (column_mapping.h) a protocol's group, population and flag rules read.
const std::vector<std::string>& inputs_read(Protocol protocol);

// A protocol's rules as the classifier implements them, for users to read ("About these rules"):
// each group with the predicate the classifier evaluates (the same table row), the criteria's
// definitions, the rules beyond the group (flags, sub-strata), the sources and the open
// ambiguities with the reading chosen here. See docs/CLINICAL-RULES.md.
struct GroupRuleText {
  std::string group;
  std::string rule;
};
struct ProtocolRules {
  Protocol protocol = Protocol::interfant06;
  std::string name;        // "Interfant-06"
  std::string population;  // who the protocol applies to
  std::vector<GroupRuleText> groups;
  std::vector<std::pair<std::string, std::string>> criteria;  // name -> definition
  std::vector<std::string> other_rules;
  std::vector<std::string> sources;
  std::vector<std::string> ambiguities;
};
ProtocolRules protocol_rules(Protocol protocol);

// The five protocols, in enum order.
std::vector<ClassifyResult> classify_all(const PatientInput& in);

}  // namespace infant_all
