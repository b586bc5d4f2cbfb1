// Cost per row of the cohort path the contract takes for a risk-group analysis
// (contract/src/derivations.cpp, risk_group_codes): a typed column table -> CohortPatients
// (group-only reading) -> classify_group() for every row. A fixed-seed
// synthetic registry export of 1e5 infants with blanks, missing tokens and unreadable cells;
// items processed = rows, so the reported rate is rows per second.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "infant_all/clinical/classify.h"
#include "infant_all/clinical/cohort_patients.h"
#include "infant_all/clinical/column_mapping.h"
#include "infant_all/io/column_table.h"

namespace {

using infant_all::Protocol;

constexpr int kRows = 100000;

// One cell: blank 10%, a missing token 3%, an unreadable or odd form `odd_rate` (about half the
// rows of a table at 4% have one), else good().
template <class Good>
std::string cell(std::mt19937& rng, double odd_rate, Good good,
                 const std::vector<std::string>& odd) {
  const double x = std::uniform_real_distribution<double>(0, 1)(rng);
  if (x < 0.10) return "";
  if (x < 0.13) return "NA";
  if (x < 0.13 + odd_rate) return odd[rng() % odd.size()];
  return good();
}

std::string cohort_csv(double odd_rate) {
  std::mt19937 rng(20240831);
  auto pick = [&](const std::vector<std::string>& xs) { return xs[rng() % xs.size()]; };
  std::string out =
      "patient_id,dob,diagnosis_date,sex,kmt2a_status,kmt2a_partner,wbc,wbc_unit,"
      "pred_response,day8_blasts_per_ul,immunophenotype,cd10,cns_status,csf_wbc_per_ul,"
      "cranial_nerve_palsy,cr_eoi,mrd_eoi,mrd_pre_octada,mrd_post_blina1,prednisone_prephase_"
      "given,event_type,efs_days\n";
  char b[64];
  for (int r = 0; r < kRows; ++r) {
    const int age = static_cast<int>(rng() % 400), y = 2006 + static_cast<int>(rng() % 18);
    const int m = 1 + static_cast<int>(rng() % 12), d = 1 + static_cast<int>(rng() % 28);
    std::string row = "P" + std::to_string(r);
    std::snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
    const std::string dob = b;
    const int dm = (m - 1 + age / 30) % 12 + 1, dy = y + (m - 1 + age / 30) / 12;
    std::snprintf(b, sizeof b, "%04d-%02d-%02d", dy, dm, 1 + static_cast<int>(rng() % 28));
    const std::string dx = b;
    row += "," + cell(rng, odd_rate, [&] { return dob; }, {"2020-02-30", "31/12/2019"});
    row += "," + cell(rng, odd_rate, [&] { return dx; }, {"2099-01-01", "later"});
    row += "," + cell(rng, odd_rate, [&] { return pick({"M", "F"}); }, {"other"});
    row += "," + cell(rng, odd_rate,
                      [&] {
                        return pick({"rearranged", "germline", "KMT2A::AFF1"});
                      },
                      {"maybe", "PTD"});
    row += "," + cell(rng, odd_rate, [&] { return pick({"t(4;11)", "MLLT1", "t(9;11)"}); }, {"??"});
    std::snprintf(b, sizeof b, "%.1f", static_cast<double>(rng() % 9000) / 10.0);
    const std::string wbc = b;
    row += "," + cell(rng, odd_rate, [&] { return wbc; }, {"300", "abc", "350 G/L"});
    row += "," + cell(rng, odd_rate, [&] { return pick({"G/L", "x10^9/L"}); }, {"mg"});
    row += "," + cell(rng, odd_rate,
                      [&] {
                        return pick({"PGR", "PPR"});
                      },
                      {"not evaluable", "bad"});
    row += "," + cell(rng, odd_rate, [&] { return std::to_string(rng() % 3000); }, {"-1"});
    row += "," + cell(rng, odd_rate,
                      [&] {
                        return pick({"B", "pro-B", "T", "MPAL"});
                      },
                      {"mature B", "X"});
    row += "," + cell(rng, odd_rate, [&] { return pick({"pos", "neg"}); }, {"weak"});
    row += "," + cell(rng, odd_rate,
                      [&] {
                        return pick({"CNS1", "CNS2", "CNS3", "TLP+"});
                      },
                      {"CNS 4"});
    row += "," + cell(rng, odd_rate, [&] { return std::to_string(rng() % 12); }, {"x"});
    row += "," + cell(rng, odd_rate, [&] { return pick({"yes", "no"}); }, {"maybe"});
    row += "," + cell(rng, odd_rate, [&] { return pick({"yes", "no"}); }, {"CR"});
    for (int k = 0; k < 3; ++k) {
      row += "," + cell(rng, odd_rate,
                        [&] {
                          return pick({"1e-4", "5e-4", "0.01%", "neg", "0.05"});
                        },
                        {"high", "-0.1"});
    }
    row += "," + cell(rng, odd_rate, [&] { return pick({"yes", "no"}); }, {"?"});
    row += "," + pick({"relapse", "none", "death"}) + "," + std::to_string(rng() % 3000) + "\n";
    out += row;
  }
  return out;
}

const infant_all::Table& cohort(bool dirty) {
  static const infant_all::Table clean = infant_all::read_csv_table(cohort_csv(0.0));
  static const infant_all::Table messy = infant_all::read_csv_table(cohort_csv(0.04));
  return dirty ? messy : clean;
}

// The loop of risk_group_codes: every row read and settled, the group kept.
void BM_classify_cohort_group_only(benchmark::State& state) {
  const infant_all::Table& t = cohort(state.range(1) != 0);
  const Protocol protocol = static_cast<Protocol>(state.range(0));
  const infant_all::ColumnMapping mapping = infant_all::map_columns(t.headers());
  infant_all::PatientFieldOptions options;
  options.today = infant_all::Date{2026, 12, 1};
  std::size_t definite = 0;
  for (auto _ : state) {
    infant_all::CohortPatients patients(t, mapping, options, /*group_only=*/true);
    infant_all::PatientBuild build;
    for (std::size_t i = 0; i < t.n_rows; ++i) {
      patients.read(i, &build);
      const infant_all::GroupOutcome r = infant_all::classify_group(build.input, protocol);
      definite += r.status == infant_all::ClassifyStatus::definite;
      benchmark::DoNotOptimize(r.group);
    }
  }
  benchmark::DoNotOptimize(definite);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(t.n_rows));
  state.SetLabel(std::string(infant_all::to_string(protocol)) +
                 (state.range(1) != 0 ? " messy" : " clean"));
}
// The same loop with the readings of every distinct cell value already cached (one CohortPatients
// for all iterations): the per-row cost alone, without reading each distinct value once.
void BM_classify_cohort_group_only_warm(benchmark::State& state) {
  const infant_all::Table& t = cohort(state.range(1) != 0);
  const Protocol protocol = static_cast<Protocol>(state.range(0));
  const infant_all::ColumnMapping mapping = infant_all::map_columns(t.headers());
  infant_all::PatientFieldOptions options;
  options.today = infant_all::Date{2026, 12, 1};
  infant_all::CohortPatients patients(t, mapping, options, /*group_only=*/true);
  infant_all::PatientBuild build;
  std::size_t definite = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < t.n_rows; ++i) {
      patients.read(i, &build);
      const infant_all::GroupOutcome r = infant_all::classify_group(build.input, protocol);
      definite += r.status == infant_all::ClassifyStatus::definite;
      benchmark::DoNotOptimize(r.group);
    }
  }
  benchmark::DoNotOptimize(definite);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(t.n_rows));
  state.SetLabel(std::string(infant_all::to_string(protocol)) +
                 (state.range(1) != 0 ? " messy" : " clean"));
}
BENCHMARK(BM_classify_cohort_group_only_warm)
    ->ArgsProduct({{0, 4}, {1, 0}})
    ->Unit(benchmark::kMillisecond);

// Arguments: the protocol (enum order); 1 = messy (unreadable cells), 0 = clean (blanks and
// missing tokens only).
BENCHMARK(BM_classify_cohort_group_only)
    ->ArgsProduct({{0, 1, 2, 3, 4}, {1, 0}})
    ->Unit(benchmark::kMillisecond);

}  // namespace
