#include "infant_all/clinical/vocabulary.h"

#include <cctype>
#include <initializer_list>
#include <stdexcept>
#include <utility>

namespace infant_all {

namespace {

using Tokens = std::vector<VocabularyToken>;

// Words that mean "not known" in every categorical input (kept apart from blanks: a cell that
// says "pending" is unknown on purpose; a blank cell is missing).
const Tokens kUnknownWords = {
    {"unknown", "unknown"},
    {"unk", "unknown"},
    {"nk", "unknown"},
    {"not known", "unknown"},
    {"not done", "unknown"},
    {"pending", "unknown"},
    {"failed", "unknown"},
    {"indeterminate", "unknown"},
    {"not available", "unknown"},
    {"not evaluable", "unknown"},
    {"not evaluated", "unknown"},
    {"ne", "unknown"},
    {"n.e.", "unknown"},
    {"nd", "unknown"},
    {"n.d.", "unknown"},
    {"inconclusive", "unknown"},
    {"unbekannt", "unknown"},
    {"ausstehend", "unknown"},
    {"nicht durchgefuhrt", "unknown"},
    {"nicht bestimmt", "unknown"},
    {"inconnu", "unknown"},
    {"non fait", "unknown"},
    {"en attente", "unknown"},
    {"non realise", "unknown"},
    {"non evaluable", "unknown"},
    {"nicht beurteilbar", "unknown"},
};

// Blank-cell spellings: read as missing (never as a value) in every input.
const Tokens kMissingWords = {
    {"", "missing"},        {"na", "missing"},   {"n/a", "missing"}, {"n.a.", "missing"},
    {"n.a", "missing"},     {"#n/a", "missing"}, {".", "missing"},   {"-", "missing"},
    {"--", "missing"},      {"null", "missing"}, {"nan", "missing"}, {"?", "missing"},
    {"missing", "missing"},
};

Tokens with_unknown(Tokens t) {
  t.insert(t.end(), kUnknownWords.begin(), kUnknownWords.end());
  return t;
}

std::vector<InputVocabulary> build() {
  std::vector<InputVocabulary> v;
  v.push_back(
      {"kmt2a_status", "kmt2a_status",
       with_unknown({
           {"r", "rearranged"},
           {"rearranged", "rearranged"},
           {"positive", "rearranged"},
           {"pos", "rearranged"},
           {"+", "rearranged"},
           {"yes", "rearranged"},
           {"y", "rearranged"},
           {"1", "rearranged"},
           {"true", "rearranged"},
           {"kmt2a-r", "rearranged"},
           {"mll-r", "rearranged"},
           {"kmt2ar", "rearranged"},
           {"mllr", "rearranged"},
           {"rearr", "rearranged"},
           {"rearr.", "rearranged"},
           {"positiv", "rearranged"},
           {"positif", "rearranged"},
           {"rearrangiert", "rearranged"},
           {"rearrange", "rearranged"},
           {"ja", "rearranged"},
           {"oui", "rearranged"},
           {"g", "germline"},
           {"germline", "germline"},
           {"wt", "germline"},
           {"wild type", "germline"},
           {"wildtype", "germline"},
           {"wild-type", "germline"},
           {"negative", "germline"},
           {"neg", "germline"},
           {"no", "germline"},
           {"n", "germline"},
           {"0", "germline"},
           {"false", "germline"},
           {"not rearranged", "germline"},
           {"non-rearranged", "germline"},
           {"nonrearranged", "germline"},
           {"unrearranged", "germline"},
           {"kmt2a-g", "germline"},
           {"mll-g", "germline"},
           {"kmt2ag", "germline"},
           {"mllg", "germline"},
           {"negativ", "germline"},
           {"negatif", "germline"},
           {"nein", "germline"},
           {"non", "germline"},
           {"keimbahn", "germline"},
           {"germinal", "germline"},
           {"normal", "germline"},
           {"intact", "germline"},
       }),
       "A fusion or translocation in any notation (KMT2A::AFF1, KMT2A-AFF1, MLL-AF4, MLL/AF4, "
       "t(4;11)(q21;q23), AF4, 11q23 translocation) means rearranged, and names the partner, "
       "only when no negating word is present. Negating words: not, no, non, without, absence, "
       "negative, neg, absent, not detected, normal, intact, wildtype, wt, germline, "
       "unrearranged, and German/French forms (nicht, kein, negativ, nicht nachweisbar, "
       "Keimbahn, pas de, absence de, non rearrange, germinal). A negation read with only gene, "
       "fusion and method words (FISH, RT-PCR, karyotype, split signal) means germline: 'MLL "
       "FISH negative', 'KMT2A::AFF1 not detected', 'no t(4;11)', 'KMT2A rearrangement "
       "absent'. Positive words (positive, rearranged, detected, present, nachgewiesen) with a "
       "gene or fusion mean rearranged.",
       "A text with both a positive and a negative word ('MLL-AF4 neg, MLL-AF9 pos'), a double "
       "negation ('not negative'), a question mark ('MLL-r?'), 'nd' next to a gene ('KMT2A nd': "
       "not done or not detected?), a gene name with no result ('KMT2A', 'MLL FISH'), a "
       "translocation without chromosome 11 (t(12;21)), any word outside the lists, and a "
       "partial tandem duplication (KMT2A-PTD, not a rearrangement in these protocols) are "
       "unreadable."});
  v.push_back(
      {"kmt2a_partner", "kmt2a_partner",
       with_unknown({
           {"t4_11", "t4_11"},
           {"t11_19", "t11_19"},
           {"t9_11", "t9_11"},
           {"other", "other"},
           {"others", "other"},
           {"andere", "other"},
           {"sonstige", "other"},
           {"autre", "other"},
           {"none", "none"},
           {"no", "none"},
           {"negative", "none"},
           {"neg", "none"},
           {"no fusion", "none"},
           {"not applicable", "none"},
           {"keine", "none"},
           {"aucun", "none"},
       }),
       "t(4;11), AFF1, AF4, MLL-AF4, KMT2A::AFF1, KMT2A-AFF1 -> t4_11; t(11;19) without a band "
       "or (q23;p13.3), MLLT1, ENL -> t11_19; t(9;11), MLLT3, AF9 -> t9_11; ELL or "
       "t(11;19)(q23;p13.1) -> other (flag T11_19_ELL_MAPPED_OTHER); MLLT10/AF10, AFDN/AF6, "
       "EPS15, MLLT11/AF1Q, MLLT6/AF17, SEPTIN6/9, FOXO4, EPB41, any other t(x;11) -> other. "
       "A negation alone ('not detected', 'no fusion') means no partner.",
       "Two different partners, a positive and a negative word together, a gene name with no "
       "partner, and any word outside the lists are unreadable. A negated partner ('no "
       "t(4;11)') names no partner: the field stays empty."});
  v.push_back(
      {"pred_response", "pred_response",
       with_unknown({
           {"pgr", "PGR"},
           {"good", "PGR"},
           {"g", "PGR"},
           {"good response", "PGR"},
           {"good responder", "PGR"},
           {"prednisone good response", "PGR"},
           {"prednisone good responder", "PGR"},
           {"pgr.", "PGR"},
           {"gut", "PGR"},
           {"bonne", "PGR"},
           {"bonne reponse", "PGR"},
           {"corticosensible", "PGR"},
           {"ppr", "PPR"},
           {"poor", "PPR"},
           {"p", "PPR"},
           {"poor response", "PPR"},
           {"poor responder", "PPR"},
           {"prednisone poor response", "PPR"},
           {"prednisone poor responder", "PPR"},
           {"ppr.", "PPR"},
           {"schlecht", "PPR"},
           {"mauvaise", "PPR"},
           {"mauvaise reponse", "PPR"},
           {"corticoresistant", "PPR"},
       }),
       "Sentences made of one response word (PGR, good, gut, bonne, corticosensible / PPR, "
       "poor, schlecht, mauvaise, corticoresistant, non-responder) and the words prednisone, "
       "prednisolone, response, responder, day 8, prephase, blasts, and the threshold 1000/uL: "
       "'poor (PPR)', 'Prednison good responder', 'PPR (>= 1000/uL)'.",
       "A question mark ('PPR?'), both a good and a poor word, a negation ('not poor'; but "
       "'non-responder' is poor), a number other than the 1000/uL threshold (write the day-8 "
       "count in day8_blasts_per_ul) and any other word are unreadable."});
  v.push_back({"immunophenotype",
               "immunophenotype",
               {
                   {"b", "B"},
                   {"bcp", "B"},
                   {"b-cell precursor", "B"},
                   {"precursor b", "B"},
                   {"b-precursor", "B"},
                   {"pro-b", "B"},
                   {"pre-b", "B"},
                   {"common", "B"},
                   {"c", "B"},
                   {"b-lineage", "B"},
                   {"b lineage", "B"},
                   {"b cell precursor", "B"},
                   {"precursor-b", "B"},
                   {"b precursor", "B"},
                   {"pro b", "B"},
                   {"prob", "B"},
                   {"pre b", "B"},
                   {"preb", "B"},
                   {"common b", "B"},
                   {"b-other", "B"},
                   {"pre-pre-b", "B"},
                   {"early pre-b", "B"},
                   {"t", "T"},
                   {"t-cell", "T"},
                   {"t cell", "T"},
                   {"pre-t", "T"},
                   {"pro-t", "T"},
                   {"cortical t", "T"},
                   {"etp", "T"},
                   {"mpal", "MPAL"},
                   {"biphenotypic", "MPAL"},
                   {"mixed", "MPAL"},
                   {"mature b", "mature_B"},
                   {"burkitt", "mature_B"},
                   {"l3", "mature_B"},
               },
               "'-ALL', ' ALL', 'LAL-' and 'LAL ' around a lineage are dropped ('pro-B-ALL', "
               "'LAL-B'); any text containing biphenotypic, MPAL, mixed, bilineal, "
               "biphenotypique means MPAL; mature B or Burkitt means out of scope.",
               "Any other text is unreadable."});
  v.push_back({"cns_status", "cns_status",
               with_unknown({
                   {"cns1", "CNS1"},   {"1", "CNS1"},      {"cnsi", "CNS1"},  {"zns1", "CNS1"},
                   {"cns2", "CNS2"},   {"2", "CNS2"},      {"cns2a", "CNS2"}, {"cns2b", "CNS2"},
                   {"cns2c", "CNS2"},  {"cnsii", "CNS2"},  {"zns2", "CNS2"},  {"cns3", "CNS3"},
                   {"3", "CNS3"},      {"cnsiii", "CNS3"}, {"zns3", "CNS3"},  {"tlp+", "TLP+"},
                   {"tlppos", "TLP+"}, {"tlp+ve", "TLP+"}, {"tlp-", "TLP-"},  {"tlpneg", "TLP-"},
                   {"tlp-ve", "TLP-"},
               }),
               "Spaces and hyphens inside are ignored ('CNS 1', 'CNS-3', 'TLP +').",
               "'negative' and 'positive' are unreadable: CNS1 and CNS2 both have a negative "
               "CSF count, CNS2 and CNS3 both have blasts."});
  v.push_back({"yes_no",
               "cranial_nerve_palsy, cns_mass, csf_blasts, cr_eoi, prednisone_prephase_given",
               with_unknown({
                   {"yes", "true"},  {"y", "true"},       {"1", "true"},     {"true", "true"},
                   {"t", "true"},    {"+", "true"},       {"ja", "true"},    {"j", "true"},
                   {"oui", "true"},  {"present", "true"}, {"no", "false"},   {"n", "false"},
                   {"0", "false"},   {"false", "false"},  {"f", "false"},    {"nein", "false"},
                   {"non", "false"}, {"absent", "false"}, {"none", "false"},
               }),
               "The Unicode minus sign means no.", "Any other text is unreadable."});
  v.push_back(
      {"pos_neg", "cd10, cd19, bcr_abl1",
       with_unknown({
           {"pos", "true"},     {"positive", "true"}, {"+", "true"},        {"yes", "true"},
           {"y", "true"},       {"1", "true"},        {"true", "true"},     {"pos.", "true"},
           {"positiv", "true"}, {"positif", "true"},  {"neg", "false"},     {"negative", "false"},
           {"no", "false"},     {"n", "false"},       {"0", "false"},       {"false", "false"},
           {"neg.", "false"},   {"negativ", "false"}, {"negatif", "false"},
       }),
       "The marker's own name may come first ('CD10+', 'CD10 negative', 'BCR-ABL1 neg', "
       "'Ph+'); the Unicode minus sign means negative.",
       "Partial or graded expression ('dim', 'weak', '15%') is unreadable: the "
       "protocols use positive/negative."});
  v.push_back({"sex",
               "sex",
               {
                   {"m", "male"},
                   {"male", "male"},
                   {"boy", "male"},
                   {"man", "male"},
                   {"maennlich", "male"},
                   {"mannlich", "male"},
                   {"masculin", "male"},
                   {"garcon", "male"},
                   {"f", "female"},
                   {"female", "female"},
                   {"girl", "female"},
                   {"w", "female"},
                   {"weiblich", "female"},
                   {"feminin", "female"},
                   {"fille", "female"},
                   {"madchen", "female"},
               },
               "",
               "Numeric codes (1/2) are unreadable: which is which needs a dictionary."});
  v.push_back({"mrd",
               "mrd_eoi, mrd_eoc, mrd_pre_octada, mrd_post_blina1",
               {
                   {"negative", "negative"},
                   {"neg", "negative"},
                   {"mrd-", "negative"},
                   {"mrd neg", "negative"},
                   {"mrd negative", "negative"},
                   {"not detected", "negative"},
                   {"undetectable", "negative"},
                   {"negativ", "negative"},
                   {"nicht nachweisbar", "negative"},
                   {"indetectable", "negative"},
                   {"0", "negative"},
                   {"pos<qr", "below_QR"},
                   {"pnq", "below_QR"},
                   {"<qr", "below_QR"},
                   {"positive<qr", "below_QR"},
                   {"positive below qr", "below_QR"},
                   {"positive not quantifiable", "below_QR"},
                   {"positive, not quantifiable", "below_QR"},
                   {"belowqr", "below_QR"},
               },
               "1e-4, 1.0E-04, 5e-4 (scientific notation: a fraction, also in a numeric "
               "column); 10^-4, 10-4, 1x10^-4, 2.5x10^-4 (a fraction); 0.01% (percent); a "
               "plain decimal such as 0.0001 takes its unit from mrd_unit, and without one "
               "both readings are tried (the result is UNKNOWN where they disagree).",
               "'<1e-4' alone (negative at that sensitivity, or positive below QR?; 'negative "
               "(<1e-4)' is negative) and '10E-4' (10 x 10^-4 as written, but usually meant as "
               "10^-4) are unreadable."});
  v.push_back({"mrd_unit",
               "mrd_unit",
               {
                   {"fraction", "fraction"},
                   {"frac", "fraction"},
                   {"proportion", "fraction"},
                   {"decimal", "fraction"},
                   {"percent", "percent"},
                   {"%", "percent"},
                   {"pct", "percent"},
                   {"percentage", "percent"},
                   {"log10", "log10"},
                   {"log", "log10"},
               },
               "",
               "Any other text is unreadable."});
  v.push_back({"wbc_unit",
               "wbc_unit, day8_wbc_unit; a unit written after a count in its cell",
               {
                   {"x10^9/l", "x10^9/L"},
                   {"10^9/l", "x10^9/L"},
                   {"10e9/l", "x10^9/L"},
                   {"g/l", "x10^9/L"},
                   {"giga/l", "x10^9/L"},
                   {"gpt/l", "x10^9/L"},
                   {"x10^3/ul", "x10^9/L"},
                   {"10^3/ul", "x10^9/L"},
                   {"k/ul", "x10^9/L"},
                   {"10^3/mm3", "x10^9/L"},
                   {"/nl", "x10^9/L"},
                   {"thousand/ul", "x10^9/L"},
                   {"/ul", "/uL"},
                   {"/mm3", "/uL"},
                   {"cells/ul", "/uL"},
                   {"x10^6/l", "/uL"},
                   {"10^6/l", "/uL"},
                   {"x10^9/ml", "x10^9/L (typo for /L)"},
               },
               "Spaces and a leading 'x' are ignored; micro sign and 'u' are the same; "
               "lower-case 'g/L' is read as G/L with a warning (a mass unit by the letter).",
               "Any other unit is unreadable."});
  v.push_back({"unknown", "every categorical input", kUnknownWords, "", ""});
  v.push_back({"missing", "every input", kMissingWords, "", ""});
  return v;
}

bool starts_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.compare(0, p.size(), p) == 0;
}

bool in(std::string_view w, std::initializer_list<std::string_view> xs) {
  for (std::string_view x : xs) {
    if (w == x) return true;
  }
  return false;
}

// ---- Free-text reading: words, translocations and a few signs.

enum class Word {
  gene,            // KMT2A, MLL, 11q23
  partner,         // a partner gene or a KMT2A fusion
  noun,            // rearrangement, fusion, translocation: says a rearrangement is discussed
  positive,        // positive, rearranged, detected, present
  negative,        // negative, absent, normal, intact, wildtype, germline
  negator,         // not, no, non, kein, pas, without, absence: negates the rest of its clause
  unknown,         // pending, failed, inconclusive
  done,            // "done": unknown after a negator ("not done"), else filler
  nd,              // "nd": not done or not detected
  ptd,             // partial tandem duplication
  clause,          // ',' or ';': ends the reach of a negator
  partner_marker,  // "partner": the rest of the clause names the partner, not the status
  filler,          // method and grammar words
  other,
};

struct Token {
  std::string text;
  Word kind = Word::other;
  std::string partner;  // partner / translocation tokens
  bool ell = false;
};

// The partner group of a gene symbol, or "" when the word is not a KMT2A partner.
std::string partner_of_gene(std::string_view w, bool* ell) {
  *ell = false;
  if (in(w, {"aff1", "af4"})) return "t4_11";
  if (in(w, {"mllt1", "enl"})) return "t11_19";
  if (in(w, {"mllt3", "af9"})) return "t9_11";
  if (w == "ell") {
    *ell = true;
    return "other";
  }
  if (in(w, {"mllt10", "af10", "afdn",  "af6",     "mllt4",  "eps15",   "af1p",  "mllt11", "af1q",
             "mllt6",  "af17", "sept6", "septin6", "sept9",  "septin9", "foxo4", "afx",    "epb41",
             "mllt7",  "gas7", "tet1",  "lpp",     "crebbp", "cbp",     "ep300", "abi1",   "af5q31",
             "aff4",   "aff3", "laf4",  "usp2",    "tnrc18", "ctnna1"})) {
    return "other";
  }
  return "";
}

Word kind_of(std::string_view w) {
  if (in(w, {"kmt2a", "mll", "mll1", "11q23", "hrx", "htrx"})) return Word::gene;
  if (in(w, {"rearrangement", "rearrangements", "rearrangierung", "translocation", "translokation",
             "fusion", "fusions", "fusionsgen", "transcript", "transcrit", "transkript", "nachweis",
             "rearr", "umlagerung", "rearrangiertes"})) {
    return Word::noun;
  }
  if (in(w, {"positive", "pos",       "rearranged",   "rearrangiert", "rearrange",
             "detected", "detecte",   "detectee",     "present",      "presente",
             "found",    "positiv",   "positif",      "nachgewiesen", "nachweisbar",
             "r",        "yes",       "ja",           "oui",          "+",
             "presence", "observed",  "seen",         "identified",   "confirmed",
             "mllr",     "kmt2ar",    "nachweislich", "abnormal",     "abnormality",
             "aberrant", "auffallig", "anormal"})) {
    return Word::positive;
  }
  if (in(w, {"negative",     "neg",          "absent",       "absente",       "normal",
             "normale",      "intact",       "intakt",       "wildtype",      "wild",
             "wt",           "germline",     "unrearranged", "nonrearranged", "g",
             "keimbahn",     "negativ",      "negatif",      "germinal",      "unauffallig",
             "unauffaellig", "unremarkable", "none",         "excluded",      "ausgeschlossen",
             "exclu",        "exclue",       "ruled",        "mllg",          "kmt2ag"})) {
    return Word::negative;
  }
  if (in(w, {"not", "no", "non", "nicht", "kein", "keine", "keinen", "keiner", "pas", "sans",
             "without", "absence", "aucun", "aucune", "ohne"})) {
    return Word::negator;
  }
  if (in(w, {"pending", "unknown", "failed", "inconclusive", "equivocal", "ausstehend", "unbekannt",
             "inconnu", "attente", "indeterminate", "na"})) {
    return Word::unknown;
  }
  if (in(w, {"partner", "partners", "partnergen", "fusionspartner"})) return Word::partner_marker;
  if (w == "done") return Word::done;
  if (w == "nd") return Word::nd;
  if (in(w, {"ptd", "tandem", "duplication"})) return Word::ptd;
  if (in(w, {"fish",        "pcr",         "rt",         "rtpcr",     "qpcr",
             "karyotype",   "karyotyp",    "karyotypie", "caryotype", "cytogenetics",
             "cytogenetic", "zytogenetik", "ngs",        "rna",       "seq",
             "rnaseq",      "sequencing",  "split",      "signal",    "probe",
             "break",       "apart",       "breakapart", "dual",      "color",
             "colour",      "test",        "tested",     "testing",   "result",
             "results",     "status",      "by",         "for",       "of",
             "on",          "in",          "gene",       "the",       "a",
             "an",          "analysis",    "and",        "der",       "die",
             "das",         "des",         "du",         "de",        "d",
             "la",          "le",          "via",        "mittels",   "per",
             "befund",      "ergebnis",    "resultat",   "recherche", "analyse",
             "screen",      "screening",   "locus",      "type",      "mrna",
             "dna",         "at",          "diagnosis",  "dx",        "bap",
             "ba",          "kmt2a-r",     "par",        "en",        "im",
             "mit",         "with",        "is",         "was",       "evidence",
             "sonde",       "ein",         "eine",       "einer",     "eines",
             "einem",       "un",          "une",        "out",       "are",
             "been",        "has",         "shows",      "showed",    "als"})) {
    return Word::filler;
  }
  bool ell = false;
  if (!partner_of_gene(w, &ell).empty()) return Word::partner;
  // Joined fusions: "mllaf4", "kmt2aaff1".
  for (std::string_view g : {"kmt2a", "mll"}) {
    if (starts_with(w, g) && !partner_of_gene(w.substr(g.size()), &ell).empty()) {
      return Word::partner;
    }
  }
  return Word::other;
}

// Reads "t(a;b)" optionally followed by "(bands)" at s[i] == 't'; on success sets the token and
// the end position.
bool read_translocation(std::string_view s, size_t i, Token* tok, size_t* end) {
  size_t j = i + 1;
  while (j < s.size() && s[j] == ' ') ++j;
  if (j >= s.size() || s[j] != '(') return false;
  const size_t close = s.find(')', j);
  if (close == std::string_view::npos) return false;
  std::string inside;
  for (size_t k = j + 1; k < close; ++k) {
    if (s[k] != ' ') inside += s[k];
  }
  const size_t semi = inside.find(';');
  if (semi == std::string::npos) return false;
  const std::string a = inside.substr(0, semi), b = inside.substr(semi + 1);
  auto chromosome = [](const std::string& c) {
    if (c.empty() || c.size() > 2) return false;
    for (char ch : c) {
      if (!std::isdigit(static_cast<unsigned char>(ch)) && ch != 'x' && ch != 'y') return false;
    }
    return true;
  };
  if (!chromosome(a) || !chromosome(b)) return false;
  size_t k = close + 1;
  std::string bands;
  size_t after = k;
  while (after < s.size() && s[after] == ' ') ++after;
  if (after < s.size() && s[after] == '(') {
    const size_t c2 = s.find(')', after);
    if (c2 != std::string_view::npos) {
      for (size_t m = after + 1; m < c2; ++m) {
        if (s[m] != ' ') bands += s[m];
      }
      k = c2 + 1;
    }
  }
  tok->text = std::string(s.substr(i, k - i));
  *end = k;
  if (a != "11" && b != "11") {
    tok->kind = Word::other;  // not an 11q23 translocation
    return true;
  }
  const std::string other = a == "11" ? b : a;
  tok->kind = Word::partner;
  if (other == "4") {
    tok->partner = "t4_11";
  } else if (other == "9") {
    tok->partner = "t9_11";
  } else if (other == "19") {
    tok->ell = bands.find("p13.1") != std::string::npos;
    tok->partner = tok->ell ? "other" : "t11_19";
  } else {
    tok->partner = "other";
  }
  return true;
}

// Words, '+' and translocations of a folded text; `question` is set by a '?'.
std::vector<Token> tokenize(std::string_view s, bool* question) {
  std::vector<Token> out;
  *question = false;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    Token t;
    t.kind = kind_of(word);
    if (t.kind == Word::partner) {
      std::string_view w = word;
      t.partner = partner_of_gene(w, &t.ell);
      for (std::string_view g : {"kmt2a", "mll"}) {
        if (t.partner.empty() && starts_with(w, g)) {
          t.partner = partner_of_gene(w.substr(g.size()), &t.ell);  // joined: "mllaf4"
        }
      }
    }
    t.text = std::move(word);
    out.push_back(std::move(t));
    word.clear();
  };
  for (size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == 't' && word.empty()) {
      Token t;
      size_t end = 0;
      if (read_translocation(s, i, &t, &end)) {
        out.push_back(std::move(t));
        i = end;
        continue;
      }
    }
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += c;
    } else {
      flush();
      if (c == '+') out.push_back(Token{"+", Word::positive, "", false});
      // A '-' standing alone ("t(4;11) -", "MLL (-)") is a minus sign; one touching a word
      // ("MLL-AF4", "KMT2A-r", "MLL- AF4", "t(4;11)-positive") joins or is a typo, never a sign.
      const auto alnum_at = [&](size_t k) {
        return k < s.size() && std::isalnum(static_cast<unsigned char>(s[k]));
      };
      if (c == '-' && !alnum_at(i + 1) && (i == 0 || !alnum_at(i - 1))) {
        out.push_back(Token{"-", Word::negative, "", false});
      }
      if (c == ',' || c == ';') out.push_back(Token{std::string(1, c), Word::clause, "", false});
      if (c == '?') *question = true;
    }
    ++i;
  }
  flush();
  return out;
}

struct Tally {
  int gene = 0, partner = 0, noun = 0, pos = 0, neg = 0, unknown = 0;
  std::string partner_group;
  bool ell = false;
  bool partners_differ = false;
  std::vector<std::string> others;
  std::string problem;  // set for double negation, "nd", PTD
};

// A negator negates every content word after it up to the end of its clause: "no MLL
// rearrangement detected" is one negation, "MLL-AF4 neg, MLL-AF9 pos" two clauses.
Tally tally(const std::vector<Token>& toks) {
  Tally t;
  bool negating = false, negated_something = false, about_partner = false;
  for (const Token& tok : toks) {
    const Word k = tok.kind;
    if (k == Word::clause) {
      if (negating && !negated_something) ++t.neg;  // "KMT2A: no, ..."
      negating = negated_something = about_partner = false;
      continue;
    }
    if (k == Word::partner_marker) {
      about_partner = true;  // "rearranged, partner unknown", "r (partner: AF9)"
      continue;
    }
    if (about_partner) {
      if (k == Word::partner) {
        ++t.partner;
        if (!t.partner_group.empty() && t.partner_group != tok.partner) t.partners_differ = true;
        if (t.partner_group.empty()) {
          t.partner_group = tok.partner;
          t.ell = tok.ell;
        }
      }
      continue;
    }
    if (k == Word::filler || (k == Word::done && !negating)) continue;
    if (k == Word::nd) {
      t.problem = "'nd' may mean not done or not detected";
      continue;
    }
    if (k == Word::ptd) {
      t.problem =
          "a KMT2A partial tandem duplication is not a rearrangement in these protocols; "
          "confirm the KMT2A status";
      continue;
    }
    if (k == Word::negator) {
      if (negating) t.problem = "a double negation";
      negating = true;
      continue;
    }
    if (negating) {
      negated_something = true;
      if (k == Word::negative) {
        t.problem = "a double negation";
      } else if (k == Word::done) {
        ++t.unknown;
      } else if (k == Word::other || k == Word::unknown) {
        t.others.push_back(tok.text);
      } else {
        ++t.neg;  // "not rearranged", "no t(4;11)", "kein MLL", "absence de rearrangement"
        if (k == Word::gene) ++t.gene;
        if (k == Word::noun) ++t.noun;
      }
      continue;
    }
    switch (k) {
      case Word::gene:
        ++t.gene;
        break;
      case Word::partner:
        ++t.partner;
        if (!t.partner_group.empty() && t.partner_group != tok.partner) t.partners_differ = true;
        if (t.partner_group.empty()) {
          t.partner_group = tok.partner;
          t.ell = tok.ell;
        }
        break;
      case Word::noun:
        ++t.noun;
        break;
      case Word::positive:
        ++t.pos;
        break;
      case Word::negative:
        ++t.neg;
        break;
      case Word::unknown:
        ++t.unknown;
        break;
      default:
        t.others.push_back(tok.text);
        break;
    }
  }
  if (negating && !negated_something) ++t.neg;  // "KMT2A: no"
  return t;
}

std::string quoted_list(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "'" : ", '") + w + "'";
  return s;
}

PatternReading unreadable(std::string why) {
  PatternReading r;
  r.why = std::move(why);
  return r;
}

}  // namespace

const std::vector<InputVocabulary>& vocabularies() {
  static const std::vector<InputVocabulary> v = build();
  return v;
}

const InputVocabulary& vocabulary(std::string_view input) {
  for (const auto& v : vocabularies()) {
    if (input == v.input) return v;
  }
  throw std::logic_error("no vocabulary named " + std::string(input));
}

std::string fold_text(std::string_view raw) {
  static const std::pair<std::string_view, std::string_view> kFolds[] = {
      {"\xC2\xB5", "u"},     {"\xCE\xBC", "u"},     {"\xC3\x97", "x"},      {"\xE2\x88\x92", "-"},
      {"\xE2\x80\x93", "-"}, {"\xE2\x81\xBB", "-"}, {"\xC2\xB9", "1"},      {"\xC2\xB2", "2"},
      {"\xC2\xB3", "3"},     {"\xE2\x81\xB0", "0"}, {"\xE2\x81\xB4", "4"},  {"\xE2\x81\xB5", "5"},
      {"\xE2\x81\xB6", "6"}, {"\xE2\x81\xB7", "7"}, {"\xE2\x81\xB8", "8"},  {"\xE2\x81\xB9", "9"},
      {"\xC3\xA9", "e"},     {"\xC3\x89", "e"},     {"\xC3\xA8", "e"},      {"\xC3\x88", "e"},
      {"\xC3\xAA", "e"},     {"\xC3\xAB", "e"},     {"\xC3\xA0", "a"},      {"\xC3\xA2", "a"},
      {"\xC3\xA4", "a"},     {"\xC3\x84", "a"},     {"\xC3\xB6", "o"},      {"\xC3\x96", "o"},
      {"\xC3\xB4", "o"},     {"\xC3\xBC", "u"},     {"\xC3\x9C", "u"},      {"\xC3\xBB", "u"},
      {"\xC3\xB9", "u"},     {"\xC3\x9F", "ss"},    {"\xC3\xA7", "c"},      {"\xC3\xAE", "i"},
      {"\xC3\xAF", "i"},     {"\xC2\xA0", " "},     {"\xE2\x89\xA5", ">="}, {"\xE2\x89\xA4", "<="},
  };
  std::string s;
  s.reserve(raw.size());
  for (size_t i = 0; i < raw.size();) {
    const unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c >= 0x80) {
      bool folded = false;
      for (const auto& f : kFolds) {
        if (raw.compare(i, f.first.size(), f.first) == 0) {
          s += f.second;
          i += f.first.size();
          folded = true;
          break;
        }
      }
      if (folded) continue;
    }
    s += static_cast<char>(std::tolower(c));
    ++i;
  }
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

const char* exact_reading(const InputVocabulary& v, std::string_view folded) {
  for (const auto& t : v.tokens) {
    if (folded == t.text) return t.reading;
  }
  return nullptr;
}

namespace {

// The words of a KMT2A text, tallied; `why` is set when they cannot be read at all (an uncertain
// '?', a double negation, 'nd', a PTD, a word outside the vocabulary). `what` names the reading
// for the message ("result", "partner").
Tally read_words(std::string_view folded, const char* what, std::string* why) {
  bool question = false;
  const Tally t = tally(tokenize(folded, &question));
  if (question) {
    *why = std::string("a question mark: the ") + what + " is uncertain";
  } else if (!t.problem.empty()) {
    *why = t.problem;
  } else if (!t.others.empty()) {
    *why = "the word(s) " + quoted_list(t.others) + " are not in the vocabulary";
  }
  return t;
}

}  // namespace

PatternReading read_kmt2a_status_text(std::string_view folded) {
  std::string why;
  const Tally t = read_words(folded, "result", &why);
  if (!why.empty()) return unreadable(why);
  if (t.pos > 0 && t.neg > 0) return unreadable("both a positive and a negative word");
  if (t.unknown > 0 && (t.pos > 0 || t.neg > 0)) {
    return unreadable("both a result and a not-known word");
  }
  PatternReading r;
  if (t.neg > 0) {
    r.reading = "germline";
  } else if (t.pos > 0) {
    r.reading = "rearranged";  // "positive (FISH)", "MLL-AF4 detected", "MLLr+"
  } else if (t.unknown > 0) {
    r.reading = "unknown";
  } else if (t.partner > 0 || (t.gene > 0 && t.noun > 0)) {
    r.reading = "rearranged";
  } else {
    return unreadable("it names no result (rearranged, germline, positive, negative)");
  }
  if (r.reading == "rearranged" && t.partner > 0 && !t.partners_differ) {
    r.partner = t.partner_group;
    r.ell = t.ell;
  }
  return r;
}

PatternReading read_kmt2a_partner_text(std::string_view folded) {
  std::string why;
  const Tally t = read_words(folded, "partner", &why);
  if (!why.empty()) return unreadable(why);
  if (t.partners_differ) return unreadable("two different partners");
  PatternReading r;
  if (t.neg > 0) {
    // "no t(4;11)", "KMT2A::AFF1 not detected": no partner named (the field stays empty).
    if (t.pos > 0) return unreadable("both a positive and a negative word");
    r.reading = "none";
    return r;
  }
  if (t.partner > 0) {
    r.reading = t.partner_group;
    r.partner = t.partner_group;
    r.ell = t.ell;
    return r;
  }
  if (t.unknown > 0) {
    r.reading = "unknown";
    return r;
  }
  return unreadable("it names no partner gene or translocation");
}

PatternReading read_pred_response_text(std::string_view folded) {
  bool question = false;
  int good = 0, poor = 0, unknown = 0;
  std::vector<std::string> others;
  bool negation = false;
  std::string word;
  std::vector<std::string> words;
  // "1,000" and "1.000" -> "1000": the PPR threshold may be written into the cell.
  std::string text(folded);
  for (size_t i = 1; i + 1 < text.size(); ++i) {
    if ((text[i] == ',' || text[i] == '.') &&
        std::isdigit(static_cast<unsigned char>(text[i - 1])) &&
        std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      text.erase(i, 1);
    }
  }
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += c;
      continue;
    }
    if (c == '?') question = true;
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  }
  if (!word.empty()) words.push_back(std::move(word));
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    const bool evaluable_next =
        i + 1 < words.size() && in(words[i + 1], {"evaluable", "evaluated", "beurteilbar"});
    const bool responder_next = i + 1 < words.size() && words[i + 1] == "responder";
    if (in(w, {"not", "non", "nicht"}) && evaluable_next) {
      ++unknown;
      ++i;
    } else if ((w == "non" && responder_next) || w == "nonresponder") {
      ++poor;  // "non-responder": a poor response
      if (w == "non") ++i;
    } else if (in(w, {"pgr", "good", "gut", "gute", "guter", "gutes", "bon", "bonne",
                      "corticosensible"})) {
      ++good;
    } else if (in(w, {"ppr", "poor", "schlecht", "schlechte", "schlechter", "schlechtes", "mauvais",
                      "mauvaise", "corticoresistant"})) {
      ++poor;
    } else if (in(w, {"ne", "unknown", "unbekannt", "inconnu", "pending"})) {
      ++unknown;
    } else if (in(w, {"not", "no", "non", "nicht", "kein", "keine", "pas"})) {
      negation = true;
    } else if (!in(w, {"prednisone",  "prednisolone",
                       "pred",        "prednison",
                       "prednisolon", "response",
                       "responder",   "reponse",
                       "ansprechen",  "day",
                       "d8",          "tag",
                       "j8",          "8",
                       "to",          "on",
                       "prephase",    "vorphase",
                       "steroid",     "steroids",
                       "the",         "a",
                       "de",          "la",
                       "au",          "aux",
                       "corticoides", "auf",
                       "nach",        "1000",
                       "blasts",      "blasten",
                       "ul",          "mm3",
                       "per"})) {
      others.push_back(w);
    }
  }
  if (question) return unreadable("a question mark: the response is uncertain");
  if (negation) return unreadable("a negation ('not poor' is not a response category)");
  if (!others.empty()) {
    return unreadable("the word(s) " + quoted_list(others) + " are not in the vocabulary");
  }
  if (good > 0 && poor > 0) return unreadable("both a good and a poor response word");
  PatternReading r;
  if (good > 0 && unknown == 0) {
    r.reading = "PGR";
  } else if (poor > 0 && unknown == 0) {
    r.reading = "PPR";
  } else if (unknown > 0 && good == 0 && poor == 0) {
    r.reading = "unknown";
  } else if (unknown > 0) {
    return unreadable("both a response and a not-known word");
  } else {
    return unreadable("it names no response (PGR/good or PPR/poor)");
  }
  return r;
}

}  // namespace infant_all
