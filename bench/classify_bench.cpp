// Cost of classifying one patient (the CLI classifies a whole CSV row by row), from canonical
// fields and from a ready PatientInput. Fixed inputs, no randomness.
#include <benchmark/benchmark.h>

#include <string>
#include <utility>
#include <vector>

#include "infant_all/clinical/classify.h"
#include "infant_all/clinical/patient_values.h"

namespace {

const std::vector<std::pair<std::string, std::string>>& fields() {
  static const std::vector<std::pair<std::string, std::string>> f = {
      {"patient_id", "P-001"},
      {"dob", "2024-08-31"},
      {"diagnosis_date", "2025-02-28"},
      {"kmt2a_status", "KMT2A::AFF1"},
      {"wbc", "400"},
      {"wbc_unit", "x10^9/L"},
      {"pred_response", "PGR"},
      {"cns_status", "CNS1"},
      {"mrd_pre_octada", "0.01%"},
      {"sex", "F"},
      {"cd10", "neg"},
      {"immunophenotype", "pro-B"}};
  return f;
}

void BM_patient_from_fields(benchmark::State& state) {
  for (auto _ : state) {
    infant_all::PatientBuild b = infant_all::patient_from_fields(fields());
    benchmark::DoNotOptimize(b);
  }
}
BENCHMARK(BM_patient_from_fields);

void BM_classify_interfant06(benchmark::State& state) {
  const infant_all::PatientInput p = infant_all::patient_from_fields(fields()).input;
  for (auto _ : state) {
    infant_all::ClassifyResult r = infant_all::classify(p);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_classify_interfant06);

void BM_classify_all_unknowns(benchmark::State& state) {
  infant_all::PatientInput p;  // every rule input unknown: the widest three-valued search
  for (auto _ : state) {
    std::vector<infant_all::ClassifyResult> r = infant_all::classify_all(p);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_classify_all_unknowns);

}  // namespace
