// Cox fit (Efron, 6 design columns incl. a 3-level categorical) with its concordance, on
// fixed-seed simulated data from 1e3 to 1e6 rows. Target: 1e6 rows < 300 ms natively (release).
#include <benchmark/benchmark.h>

#include <sys/resource.h>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "infant_all/stats/concordance.h"
#include "infant_all/stats/cox.h"

// Heap allocations of the whole process, counted so that a benchmark can report how many one
// fit makes (a replaced global operator new; aligned and nothrow forms are not used here).
// These stay out of line: inlined, GCC pairs malloc() and free() with the library's new and
// delete and warns of a mismatch that is not one.
std::atomic<std::size_t> g_allocations{0};
std::atomic<std::size_t> g_allocated_bytes{0};

__attribute__((noinline)) void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  g_allocated_bytes.fetch_add(size, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
__attribute__((noinline)) void* operator new[](std::size_t size) { return ::operator new(size); }
__attribute__((noinline)) void operator delete(void* p) noexcept { std::free(p); }
__attribute__((noinline)) void operator delete[](void* p) noexcept { std::free(p); }
__attribute__((noinline)) void operator delete(void* p, std::size_t) noexcept { std::free(p); }
__attribute__((noinline)) void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace {

// Minor page faults of the process so far: a fresh page costs a fault (and zeroing) each time
// a large buffer comes from the operating system.
double page_faults() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_minflt);
}

// Built once, outside the timed loop: the fit's input without strata, and the same with them.
struct CoxData {
  infant_all::CoxInput in;
  infant_all::CoxInput stratified;
};

// Exponential survival with a proportional-hazards effect of each covariate; times rounded to
// whole days so ties occur as in registry data; about 30% censored.
CoxData make_data(std::size_t n) {
  std::mt19937_64 rng(20261124);
  std::normal_distribution<double> norm(0, 1);
  std::uniform_real_distribution<double> unif(0, 1);
  std::vector<double> age(n), wbc(n), sex(n), score(n);
  std::vector<std::string> group(n), centre(n);
  const char* groups[] = {"high", "intermediate", "low"};
  CoxData d;
  d.in.time.resize(n);
  d.in.status.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    age[i] = std::floor(unif(rng) * 365);  // days
    wbc[i] = std::exp(4 + norm(rng));
    sex[i] = unif(rng) < 0.5 ? 1 : 0;
    score[i] = norm(rng);
    const int g = static_cast<int>(unif(rng) * 3);
    group[i] = groups[g];
    centre[i] = "c" + std::to_string(static_cast<int>(unif(rng) * 4));
    const double lp = -0.002 * age[i] + 0.2 * std::log(wbc[i]) + 0.1 * sex[i] + 0.3 * score[i] +
                      (g == 0   ? 0.8
                       : g == 1 ? 0.4
                                : 0.0);
    const double t = -std::log(unif(rng)) / (0.001 * std::exp(lp));
    const double c = -std::log(unif(rng)) / 0.0005;
    d.in.time[i] = std::ceil(std::min(t, c));
    d.in.status[i] = t <= c ? 1 : 0;
  }
  d.in.covariates = {infant_all::Covariate::make_numeric("age", age),
                     infant_all::Covariate::make_numeric("wbc", wbc),
                     infant_all::Covariate::make_numeric("sex", sex),
                     infant_all::Covariate::make_numeric("score", score),
                     infant_all::Covariate::make_categorical("group", group)};
  d.stratified = d.in;
  d.stratified.strata = centre;
  return d;
}

void BM_cox_efron(benchmark::State& state) {
  const CoxData d = make_data(static_cast<std::size_t>(state.range(0)));
  const std::size_t allocs0 = g_allocations.load(), bytes0 = g_allocated_bytes.load();
  const double faults0 = page_faults();
  for (auto _ : state) {
    infant_all::CoxResult r = infant_all::cox_ph(d.in);
    benchmark::DoNotOptimize(r);
    if (!r.status.ok()) state.SkipWithError(r.status.message.c_str());
  }
  const double fits = static_cast<double>(state.iterations());
  state.counters["allocs"] = static_cast<double>(g_allocations.load() - allocs0) / fits;
  state.counters["alloc_MB"] =
      static_cast<double>(g_allocated_bytes.load() - bytes0) / fits / (1 << 20);
  state.counters["page_faults"] = (page_faults() - faults0) / fits;
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_cox_efron)->RangeMultiplier(10)->Range(1000, 1000000)->Unit(benchmark::kMillisecond);

void BM_cox_efron_strata(benchmark::State& state) {
  const CoxData d = make_data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    infant_all::CoxResult r = infant_all::cox_ph(d.stratified);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_cox_efron_strata)->Arg(1000000)->Unit(benchmark::kMillisecond);

// Allocations of one fit stopped after 3 and after 6 Newton iterations (eps so small that
// neither converges, so both take the same path): equal counts mean that the iterations
// themselves allocate nothing.
void BM_cox_allocs_per_iteration(benchmark::State& state) {
  const CoxData d = make_data(static_cast<std::size_t>(state.range(0)));
  const auto allocations_of_fit = [&](int iter_max) {
    infant_all::CoxOptions opt;
    opt.iter_max = iter_max;
    opt.eps = 1e-300;
    const std::size_t before = g_allocations.load();
    infant_all::CoxResult r = infant_all::cox_ph(d.in, opt);
    benchmark::DoNotOptimize(r);
    return static_cast<double>(g_allocations.load() - before);
  };
  double a3 = 0, a6 = 0;
  for (auto _ : state) {
    a3 = allocations_of_fit(3);
    a6 = allocations_of_fit(6);
  }
  state.counters["allocs_iter3"] = a3;
  state.counters["allocs_iter6"] = a6;
  state.counters["allocs_per_iteration"] = (a6 - a3) / 3;
}
BENCHMARK(BM_cox_allocs_per_iteration)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_concordance(benchmark::State& state) {
  const CoxData d = make_data(static_cast<std::size_t>(state.range(0)));
  const std::vector<double>& x = d.in.covariates[3].numeric;
  const std::size_t bytes0 = g_allocated_bytes.load();
  const double faults0 = page_faults();
  for (auto _ : state) {
    infant_all::ConcordanceResult r = infant_all::concordance(d.in.time, d.in.status, x, {}, true);
    benchmark::DoNotOptimize(r);
  }
  state.counters["alloc_MB"] = static_cast<double>(g_allocated_bytes.load() - bytes0) /
                               static_cast<double>(state.iterations()) / (1 << 20);
  state.counters["page_faults"] =
      (page_faults() - faults0) / static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_concordance)->RangeMultiplier(10)->Range(1000, 1000000)->Unit(benchmark::kMillisecond);

}  // namespace
