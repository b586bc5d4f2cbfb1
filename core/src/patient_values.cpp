#include "infant_all/patient_values.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <string_view>

namespace infant_all {

using namespace std::string_view_literals;

namespace {

const char* const kMinusSign = "\xE2\x88\x92";  // U+2212

std::string trim(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
    s.replace(pos, from.size(), to);
  }
}

// Trimmed, lower-case ASCII; micro signs -> u, multiplication sign -> x, Unicode minus and
// superscript minus -> '-', superscript digits -> digits, internal runs of blanks -> one space.
std::string norm(const std::string& raw) {
  std::string s = trim(raw);
  bool ascii = true;
  for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  // The replacements concern multi-byte characters only: plain ASCII skips them.
  if (!ascii) {
    replace_all(s, "\xC2\xB5", "u");      // MICRO SIGN
    replace_all(s, "\xCE\xBC", "u");      // GREEK SMALL LETTER MU
    replace_all(s, "\xC3\x97", "x");      // MULTIPLICATION SIGN
    replace_all(s, kMinusSign, "-");      // MINUS SIGN
    replace_all(s, "\xE2\x80\x93", "-");  // EN DASH
    replace_all(s, "\xE2\x81\xBB", "-");  // SUPERSCRIPT MINUS
    replace_all(s, "\xC2\xB9", "1");
    replace_all(s, "\xC2\xB2", "2");
    replace_all(s, "\xC2\xB3", "3");
    replace_all(s, "\xE2\x81\xB0", "0");
    for (char d = '4'; d <= '9'; ++d) {
      const char sup[4] = {'\xE2', '\x81', static_cast<char>('\xB4' + (d - '4')), 0};
      replace_all(s, sup, std::string(1, d));
    }
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
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool one_of(const std::string& s, std::initializer_list<std::string_view> options) {
  for (std::string_view o : options) {
    if (s == o) return true;
  }
  return false;
}

bool is_unicode_minus(const std::string& raw) {
  const std::string t = trim(raw);
  return t == kMinusSign || t == "\xE2\x80\x93";
}

// Alphanumeric tokens in upper case ("KMT2A::AFF1" -> KMT2A, AFF1).
std::vector<std::string> tokens(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      cur += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

bool has_token(const std::vector<std::string>& ts,
               std::initializer_list<std::string_view> options) {
  for (const auto& t : ts) {
    if (one_of(t, options)) return true;
  }
  return false;
}

template <typename T>
Parsed<T> value(T v) {
  Parsed<T> p;
  p.value = v;
  return p;
}
template <typename T>
Parsed<T> missing() {
  return Parsed<T>{};
}
template <typename T>
Parsed<T> fail(std::string expected) {
  Parsed<T> p;
  p.error = std::move(expected);
  return p;
}

// Strict strtod on an already trimmed ASCII string.
bool to_double(const std::string& s, double* out) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == 'e' || c == 'E' ||
          c == '+' || c == '-')) {
      return false;
    }
  }
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || errno == ERANGE || !std::isfinite(v)) return false;
  *out = v;
  return true;
}

// The known partner of a fusion / translocation string, if any.
std::optional<PartnerValue> partner_of(const std::string& raw) {
  std::string s = norm(raw);
  replace_all(s, " ", "");
  const std::vector<std::string> ts = tokens(s);
  auto translocation = [&](const char* a, const char* b) {
    return s.find(std::string("t(") + a + ";" + b + ")") != std::string::npos ||
           s.find(std::string("t(") + b + ";" + a + ")") != std::string::npos;
  };
  if (has_token(ts, {"ELL"}) ||
      (translocation("11", "19") && s.find("p13.1") != std::string::npos)) {
    return PartnerValue{Kmt2aPartner::other, true};
  }
  if (translocation("4", "11") || has_token(ts, {"AFF1", "AF4", "MLLAF4", "KMT2AAFF1"})) {
    return PartnerValue{Kmt2aPartner::t4_11, false};
  }
  if (translocation("11", "19") || has_token(ts, {"MLLT1", "ENL", "MLLENL", "KMT2AMLLT1"})) {
    return PartnerValue{Kmt2aPartner::t11_19, false};
  }
  if (translocation("9", "11") || has_token(ts, {"MLLT3", "AF9", "MLLAF9", "KMT2AMLLT3"})) {
    return PartnerValue{Kmt2aPartner::t9_11, false};
  }
  return std::nullopt;
}

// Looks like a KMT2A fusion or 11q23 translocation ("KMT2A::MLLT10", "MLL-AF6", "t(10;11)").
bool looks_like_fusion(const std::string& n) {
  if (partner_of(n)) return true;
  if (n.find("::") != std::string::npos) return true;
  if (n.rfind("t(", 0) == 0 && n.find("11") != std::string::npos) return true;
  const std::vector<std::string> ts = tokens(n);
  if (ts.size() >= 2 && (ts[0] == "KMT2A" || ts[0] == "MLL")) {
    // A gene symbol after KMT2A/MLL (not an R/G/status suffix).
    return !one_of(ts[1], {"R", "G", "GERMLINE", "REARRANGED", "STATUS", "WT", "NEG", "POS",
                           "NEGATIVE", "POSITIVE", "PTD"});
  }
  return false;
}

}  // namespace

bool is_missing_value(const std::string& text) {
  // No token below starts with a digit or is longer than 13 characters: numbers and dates
  // (most cells of a cohort) are answered without normalising.
  std::size_t b = 0;
  while (b < text.size() && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  if (b < text.size() && text[b] >= '0' && text[b] <= '9') return false;
  if (text.size() - b > 40) return false;  // trailing blanks aside, far longer than any token
  const std::string s = norm(text);
  return one_of(s, {"",
                    "na",
                    "n/a",
                    "n.a.",
                    "n.a",
                    "#n/a",
                    ".",
                    "-",
                    "--",
                    "null",
                    "nan",
                    "none",
                    "unknown",
                    "unk",
                    "?",
                    "not known",
                    "nk",
                    "nd",
                    "n.d.",
                    "not done",
                    "missing",
                    "pending",
                    "failed",
                    "not available",
                    "not evaluable",
                    "ne",
                    "n.e."});
}

Parsed<double> parse_value_number(const std::string& text) {
  if (is_missing_value(text)) return missing<double>();
  const std::string s = trim(text);
  double v = 0;
  if (to_double(s, &v)) return value(v);
  if (s.find(',') != std::string::npos) {
    return fail<double>("a number with '.' as the decimal point and no thousands separator");
  }
  return fail<double>("a number");
}

Parsed<Date> parse_date_cell(const std::string& text, const DateOptions& options) {
  if (is_missing_value(text)) return missing<Date>();
  std::string s = trim(text);
  // "2024-08-31T00:00:00" / "2024-08-31 00:00" from spreadsheet exports: keep the date part.
  const std::size_t cut = s.find_first_of("T ");
  if (cut != std::string::npos && cut >= 8) s = s.substr(0, cut);
  const DateParse p = parse_date(s, options);
  if (p.ok()) {
    Date d;
    civil_from_days(p.days, &d.year, &d.month, &d.day);
    return value(d);
  }
  switch (p.error) {
    case DateError::invalid_calendar:
      return fail<Date>("a calendar date (this day does not exist)");
    case DateError::out_of_range:
      return fail<Date>("a date between " + std::to_string(options.min_year) + " and " +
                        std::to_string(options.max_year));
    case DateError::ambiguous_format:
      return fail<Date>(
          "a date as YYYY-MM-DD: D/M/YYYY vs M/D/YYYY is ambiguous unless the date "
          "format is set");
    case DateError::excel_serial_off:
      return fail<Date>("a date, not a number (Excel serial dates are off)");
    default:
      break;
  }
  return fail<Date>(options.format == DateFormat::dmy   ? "a date as YYYY-MM-DD or DD/MM/YYYY"
                    : options.format == DateFormat::mdy ? "a date as YYYY-MM-DD or MM/DD/YYYY"
                                                        : "a date as YYYY-MM-DD");
}

Parsed<bool> parse_yes_no(const std::string& text) {
  if (is_unicode_minus(text)) return value(false);
  if (is_missing_value(text)) return missing<bool>();
  const std::string s = norm(text);
  if (one_of(s, {"yes", "y", "1", "true", "t", "+", "ja", "j"})) return value(true);
  if (one_of(s, {"no", "n", "0", "false", "f", "nein"})) return value(false);
  return fail<bool>("yes/no (y/n, 1/0, true/false)");
}

Parsed<bool> parse_pos_neg(const std::string& text) {
  if (is_unicode_minus(text)) return value(false);
  if (is_missing_value(text)) return missing<bool>();
  const std::string s = norm(text);
  if (one_of(s, {"pos", "positive", "+", "yes", "y", "1", "true", "pos."})) return value(true);
  if (one_of(s, {"neg", "negative", "no", "n", "0", "false", "neg."})) return value(false);
  return fail<bool>("positive/negative (pos/neg, +/" + std::string(kMinusSign) + ", yes/no)");
}

Parsed<Sex> parse_sex(const std::string& text) {
  if (is_missing_value(text)) return missing<Sex>();
  const std::string s = norm(text);
  if (one_of(s, {"m", "male", "boy", "man", "maennlich", "m\xc3\xa4nnlich"})) {
    return value(Sex::male);
  }
  if (one_of(s, {"f", "female", "girl", "w", "weiblich"})) return value(Sex::female);
  double v = 0;
  if (to_double(s, &v)) {
    return fail<Sex>("M/F or male/female: numeric sex codes are ambiguous without a dictionary");
  }
  return fail<Sex>("M/F, male/female or boy/girl");
}

Parsed<Kmt2aStatus> parse_kmt2a_status(const std::string& text) {
  if (is_unicode_minus(text)) return value(Kmt2aStatus::germline);
  const std::string s = norm(text);
  if (one_of(s, {"unknown", "unk", "nk", "nd", "n.d.", "not done", "pending", "failed", "not known",
                 "indeterminate"})) {
    return value(Kmt2aStatus::unknown);
  }
  if (is_missing_value(text)) return missing<Kmt2aStatus>();
  if (s.find("ptd") != std::string::npos || s.find("tandem") != std::string::npos) {
    return fail<Kmt2aStatus>(
        "rearranged or germline: a KMT2A partial tandem duplication is not a "
        "rearrangement in these protocols; confirm the KMT2A status");
  }
  if (one_of(s, {"r", "rearranged", "positive", "pos", "+", "yes", "y", "1", "true", "kmt2a-r",
                 "mll-r", "kmt2ar", "mllr", "kmt2a r", "mll r", "kmt2a rearranged",
                 "mll rearranged", "rearr", "rearr."})) {
    return value(Kmt2aStatus::rearranged);
  }
  if (one_of(s, {"g",
                 "germline",
                 "wt",
                 "wild type",
                 "wildtype",
                 "wild-type",
                 "negative",
                 "neg",
                 "no",
                 "n",
                 "0",
                 "false",
                 "not rearranged",
                 "non-rearranged",
                 "nonrearranged",
                 "kmt2a-g",
                 "mll-g",
                 "kmt2ag",
                 "mllg",
                 "kmt2a g",
                 "mll g",
                 "kmt2a germline",
                 "mll germline"})) {
    return value(Kmt2aStatus::germline);
  }
  if (looks_like_fusion(s)) return value(Kmt2aStatus::rearranged);
  return fail<Kmt2aStatus>(
      "rearranged/germline/unknown (R/G, pos/neg, yes/no, or a fusion such "
      "as KMT2A::AFF1 or t(4;11))");
}

Parsed<Kmt2aMethod> parse_kmt2a_method(const std::string& text) {
  if (is_missing_value(text)) return missing<Kmt2aMethod>();
  const std::string s = norm(text);
  if (s.find("fish") != std::string::npos) return value(Kmt2aMethod::fish);
  if (s.find("ngs") != std::string::npos || s.find("sequenc") != std::string::npos ||
      s.find("rna-seq") != std::string::npos) {
    return value(Kmt2aMethod::ngs);
  }
  if (s.find("pcr") != std::string::npos) return value(Kmt2aMethod::rt_pcr);
  if (s.find("karyo") != std::string::npos || s.find("cytogenetic") != std::string::npos ||
      s == "g-banding" || s == "banding") {
    return value(Kmt2aMethod::karyotype);
  }
  return value(Kmt2aMethod::other);
}

Parsed<PartnerValue> parse_kmt2a_partner(const std::string& text) {
  if (is_missing_value(text)) return missing<PartnerValue>();
  if (const auto p = partner_of(text)) return value(*p);
  return value(PartnerValue{Kmt2aPartner::other, false});
}

Parsed<PredResponse> parse_pred_response(const std::string& text) {
  if (is_missing_value(text)) return missing<PredResponse>();
  const std::string s = norm(text);
  if (one_of(s, {"pgr", "good", "g", "good response", "prednisone good response", "pgr."})) {
    return value(PredResponse::pgr);
  }
  if (one_of(s, {"ppr", "poor", "p", "poor response", "prednisone poor response", "ppr."})) {
    return value(PredResponse::ppr);
  }
  return fail<PredResponse>("PGR/PPR (good/poor, G/P); NE or blank for not evaluable");
}

Parsed<Immunophenotype> parse_immunophenotype(const std::string& text) {
  if (is_missing_value(text)) return missing<Immunophenotype>();
  std::string s = norm(text);
  if (s.find("mature b") != std::string::npos || s.find("mature-b") != std::string::npos ||
      s.find("burkitt") != std::string::npos || s == "l3" || s == "fab l3") {
    return value(Immunophenotype::mature_b);
  }
  if (s.find("biphenotypic") != std::string::npos || s.find("mpal") != std::string::npos ||
      s.find("mixed") != std::string::npos || s.find("bilineal") != std::string::npos) {
    return value(Immunophenotype::mpal);
  }
  replace_all(s, "-all", "");
  replace_all(s, " all", "");
  if (one_of(s, {"t", "t-cell", "t cell", "pre-t", "pro-t", "cortical t", "etp"})) {
    return value(Immunophenotype::t);
  }
  if (one_of(s, {"b",
                 "bcp",
                 "b-cell precursor",
                 "b cell precursor",
                 "precursor b",
                 "precursor-b",
                 "b-precursor",
                 "b precursor",
                 "pro-b",
                 "pro b",
                 "prob",
                 "pre-b",
                 "pre b",
                 "preb",
                 "common",
                 "c",
                 "common b",
                 "b-other",
                 "b-lineage",
                 "b lineage",
                 "pre-pre-b",
                 "early pre-b"})) {
    return value(Immunophenotype::b);
  }
  return fail<Immunophenotype>(
      "B (BCP, pro-B, pre-B, common), T, MPAL (biphenotypic, mixed) "
      "or mature B / Burkitt");
}

Parsed<CnsStatus> parse_cns_status(const std::string& text) {
  if (is_missing_value(text)) return missing<CnsStatus>();
  std::string s = norm(text);
  replace_all(s, " ", "");
  if (one_of(s, {"cns1", "1", "cnsi"})) return value(CnsStatus::cns1);
  if (one_of(s, {"cns2", "2", "cns2a", "cns2b", "cns2c", "cnsii"})) return value(CnsStatus::cns2);
  if (one_of(s, {"cns3", "3", "cnsiii"})) return value(CnsStatus::cns3);
  if (one_of(s, {"tlp+", "tlppos", "tlp+ve"})) return value(CnsStatus::tlp_pos);
  if (one_of(s, {"tlp-", "tlpneg", "tlp-ve"})) return value(CnsStatus::tlp_neg);
  return fail<CnsStatus>("CNS1, CNS2, CNS3 (or 1/2/3), TLP+ or TLP-");
}

Parsed<WbcUnit> parse_wbc_unit(const std::string& text) {
  if (is_missing_value(text)) return missing<WbcUnit>();
  const std::string raw = trim(text);
  std::string s = norm(text);
  // Lower-case "g/L" is a mass unit: a known typo for G/L, accepted with a flag downstream.
  std::string compact = raw;
  replace_all(compact, " ", "");
  if (compact == "g/L" || compact == "g/l") return value(WbcUnit::g_per_l_lowercase);
  replace_all(s, " ", "");
  replace_all(s, "*", "^");
  while (!s.empty() && (s[0] == '_' || s[0] == 'x')) s.erase(0, 1);
  if (one_of(s,
             {"10^9/l", "10e9/l", "109/l",       "10^9l",        "10e9_l", "10e9l",      "g/l",
              "g_l",    "gpt/l",  "10^3/ul",     "10e3/ul",      "103/ul", "10^3/mm3",   "10e3/mm3",
              "k/ul",   "k_ul",   "thousand/ul", "thousands/ul", "/nl",    "10^9/l(g/l)"})) {
    return value(WbcUnit::x10e9_per_l);
  }
  if (one_of(s, {"10^9/ml", "10e9/ml"})) return value(WbcUnit::x10e9_per_ml_typo);
  if (one_of(s, {"/ul", "per_ul", "perul", "/mm3", "per_mm3", "permm3", "cells/ul", "cells/mm3",
                 "10^6/l", "10e6/l", "/mm^3", "ul", "mm3"})) {
    return value(WbcUnit::per_ul);
  }
  return fail<WbcUnit>(
      "a WBC unit: x10^9/L, G/L, x10^3/uL, K/uL, 10^3/mm3 (all equal) or /uL, "
      "/mm3, cells/uL");
}

Parsed<MrdUnit> parse_mrd_unit(const std::string& text) {
  if (is_missing_value(text)) return missing<MrdUnit>();
  const std::string s = norm(text);
  if (one_of(s, {"fraction", "frac", "proportion", "decimal", "absolute"})) {
    return value(MrdUnit::fraction);
  }
  if (one_of(s, {"percent", "%", "pct", "percentage"})) return value(MrdUnit::percent);
  if (one_of(s, {"log10", "log", "log 10", "log_10"})) return value(MrdUnit::log10);
  return fail<MrdUnit>("fraction, percent (%) or log10");
}

Parsed<Mrd> parse_mrd(const std::string& text) {
  std::string s = norm(text);
  if (one_of(s, {"negative", "neg", "neg.", "mrd-", "mrd neg", "mrd negative", "not detected",
                 "undetectable", "nd (negative)", "0"}) ||
      is_unicode_minus(text)) {
    return value(Mrd{MrdKind::negative, 0, std::nullopt});
  }
  std::string c = s;
  replace_all(c, " ", "");
  if (one_of(c, {"pos<qr", "pnq", "<qr", "positive<qr", "positivenotquantifiable",
                 "positive,notquantifiable", "posnq", "pos-nq", "mrd+<qr", "belowqr"})) {
    return value(Mrd{MrdKind::below_qr, 0, std::nullopt});
  }
  if (is_missing_value(text)) return missing<Mrd>();
  const char* expected =
      "an MRD value: 1e-4, 1.0E-04, 10^-4, 0.01% or a plain decimal with mrd_unit; "
      "negative/neg/MRD-; POS<QR/PNQ/<QR";
  if (!c.empty() && c[0] == '<') {
    return fail<Mrd>(
        "a value without '<' (\"<x\" may mean negative at sensitivity x or positive "
        "below QR: write 'negative' or 'POS<QR' with mrd_qr)");
  }
  if (!c.empty() && c.back() == '%') {
    double v = 0;
    if (to_double(c.substr(0, c.size() - 1), &v)) {
      return value(Mrd{MrdKind::quantified, v, MrdUnit::percent});
    }
    return fail<Mrd>(expected);
  }
  // 10^-4, 10-4 (from a superscript 10⁻⁴), 1x10^-4, 2.5x10^-4
  std::string mant = "1", expo;
  std::size_t p = c.find("10^");
  if (p != std::string::npos) {
    expo = c.substr(p + 3);
    mant = c.substr(0, p);
  } else if (c.rfind("10-", 0) == 0) {
    expo = c.substr(2);
  }
  if (!expo.empty()) {
    if (!mant.empty() && mant.back() == 'x') mant.pop_back();
    if (mant.empty()) mant = "1";
    double m = 0, e = 0;
    if (to_double(mant, &m) && to_double(expo, &e) && e == std::floor(e)) {
      return value(Mrd{MrdKind::quantified, m * std::pow(10.0, e), MrdUnit::fraction});
    }
    return fail<Mrd>(expected);
  }
  double v = 0;
  if (!to_double(c, &v)) return fail<Mrd>(expected);
  if (v == 0) return value(Mrd{MrdKind::negative, 0, std::nullopt});
  // Scientific notation is read as a fraction; a plain decimal carries no unit of its own.
  if (c.find('e') != std::string::npos)
    return value(Mrd{MrdKind::quantified, v, MrdUnit::fraction});
  return value(Mrd{MrdKind::quantified, v, std::nullopt});
}

Parsed<CountValue> parse_count_with_unit(const std::string& text) {
  if (is_missing_value(text)) return missing<CountValue>();
  const std::string s = trim(text);
  std::size_t i = 0;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.' ||
                          s[i] == '+' || s[i] == '-' ||
                          ((s[i] == 'e' || s[i] == 'E') && i + 1 < s.size() &&
                           (std::isdigit(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == '-' ||
                            s[i + 1] == '+')))) {
    ++i;
  }
  double v = 0;
  if (!to_double(s.substr(0, i), &v)) {
    if (s.find(',') != std::string::npos) {
      return fail<CountValue>(
          "a number with '.' as the decimal point and no thousands "
          "separator, optionally followed by a unit");
    }
    return fail<CountValue>("a number, optionally followed by a unit (e.g. 45 G/L, 45000/uL)");
  }
  CountValue out{v, std::nullopt};
  const std::string rest = trim(s.substr(i));
  if (!rest.empty()) {
    const Parsed<WbcUnit> u = parse_wbc_unit(rest);
    if (!u.value) return fail<CountValue>(u.error.empty() ? "a WBC unit" : u.error);
    out.unit = u.value;
  }
  return value(out);
}

PatientBuild patient_from_fields(const std::vector<std::pair<std::string, std::string>>& fields,
                                 const PatientFieldOptions& options) {
  PatientBuild b;
  PatientInput& in = b.input;
  in.today = options.today;
  std::optional<WbcUnit> wbc_cell_unit, day8_cell_unit;
  for (const auto& field_pair : fields) {
    // Named copies: lambdas cannot capture structured bindings before C++20.
    const std::string& name = field_pair.first;
    const std::string& text = field_pair.second;
    const std::string_view name_sv = name;  // compares lengths first: one field, ~40 names
    auto take = [&](const auto& parsed, auto& field) {
      if (!parsed.ok()) {
        b.problems.push_back(FieldProblem{name, text, parsed.error});
      } else if (parsed.value) {
        field = *parsed.value;
      }
    };
    auto number = [&](std::optional<double>& field) { take(parse_value_number(text), field); };
    auto mrd = [&](std::optional<Mrd>& field) { take(parse_mrd(text), field); };
    if (name_sv == "patient_id"sv) {
      if (!trim(text).empty()) in.patient_id = trim(text);
    } else if (name_sv == "dob"sv) {
      take(parse_date_cell(text, options.dates), in.dob);
    } else if (name_sv == "diagnosis_date"sv) {
      take(parse_date_cell(text, options.dates), in.diagnosis_date);
    } else if (name_sv == "age_days"sv) {
      number(in.age_days);
    } else if (name_sv == "age_months"sv) {
      number(in.age_months);
    } else if (name_sv == "sex"sv) {
      take(parse_sex(text), in.sex);
    } else if (name_sv == "kmt2a_status"sv) {
      take(parse_kmt2a_status(text), in.kmt2a_status);
    } else if (name_sv == "kmt2a_method"sv) {
      take(parse_kmt2a_method(text), in.kmt2a_method);
    } else if (name_sv == "kmt2a_partner"sv) {
      const Parsed<PartnerValue> p = parse_kmt2a_partner(text);
      if (p.value) {
        in.kmt2a_partner = p.value->partner;
        in.kmt2a_partner_ell = p.value->ell;
      }
    } else if (name_sv == "wbc"sv || name_sv == "day8_wbc"sv) {
      const Parsed<CountValue> p = parse_count_with_unit(text);
      if (!p.ok()) {
        b.problems.push_back(FieldProblem{name, text, p.error});
      } else if (p.value) {
        (name_sv == "wbc"sv ? in.wbc : in.day8_wbc) = p.value->value;
        (name_sv == "wbc"sv ? wbc_cell_unit : day8_cell_unit) = p.value->unit;
      }
    } else if (name_sv == "wbc_unit"sv) {
      take(parse_wbc_unit(text), in.wbc_unit);
    } else if (name_sv == "day8_wbc_unit"sv) {
      take(parse_wbc_unit(text), in.day8_wbc_unit);
    } else if (name_sv == "pred_response"sv) {
      take(parse_pred_response(text), in.pred_response);
    } else if (name_sv == "day8_blasts_per_ul"sv) {
      number(in.day8_blasts_per_ul);
    } else if (name_sv == "day8_blast_pct"sv) {
      std::string t = trim(text);
      if (!t.empty() && t.back() == '%') t.pop_back();
      take(parse_value_number(t), in.day8_blast_pct);
    } else if (name_sv == "immunophenotype"sv) {
      take(parse_immunophenotype(text), in.immunophenotype);
    } else if (name_sv == "cd10"sv) {
      take(parse_pos_neg(text), in.cd10_positive);
    } else if (name_sv == "cd19"sv) {
      take(parse_pos_neg(text), in.cd19_positive);
    } else if (name_sv == "cns_status"sv) {
      take(parse_cns_status(text), in.cns_status);
    } else if (name_sv == "csf_wbc_per_ul"sv) {
      number(in.csf_wbc_per_ul);
    } else if (name_sv == "csf_rbc_per_ul"sv) {
      number(in.csf_rbc_per_ul);
    } else if (name_sv == "csf_blasts"sv) {
      take(parse_yes_no(text), in.csf_blasts);
    } else if (name_sv == "cranial_nerve_palsy"sv) {
      take(parse_yes_no(text), in.cranial_nerve_palsy);
    } else if (name_sv == "cns_mass"sv) {
      take(parse_yes_no(text), in.cns_mass);
    } else if (name_sv == "cr_eoi"sv) {
      take(parse_yes_no(text), in.cr_eoi);
    } else if (name_sv == "mrd_eoi"sv) {
      mrd(in.mrd_eoi);
    } else if (name_sv == "mrd_eoc"sv) {
      mrd(in.mrd_eoc);
    } else if (name_sv == "mrd_pre_octada"sv) {
      mrd(in.mrd_pre_octada);
    } else if (name_sv == "mrd_post_blina1"sv) {
      mrd(in.mrd_post_blina1);
    } else if (name_sv == "mrd_unit"sv) {
      take(parse_mrd_unit(text), in.mrd_unit);
    } else if (name_sv == "mrd_method"sv) {
      if (!is_missing_value(text)) in.mrd_method = trim(text);
    } else if (name_sv == "mrd_qr"sv) {
      const Parsed<Mrd> p = parse_mrd(text);
      if (!p.ok() || (p.value && p.value->kind != MrdKind::quantified)) {
        b.problems.push_back(FieldProblem{name, text,
                                          "a quantitative range as an MRD value "
                                          "(1e-4, 0.01%)"});
      } else if (p.value) {
        const Mrd& m = *p.value;
        in.mrd_qr = m.unit == MrdUnit::percent ? m.value / 100.0 : m.value;
      }
    } else if (name_sv == "bcr_abl1"sv) {
      take(parse_pos_neg(text), in.bcr_abl1_positive);
    } else if (name_sv == "study_group"sv) {
      if (!is_missing_value(text)) in.study_group = trim(text);
    } else if (name_sv == "prednisone_prephase_given"sv) {
      take(parse_yes_no(text), in.prednisone_prephase_given);
    } else {
      b.ignored_columns.push_back(name);
    }
  }
  // A unit written in the cell wins only when no unit column/header suffix disagrees.
  // Conflicting units leave the count absent: guessing one would be silent unit inference.
  auto merge = [&](const char* col, std::optional<double>& count, std::optional<WbcUnit>& field,
                   const std::optional<WbcUnit>& cell) {
    if (!cell) return;
    if (field && wbc_to_x10e9_l(1.0, *field) != wbc_to_x10e9_l(1.0, *cell)) {
      b.problems.push_back(FieldProblem{col, to_string(*cell),
                                        std::string("a unit in the cell that agrees with the "
                                                    "unit column (") +
                                            to_string(*field) + ")"});
      count.reset();
      return;
    }
    if (!field) field = cell;
  };
  // A fusion written in kmt2a_status (e.g. "MLL-AF4") names the partner; use it only when no
  // kmt2a_partner column gave one.
  if (!in.kmt2a_partner && in.kmt2a_status == Kmt2aStatus::rearranged) {
    for (const auto& field_pair : fields) {
      if (field_pair.first != "kmt2a_status") continue;
      if (const auto p = partner_of(field_pair.second)) {
        in.kmt2a_partner = p->partner;
        in.kmt2a_partner_ell = p->ell;
      }
    }
  }
  merge("wbc", in.wbc, in.wbc_unit, wbc_cell_unit);
  merge("day8_wbc", in.day8_wbc, in.day8_wbc_unit, day8_cell_unit);
  return b;
}

}  // namespace infant_all
