// The cohort path of the classifier against the one-patient path, on random messy tables:
// - CohortPatients::read(i) (typed columns, each distinct value read once) builds the patient
//   patient_from_fields() builds from row i's cell texts, to every field the rules and the
//   output show;
// - classify(..., ClassifyDetail::group_only) and classify_group() settle the same status and
//   group as the full classifier, for every protocol, on 1e5 random patients with missing,
//   unreadable and boundary values.
// The expected side is the existing one-patient path, itself tested against hand-worked
// examples (classify_test.cpp, patient_values_test.cpp).
#include "infant_all/clinical/cohort_patients.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "infant_all/clinical/classify.h"
#include "infant_all/clinical/column_mapping.h"
#include "infant_all/clinical/patient_values.h"
#include "infant_all/io/column_table.h"

using namespace infant_all;

namespace {

constexpr Protocol kProtocols[] = {Protocol::interfant06, Protocol::interfant99, Protocol::mll10,
                                   Protocol::interfant21, Protocol::aall0631};

// Cells of one column: well-formed values mostly, with blanks, missing tokens, other spellings,
// unreadable text and boundary values at rates set per table (`dirt`), so that across tables a
// column is typed number, date, categorical or text, with and without misfits.
struct Gen {
  std::mt19937 rng;
  double dirt = 0.1;

  explicit Gen(unsigned seed) : rng(seed) {}
  double u() { return std::uniform_real_distribution<double>(0, 1)(rng); }
  int i(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  template <class T>
  const T& pick(const std::vector<T>& xs) {
    return xs[static_cast<size_t>(i(0, static_cast<int>(xs.size()) - 1))];
  }
  std::string fmt(const char* f, double v) {
    char b[64];
    std::snprintf(b, sizeof b, f, v);
    return b;
  }
  // A cell: blank at rate 0.15, a junk or odd form at rate `dirt`, else `good()`.
  template <class Good>
  std::string cell(Good good, const std::vector<std::string>& odd) {
    const double x = u();
    if (x < 0.1) return "";
    if (x < 0.15) return pick(std::vector<std::string>{"NA", "unknown", "-", "n.a.", " "});
    if (x < 0.15 + dirt) return pick(odd);
    return good();
  }
  std::string date(int year_lo, int year_hi) {
    return fmt("%04.0f", i(year_lo, year_hi)) + "-" + fmt("%02.0f", i(1, 12)) + "-" +
           fmt("%02.0f", i(1, 28));
  }
};

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// A random registry export of `rows` infants; `header_unit` names the WBC column "WBC (/uL)".
std::string random_cohort(Gen& g, int rows, bool header_unit) {
  const std::vector<std::string> headers = {"patient_id",
                                            "dob",
                                            "diagnosis_date",
                                            "age_days",
                                            "age_months",
                                            "sex",
                                            "kmt2a_status",
                                            "kmt2a_partner",
                                            header_unit ? "WBC (/uL)" : "wbc",
                                            header_unit ? "comment" : "wbc_unit",
                                            "pred_response",
                                            "day8_blasts_per_ul",
                                            "day8_wbc",
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
                                            "mrd_pre_octada",
                                            "mrd_post_blina1",
                                            "mrd_unit",
                                            "mrd_qr",
                                            "prednisone_prephase_given",
                                            "bcr_abl1",
                                            "study_group",
                                            "event_type"};
  std::string out;
  for (size_t j = 0; j < headers.size(); ++j) out += (j ? "," : "") + csv_field(headers[j]);
  out += "\n";
  const std::vector<std::string> junk = {"?x",       "350 G/L", "1,5",   "yes please", "12/03/2020",
                                         "1.500/uL", "CNS 4",   "0.01%", "1e-4",       "pos"};
  for (int r = 0; r < rows; ++r) {
    const int age = g.i(0, 400);
    const int by = g.i(2005, 2024);
    std::vector<std::string> c;
    c.push_back("P" + std::to_string(r));
    // Dates about `age` days apart, in the calendar, around month ends too.
    char dob[16], dx[16];
    const int m = g.i(1, 12), d = g.i(1, 31 - (m == 2 ? 3 : 0));
    std::snprintf(dob, sizeof dob, "%04d-%02d-%02d", by, m, d);
    const int dm = (m - 1 + age / 30) % 12 + 1, dy = by + (m - 1 + age / 30) / 12;
    std::snprintf(dx, sizeof dx, "%04d-%02d-%02d", dy, dm, g.i(1, 28));
    if (g.u() < 0.1) {  // at the six-month cut-off: the day before, on it, the day after
      const Date six = add_months_clamped(Date{by, m, d}, 6);
      const Date near = date_from_days(days_since_epoch(six) + g.i(-1, 1));
      std::snprintf(dx, sizeof dx, "%s", to_string(near).c_str());
    }
    c.push_back(g.cell([&] { return std::string(dob); }, {"2020-02-30", "31/12/2019", "today"}));
    c.push_back(g.cell([&] { return std::string(dx); }, {"2099-01-01", "2019-13-01", "later"}));
    c.push_back(
        g.cell([&] { return std::to_string(age); },
               {"182.5", "-3", "181", "182", "183", "89", "90", "179", "180", "365", "366"}));
    c.push_back(g.cell([&] { return g.fmt("%.1f", g.u() * 13); }, {"6", "12", "5.9", "x"}));
    c.push_back(g.cell(
        [&] {
          return g.pick(std::vector<std::string>{"M", "F", "male", "girl"});
        },
        {"1", "2", "other"}));
    c.push_back(g.cell(
        [&] {
          return g.pick(std::vector<std::string>{"rearranged", "germline", "KMT2A-r", "MLL-AF4",
                                                 "KMT2A::AFF1", "negative", "wt", "R", "G"});
        },
        {"PTD", "maybe", "KMT2A::AFF1 not detected", "MLL FISH negative"}));
    c.push_back(g.cell(
        [&] {
          return g.pick(std::vector<std::string>{"t(4;11)", "AF4", "MLLT1", "t(9;11)", "ELL",
                                                 "AFDN", "none"});
        },
        {"t(1;2)", "??"}));
    c.push_back(g.cell(
        [&] {
          const double x = g.u();
          if (x < 0.05) return std::string("300");
          if (x < 0.1) return g.fmt("%.0f", 1000 + g.u() * 2500);
          if (header_unit) return g.fmt("%.0f", g.u() * 800000);
          return g.fmt("%.1f", g.u() * 900);
        },
        {"350 G/L", "45000/uL", "1.500/uL", "4000", "0", "abc", "300000/uL", "299.999", "300.0",
         "1000", "3000"}));
    c.push_back(g.cell(
        [&] {
          return header_unit ? std::string("note")
                             : g.pick(std::vector<std::string>{"G/L", "x10^9/L", "/uL", "g/L"});
        },
        {"mg", "x10^9/mL"}));
    c.push_back(g.cell(
        [&] {
          return g.pick(std::vector<std::string>{"PGR", "PPR", "good", "poor"});
        },
        {"not evaluable", "bad"}));
    c.push_back(g.cell([&] { return g.fmt("%.0f", g.u() * 3000); }, {"1000", "999", "-1"}));
    c.push_back(g.cell([&] { return g.fmt("%.1f", g.u() * 20); }, {"5000", "-2"}));
    c.push_back(g.cell([&] { return g.fmt("%.0f", g.u() * 100); }, {"50%", "120"}));
    c.push_back(g.cell(
        [&] {
          return g.pick(std::vector<std::string>{"B", "pro-B", "T", "MPAL"});
        },
        {"mature B", "Burkitt", "X"}));
    c.push_back(g.cell(
        [&] {
          return g.pick(std::vector<std::string>{"pos", "neg", "+"});
        },
        {"weak", "1"}));
    c.push_back(g.cell(
        [&] {
          return g.pick(std::vector<std::string>{"positive", "negative"});
        },
        {"dim"}));
    c.push_back(g.cell(
        [&] {
          return g.pick(std::vector<std::string>{"CNS1", "CNS2", "CNS3", "TLP+", "TLP-"});
        },
        {"CNS2b", "3", "CNS 4"}));
    c.push_back(g.cell([&] { return g.fmt("%.0f", g.u() * 12); }, {"5", "2000", "-1"}));
    c.push_back(g.cell([&] { return g.fmt("%.0f", g.u() * 20); }, {"10", "x"}));
    for (int k = 0; k < 3; ++k) {  // csf_blasts, cranial_nerve_palsy, cns_mass
      c.push_back(g.cell(
          [&] {
            return g.pick(std::vector<std::string>{"yes", "no", "Y", "N"});
          },
          {"maybe", "1", "0"}));
    }
    c.push_back(g.cell([&] { return g.pick(std::vector<std::string>{"yes", "no"}); }, {"CR"}));
    for (int k = 0; k < 3; ++k) {  // mrd_eoi, mrd_pre_octada, mrd_post_blina1
      c.push_back(g.cell(
          [&] {
            return g.pick(std::vector<std::string>{"1e-4", "5e-4", "0.0001", "0.01%", "neg", "PNQ",
                                                   "1.0E-03", "0.05", "2"});
          },
          {"10^-4", "<1e-4", "150", "-0.1", "high"}));
    }
    c.push_back(g.cell(
        [&] {
          return g.pick(std::vector<std::string>{"fraction", "percent"});
        },
        {"log10", "ppm"}));
    c.push_back(g.cell(
        [&] {
          return g.pick(std::vector<std::string>{"1e-4", "5e-5", "0.01%"});
        },
        {"neg", "2"}));
    c.push_back(g.cell([&] { return g.pick(std::vector<std::string>{"yes", "no"}); }, {"?"}));
    c.push_back(g.cell([&] { return g.pick(std::vector<std::string>{"neg", "pos"}); }, {"?"}));
    c.push_back(g.cell([&] { return g.pick(std::vector<std::string>{"A", "B"}); }, {"C"}));
    c.push_back(g.pick(std::vector<std::string>{"relapse", "none", "death"}));
    for (size_t j = 0; j < c.size(); ++j) out += (j ? "," : "") + csv_field(c[j]);
    out += "\n";
  }
  return out;
}

// Row i's (canonical, text) pairs as a one-patient caller would give them.
std::vector<std::pair<std::string, std::string>> row_fields(const Table& t,
                                                            const ColumnMapping& mapping,
                                                            size_t i) {
  std::vector<std::pair<std::string, std::string>> fields;
  const bool has_wbc_unit = mapping.column_of("wbc_unit") >= 0;
  for (const auto& m : mapping.matches) {
    fields.emplace_back(m.canonical, t.columns[m.column].raw_text(i));
    if (m.canonical == "wbc" && !m.unit.empty() && !has_wbc_unit) {
      fields.emplace_back("wbc_unit", m.unit);
    }
  }
  return fields;
}

std::string join(const std::vector<std::string>& xs) {
  std::string s;
  for (const auto& x : xs) s += x + "|";
  return s;
}

// Everything a full classification shows.
std::string describe(const ClassifyResult& r) {
  std::string s = std::string(to_string(r.status)) + " " + r.group + "\n" + join(r.candidates) +
                  "\n" + join(r.missing) + "\n" + join(r.flags) + "\n" + join(r.reasons) + "\n" +
                  join(r.notes) + "\n" + to_string(r.mann_hr_subgroup) + r.mr_substratum + "\n";
  for (const auto& c : r.criteria) s += c.name + "=" + to_string(c.value) + " ";
  for (const auto& e : r.errors) s += "\n" + e.field + ":" + e.value + ":" + e.message;
  return s;
}

std::string describe(const PatientBuild& b) {
  std::string s = b.input.patient_id.value_or("-") + " " + b.input.mrd_method.value_or("-") + " " +
                  b.input.study_group.value_or("-") + " " +
                  (b.input.sex ? to_string(*b.input.sex) : "-") + " " +
                  (b.input.cd10_positive ? (*b.input.cd10_positive ? "cd10+" : "cd10-") : "-") +
                  "\n" + join(b.input.blank_inputs) + "\n" + join(b.ignored_columns);
  for (const auto& p : b.problems) s += "\n" + p.column + ":" + p.value + ":" + p.expected;
  return s;
}

}  // namespace

TEST_CASE("CohortPatients reads every row as patient_from_fields reads its texts") {
  size_t rows_checked = 0, invalid = 0, definite = 0;
  for (unsigned seed = 1; seed <= 6; ++seed) {
    Gen g(seed);
    g.dirt = seed % 3 == 0 ? 0.0 : seed % 3 == 1 ? 0.03 : 0.3;
    const std::string csv = random_cohort(g, 1500, seed % 2 == 0);
    const Table t = read_csv_table(csv);
    REQUIRE(t.status.ok());
    const ColumnMapping mapping = map_columns(t.headers());
    REQUIRE(mapping.status.ok());
    PatientFieldOptions options;
    options.today = Date{2026, 12, 1};
    CohortPatients patients(t, mapping, options);
    PatientBuild build;
    for (size_t i = 0; i < t.n_rows; ++i) {
      const PatientBuild expected = patient_from_fields(row_fields(t, mapping, i), options);
      patients.read(i, &build);
      INFO("seed " << seed << ", row " << i);
      REQUIRE(describe(build) == describe(expected));
      for (Protocol p : kProtocols) {
        const ClassifyResult want = classify(expected.input, p);
        REQUIRE(describe(classify(build.input, p)) == describe(want));
        invalid += want.status == ClassifyStatus::invalid;
        definite += want.status == ClassifyStatus::definite;
      }
      ++rows_checked;
    }
    // Out of order (no block read ahead, the raw cells searched): the same patients.
    const bool group_only = seed % 2 == 0;
    CohortPatients backwards(t, mapping, options, group_only);
    for (size_t i = t.n_rows; i-- > 0;) {
      const PatientBuild expected = patient_from_fields(row_fields(t, mapping, i), options);
      backwards.read(i, &build);
      INFO("seed " << seed << ", row " << i << " read backwards");
      if (!group_only) REQUIRE(describe(build) == describe(expected));
      for (Protocol p : kProtocols) {
        const ClassifyResult want = classify(expected.input, p);
        const GroupOutcome got = classify_group(build.input, p);
        REQUIRE(got.status == want.status);
        REQUIRE(std::string(got.group ? got.group : "") == want.group);
      }
    }
  }
  CHECK(rows_checked == 9000);
  // The tables reach every outcome, so the comparison is not of empty results.
  CHECK(invalid > 1000);
  CHECK(definite > 1000);
}

TEST_CASE("group-only classification settles what the full classifier settles (1e5 patients)") {
  size_t n = 0;
  size_t by_status[4] = {0, 0, 0, 0};
  size_t errors_differ = 0;
  for (unsigned seed = 101; n < 100000; ++seed) {
    Gen g(seed);
    g.dirt = (seed % 4) * 0.05;
    const Table t = read_csv_table(random_cohort(g, 10000, seed % 2 == 1));
    REQUIRE(t.status.ok());
    const ColumnMapping mapping = map_columns(t.headers());
    PatientFieldOptions options;
    options.today = Date{2026, 12, 1};
    CohortPatients full_reader(t, mapping, options);
    CohortPatients group_reader(t, mapping, options, /*group_only=*/true);
    PatientBuild full_build, group_build;
    for (size_t i = 0; i < t.n_rows; ++i, ++n) {
      full_reader.read(i, &full_build);
      group_reader.read(i, &group_build);
      // Facts without error words: the same errors, for the same fields.
      const PatientFacts worded = derive_facts(full_build.input, false);
      const PatientFacts bare = derive_facts(full_build.input, false, false);
      REQUIRE(bare.errors.size() == worded.errors.size());
      for (size_t e = 0; e < bare.errors.size(); ++e) {
        REQUIRE(bare.errors[e].field == worded.errors[e].field);
      }
      for (Protocol p : kProtocols) {
        const ClassifyResult want = classify(full_build.input, p);
        const ClassifyResult got = classify(group_build.input, p, ClassifyDetail::group_only);
        if (got.status != want.status || got.group != want.group) {
          FAIL("seed " << seed << " row " << i << " " << to_string(p) << ": group-only "
                       << to_string(got.status) << " " << got.group << ", full " << describe(want));
        }
        errors_differ += got.errors.size() != want.errors.size();
        // classify_group: the same status and group, with no result and no words.
        const GroupOutcome fast = classify_group(group_build.input, p);
        if (fast.status != want.status || std::string(fast.group ? fast.group : "") != want.group) {
          FAIL("seed " << seed << " row " << i << " " << to_string(p) << ": classify_group "
                       << to_string(fast.status) << " " << (fast.group ? fast.group : "")
                       << ", full " << describe(want));
        }
        ++by_status[static_cast<int>(want.status)];
      }
    }
  }
  CHECK(n >= 100000);
  CHECK(errors_differ == 0);
  for (size_t s : by_status) CHECK(s > 5000);  // every status is reached, often
}
