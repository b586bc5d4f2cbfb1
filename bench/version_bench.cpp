// Placeholder-free baseline: the cost of the smallest call through the core, so later estimator
// benchmarks have a floor to compare against.
#include <benchmark/benchmark.h>

#include <string>

#include "infant_all/version.h"

static void BM_version(benchmark::State& state) {
  for (auto _ : state) {
    std::string v = infant_all::version();
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_version);
