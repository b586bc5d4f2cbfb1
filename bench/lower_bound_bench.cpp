// Floors for the estimators at 1e6 rows (the target: each estimator natively within 2x of a tight
// lower bound, measured and explained in docs/PERFORMANCE.md). Each floor is the least work any
// implementation of the estimator must do on this machine, written as plainly and fast as we can,
// with no validation, no output and no R-compatible detail:
//  - sort: the rows by integer-day time, a two-pass 16-bit LSD radix sort of (time, row) pairs,
//    which every estimator here needs once;
//  - KM pass: one scan of the sorted rows counting events and censorings per distinct time and
//    group, and the product-limit step per distinct time (KM = sort + this);
//  - Cox evaluation: eta = x * beta, exp(eta) and the backward running sums of r*x and r*x*x'
//    over the sorted rows for p = 7 design columns (a Newton iteration's floor; a fit needs
//    about 5 of them after one sort).
// docs/PERFORMANCE.md divides each estimator's benchmark by its floor.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace {

constexpr std::size_t kRows = 1'000'000;

struct Rows {
  std::vector<std::uint32_t> day;  // integer-day times 0..3650
  std::vector<std::uint8_t> event, group;
};

const Rows& rows() {
  static const Rows r = [] {
    std::mt19937_64 rng(20261201);
    std::uniform_int_distribution<std::uint32_t> day(0, 3650);
    std::bernoulli_distribution event(0.3);
    std::uniform_int_distribution<int> group(0, 3);
    Rows out;
    for (std::size_t i = 0; i < kRows; ++i) {
      out.day.push_back(day(rng));
      out.event.push_back(event(rng) ? 1 : 0);
      out.group.push_back(static_cast<std::uint8_t>(group(rng)));
    }
    return out;
  }();
  return r;
}

// Row indices in time order (stable two-pass radix on 32-bit keys).
void radix_order(const std::vector<std::uint32_t>& key, std::vector<std::uint32_t>& order,
                 std::vector<std::uint32_t>& tmp) {
  const std::size_t n = key.size();
  order.resize(n);
  tmp.resize(n);
  std::vector<std::uint32_t> count(65536);
  for (std::size_t i = 0; i < n; ++i) ++count[key[i] & 0xFFFF];
  std::uint32_t sum = 0;
  for (auto& c : count) sum += std::exchange(c, sum);
  for (std::uint32_t i = 0; i < n; ++i) tmp[count[key[i] & 0xFFFF]++] = i;
  std::fill(count.begin(), count.end(), 0);
  for (std::size_t i = 0; i < n; ++i) ++count[key[i] >> 16];
  sum = 0;
  for (auto& c : count) sum += std::exchange(c, sum);
  for (std::uint32_t i : tmp) order[count[key[i] >> 16]++] = i;
}

void BM_floor_sort_1e6(benchmark::State& state) {
  const Rows& r = rows();
  std::vector<std::uint32_t> order, tmp;
  for (auto _ : state) {
    radix_order(r.day, order, tmp);
    benchmark::DoNotOptimize(order.data());
  }
}
BENCHMARK(BM_floor_sort_1e6)->Unit(benchmark::kMillisecond);

void BM_floor_km_pass_1e6(benchmark::State& state) {
  const Rows& r = rows();
  std::vector<std::uint32_t> order, tmp;
  radix_order(r.day, order, tmp);
  for (auto _ : state) {
    double surv[4] = {1, 1, 1, 1};
    std::int64_t at_risk[4] = {0, 0, 0, 0};
    for (std::uint8_t g : r.group) ++at_risk[g];
    std::size_t k = 0;
    double checksum = 0;
    while (k < kRows) {
      const std::uint32_t t = r.day[order[k]];
      std::int64_t d[4] = {0, 0, 0, 0}, c[4] = {0, 0, 0, 0};
      for (; k < kRows && r.day[order[k]] == t; ++k) {
        const std::uint32_t i = order[k];
        (r.event[i] ? d : c)[r.group[i]] += 1;
      }
      for (int g = 0; g < 4; ++g) {
        if (d[g] > 0) {
          surv[g] *= 1.0 - static_cast<double>(d[g]) / static_cast<double>(at_risk[g]);
        }
        at_risk[g] -= d[g] + c[g];
        checksum += surv[g];
      }
    }
    benchmark::DoNotOptimize(checksum);
  }
}
BENCHMARK(BM_floor_km_pass_1e6)->Unit(benchmark::kMillisecond);

void BM_floor_cox_evaluation_1e6_p7(benchmark::State& state) {
  constexpr std::size_t p = 7, np = p * (p + 1) / 2;
  const Rows& r = rows();
  std::vector<std::uint32_t> order, tmp;
  radix_order(r.day, order, tmp);
  std::mt19937_64 rng(7);
  std::normal_distribution<double> norm(0, 1);
  std::vector<double> x(kRows * p);  // sorted, row-major, as a fit keeps it
  for (double& v : x) v = norm(rng);
  const double beta[p] = {0.1, -0.2, 0.05, 0.3, -0.1, 0.2, 0.01};
  std::vector<double> risk(kRows);
  for (auto _ : state) {
    for (std::size_t k = 0; k < kRows; ++k) {
      double z = 0;
      for (std::size_t j = 0; j < p; ++j) z += beta[j] * x[k * p + j];
      risk[k] = std::exp(z);
    }
    double a[p] = {}, cm[np] = {}, u[p] = {}, denom = 0, loglik = 0;
    for (std::size_t k = kRows; k-- > 0;) {
      const double* xk = &x[k * p];
      const double rk = risk[k];
      denom += rk;
      std::size_t idx = 0;
      for (std::size_t i = 0; i < p; ++i) {
        const double rx = rk * xk[i];
        a[i] += rx;
        for (std::size_t j = 0; j <= i; ++j) cm[idx++] += rx * xk[j];
      }
      if (r.event[order[k]]) {  // one death: its share of the score and information
        loglik -= std::log(denom);
        for (std::size_t i = 0; i < p; ++i) u[i] += xk[i] - a[i] / denom;
      }
    }
    benchmark::DoNotOptimize(loglik);
    benchmark::DoNotOptimize(cm);
    benchmark::DoNotOptimize(u);
  }
}
BENCHMARK(BM_floor_cox_evaluation_1e6_p7)->Unit(benchmark::kMillisecond);

}  // namespace
