// CSV import throughput: a generated 1e6-row x 15-column cohort file (~115 MB, fixed
// seed) read into typed columns. Target: >= 300 MB/s natively for tokenise + number parse; peak
// memory <= 2x the file (measured separately with /usr/bin/time -v on a driver, see the report).
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "infant_all/io/column_table.h"
#include "infant_all/io/dates.h"

namespace {

using infant_all::format_iso_date;

// Deterministic cohort CSV: ids, dates, integers, decimals, categoricals and a short comment.
std::string make_cohort_csv(size_t rows, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> day(17000, 20000);
  std::uniform_int_distribution<int> age(1, 365);
  std::uniform_real_distribution<double> wbc(0.5, 900);
  std::uniform_real_distribution<double> blasts(0, 50000);
  std::uniform_int_distribution<int> pick(0, 5);
  static const char* const kEvent[] = {"none",        "none", "relapse",
                                       "death_in_cr", "smn",  "resistance"};
  static const char* const kCns[] = {"CNS1", "CNS2", "CNS3", "CNS1", "CNS1", "TLP+"};
  std::string out;
  out.reserve(rows * 120);
  out +=
      "patient_id,dob,diagnosis_date,age_days,sex,kmt2a_status,wbc,pred_response,"
      "day8_blasts_per_ul,cns_status,mrd_eoi,event_type,event_date,last_followup_date,comment\n";
  char buf[64];
  for (size_t i = 0; i < rows; ++i) {
    const int dx = day(rng);
    const int a = age(rng);
    std::snprintf(buf, sizeof buf, "P%07zu,", i);
    out += buf;
    out += format_iso_date(dx - a) + "," + format_iso_date(dx) + ",";
    out += std::to_string(a) + (rng() & 1 ? ",M," : ",F,") + (rng() & 1 ? "R," : "G,");
    std::snprintf(buf, sizeof buf, "%.2f,%s,%.1f,", wbc(rng), rng() & 1 ? "PGR" : "PPR",
                  blasts(rng));
    out += buf;
    out += kCns[pick(rng)];
    std::snprintf(buf, sizeof buf, ",%.3g,", std::ldexp(1.0, -(static_cast<int>(rng() % 20))));
    out += buf;
    const int e = pick(rng);
    out += kEvent[e];
    out += ",";
    if (e >= 2) out += format_iso_date(dx + 100 + static_cast<int>(rng() % 900));
    out += "," + format_iso_date(dx + 1000 + static_cast<int>(rng() % 900));
    out += (rng() % 10 == 0) ? ",\"note, with comma\"\n" : ",\n";
  }
  return out;
}

const std::string& cohort_1e6() {
  static const std::string csv = make_cohort_csv(1'000'000, 6);
  return csv;
}

void BM_read_csv_table_1e6x15(benchmark::State& state) {
  const std::string& csv = cohort_1e6();
  for (auto _ : state) {
    infant_all::Table t = infant_all::read_csv_table(csv);
    if (!t.status.ok() || t.n_rows != 1'000'000) state.SkipWithError("read failed");
    benchmark::DoNotOptimize(t.columns.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(csv.size()));
  state.counters["file_MB"] = static_cast<double>(csv.size()) / 1e6;
}
BENCHMARK(BM_read_csv_table_1e6x15)->Unit(benchmark::kMillisecond)->Iterations(3);

// Numbers only (the "tokenise + number parse" figure): 1e6 rows x 15 numeric columns.
void BM_read_numeric_1e6x15(benchmark::State& state) {
  static const std::string csv = [] {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0, 1000);
    std::string s;
    for (int j = 0; j < 15; ++j) s += (j ? ",c" : "c") + std::to_string(j);
    s += "\n";
    char buf[32];
    for (int i = 0; i < 1'000'000; ++i) {
      for (int j = 0; j < 15; ++j) {
        std::snprintf(buf, sizeof buf, j ? ",%.3f" : "%.3f", u(rng));
        s += buf;
      }
      s += "\n";
    }
    return s;
  }();
  for (auto _ : state) {
    infant_all::Table t = infant_all::read_csv_table(csv);
    if (!t.status.ok()) state.SkipWithError("read failed");
    benchmark::DoNotOptimize(t.columns.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(csv.size()));
}
BENCHMARK(BM_read_numeric_1e6x15)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
