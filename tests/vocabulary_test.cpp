// The corpus of real-world spellings (tests/data/vocabulary/*.csv: text, field, expected,
// source) read through patient_from_fields, as the CLI's classify and the page's form read a
// cell. The expectations are hand-written from the readings docs/CLINICAL-INPUTS.md describes and
// say where each comes from; "invalid" rows are the spellings docs/CLINICAL-INPUTS.md rejects on
// purpose.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include <algorithm>

#include "infant_all/clinical/classify.h"
#include "infant_all/clinical/patient_values.h"
#include "infant_all/clinical/vocabulary.h"
#include "infant_all/io/column_table.h"
#include "test_util.h"

using namespace infant_all;

namespace {

struct CorpusRow {
  std::string text, field, expected, source;
  int line = 0;
};

// RFC 4180 records of the committed corpus (quoted fields, doubled quotes, LF line ends).
std::vector<CorpusRow> read_corpus(const std::string& name) {
  std::ifstream in(test::data_path("data/vocabulary/" + name));
  REQUIRE_MESSAGE(in.good(), "cannot open the corpus file " << name);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::vector<std::string>> records(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < all.size(); ++i) {
    const char c = all[i];
    if (quoted) {
      if (c == '"' && i + 1 < all.size() && all[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      records.back().push_back(field);
      field.clear();
    } else if (c == '\n') {
      records.back().push_back(field);
      field.clear();
      records.emplace_back();
    } else {
      field += c;
    }
  }
  if (records.back().empty()) records.pop_back();
  REQUIRE(records.size() > 1);
  CHECK(records[0] == std::vector<std::string>{"text", "field", "expected", "source"});
  std::vector<CorpusRow> out;
  for (size_t r = 1; r < records.size(); ++r) {
    REQUIRE_MESSAGE(records[r].size() == 4, name << " line " << r + 1 << " needs 4 fields");
    out.push_back({records[r][0], records[r][1], records[r][2], records[r][3], int(r + 1)});
  }
  return out;
}

std::string tri_bool(const std::optional<bool>& b) {
  return b ? (*b ? "true" : "false") : "missing";
}

// The reading of one cell, in the corpus's words.
std::string reading(const CorpusRow& row) {
  const PatientBuild b = patient_from_fields({{row.field, row.text}});
  if (!b.problems.empty()) return "invalid";
  const PatientInput& in = b.input;
  const std::string& f = row.field;
  if (f == "kmt2a_status") return in.kmt2a_status ? to_string(*in.kmt2a_status) : "missing";
  if (f == "kmt2a_partner") {
    if (!in.kmt2a_partner) return "missing";
    return std::string(to_string(*in.kmt2a_partner)) + (in.kmt2a_partner_ell ? "+ell" : "");
  }
  if (f == "pred_response") return in.pred_response ? to_string(*in.pred_response) : "missing";
  if (f == "immunophenotype") {
    if (!in.immunophenotype) return "missing";
    return *in.immunophenotype == Immunophenotype::mature_b ? "mature_B"
                                                            : to_string(*in.immunophenotype);
  }
  if (f == "cns_status") return in.cns_status ? to_string(*in.cns_status) : "missing";
  if (f == "cranial_nerve_palsy") return tri_bool(in.cranial_nerve_palsy);
  if (f == "prednisone_prephase_given") return tri_bool(in.prednisone_prephase_given);
  if (f == "cd10") return tri_bool(in.cd10_positive);
  if (f == "bcr_abl1") return tri_bool(in.bcr_abl1_positive);
  if (f == "sex") return in.sex ? to_string(*in.sex) : "missing";
  if (f == "mrd_unit") return in.mrd_unit ? to_string(*in.mrd_unit) : "missing";
  if (f == "mrd_eoi") {
    if (!in.mrd_eoi) return "missing";
    const Mrd& m = *in.mrd_eoi;
    if (m.kind == MrdKind::negative) return "negative";
    if (m.kind == MrdKind::below_qr) return "below_QR";
    if (!m.unit) return "unitless " + format_number(m.value);
    return "fraction " + format_number(*m.unit == MrdUnit::percent ? m.value / 100 : m.value);
  }
  if (f == "wbc") {
    if (!in.wbc) return "missing";
    if (!in.wbc_unit) return *in.wbc > 1000 ? "suspect" : format_number(*in.wbc) + " assumed";
    return format_number(wbc_to_x10e9_l(*in.wbc, *in.wbc_unit));
  }
  if (f == "day8_blasts_per_ul") {
    return in.day8_blasts_per_ul ? format_number(*in.day8_blasts_per_ul) : "missing";
  }
  if (f == "csf_wbc_per_ul") {
    return in.csf_wbc_per_ul ? format_number(*in.csf_wbc_per_ul) : "missing";
  }
  FAIL("the corpus names a field the test cannot read: " << f);
  return "";
}

// Equal as words, or as "<word> <number>" with the numbers equal to 1e-12 relative.
bool same_reading(const std::string& got, const std::string& want) {
  if (got == want) return true;
  auto split = [](const std::string& s, std::string* word, double* x) {
    const size_t sp = s.rfind(' ');
    const std::string num = sp == std::string::npos ? s : s.substr(sp + 1);
    *word = sp == std::string::npos ? "" : s.substr(0, sp);
    char* end = nullptr;
    *x = std::strtod(num.c_str(), &end);
    return !num.empty() && end == num.c_str() + num.size();
  };
  std::string wg, ww;
  double xg = 0, xw = 0;
  if (!split(got, &wg, &xg) || !split(want, &ww, &xw)) {
    // "350 assumed": the number first.
    const size_t a = got.find(' '), b = want.find(' ');
    if (a == std::string::npos || b == std::string::npos) return false;
    if (got.substr(a) != want.substr(b)) return false;
    return test::close(std::strtod(got.c_str(), nullptr), std::strtod(want.c_str(), nullptr),
                       1e-12);
  }
  return wg == ww && test::close(xg, xw, 1e-12);
}

const char* const kCorpus[] = {"kmt2a_status.csv", "kmt2a_partner.csv", "pred_response.csv",
                               "other_inputs.csv", "mrd.csv",           "counts.csv"};

}  // namespace

TEST_CASE("vocabulary corpus: every real-world spelling reads as its hand-written expectation") {
  size_t n = 0;
  for (const char* file : kCorpus) {
    for (const CorpusRow& row : read_corpus(file)) {
      ++n;
      const std::string got = reading(row);
      INFO(std::string(file) << " line " << row.line << ": " << row.field << " '" << row.text
                             << "' read as " << got << ", expected " << row.expected << " ("
                             << row.source << ")");
      CHECK(same_reading(got, row.expected));
    }
  }
  CHECK(n >= 300);  // the corpus never shrinks below 300 spellings
}

TEST_CASE("vocabulary corpus: an unreadable value never classifies as definite") {
  // Every "invalid" corpus row of an input Interfant-06 reads, placed in a patient whose other
  // inputs settle HR (KMT2A-r, 100 days, WBC 400, PPR): the result is invalid, never a group.
  for (const char* file : kCorpus) {
    for (const CorpusRow& row : read_corpus(file)) {
      if (row.expected != "invalid") continue;
      std::vector<std::pair<std::string, std::string>> fields = {{"kmt2a_status", "rearranged"},
                                                                 {"age_days", "100"},
                                                                 {"wbc", "400 G/L"},
                                                                 {"pred_response", "PPR"}};
      bool replaced = false;
      for (auto& f : fields) {
        if (f.first == row.field) {
          f.second = row.text;
          replaced = true;
        }
      }
      if (!replaced) fields.emplace_back(row.field, row.text);
      const PatientBuild b = patient_from_fields(fields);
      for (Protocol p : {Protocol::interfant06, Protocol::interfant99, Protocol::mll10,
                         Protocol::interfant21, Protocol::aall0631}) {
        const auto& read = inputs_read(p);
        if (std::find(read.begin(), read.end(), row.field) == read.end()) continue;
        INFO(std::string(file) << " line " << row.line << ": " << row.field << " '" << row.text
                               << "' under " << std::string(to_string(p)));
        const ClassifyResult r = classify(b.input, p);
        CHECK(r.status == ClassifyStatus::invalid);
        REQUIRE_FALSE(r.errors.empty());
        CHECK(r.errors[0].field == row.field);
        CHECK(r.errors[0].message.find(row.text) != std::string::npos);
      }
    }
  }
}

TEST_CASE("vocabulary: every exact spelling is stored folded, and reads back through its parser") {
  for (const InputVocabulary& v : vocabularies()) {
    for (const VocabularyToken& t : v.tokens) {
      CAPTURE(v.input);
      CAPTURE(t.text);
      CHECK(fold_text(t.text) == t.text);
    }
  }
  // fold_text: accents, micro sign, Unicode minus, superscripts, blanks.
  CHECK(fold_text("  R\xC3\xA9"
                  "arrang\xC3\xA9  ") == "rearrange");
  CHECK(fold_text("\xC2\xB5L") == "ul");
  CHECK(fold_text("10\xE2\x81\xBB\xE2\x81\xB4") == "10-4");
  CHECK(fold_text("M\xC3\x84NNLICH") == "mannlich");
  CHECK(fold_text("a \t  b") == "a b");
}

TEST_CASE("vocabulary: Interfant-21 counts only a blank or stated-unknown response as good") {
  // "Unknown" is blank, explicitly not evaluable, or no prephase given; never a value that could
  // not be read ("PPR?"), which would read a poor responder as MR, definite
  // (docs/CLINICAL-INPUTS.md, "The three readings of a cell").
  auto classify21 = [](const char* response) {
    return classify(patient_from_fields({{"kmt2a_status", "MLL-AF4"},
                                         {"age_days", "100"},
                                         {"wbc", "100"},
                                         {"pred_response", response}})
                        .input,
                    Protocol::interfant21);
  };
  CHECK(classify21("").group == "MR");
  CHECK(classify21("not evaluable").group == "MR");
  CHECK(classify21("poor (PPR)").group == "HR");
  CHECK(classify21("PPR?").status == ClassifyStatus::invalid);
  // Day-8 blasts with a unit in the cell settle the response (1200/uL >= 1000: PPR -> HR).
  const ClassifyResult d8 = classify(patient_from_fields({{"kmt2a_status", "r"},
                                                          {"age_days", "100"},
                                                          {"wbc", "100"},
                                                          {"day8_blasts_per_ul", "1200 /uL"}})
                                         .input,
                                     Protocol::interfant21);
  CHECK(d8.group == "HR");
}
