// A time-dependent exposure at 1e6 patients, about 30% exposed during follow-up: the split into
// counting-process rows (split_at_exposure), then Cox (Efron; the exposure and 2 covariates),
// Kaplan-Meier by exposure and the Mantel-Byar log-rank on the split rows, each next to the
// ordinary estimator on the same patients unsplit (the exposure as "ever exposed", the same
// covariates). Target: the counting-process estimator within 2x of the ordinary one.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "infant_all/stats/cox.h"
#include "infant_all/stats/kaplan_meier.h"
#include "infant_all/stats/log_rank.h"
#include "infant_all/stats/time_split.h"

namespace {

using namespace infant_all;

// Built once per process, outside every timed loop: the patients, their split and the inputs of
// both kinds of estimator.
struct TimeDependentData {
  TimedExposureInput patients;
  TimeSplitResult split;
  CoxInput cox_counting, cox_plain;
  KmInput km_counting, km_plain;
  LogRankInput lr_counting, lr_plain;
};

// Exponential survival whose hazard rises by exp(0.5) from the exposure on (memoryless, so the
// time left after the exposure is rescaled), age and sex with proportional effects, uniform
// censoring; times in whole days as in registry data, exposures on days 1..time-1 so that an
// exposure within follow-up always splits.
TimeDependentData make_data(std::size_t n) {
  std::mt19937_64 rng(20261206);
  std::uniform_real_distribution<double> unif(0, 1);
  std::normal_distribution<double> norm(0, 1);
  TimeDependentData d;
  TimedExposureInput& p = d.patients;
  p.time.resize(n);
  p.status.resize(n);
  p.exposure.resize(n);
  std::vector<double> age(n), sex(n), ever(n);
  for (std::size_t i = 0; i < n; ++i) {
    age[i] = std::floor(unif(rng) * 365);
    sex[i] = unif(rng) < 0.5 ? 1 : 0;
    const double rate = 0.001 * std::exp(-0.001 * age[i] + 0.2 * sex[i]);
    const double e = unif(rng) < 0.48 ? std::ceil(-std::log(unif(rng)) * 400) : HUGE_VAL;
    double t = -std::log(unif(rng)) / rate;
    if (t > e) t = e + (t - e) / std::exp(0.5);
    const double c = 1 + unif(rng) * 2000;
    const double stop = std::ceil(std::min(t, c));
    p.time[i] = stop;
    p.status[i] = t <= c ? 1 : 0;
    p.exposure[i] = e < stop ? e : std::numeric_limits<double>::quiet_NaN();
    ever[i] = e < stop ? 1 : 0;
  }
  d.split = split_at_exposure(p);
  const TimeSplitResult& s = d.split;
  std::vector<double> age_split, sex_split, exposed(s.exposed.begin(), s.exposed.end());
  std::vector<std::string> exposed_label, ever_label;
  for (std::size_t k = 0; k < s.row.size(); ++k) {
    age_split.push_back(age[static_cast<std::size_t>(s.row[k] - 1)]);
    sex_split.push_back(sex[static_cast<std::size_t>(s.row[k] - 1)]);
    exposed_label.push_back(s.exposed[k] ? "exposed" : "unexposed");
  }
  for (std::size_t i = 0; i < n; ++i) ever_label.push_back(ever[i] ? "exposed" : "unexposed");

  d.cox_counting = CoxInput{
      s.stop,
      s.event,
      {Covariate::make_numeric("exposed", exposed), Covariate::make_numeric("age", age_split),
       Covariate::make_numeric("sex", sex_split)},
      {}};
  d.cox_counting.entry = s.start;
  d.cox_plain = CoxInput{p.time,
                         p.status,
                         {Covariate::make_numeric("exposed", ever),
                          Covariate::make_numeric("age", age), Covariate::make_numeric("sex", sex)},
                         {}};
  d.km_counting.time = s.stop;
  d.km_counting.status = s.event;
  d.km_counting.entry = s.start;
  d.km_counting.group = exposed_label;
  d.km_plain.time = p.time;
  d.km_plain.status = p.status;
  d.km_plain.group = ever_label;
  d.lr_counting.time = s.stop;
  d.lr_counting.status = s.event;
  d.lr_counting.entry = s.start;
  d.lr_counting.group = exposed_label;
  d.lr_plain.time = p.time;
  d.lr_plain.status = p.status;
  d.lr_plain.group = ever_label;
  return d;
}

const TimeDependentData& data() {
  static const TimeDependentData d = make_data(1000000);
  return d;
}

void report_rows(benchmark::State& state, std::size_t rows) {
  state.counters["patients"] = static_cast<double>(data().patients.time.size());
  state.counters["rows"] = static_cast<double>(rows);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows));
}

void BM_td_split_at_exposure(benchmark::State& state) {
  const TimeDependentData& d = data();
  for (auto _ : state) {
    TimeSplitResult r = split_at_exposure(d.patients);
    benchmark::DoNotOptimize(r);
  }
  state.counters["n_split"] = d.split.n_split;
  report_rows(state, d.split.row.size());
}
BENCHMARK(BM_td_split_at_exposure)->Unit(benchmark::kMillisecond);

template <typename Input, typename Fit>
void run_fit(benchmark::State& state, const Input& in, Fit fit) {
  for (auto _ : state) {
    auto r = fit(in);
    benchmark::DoNotOptimize(r);
    if (!r.status.ok()) state.SkipWithError(r.status.message.c_str());
  }
  report_rows(state, in.time.size());
}

// Newton iterations and the exposure's coefficient, reported so that a ratio is read against
// the same amount of work (a fit that needs more iterations is slower for that reason alone).
void report_cox(benchmark::State& state, const CoxInput& in) {
  const CoxResult r = cox_ph(in);
  state.counters["iterations"] = r.iterations;
  state.counters["coef_exposed"] = r.terms.empty() ? 0 : r.terms[0].coef;
}
void BM_td_cox_counting(benchmark::State& state) {
  run_fit(state, data().cox_counting, [](const CoxInput& in) { return cox_ph(in); });
  report_cox(state, data().cox_counting);
}
void BM_td_cox_plain(benchmark::State& state) {
  run_fit(state, data().cox_plain, [](const CoxInput& in) { return cox_ph(in); });
  report_cox(state, data().cox_plain);
}
void BM_td_km_counting(benchmark::State& state) {
  run_fit(state, data().km_counting, [](const KmInput& in) { return kaplan_meier(in); });
}
void BM_td_km_plain(benchmark::State& state) {
  run_fit(state, data().km_plain, [](const KmInput& in) { return kaplan_meier(in); });
}
void BM_td_log_rank_counting(benchmark::State& state) {
  run_fit(state, data().lr_counting, [](const LogRankInput& in) { return log_rank(in); });
}
void BM_td_log_rank_plain(benchmark::State& state) {
  run_fit(state, data().lr_plain, [](const LogRankInput& in) { return log_rank(in); });
}
BENCHMARK(BM_td_cox_counting)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_td_cox_plain)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_td_km_counting)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_td_km_plain)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_td_log_rank_counting)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_td_log_rank_plain)->Unit(benchmark::kMillisecond);

}  // namespace
