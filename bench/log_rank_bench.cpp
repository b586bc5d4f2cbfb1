// log_rank() on fixed-seed data: 4 groups, ~30% events, continuous times (almost all distinct,
// the worst case for the sweep), 1e3 .. 1e6 rows; plus a stratified variant.
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "infant_all/stats/log_rank.h"

namespace {

infant_all::LogRankInput make_input(size_t n, bool stratified) {
  std::mt19937_64 rng(20261124);
  std::uniform_int_distribution<int> pick(0, 3);
  std::exponential_distribution<double> event_time(1.0);
  std::exponential_distribution<double> censor_time(1.0 / 2.33);  // P(event) ~ 0.3
  const std::string labels[4] = {"MLL-r", "MLL-germline", "t(4;11)", "other"};
  const std::string strata[3] = {"low", "medium", "high"};
  infant_all::LogRankInput in;
  in.time.reserve(n);
  in.status.reserve(n);
  std::vector<std::string> group, stratum;
  group.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const int g = pick(rng);
    const double t = event_time(rng) * (1.0 + 0.1 * g);
    const double c = censor_time(rng);
    in.time.push_back(t <= c ? t : c);
    in.status.push_back(t <= c ? 1 : 0);
    group.push_back(labels[g]);
    if (stratified) stratum.push_back(strata[pick(rng) % 3]);
  }
  in.group = group;  // coded once, outside the timed loop, as the contract passes codes
  in.strata = stratum;
  return in;
}

void BM_log_rank(benchmark::State& state) {
  const auto in = make_input(static_cast<size_t>(state.range(0)), false);
  for (auto _ : state) {
    auto r = infant_all::log_rank(in);
    benchmark::DoNotOptimize(r.chisq);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_log_rank)->RangeMultiplier(10)->Range(1000, 1000000)->Unit(benchmark::kMillisecond);

void BM_log_rank_stratified(benchmark::State& state) {
  const auto in = make_input(static_cast<size_t>(state.range(0)), true);
  for (auto _ : state) {
    auto r = infant_all::log_rank(in);
    benchmark::DoNotOptimize(r.chisq);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_log_rank_stratified)->Arg(1000000)->Unit(benchmark::kMillisecond);

void BM_log_rank_peto(benchmark::State& state) {
  const auto in = make_input(static_cast<size_t>(state.range(0)), false);
  infant_all::LogRankOptions opt;
  opt.rho = 1;
  for (auto _ : state) {
    auto r = infant_all::log_rank(in, opt);
    benchmark::DoNotOptimize(r.chisq);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_log_rank_peto)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace
