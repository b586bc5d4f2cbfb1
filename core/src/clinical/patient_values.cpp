#include "infant_all/clinical/patient_values.h"

#include "cell_reading.h"
#include "infant_all/clinical/vocabulary.h"

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

bool is_unicode_minus(const std::string& raw) {
  const std::string t = trim(raw);
  return t == kMinusSign || t == "\xE2\x80\x93";
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

bool kmt2a_partner_from_string(const std::string& s, Kmt2aPartner* out) {
  for (Kmt2aPartner p :
       {Kmt2aPartner::t4_11, Kmt2aPartner::t11_19, Kmt2aPartner::t9_11, Kmt2aPartner::other}) {
    if (s == to_string(p)) {
      *out = p;
      return true;
    }
  }
  return false;
}

// The reading of a cell in `vocab`'s exact spellings ("" when none).
std::string exact(const char* vocab, const std::string& folded) {
  const char* r = exact_reading(vocabulary(vocab), folded);
  return r ? r : "";
}

// is_missing_value for text already folded (fold_text), so a parser folds a cell once.
bool missing_folded(const std::string& folded) {
  return folded == "none" || exact_reading(vocabulary("missing"), folded) != nullptr ||
         exact_reading(vocabulary("unknown"), folded) != nullptr;
}

// "<what was expected> (<why>)" for an error message.
std::string because(const std::string& expected, const std::string& why) {
  return why.empty() ? expected : expected + "; unreadable: " + why;
}

}  // namespace

bool is_missing_value(const std::string& text) {
  // No token starts with a digit or is longer than 40 characters: numbers and dates (most cells
  // of a cohort) are answered without folding.
  std::size_t b = 0;
  while (b < text.size() && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  if (b < text.size() && text[b] >= '0' && text[b] <= '9') return false;
  if (text.size() - b > 40) return false;
  return missing_folded(fold_text(text));
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
  const std::string f = fold_text(text);
  const std::string r = exact("yes_no", f);
  if (r == "true" || r == "false") return value(r == "true");
  if (missing_folded(f)) return missing<bool>();
  return fail<bool>("yes/no (y/n, 1/0, true/false, ja/nein, oui/non)");
}

Parsed<bool> parse_pos_neg(const std::string& text) {
  if (is_unicode_minus(text)) return value(false);
  const std::string f = fold_text(text);
  std::string r = exact("pos_neg", f);
  if (r.empty() && !missing_folded(f)) {
    // The marker's own name first: "CD10+", "CD19 neg", "BCR-ABL1 negative", "Ph+".
    for (const char* marker : {"cd10", "cd19", "bcr::abl1", "bcr-abl1", "bcr/abl1", "bcr abl1",
                               "bcrabl1", "bcr-abl", "bcr/abl", "bcrabl", "philadelphia", "ph"}) {
      const std::string m = marker;
      if (f.compare(0, m.size(), m) != 0) continue;
      std::string rest = f.substr(m.size());
      while (!rest.empty() && (rest[0] == ' ' || rest[0] == ':')) rest.erase(0, 1);
      if (rest == "-") {
        r = "false";
      } else {
        r = exact("pos_neg", rest);
      }
      break;
    }
  }
  if (r == "true" || r == "false") return value(r == "true");
  if (missing_folded(f)) return missing<bool>();
  return fail<bool>("positive/negative (pos/neg, +/" + std::string(kMinusSign) +
                    ", CD10+, CD10 neg)");
}

Parsed<Sex> parse_sex(const std::string& text) {
  const std::string f = fold_text(text);
  if (missing_folded(f)) return missing<Sex>();
  const std::string r = exact("sex", f);
  if (r == "male") return value(Sex::male);
  if (r == "female") return value(Sex::female);
  double v = 0;
  if (to_double(trim(text), &v)) {
    return fail<Sex>("M/F or male/female: numeric sex codes are ambiguous without a dictionary");
  }
  return fail<Sex>("M/F, male/female or boy/girl");
}

Parsed<Kmt2aReading> read_kmt2a_status(const std::string& text) {
  if (is_unicode_minus(text)) return value(Kmt2aReading{Kmt2aStatus::germline, std::nullopt});
  const std::string f = fold_text(text);
  const std::string r = exact("kmt2a_status", f);
  auto status_of = [](const std::string& x) {
    return x == "rearranged" ? Kmt2aStatus::rearranged
           : x == "germline" ? Kmt2aStatus::germline
                             : Kmt2aStatus::unknown;
  };
  if (!r.empty()) return value(Kmt2aReading{status_of(r), std::nullopt});
  if (missing_folded(f)) return missing<Kmt2aReading>();
  const PatternReading p = read_kmt2a_status_text(f);
  if (p.reading.empty()) {
    return fail<Kmt2aReading>(
        because("rearranged/germline/unknown (R/G, pos/neg, a fusion such as KMT2A::AFF1 or "
                "t(4;11), or a negation such as 'MLL FISH negative')",
                p.why));
  }
  Kmt2aReading out{status_of(p.reading), std::nullopt};
  if (!p.partner.empty()) {
    Kmt2aPartner g = Kmt2aPartner::other;
    (void)kmt2a_partner_from_string(p.partner, &g);
    out.partner = PartnerValue{g, p.ell};
  }
  return value(out);
}

Parsed<Kmt2aStatus> parse_kmt2a_status(const std::string& text) {
  const Parsed<Kmt2aReading> p = read_kmt2a_status(text);
  Parsed<Kmt2aStatus> out;
  out.error = p.error;
  if (p.value) out.value = p.value->status;
  return out;
}

Parsed<Kmt2aMethod> parse_kmt2a_method(const std::string& text) {
  if (is_missing_value(text)) return missing<Kmt2aMethod>();
  const std::string s = fold_text(text);
  if (s.find("fish") != std::string::npos) return value(Kmt2aMethod::fish);
  if (s.find("ngs") != std::string::npos || s.find("sequenc") != std::string::npos ||
      s.find("rna-seq") != std::string::npos) {
    return value(Kmt2aMethod::ngs);
  }
  if (s.find("pcr") != std::string::npos) return value(Kmt2aMethod::rt_pcr);
  if (s.find("karyo") != std::string::npos || s.find("caryo") != std::string::npos ||
      s.find("cytogenetic") != std::string::npos || s == "g-banding" || s == "banding") {
    return value(Kmt2aMethod::karyotype);
  }
  return value(Kmt2aMethod::other);
}

Parsed<PartnerValue> parse_kmt2a_partner(const std::string& text) {
  const std::string f = fold_text(text);
  std::string r = exact("kmt2a_partner", f);
  bool ell = false;
  if (r.empty() && !missing_folded(f)) {
    const PatternReading p = read_kmt2a_partner_text(f);
    if (p.reading.empty()) {
      return fail<PartnerValue>(because(
          "a KMT2A partner (AFF1/AF4/t(4;11), MLLT1/ENL/t(11;19), MLLT3/AF9/t(9;11), another "
          "partner gene or 'other'), or 'none'",
          p.why));
    }
    r = p.reading;
    ell = p.ell;
  }
  Kmt2aPartner g = Kmt2aPartner::other;
  if (r.empty() || r == "unknown" || r == "none" || !kmt2a_partner_from_string(r, &g)) {
    return missing<PartnerValue>();
  }
  return value(PartnerValue{g, ell});
}

Parsed<PredResponse> parse_pred_response(const std::string& text) {
  const std::string f = fold_text(text);
  std::string r = exact("pred_response", f);
  if (r.empty() && !missing_folded(f)) {
    const PatternReading p = read_pred_response_text(f);
    if (p.reading.empty()) {
      return fail<PredResponse>(
          because("PGR/PPR (good/poor, G/P); NE or blank for not evaluable", p.why));
    }
    r = p.reading;
  }
  if (r == "PGR") return value(PredResponse::pgr);
  if (r == "PPR") return value(PredResponse::ppr);
  return missing<PredResponse>();
}

Parsed<Immunophenotype> parse_immunophenotype(const std::string& text) {
  if (is_missing_value(text)) return missing<Immunophenotype>();
  std::string s = fold_text(text);
  if (s.find("mature b") != std::string::npos || s.find("mature-b") != std::string::npos ||
      s.find("burkitt") != std::string::npos || s == "l3" || s == "fab l3") {
    return value(Immunophenotype::mature_b);
  }
  if (s.find("biphenotyp") != std::string::npos || s.find("mpal") != std::string::npos ||
      s.find("mixed") != std::string::npos || s.find("bilineal") != std::string::npos) {
    return value(Immunophenotype::mpal);
  }
  for (const char* drop : {"-all", " all", "lal-", "lal "}) replace_all(s, drop, "");
  if (s.rfind("all-", 0) == 0) s.erase(0, 4);
  replace_all(s, "pra-", "pre-");  // German "prä-B" folds to "pra-b"
  replace_all(s, "vorlaufer", "precursor");
  const std::string r = exact("immunophenotype", s);
  if (r == "B") return value(Immunophenotype::b);
  if (r == "T") return value(Immunophenotype::t);
  if (r == "MPAL") return value(Immunophenotype::mpal);
  if (r == "mature_B") return value(Immunophenotype::mature_b);
  return fail<Immunophenotype>(
      "B (BCP, pro-B, pre-B, common), T, MPAL (biphenotypic, mixed) "
      "or mature B / Burkitt");
}

Parsed<CnsStatus> parse_cns_status(const std::string& text) {
  const std::string f = fold_text(text);
  std::string s = f;
  replace_all(s, " ", "");
  for (const char* p : {"cns-", "zns-"}) {
    if (s.rfind(p, 0) == 0) s.erase(3, 1);
  }
  const std::string r = exact("cns_status", s);
  if (r == "CNS1") return value(CnsStatus::cns1);
  if (r == "CNS2") return value(CnsStatus::cns2);
  if (r == "CNS3") return value(CnsStatus::cns3);
  if (r == "TLP+") return value(CnsStatus::tlp_pos);
  if (r == "TLP-") return value(CnsStatus::tlp_neg);
  if (!r.empty() || missing_folded(f)) return missing<CnsStatus>();
  return fail<CnsStatus>("CNS1, CNS2, CNS3 (or 1/2/3), TLP+ or TLP-");
}

Parsed<WbcUnit> parse_wbc_unit(const std::string& text) {
  if (is_missing_value(text)) return missing<WbcUnit>();
  // Lower-case "g/L" is a mass unit: a known typo for G/L, accepted with a flag downstream.
  std::string compact = trim(text);
  replace_all(compact, " ", "");
  if (compact == "g/L" || compact == "g/l") return value(WbcUnit::g_per_l_lowercase);
  std::string s = fold_text(text);
  replace_all(s, " ", "");
  replace_all(s, "*", "^");
  replace_all(s, "10e", "10^");
  while (!s.empty() && s[0] == '_') s.erase(0, 1);
  if (s.rfind("per", 0) == 0) s = "/" + s.substr(s[3] == '_' || s[3] == '/' ? 4 : 3);
  replace_all(s, "_", "/");
  if (s.size() > 1 && s[0] == 'x' && std::isdigit(static_cast<unsigned char>(s[1]))) s.erase(0, 1);
  if (s == "109/l" || s == "10^9l" || s == "10^9/l(g/l)") s = "10^9/l";
  if (s == "103/ul") s = "10^3/ul";
  if (s == "mm3" || s == "ul" || s == "perul" || s == "per/ul" || s == "/mm^3" ||
      s == "cells/mm3" || s == "permm3" || s == "per/mm3") {
    s = "/ul";
  }
  if (s == "10^3/mm3" || s == "thousands/ul" || s == "k/ul" || s == "g/l") s = "10^9/l";
  std::string r = exact("wbc_unit", s);
  if (r.empty()) r = exact("wbc_unit", "x" + s);
  if (r == "x10^9/L") return value(WbcUnit::x10e9_per_l);
  if (r == "/uL") return value(WbcUnit::per_ul);
  if (r == "x10^9/L (typo for /L)") return value(WbcUnit::x10e9_per_ml_typo);
  return fail<WbcUnit>(
      "a WBC unit: x10^9/L, G/L, x10^3/uL, K/uL, 10^3/mm3 (all equal) or /uL, "
      "/mm3, cells/uL");
}

Parsed<MrdUnit> parse_mrd_unit(const std::string& text) {
  if (is_missing_value(text)) return missing<MrdUnit>();
  std::string s = fold_text(text);
  if (s == "log 10" || s == "log_10") s = "log10";
  const std::string r = exact("mrd_unit", s);
  if (r == "fraction") return value(MrdUnit::fraction);
  if (r == "percent") return value(MrdUnit::percent);
  if (r == "log10") return value(MrdUnit::log10);
  return fail<MrdUnit>("fraction, percent (%) or log10");
}

Parsed<Mrd> parse_mrd(const std::string& text) {
  std::string s = fold_text(text);
  // "negative (<1e-4)", "MRD neg (< 0.01%)": a negative reading with its sensitivity in
  // parentheses is negative ("<1e-4" alone is not: negative, or positive below the QR?).
  const std::size_t open = s.find("(<");
  if (open != std::string::npos && !s.empty() && s.back() == ')') {
    std::string head = s.substr(0, open);
    while (!head.empty() && head.back() == ' ') head.pop_back();
    if (exact("mrd", head) == "negative") s = head;
  }
  std::string c = s;
  replace_all(c, " ", "");
  std::string r = exact("mrd", s);
  if (r.empty()) r = exact("mrd", c);
  if (r == "negative" || is_unicode_minus(text)) {
    return value(Mrd{MrdKind::negative, 0, std::nullopt});
  }
  if (r == "below_QR") return value(Mrd{MrdKind::below_qr, 0, std::nullopt});
  if (missing_folded(s)) return missing<Mrd>();
  const char* expected =
      "an MRD value: 1e-4, 1.0E-04, 10^-4, 0.01% or a plain decimal with mrd_unit; "
      "negative/neg/MRD-; POS<QR/PNQ/<QR";
  if (!c.empty() && c[0] == '<') {
    return fail<Mrd>(
        "a value without '<' (\"<x\" may mean negative at sensitivity x or positive "
        "below QR: write 'negative' or 'POS<QR' with mrd_qr)");
  }
  replace_all(c, "x10e", "x10^");  // "1x10E-4": unambiguous with its mantissa
  if (c.rfind("10e", 0) == 0) {
    return fail<Mrd>(
        "1e-4 or 10^-4: \"10E-4\" reads as 10 x 10^-4 = 1e-3 but is usually meant as 10^-4, "
        "so it is not guessed");
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
  } else if ((p = c.find("x10-")) != std::string::npos) {
    expo = c.substr(p + 3);
    mant = c.substr(0, p + 1);
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
  if (c.find('e') != std::string::npos) {
    return value(Mrd{MrdKind::quantified, v, MrdUnit::fraction});
  }
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

namespace {

// "350.000/uL": a '.' before exactly three digits of a count per uL is read in German and
// French exports as a thousands separator (350,000), elsewhere as a decimal point (350): refused.
bool thousands_dot_per_ul(const std::string& text, const CountValue& c) {
  if (!c.unit || *c.unit != WbcUnit::per_ul) return false;
  const std::string t = trim(text);
  const std::size_t dot = t.find('.');
  if (dot == std::string::npos) return false;
  std::size_t digits = 0;
  while (dot + 1 + digits < t.size() &&
         std::isdigit(static_cast<unsigned char>(t[dot + 1 + digits]))) {
    ++digits;
  }
  return digits == 3;
}

const char* const kThousandsDot =
    "a count without a thousands separator: '.' before three digits may be a decimal point or a "
    "thousands separator (350.000/uL: 350 or 350,000?)";

// A count with an optional unit in its cell, converted to /uL (day-8 blasts, CSF counts).
Parsed<double> count_per_ul(const std::string& text) {
  const Parsed<CountValue> p = parse_count_with_unit(text);
  if (!p.ok()) return fail<double>(p.error);
  if (p.value && thousands_dot_per_ul(text, *p.value)) return fail<double>(kThousandsDot);
  if (!p.value) return missing<double>();
  const CountValue& c = *p.value;
  if (!c.unit || *c.unit == WbcUnit::per_ul) return value(c.value);
  return value(c.value * 1000.0);  // x10^9/L (and its typos) -> /uL
}

}  // namespace

namespace cells {

namespace {

constexpr const char* kFieldNames[] = {
    "patient_id",
    "dob",
    "diagnosis_date",
    "age_days",
    "age_months",
    "sex",
    "kmt2a_status",
    "kmt2a_method",
    "kmt2a_partner",
    "wbc",
    "wbc_unit",
    "day8_wbc",
    "day8_wbc_unit",
    "pred_response",
    "day8_blasts_per_ul",
    "day8_blast_pct",
    "immunophenotype",
    "cd10",
    "cd19",
    "cns_status",
    "csf_wbc_per_ul",
    "csf_rbc_per_ul",
    "csf_blasts",
    "cranial_nerve_palsy",
    "cns_mass",
    "cr_eoi",
    "mrd_eoi",
    "mrd_eoc",
    "mrd_pre_octada",
    "mrd_post_blina1",
    "mrd_unit",
    "mrd_method",
    "mrd_qr",
    "bcr_abl1",
    "study_group",
    "prednisone_prephase_given",
};
static_assert(sizeof kFieldNames / sizeof kFieldNames[0] ==
                  static_cast<std::size_t>(Field::ignored),
              "one name per field");

template <typename E>
E as(int code) {
  return static_cast<E>(code);
}

}  // namespace

Field field_of(std::string_view canonical) {
  for (std::size_t i = 0; i < static_cast<std::size_t>(Field::ignored); ++i) {
    if (canonical == kFieldNames[i]) return static_cast<Field>(i);
  }
  return Field::ignored;
}

bool is_free_text_or_ignored(Field f) {
  return f == Field::patient_id || f == Field::mrd_method || f == Field::study_group ||
         f == Field::ignored;
}

CellReading read_cell(Field field, const std::string& text, const PatientFieldOptions& options) {
  if (!options.recodes.empty() && field != Field::ignored) {
    const std::string* to =
        recoded_value(options.recodes, kFieldNames[static_cast<std::size_t>(field)], text);
    if (to != nullptr) {
      PatientFieldOptions plain = options;
      plain.recodes.clear();
      return read_cell(field, *to, plain);
    }
  }
  CellReading r;
  r.blank = is_missing_value(text);
  auto fail = [&](const std::string& expected) {
    r.expected = expected;
    r.unreadable = !r.expected.empty();
    r.text = text;
  };
  // A parser's answer: an error, nothing (a missing token), or a value for `store`.
  auto take = [&](const auto& parsed, auto store) {
    if (!parsed.ok()) {
      fail(parsed.error);
    } else if (parsed.value) {
      r.has = true;
      store(*parsed.value);
    }
  };
  auto number = [&](double v) { r.number = v; };
  auto code = [&](auto v) { r.code = static_cast<int>(v); };
  switch (field) {
    case Field::patient_id: {
      std::string t = trim(text);
      if (!t.empty()) {
        r.has = true;
        r.text = std::move(t);
      }
      break;
    }
    case Field::dob:
    case Field::diagnosis_date:
      take(parse_date_cell(text, options.dates), [&](const Date& d) { r.date = d; });
      break;
    case Field::age_days:
    case Field::age_months:
      take(parse_value_number(text), number);
      break;
    case Field::sex:
      take(parse_sex(text), code);
      break;
    case Field::kmt2a_status:
      take(read_kmt2a_status(text), [&](const Kmt2aReading& k) {
        r.code = static_cast<int>(k.status);
        r.partner = k.partner;
      });
      break;
    case Field::kmt2a_method:
      take(parse_kmt2a_method(text), code);
      break;
    case Field::kmt2a_partner:
      take(parse_kmt2a_partner(text), [&](const PartnerValue& v) { r.partner = v; });
      break;
    case Field::wbc:
    case Field::day8_wbc: {
      const Parsed<CountValue> p = parse_count_with_unit(text);
      if (p.ok() && p.value && thousands_dot_per_ul(text, *p.value)) {
        fail(kThousandsDot);
      } else {
        take(p, [&](const CountValue& c) {
          r.number = c.value;
          r.cell_unit = c.unit;
        });
      }
      break;
    }
    case Field::wbc_unit:
    case Field::day8_wbc_unit:
      take(parse_wbc_unit(text), code);
      break;
    case Field::pred_response:
      take(parse_pred_response(text), code);
      break;
    case Field::day8_blasts_per_ul:
    case Field::csf_wbc_per_ul:
    case Field::csf_rbc_per_ul:
      take(count_per_ul(text), number);
      break;
    case Field::day8_blast_pct: {
      std::string t = trim(text);
      if (!t.empty() && t.back() == '%') t.pop_back();
      take(parse_value_number(t), number);
      break;
    }
    case Field::immunophenotype:
      take(parse_immunophenotype(text), code);
      break;
    case Field::cd10:
    case Field::cd19:
    case Field::bcr_abl1:
      take(parse_pos_neg(text), code);
      break;
    case Field::cns_status:
      take(parse_cns_status(text), code);
      break;
    case Field::csf_blasts:
    case Field::cranial_nerve_palsy:
    case Field::cns_mass:
    case Field::cr_eoi:
    case Field::prednisone_prephase_given:
      take(parse_yes_no(text), code);
      break;
    case Field::mrd_eoi:
    case Field::mrd_eoc:
    case Field::mrd_pre_octada:
    case Field::mrd_post_blina1:
      take(parse_mrd(text), [&](const Mrd& m) { r.mrd = m; });
      break;
    case Field::mrd_unit:
      take(parse_mrd_unit(text), code);
      break;
    case Field::mrd_method:
    case Field::study_group:
      if (!r.blank) {
        r.has = true;
        r.text = trim(text);
      }
      break;
    case Field::mrd_qr: {
      const Parsed<Mrd> p = parse_mrd(text);
      if (!p.ok() || (p.value && p.value->kind != MrdKind::quantified)) {
        fail("a quantitative range as an MRD value (1e-4, 0.01%)");
      } else if (p.value) {
        r.has = true;
        r.number = p.value->unit == MrdUnit::percent ? p.value->value / 100.0 : p.value->value;
      }
      break;
    }
    case Field::ignored:
      break;
  }
  return r;
}

void apply_cell(Field field, const std::string& name, const CellReading& r, PatientBuild* b,
                RowCarry* carry) {
  PatientInput& in = b->input;
  if (r.blank) in.blank_inputs.push_back(name);
  if (field == Field::ignored) {
    b->ignored_columns.push_back(name);
    return;
  }
  if (r.unreadable) {
    b->problems.push_back(FieldProblem{name, r.text, r.expected});
    return;
  }
  if (!r.has) return;
  const bool yes = r.code != 0;
  switch (field) {
    case Field::patient_id:
      in.patient_id = r.text;
      break;
    case Field::dob:
      in.dob = r.date;
      break;
    case Field::diagnosis_date:
      in.diagnosis_date = r.date;
      break;
    case Field::age_days:
      in.age_days = r.number;
      break;
    case Field::age_months:
      in.age_months = r.number;
      break;
    case Field::sex:
      in.sex = as<Sex>(r.code);
      break;
    case Field::kmt2a_status:
      in.kmt2a_status = as<Kmt2aStatus>(r.code);
      carry->partner_from_status = r.partner;
      break;
    case Field::kmt2a_method:
      in.kmt2a_method = as<Kmt2aMethod>(r.code);
      break;
    case Field::kmt2a_partner:
      in.kmt2a_partner = r.partner->partner;
      in.kmt2a_partner_ell = r.partner->ell;
      break;
    case Field::wbc:
      in.wbc = r.number;
      carry->wbc_cell_unit = r.cell_unit;
      break;
    case Field::day8_wbc:
      in.day8_wbc = r.number;
      carry->day8_cell_unit = r.cell_unit;
      break;
    case Field::wbc_unit:
      in.wbc_unit = as<WbcUnit>(r.code);
      break;
    case Field::day8_wbc_unit:
      in.day8_wbc_unit = as<WbcUnit>(r.code);
      break;
    case Field::pred_response:
      in.pred_response = as<PredResponse>(r.code);
      break;
    case Field::day8_blasts_per_ul:
      in.day8_blasts_per_ul = r.number;
      break;
    case Field::day8_blast_pct:
      in.day8_blast_pct = r.number;
      break;
    case Field::immunophenotype:
      in.immunophenotype = as<Immunophenotype>(r.code);
      break;
    case Field::cd10:
      in.cd10_positive = yes;
      break;
    case Field::cd19:
      in.cd19_positive = yes;
      break;
    case Field::cns_status:
      in.cns_status = as<CnsStatus>(r.code);
      break;
    case Field::csf_wbc_per_ul:
      in.csf_wbc_per_ul = r.number;
      break;
    case Field::csf_rbc_per_ul:
      in.csf_rbc_per_ul = r.number;
      break;
    case Field::csf_blasts:
      in.csf_blasts = yes;
      break;
    case Field::cranial_nerve_palsy:
      in.cranial_nerve_palsy = yes;
      break;
    case Field::cns_mass:
      in.cns_mass = yes;
      break;
    case Field::cr_eoi:
      in.cr_eoi = yes;
      break;
    case Field::mrd_eoi:
      in.mrd_eoi = r.mrd;
      break;
    case Field::mrd_eoc:
      in.mrd_eoc = r.mrd;
      break;
    case Field::mrd_pre_octada:
      in.mrd_pre_octada = r.mrd;
      break;
    case Field::mrd_post_blina1:
      in.mrd_post_blina1 = r.mrd;
      break;
    case Field::mrd_unit:
      in.mrd_unit = as<MrdUnit>(r.code);
      break;
    case Field::mrd_method:
      in.mrd_method = r.text;
      break;
    case Field::mrd_qr:
      in.mrd_qr = r.number;
      break;
    case Field::bcr_abl1:
      in.bcr_abl1_positive = yes;
      break;
    case Field::study_group:
      in.study_group = r.text;
      break;
    case Field::prednisone_prephase_given:
      in.prednisone_prephase_given = yes;
      break;
    case Field::ignored:
      break;
  }
}

void finish_row(PatientBuild* b, const RowCarry& carry) {
  PatientInput& in = b->input;
  // A unit written in the cell wins only when no unit column/header suffix disagrees.
  // Conflicting units leave the count absent: guessing one would be silent unit inference.
  auto merge = [&](const char* col, std::optional<double>& count, std::optional<WbcUnit>& field,
                   const std::optional<WbcUnit>& cell) {
    if (!cell) return;
    if (field && wbc_to_x10e9_l(1.0, *field) != wbc_to_x10e9_l(1.0, *cell)) {
      b->problems.push_back(FieldProblem{col, to_string(*cell),
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
  if (!in.kmt2a_partner && carry.partner_from_status) {
    in.kmt2a_partner = carry.partner_from_status->partner;
    in.kmt2a_partner_ell = carry.partner_from_status->ell;
  }
  merge("wbc", in.wbc, in.wbc_unit, carry.wbc_cell_unit);
  merge("day8_wbc", in.day8_wbc, in.day8_wbc_unit, carry.day8_cell_unit);
  // Every unreadable cell goes to the classifier, which decides per protocol whether its rules
  // read it (then the patient is invalid), never treating it as unknown.
  for (const FieldProblem& p : b->problems) {
    in.unreadable.push_back(FieldError{
        p.column, p.value, p.column + " '" + p.value + "' is unreadable: expected " + p.expected});
  }
}

}  // namespace cells

PatientBuild patient_from_fields(const std::vector<std::pair<std::string, std::string>>& fields,
                                 const PatientFieldOptions& options) {
  PatientBuild b;
  b.input.today = options.today;
  cells::RowCarry carry;
  for (const auto& [name, text] : fields) {
    const cells::Field f = cells::field_of(name);
    cells::apply_cell(f, name, cells::read_cell(f, text, options), &b, &carry);
  }
  cells::finish_row(&b, carry);
  return b;
}

}  // namespace infant_all
