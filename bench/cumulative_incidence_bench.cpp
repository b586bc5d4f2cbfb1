// cuminc + Gray's test on fixed-seed data: n rows, 4 groups, 2 causes (+ censoring), continuous
// times (so nearly every time is distinct: the worst case for the per-time work), one stratum
// and, separately, 3 strata. Target: 1e6 rows < 100 ms in a release build.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "infant_all/stats/cumulative_incidence.h"

namespace {

// Built once, outside the timed loop: the input without strata, and the same with them.
struct Data {
  infant_all::CumincInput in;
  infant_all::CumincInput stratified;
};

Data make_data(size_t n) {
  std::mt19937_64 rng(20261124);
  std::exponential_distribution<double> ex(0.1);
  std::uniform_int_distribution<int> cause(0, 2), grp(0, 3), str(0, 2);
  const std::string groups[] = {"MLL-r <6m", "MLL-r >=6m", "MLL-g", "unknown"};
  const std::string strata[] = {"s1", "s2", "s3"};
  Data d;
  d.in.time.resize(n);
  d.in.status.resize(n);
  std::vector<std::string> group(n), stratum(n);
  for (size_t i = 0; i < n; ++i) {
    d.in.time[i] = ex(rng);
    d.in.status[i] = cause(rng);
    group[i] = groups[grp(rng)];
    stratum[i] = strata[str(rng)];
  }
  d.in.group = group;
  d.stratified = d.in;
  d.stratified.strata = stratum;
  return d;
}

void BM_CumincGray(benchmark::State& state) {
  const Data d = make_data(static_cast<size_t>(state.range(0)));
  infant_all::CumincOptions opt;
  opt.times = {1, 5, 10, 20};
  for (auto _ : state) {
    auto r = infant_all::cumulative_incidence(d.in, opt);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CumincGray)->RangeMultiplier(10)->Range(1000, 1000000)->Unit(benchmark::kMillisecond);

void BM_CumincGrayStrata(benchmark::State& state) {
  const Data d = make_data(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    auto r = infant_all::cumulative_incidence(d.stratified);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CumincGrayStrata)
    ->RangeMultiplier(10)
    ->Range(1000, 1000000)
    ->Unit(benchmark::kMillisecond);

}  // namespace
