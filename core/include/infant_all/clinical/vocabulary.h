// The clinical input vocabulary: for every categorical input, the exact spellings the reader
// accepts and what each means, and the documented patterns it reads beyond them (fusion names
// in their several notations, negations, German and French registry words). One table drives
// the parsers in patient_values.cpp, the CLI's `vocabulary` command, the WASM module and the
// page's form hints, so the three can never disagree on a spelling.
//
// A text that matches neither an exact spelling nor a documented pattern is unreadable: the
// reader returns an error naming what was expected, and the classifier reports the patient as
// invalid for every protocol whose rule reads that input. `unknown` is kept for blanks and the
// explicit unknown words below. The rules are in docs/CLINICAL-INPUTS.md.
//
// R equivalent: none.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace infant_all {

// One accepted spelling and its reading. Spellings are stored folded (see fold_text): lower
// case, accents removed, micro sign as 'u', blanks collapsed.
struct VocabularyToken {
  const char* text;
  const char* reading;  // e.g. "rearranged", "germline", "unknown", "PPR", "true"
};

struct InputVocabulary {
  const char* input;       // canonical input name, or a group of them ("yes_no")
  const char* applies_to;  // the canonical inputs read with this vocabulary, comma-separated
  std::vector<VocabularyToken> tokens;
  const char* patterns;  // the patterns read beyond the exact spellings, in words ("" if none)
  const char* rejected;  // spellings deliberately refused, and why ("" if none)
};

// Every vocabulary, in a fixed order: kmt2a_status, kmt2a_partner, pred_response,
// immunophenotype, cns_status, yes_no, pos_neg, sex, mrd, mrd_unit, wbc_unit, unknown, missing.
const std::vector<InputVocabulary>& vocabularies();
const InputVocabulary& vocabulary(std::string_view input);  // precondition: a name above

// Lower case; accents folded (e acute -> e, a/o/u umlaut -> a/o/u, sharp s -> ss, c cedilla -> c);
// micro signs -> u; multiplication sign -> x; Unicode minus, en dash, superscript minus -> '-';
// superscript digits -> digits; blanks trimmed and collapsed to one space.
std::string fold_text(std::string_view raw);

// The reading of `folded` (fold_text output) in the vocabulary's exact spellings, or nullptr.
const char* exact_reading(const InputVocabulary& v, std::string_view folded);

// The free-text readers behind the documented patterns. Each returns the reading, or "" with
// `why` set to what made the text unreadable.
struct PatternReading {
  std::string reading;  // "" when unreadable
  std::string partner;  // kmt2a_status only: t4_11, t11_19, t9_11, other ("" when none named)
  bool ell = false;     // the partner named is ELL (t(11;19)(q23;p13.1)), mapped to other
  std::string why;
};
// KMT2A status: fusion and gene names in any notation (KMT2A::AFF1, MLL-AF4, t(4;11)(q21;q23),
// AF4), negations (not, no, negative, absent, not detected, normal, intact, wildtype, germline,
// unrearranged, and their German/French forms), method words (FISH, RT-PCR, karyotype).
PatternReading read_kmt2a_status_text(std::string_view folded);
// KMT2A partner: t4_11, t11_19, t9_11, other, or "none" (a negation with no partner named).
PatternReading read_kmt2a_partner_text(std::string_view folded);
// Prednisone response: PGR/PPR words in sentences ("poor (PPR)", "prednisone good responder").
PatternReading read_pred_response_text(std::string_view folded);

}  // namespace infant_all
