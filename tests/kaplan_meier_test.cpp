#include "infant_all/stats/kaplan_meier.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "test_util.h"

using infant_all::kaplan_meier;
using infant_all::KmConfType;
using infant_all::KmCurve;
using infant_all::KmInput;
using infant_all::KmOptions;
using infant_all::KmResult;
using infant_all::test::kDirectTol;
using infant_all::test::num;
using infant_all::test::nums;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_vec(const std::vector<double>& got, const std::vector<double>& want, const char* what) {
  INFO(what);
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK_CLOSE(got[i], want[i], kDirectTol);
  }
}

void check_vec(const std::vector<int>& got, const std::vector<double>& want, const char* what) {
  check_vec(std::vector<double>(got.begin(), got.end()), want, what);
}

const KmCurve* find_curve(const KmResult& r, const std::string& group) {
  for (const auto& c : r.curves) {
    if (c.group == group) return &c;
  }
  return nullptr;
}

// Exact equality of two results (NaN equal to NaN): row order must not change a single bit.
void check_same_risk_tables(const KmResult& a, const KmResult& b) {
  REQUIRE(a.curves.size() == b.curves.size());
  for (std::size_t g = 0; g < a.curves.size(); ++g) {
    REQUIRE(a.curves[g].risk_table.size() == b.curves[g].risk_table.size());
    for (std::size_t i = 0; i < a.curves[g].risk_table.size(); ++i) {
      CHECK(a.curves[g].risk_table[i].n_risk == b.curves[g].risk_table[i].n_risk);
    }
  }
}

void check_identical(const KmResult& a, const KmResult& b) {
  auto same = [](const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!(x[i] == y[i] || (std::isnan(x[i]) && std::isnan(y[i])))) return false;
    }
    return true;
  };
  auto same1 = [&](double x, double y) { return same({x}, {y}); };
  REQUIRE(a.curves.size() == b.curves.size());
  for (std::size_t g = 0; g < a.curves.size(); ++g) {
    const KmCurve& x = a.curves[g];
    const KmCurve& y = b.curves[g];
    CAPTURE(x.group);
    CHECK(x.group == y.group);
    CHECK(same(x.time, y.time));
    CHECK(x.n_risk == y.n_risk);
    CHECK(x.n_event == y.n_event);
    CHECK(x.n_censor == y.n_censor);
    CHECK(same(x.surv, y.surv));
    CHECK(same(x.std_err, y.std_err));
    CHECK(same(x.lower, y.lower));
    CHECK(same(x.upper, y.upper));
    CHECK(same1(x.median, y.median));
    CHECK(same1(x.median_lower, y.median_lower));
    CHECK(same1(x.median_upper, y.median_upper));
    CHECK(same1(x.rmean, y.rmean));
    CHECK(same1(x.rmean_se, y.rmean_se));
    CHECK(same1(x.median_followup, y.median_followup));
  }
}

}  // namespace

// Golden values: tests/golden/gen_km.R (R 4.2, survival 3.5-3). Each case holds its rows in a
// shuffled order; each fit holds survfit() rows (std_err = fit$std.err * fit$surv), the median
// and its CI from summary(fit)$table, summary(fit, times = ...), the risk table from
// summary(fit, times = ticks, extend = TRUE), rmean and se(rmean) from
// summary(fit, rmean = tau)$table, and the median of survfit(Surv(time, 1 - status)).
TEST_CASE("kaplan_meier matches R's survfit on aml, lung, veteran, ovarian and simulated cases") {
  const auto cases = infant_all::test::load_json("golden/km.json");
  REQUIRE(cases.size() >= 10);
  for (const auto& c : cases) {
    const std::string name = c["name"].get<std::string>();
    CAPTURE(name);
    KmInput in;
    in.time = nums(c["time"]);
    for (double s : nums(c["status"])) in.status.push_back(static_cast<int>(s));
    if (c["group"].size() > 0) in.group = c["group"].get<std::vector<std::string>>();
    if (c["entry"].size() > 0) in.entry = nums(c["entry"]);
    for (const auto& f : c["fits"]) {
      KmOptions opt;
      const std::string ct = f["conf_type"].get<std::string>();
      CAPTURE(ct);
      REQUIRE(infant_all::parse_km_conf_type(ct, &opt.conf_type));
      opt.conf_level = num(f["conf_level"]);
      CAPTURE(opt.conf_level);
      opt.times = nums(c["times"]);
      opt.risk_times = nums(c["risk_times"]);
      opt.rmean_tau = num(c["tau"]);
      opt.reverse = true;
      const KmResult r = kaplan_meier(in, opt);
      REQUIRE_MESSAGE(r.status.ok(), r.status.message);
      CHECK(r.n_excluded == 0);
      CHECK(std::string(infant_all::to_string(r.conf_type)) == ct);
      REQUIRE(r.curves.size() == f["curves"].size());
      for (const auto& w : f["curves"]) {
        const std::string group = w["group"].get<std::string>();
        CAPTURE(group);
        const KmCurve* cv = find_curve(r, group);
        REQUIRE(cv != nullptr);
        CHECK(cv->n == static_cast<int>(num(w["n"])));
        CHECK(cv->events == static_cast<int>(num(w["events"])));
        check_vec(cv->time, nums(w["time"]), "time");
        check_vec(cv->n_risk, nums(w["n_risk"]), "n_risk");
        check_vec(cv->n_event, nums(w["n_event"]), "n_event");
        check_vec(cv->n_censor, nums(w["n_censor"]), "n_censor");
        check_vec(cv->surv, nums(w["surv"]), "surv");
        check_vec(cv->std_err, nums(w["std_err"]), "std_err");
        check_vec(cv->lower, nums(w["lower"]), "lower");
        check_vec(cv->upper, nums(w["upper"]), "upper");
        CHECK_CLOSE(cv->median, num(w["median"]), kDirectTol);
        CHECK_CLOSE(cv->median_lower, num(w["median_lower"]), kDirectTol);
        CHECK_CLOSE(cv->median_upper, num(w["median_upper"]), kDirectTol);
        // quantile(fit, 0.5) agrees with the table's median except on a curve that ends flat
        // at 0.5, where it takes the midpoint to the last time (sim_flat_half "end": 3 vs 2).
        if (!(name == "sim_flat_half" && group == "end")) {
          CHECK_CLOSE(cv->median, num(w["quantile_median"]), kDirectTol);
        } else {
          CHECK(cv->median == 2);
          CHECK(num(w["quantile_median"]) == 3);
        }
        const auto& at = w["at_times"];
        REQUIRE(cv->at_times.size() == at["time"].size());
        for (std::size_t i = 0; i < cv->at_times.size(); ++i) {
          CAPTURE(i);
          const auto& a = cv->at_times[i];
          CHECK_CLOSE(a.time, num(at["time"][i]), kDirectTol);
          CHECK_CLOSE(a.surv, num(at["surv"][i]), kDirectTol);
          CHECK_CLOSE(a.std_err, num(at["std_err"][i]), kDirectTol);
          CHECK_CLOSE(a.lower, num(at["lower"][i]), kDirectTol);
          CHECK_CLOSE(a.upper, num(at["upper"][i]), kDirectTol);
          CHECK(a.n_risk == static_cast<int>(num(at["n_risk"][i])));
          CHECK(a.n_event == static_cast<int>(num(at["n_event"][i])));
          CHECK(a.n_censor == static_cast<int>(num(at["n_censor"][i])));
        }
        const auto& rk = w["risk"];
        REQUIRE(cv->risk_table.size() == rk["time"].size());
        const std::vector<double> fit_time = nums(w["time"]), fit_risk = nums(w["n_risk"]);
        for (std::size_t i = 0; i < cv->risk_table.size(); ++i) {
          CAPTURE(i);
          const auto& k = cv->risk_table[i];
          CHECK_CLOSE(k.time, num(rk["time"][i]), kDirectTol);
          // n.risk as R's summary(fit, times = tick) reports it: that of the first row of R's
          // fit at or after the tick, 0 after the last (with late entry the committed golden
          // has the direct count entry < t <= time, the convention before; tests/golden/gen_km.R
          // now writes this rule).
          int want = 0;
          for (std::size_t j = 0; j < fit_time.size(); ++j) {
            if (fit_time[j] >= k.time) {
              want = static_cast<int>(fit_risk[j]);
              break;
            }
          }
          if (c["entry"].size() == 0) CHECK(want == static_cast<int>(num(rk["n_risk"][i])));
          CHECK(k.n_risk == want);
          CHECK(k.n_event == static_cast<int>(num(rk["n_event"][i])));
          CHECK(k.n_censor == static_cast<int>(num(rk["n_censor"][i])));
        }
        CHECK_CLOSE(cv->rmean, num(w["rmean"]), kDirectTol);
        CHECK_CLOSE(cv->rmean_se, num(w["rmean_se"]), kDirectTol);
        CHECK_CLOSE(cv->median_followup, num(w["median_followup"]), kDirectTol);
        CHECK_CLOSE(cv->median_followup_lower, num(w["median_followup_lower"]), kDirectTol);
        CHECK_CLOSE(cv->median_followup_upper, num(w["median_followup_upper"]), kDirectTol);
      }
    }
  }
}

TEST_CASE("decode_event_status reads lung's 1/2 coding as R's Surv does") {
  const auto cases = infant_all::test::load_json("golden/km.json");
  for (const auto& c : cases) {
    if (!c.contains("raw_status")) continue;
    const auto raw = nums(c["raw_status"]);  // lung$status, 1 = censored, 2 = dead
    const auto want = nums(c["status"]);     // lung$status - 1
    const auto d = infant_all::decode_event_status(raw);
    REQUIRE(d.status.ok());
    CHECK(d.coding == "1/2");
    check_vec(d.event, want, "decoded status");
  }
}

TEST_CASE("decode_event_status codings and errors") {
  using infant_all::decode_event_status;
  using infant_all::kMissingStatus;
  auto d = decode_event_status({0, 1, kNaN, 1});
  CHECK(d.coding == "0/1");
  CHECK(d.event == std::vector<int>{0, 1, kMissingStatus, 1});
  d = decode_event_status({1, 1, 1});  // only 1s: 0/1 coding, all events (R's Surv)
  CHECK(d.coding == "0/1");
  CHECK(d.event == std::vector<int>{1, 1, 1});
  d = decode_event_status({2, 1, 2});
  CHECK(d.coding == "1/2");
  CHECK(d.event == std::vector<int>{1, 0, 1});
  d = decode_event_status({3, 7, kNaN, 3}, 7.0);  // explicit event value
  CHECK(d.coding == "event_value");
  CHECK(d.event == std::vector<int>{0, 1, kMissingStatus, 0});
  d = decode_event_status({0, 1, 2});
  CHECK(!d.status.ok());
  CHECK(d.status.message.find("status[1]") != std::string::npos);
  CHECK(d.status.row == 1);
  d = decode_event_status({1, 0, 3});
  CHECK(!d.status.ok());
  CHECK(d.status.message.find("status[3] is 3") != std::string::npos);
  CHECK(d.status.argument == "status");
  CHECK(d.status.row == 3);
}

// Hand derivation on 8 unsorted rows, time = (6, 3, 3, 1, 9, 4, 6, 2),
// status = (1, 1, 0, 1, 0, 1, 1, 0). In time order: 1 d, 2 c, 3 d + c, 4 d, 6 d d, 9 c.
//   t  n  d  c   S                          var(log S) (Greenwood)
//   1  8  1  0   7/8                        1/56
//   2  7  0  1   7/8                        1/56
//   3  6  1  1   7/8 * 5/6 = 35/48          + 1/30
//   4  4  1  0   35/48 * 3/4 = 35/64        + 1/12
//   6  3  2  0   35/64 * 1/3 = 35/192       + 2/3
//   9  1  0  1   35/192
// Median: first S <= 0.5 is at t = 6 (S(4) = 0.546875).
// Restricted mean to 8: 1 + 7/8 + 7/8 + 35/48 + 2 * 35/64 + 2 * 35/192 = 948/192 = 4.9375.
// Its variance: sum over event times of A^2 d / (n (n - d)), A = area from t to 8 in 192nds:
// (70^2 * 2/3 + 280^2 / 12 + 420^2 / 30 + 756^2 / 56) / 192^2 = 25886 / 36864.
// Reverse KM (censoring as event): 6/7 at 2, 5/7 at 3, 0 at 9 -> median follow-up 9.
// (R: summary(survfit(Surv(t, s) ~ 1), rmean = 8)$table gives rmean 4.9375, se 0.83797535.)
// Left truncation: the risk table reports, like at_times and R's summary(fit, times = x), the
// number at risk of the first curve row at or after x. Hand derivation: (entry, exit, status) =
// (0,2,1) (0,5,0) (0,6,1) (3,7,1) (4,8,0): rows at 2, 5, 6, 7, 8 with n.risk 3, 4, 3, 2, 1
// (at 5: entries 0,0,3,4 with exit >= 5). At tick 0 every subject has entered: 3 (the row at 2),
// not the 0 of "entered strictly before 0"; at tick 4 the row at 5 has 4 (the one entering at
// 4 included); at tick 9 nothing is left: 0.
TEST_CASE("kaplan_meier risk table with entry times: R's next-row n.risk, n at time 0") {
  KmInput in;
  in.entry = {0, 0, 0, 3, 4};
  in.time = {2, 5, 6, 7, 8};
  in.status = {1, 0, 1, 1, 0};
  KmOptions opt;
  opt.risk_times = {0, 4, 9};
  opt.times = {0};
  const KmResult r = kaplan_meier(in, opt);
  REQUIRE(r.status.ok());
  const KmCurve& c = r.curves[0];
  check_vec(c.n_risk, {3, 4, 3, 2, 1}, "n_risk");
  REQUIRE(c.risk_table.size() == 3);
  CHECK(c.risk_table[0].n_risk == 3);
  CHECK(c.risk_table[1].n_risk == 4);
  CHECK(c.risk_table[2].n_risk == 0);
  REQUIRE(c.at_times.size() == 1);
  CHECK(c.at_times[0].n_risk == c.risk_table[0].n_risk);
}

TEST_CASE("kaplan_meier on a tiny unsorted table, derived by hand") {
  KmInput in;
  in.time = {6, 3, 3, 1, 9, 4, 6, 2};
  in.status = {1, 1, 0, 1, 0, 1, 1, 0};
  KmOptions opt;
  opt.times = {9, 3.5, 0.5};  // unsorted on purpose
  opt.risk_times = {9, 0, 3};
  opt.rmean_tau = 8;
  opt.reverse = true;
  const KmResult r = kaplan_meier(in, opt);
  REQUIRE(r.status.ok());
  REQUIRE(r.curves.size() == 1);
  const KmCurve& c = r.curves[0];
  CHECK(c.group == "all");
  CHECK(c.n == 8);
  CHECK(c.events == 5);
  check_vec(c.time, {1, 2, 3, 4, 6, 9}, "time");
  check_vec(c.n_risk, {8, 7, 6, 4, 3, 1}, "n_risk");
  check_vec(c.n_event, {1, 0, 1, 1, 2, 0}, "n_event");
  check_vec(c.n_censor, {0, 1, 1, 0, 0, 1}, "n_censor");
  check_vec(c.surv, {7.0 / 8, 7.0 / 8, 35.0 / 48, 35.0 / 64, 35.0 / 192, 35.0 / 192}, "surv");
  const double v3 = 1.0 / 56 + 1.0 / 30;
  CHECK_CLOSE(c.std_err[2], 35.0 / 48 * std::sqrt(v3), kDirectTol);
  const double z = 1.959963984540054;  // qnorm(0.975)
  CHECK_CLOSE(c.lower[2], 35.0 / 48 * std::exp(-z * std::sqrt(v3)), 1e-14);
  CHECK(c.upper[0] == 1.0);  // 7/8 * exp(z * sqrt(1/56)) > 1, capped
  CHECK(c.median == 6);
  CHECK_CLOSE(c.rmean, 4.9375, kDirectTol);
  CHECK_CLOSE(c.rmean_se, std::sqrt(25886.0 / 36864), kDirectTol);
  CHECK(c.median_followup == 9);
  // summary(fit, times = c(0.5, 3.5, 9)): S = 1, 35/48, 35/192; n.risk = 8, 4, 1;
  // n.event = 0, 2, 3; n.censor = 0, 2, 1.
  REQUIRE(c.at_times.size() == 3);
  CHECK(c.at_times[0].time == 0.5);
  CHECK(c.at_times[0].surv == 1.0);
  CHECK(c.at_times[0].std_err == 0.0);
  CHECK(c.at_times[0].lower == 1.0);
  CHECK(c.at_times[0].upper == 1.0);
  CHECK(c.at_times[0].n_risk == 8);
  CHECK_CLOSE(c.at_times[1].surv, 35.0 / 48, kDirectTol);
  CHECK(c.at_times[1].n_risk == 4);
  CHECK(c.at_times[1].n_event == 2);
  CHECK(c.at_times[1].n_censor == 2);
  CHECK_CLOSE(c.at_times[2].surv, 35.0 / 192, kDirectTol);
  CHECK(c.at_times[2].n_risk == 1);
  CHECK(c.at_times[2].n_event == 3);
  CHECK(c.at_times[2].n_censor == 1);
  // Risk table at 0, 3, 9: at risk #{time >= t} = 8, 6, 1; events up to t: 0, 2 (t = 1, 3),
  // 5; censorings up to t: 0, 2 (t = 2, 3), 3; per interval the differences.
  REQUIRE(c.risk_table.size() == 3);
  const int want[3][6] = {{0, 8, 0, 0, 0, 0}, {3, 6, 2, 2, 2, 2}, {9, 1, 3, 1, 5, 3}};
  for (int i = 0; i < 3; ++i) {
    CAPTURE(i);
    const auto& k = c.risk_table[static_cast<std::size_t>(i)];
    CHECK(k.time == want[i][0]);
    CHECK(k.n_risk == want[i][1]);
    CHECK(k.n_event == want[i][2]);
    CHECK(k.n_censor == want[i][3]);
    CHECK(k.cum_event == want[i][4]);
    CHECK(k.cum_censor == want[i][5]);
  }
}

TEST_CASE("kaplan_meier: day-binned and sorted tabulations agree bit for bit") {
  // Whole-number times are counted into day bins; an entry time (not a whole number) before
  // every follow-up time is no truncation at all but forces the radix-sort path. Both must give
  // the same curves.
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> day(0, 1500);
  std::bernoulli_distribution ev(0.3);
  std::uniform_int_distribution<int> grp(0, 2);
  KmInput in;
  std::vector<std::string> labels;
  for (int i = 0; i < 5000; ++i) {
    in.time.push_back(day(rng));
    in.status.push_back(ev(rng) ? 1 : 0);
    labels.push_back(std::string(1, static_cast<char>('p' + grp(rng))));
  }
  in.group = labels;
  KmOptions opt;
  opt.times = {0, 100, 1000};
  opt.risk_times = {0, 500, 1000, 1500};
  opt.rmean_tau = 1200;
  opt.reverse = true;
  const KmResult binned = kaplan_meier(in, opt);
  REQUIRE(binned.status.ok());
  KmInput sorted = in;
  sorted.entry.assign(in.time.size(), -0.5);
  const KmResult radix = kaplan_meier(sorted, opt);
  REQUIRE(radix.status.ok());
  check_identical(binned, radix);
  check_same_risk_tables(binned, radix);
}

TEST_CASE("kaplan_meier with entry times: day-binned and sorted tabulations agree bit for bit") {
  // Whole-number entries and times are counted into day bins, entries included. Adding 0.5 to
  // every entry leaves each risk set unchanged (for whole numbers e < t exactly when
  // e + 0.5 < t) but forces the radix-sort path: the curves must be identical.
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int> day(1, 1500);
  std::uniform_int_distribution<int> wait(0, 400);
  std::bernoulli_distribution ev(0.3);
  std::uniform_int_distribution<int> grp(0, 2);
  KmInput in;
  std::vector<std::string> labels;
  for (int i = 0; i < 5000; ++i) {
    const int t = day(rng);
    in.time.push_back(t);
    in.entry.push_back(std::max(0, t - 1 - wait(rng)) - (i % 7 == 0 ? 30 : 0));
    in.status.push_back(ev(rng) ? 1 : 0);
    labels.push_back(std::string(1, static_cast<char>('p' + grp(rng))));
  }
  in.group = labels;
  KmOptions opt;
  opt.times = {0, 100, 1000};
  opt.risk_times = {0, 500, 1000, 1500};
  opt.rmean_tau = 1200;
  const KmResult binned = kaplan_meier(in, opt);
  REQUIRE(binned.status.ok());
  KmInput shifted = in;
  for (double& e : shifted.entry) e += 0.5;
  const KmResult radix = kaplan_meier(shifted, opt);
  REQUIRE(radix.status.ok());
  check_identical(binned, radix);
  check_same_risk_tables(binned, radix);
  // Some risk sets shrink as well as grow: the entries matter.
  const KmCurve& c = binned.curves[0];
  CHECK(std::is_sorted(c.n_risk.begin(), c.n_risk.end(), std::greater<>()) == false);
}

TEST_CASE("kaplan_meier properties: range, monotone, 1 - ECDF without censoring, row order") {
  std::mt19937_64 rng(42);
  const int n = 2000;
  KmInput in;
  std::uniform_int_distribution<int> day(0, 400);
  std::bernoulli_distribution ev(0.3);
  std::uniform_int_distribution<int> grp(0, 3);
  const std::string labels[] = {"d", "b", "c", "a"};
  std::vector<std::string> group;
  for (int i = 0; i < n; ++i) {
    in.time.push_back(day(rng) + (i % 7 == 0 ? 0.25 : 0.0));  // some non-integer times
    in.status.push_back(ev(rng) ? 1 : 0);
    group.push_back(labels[grp(rng)]);
  }
  in.group = group;
  KmOptions opt;
  opt.times = {0, 10, 100, 250.25, 399};
  opt.risk_times = {0, 100, 200, 300, 400};
  opt.rmean_tau = 300;
  opt.reverse = true;
  const KmResult r = kaplan_meier(in, opt);
  REQUIRE(r.status.ok());
  REQUIRE(r.curves.size() == 4);
  CHECK(r.curves[0].group == "a");  // levels sorted as R's factor()
  CHECK(r.curves[3].group == "d");
  for (const auto& c : r.curves) {
    CAPTURE(c.group);
    for (std::size_t i = 0; i < c.surv.size(); ++i) {
      CHECK(c.surv[i] >= 0);
      CHECK(c.surv[i] <= 1);
      if (i > 0) CHECK(c.surv[i] <= c.surv[i - 1]);
      if (i > 0) CHECK(c.time[i] > c.time[i - 1]);
      if (!std::isnan(c.lower[i])) CHECK(c.lower[i] <= c.surv[i]);
      if (!std::isnan(c.upper[i])) CHECK(c.upper[i] >= c.surv[i]);
    }
  }

  // Row order must not matter: a shuffled copy gives bit-identical output.
  std::vector<std::size_t> perm(n);
  std::iota(perm.begin(), perm.end(), 0);
  std::shuffle(perm.begin(), perm.end(), rng);
  KmInput sh;
  sh.group.levels = in.group.levels;
  for (std::size_t i : perm) {
    sh.time.push_back(in.time[i]);
    sh.status.push_back(in.status[i]);
    sh.group.code.push_back(in.group.code[i]);
  }
  check_identical(r, kaplan_meier(sh, opt));

  // Without censoring S(t) = 1 - ECDF(t) = #{time > t} / n.
  KmInput all;
  all.time = in.time;
  all.status.assign(n, 1);
  const KmResult e = kaplan_meier(all, {});
  REQUIRE(e.status.ok());
  const KmCurve& c = e.curves[0];
  for (std::size_t i = 0; i < c.time.size(); ++i) {
    const auto above =
        std::count_if(all.time.begin(), all.time.end(), [&](double t) { return t > c.time[i]; });
    CAPTURE(c.time[i]);
    CHECK_CLOSE(c.surv[i], static_cast<double>(above) / n, 1e-12);
  }
}

TEST_CASE("kaplan_meier groups with numeric labels sort numerically, as R's factor of a number") {
  KmInput in;
  in.time = {1, 2, 3, 4, 5, 6};
  in.status = {1, 1, 1, 1, 1, 1};
  in.group = {"10", "9", "10", "9", "2.5", "10"};
  const KmResult r = kaplan_meier(in);
  REQUIRE(r.status.ok());
  REQUIRE(r.curves.size() == 3);
  CHECK(r.curves[0].group == "2.5");
  CHECK(r.curves[1].group == "9");
  CHECK(r.curves[2].group == "10");
  CHECK(r.curves[2].n == 3);

  // Many labels (past the linear scan into the hash map): 40 numeric labels sort numerically,
  // the same 40 with a letter prefix by byte order ("g10" < "g2").
  KmInput many;
  std::vector<std::string> many_labels, prefixed_labels;
  KmInput prefixed;
  for (int i = 0; i < 400; ++i) {
    const int g = (i * 7) % 40;
    for (KmInput* k : {&many, &prefixed}) {
      k->time.push_back(1 + i % 13);
      k->status.push_back(i % 3 == 0 ? 1 : 0);
    }
    many_labels.push_back(std::to_string(g));
    prefixed_labels.push_back("g" + std::to_string(g));
  }
  many.group = many_labels;
  prefixed.group = prefixed_labels;
  const KmResult m = kaplan_meier(many);
  REQUIRE(m.status.ok());
  REQUIRE(m.curves.size() == 40);
  for (int g = 0; g < 40; ++g) {
    CHECK(m.curves[static_cast<std::size_t>(g)].group == std::to_string(g));
    CHECK(m.curves[static_cast<std::size_t>(g)].n == 10);
  }
  const KmResult p = kaplan_meier(prefixed);
  REQUIRE(p.status.ok());
  REQUIRE(p.curves.size() == 40);
  CHECK(p.curves[1].group == "g1");
  CHECK(p.curves[2].group == "g10");
  for (const auto& c : p.curves) CHECK(c.n == 10);
}

TEST_CASE("kaplan_meier excludes rows with a missing value and names them") {
  KmInput in;
  in.time = {5, kNaN, 3, 8, 2, 7};
  in.status = {1, 1, infant_all::kMissingStatus, 0, 1, 1};
  in.group = {"x", "x", "y", "", "y", "x"};
  const KmResult r = kaplan_meier(in);
  REQUIRE(r.status.ok());
  CHECK(r.n_excluded == 3);
  CHECK(r.excluded_rows == std::vector<int>{2, 3, 4});  // NaN time, missing status, blank group
  REQUIRE(r.curves.size() == 2);
  CHECK(r.curves[0].n == 2);         // x: rows 1 and 6
  CHECK(r.curves[1].n == 1);         // y: row 5
  in.entry = {0, 0, 0, 0, kNaN, 1};  // missing entry also excludes
  const KmResult t = kaplan_meier(in);
  REQUIRE(t.status.ok());
  CHECK(t.excluded_rows == std::vector<int>{2, 3, 4, 5});
  CHECK(t.curves.size() == 1);
}

TEST_CASE("kaplan_meier edge cases: values") {
  SUBCASE("all censored: S = 1, no median, log-log limits NA") {
    KmInput in;
    in.time = {4, 2, 9};
    in.status = {0, 0, 0};
    KmOptions opt;
    opt.conf_type = KmConfType::log_log;
    const KmResult r = kaplan_meier(in, opt);
    REQUIRE(r.status.ok());
    const KmCurve& c = r.curves[0];
    CHECK(c.events == 0);
    for (std::size_t i = 0; i < c.surv.size(); ++i) {
      CHECK(c.surv[i] == 1.0);
      CHECK(c.std_err[i] == 0.0);
      CHECK(std::isnan(c.lower[i]));  // R: log-log limits are NA where S = 1
      CHECK(std::isnan(c.upper[i]));
    }
    CHECK(std::isnan(c.median));
    CHECK(std::isnan(c.median_lower));
    CHECK(std::isnan(c.median_upper));
  }
  SUBCASE("last row an event: S = 0, SE of S NaN (R: 0 * Inf), log limits NA") {
    KmInput in;
    in.time = {3, 1, 2};
    in.status = {1, 0, 1};
    const KmResult r = kaplan_meier(in);
    REQUIRE(r.status.ok());
    const KmCurve& c = r.curves[0];
    CHECK(c.surv.back() == 0.0);
    CHECK(std::isnan(c.std_err.back()));
    CHECK(std::isnan(c.lower.back()));
    CHECK(std::isnan(c.upper.back()));
    // S: 1 (censored at 1), 1/2 at 2, 0 at 3: S sits at exactly 0.5 from 2 to 3, so R's rule
    // takes the midpoint (2 + 3) / 2.
    CHECK(c.median == 2.5);
  }
  SUBCASE("conf_type none: no limits, no median CI") {
    KmInput in;
    in.time = {3, 1, 2, 5, 6};
    in.status = {1, 1, 1, 0, 0};  // S: 0.8, 0.6, 0.4 at 1, 2, 3 -> median 3
    KmOptions opt;
    opt.conf_type = KmConfType::none;
    const KmResult r = kaplan_meier(in, opt);
    REQUIRE(r.status.ok());
    for (double v : r.curves[0].lower) CHECK(std::isnan(v));
    for (double v : r.curves[0].upper) CHECK(std::isnan(v));
    CHECK(r.curves[0].median == 3);
    CHECK(std::isnan(r.curves[0].median_lower));
  }
}

TEST_CASE("kaplan_meier edge cases: errors name function, argument and row") {
  struct Row {
    const char* what;
    KmInput in;
    KmOptions opt;
    const char* message;
    const char* argument;  // Status::argument
    std::size_t row;       // Status::row: 1-based, 0 when the error is not about one row
  };
  KmOptions def;
  KmOptions bad_level;
  bad_level.conf_level = 1.5;
  KmOptions bad_times;
  bad_times.times = {1, kNaN};
  KmOptions bad_tau;
  bad_tau.rmean_tau = -1;
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<Row> rows = {
      {"empty", {{}, {}, {}, {}}, def, "kaplan_meier: time is empty", "time", 0},
      {"length mismatch",
       {{1, 2}, {1}, {}, {}},
       def,
       "kaplan_meier: status has 1 rows but time has 2",
       "status",
       0},
      {"group length",
       {{1, 2}, {1, 0}, {"a"}, {}},
       def,
       "kaplan_meier: group has 1 rows but time has 2",
       "group",
       0},
      {"negative time",
       {{1, -1, 2}, {1, 1, 0}, {}, {}},
       def,
       "kaplan_meier: time[2] is negative (-1)",
       "time",
       2},
      {"infinite time",
       {{1, 2, inf}, {1, 1, 0}, {}, {}},
       def,
       "kaplan_meier: time[3] is infinite",
       "time",
       3},
      {"status 2",
       {{1, 2, 3}, {1, 2, 0}, {}, {}},
       def,
       "kaplan_meier: status[2] is 2",
       "status",
       2},
      {"entry after time",
       {{5, 2}, {1, 0}, {}, {0, 2}},
       def,
       "kaplan_meier: entry[2] (2) is not before time[2] (2)",
       "entry",
       2},
      {"all missing",
       {{kNaN, kNaN}, {1, 0}, {}, {}},
       def,
       "kaplan_meier: no rows left after excluding 2",
       "",
       0},
      {"conf level", {{1}, {1}, {}, {}}, bad_level, "kaplan_meier: conf_level", "conf_level", 0},
      {"NaN time request",
       {{1}, {1}, {}, {}},
       bad_times,
       "kaplan_meier: times[2] is NaN",
       "times",
       0},
      {"negative tau", {{1}, {1}, {}, {}}, bad_tau, "kaplan_meier: rmean_tau", "rmean_tau", 0},
  };
  for (const auto& row : rows) {
    CAPTURE(row.what);
    const KmResult r = kaplan_meier(row.in, row.opt);
    CAPTURE(r.status.message);
    CHECK(r.status.code == infant_all::StatusCode::invalid_argument);
    CHECK(r.status.message.rfind(row.message, 0) == 0);
    CHECK(r.status.argument == row.argument);
    CHECK(r.status.row == row.row);
    CHECK(r.curves.empty());
  }
}

TEST_CASE("kaplan_meier first and last rows censored, tied event and censoring") {
  // Censored first (t = 1) and last (t = 9); at t = 4 one death and one censoring tie: the
  // censored subject is still at risk at 4 (ENGINE.md), so S(4) = 3/4 * ... with n = 4.
  KmInput in;
  in.time = {9, 4, 1, 4, 6, 2};
  in.status = {0, 0, 0, 1, 1, 1};
  const KmResult r = kaplan_meier(in);
  REQUIRE(r.status.ok());
  const KmCurve& c = r.curves[0];
  check_vec(c.time, {1, 2, 4, 6, 9}, "time");
  check_vec(c.n_risk, {6, 5, 4, 2, 1}, "n_risk");
  // S: 1, 4/5, 4/5 * 3/4 = 3/5, 3/5 * 1/2 = 3/10, 3/10
  check_vec(c.surv, {1, 0.8, 0.6, 0.3, 0.3}, "surv");
  CHECK(c.std_err[0] == 0.0);
  CHECK(c.lower[0] == 1.0);  // log: se = 0 gives limits equal to S
  CHECK(c.median == 6);
}

TEST_CASE("kaplan_meier merges times closer than sqrt(eps), as survfit's timefix does") {
  // Expected values from R 4.2, survival 3.5-3:
  //   t <- c(0.1 + 0.2, 0.3, 0.7, 1, 1 + 1e-10, 2, 3); s <- c(1, 0, 1, 1, 1, 1, 0)
  //   f <- survfit(Surv(t, s) ~ 1); f$time; f$n.risk; f$surv
  //   summary(f, rmean = 2.5)$table[c("rmean", "se(rmean)")]
  KmInput in;
  in.time = {0.1 + 0.2, 0.3, 0.7, 1, 1 + 1e-10, 2, 3};
  in.status = {1, 0, 1, 1, 1, 1, 0};
  KmOptions opt;
  opt.rmean_tau = 2.5;
  const KmResult r = kaplan_meier(in, opt);
  REQUIRE(r.status.ok());
  const KmCurve& c = r.curves[0];
  // 0.1 + 0.2 (0.30000000000000004) and 0.3 become one time, the first of the run (0.3).
  check_vec(c.time, {0.3, 0.7, 1, 2, 3}, "time");
  check_vec(c.n_risk, {7, 5, 4, 2, 1}, "n_risk");
  check_vec(c.n_event, {1, 1, 2, 1, 0}, "n_event");
  check_vec(c.surv,
            {0.85714285714285710, 0.68571428571428572, 0.34285714285714286, 0.17142857142857143,
             0.17142857142857143},
            "surv");
  CHECK_CLOSE(c.rmean, 1.27714285714285714, kDirectTol);
  CHECK_CLOSE(c.rmean_se, 0.30404158070703724, kDirectTol);

  // timefix = false keeps every distinct time, as survfit(..., timefix = FALSE).
  opt.timefix = false;
  const KmResult raw = kaplan_meier(in, opt);
  REQUIRE(raw.status.ok());
  CHECK(raw.curves[0].time.size() == 7);

  // Whole numbers are merged only past 1 / tolerance (6.7e7): distinct day counts stay apart,
  // while 1e9 and 1e9 + 1 are within sqrt(eps) of their mean and merge, in R as here
  // (survfit(Surv(c(1e9, 1e9 + 1, 1e9 + 2), c(1, 1, 1)) ~ 1)$time is 1e9).
  KmInput big;
  big.time = {1e9, 1e9 + 1, 1e9 + 2};
  big.status = {1, 1, 1};
  const KmResult rb = kaplan_meier(big);
  REQUIRE(rb.status.ok());
  check_vec(rb.curves[0].time, {1e9}, "time");
  KmInput days;
  days.time = {3, 1, 2, 2};
  days.status = {1, 1, 0, 1};
  check_vec(kaplan_meier(days).curves[0].time, {1, 2, 3}, "time");
}

TEST_CASE(
    "kaplan_meier timefix with entry times: one set of times, zero-length intervals refused") {
  // R 4.2, survival 3.5-3: with the t and s above and e <- c(0, 0.1, 0.2, 0, 0.5, 0.5, 1),
  //   summary(survfit(Surv(e, t, s) ~ 1)) gives time 0.3 0.7 1 2, n.risk 4 4 3 2,
  //   survival 0.7500 0.5625 0.1875 0.0938.
  KmInput in;
  in.time = {0.1 + 0.2, 0.3, 0.7, 1, 1 + 1e-10, 2, 3};
  in.status = {1, 0, 1, 1, 1, 1, 0};
  in.entry = {0, 0.1, 0.2, 0, 0.5, 0.5, 1};
  const KmResult r = kaplan_meier(in);
  REQUIRE(r.status.ok());
  const KmCurve& c = r.curves[0];
  check_vec(c.time, {0.3, 0.7, 1, 2, 3}, "time");
  check_vec(c.n_risk, {4, 4, 3, 2, 1}, "n_risk");
  check_vec(c.surv, {0.75, 0.5625, 0.1875, 0.09375, 0.09375}, "surv");
  // Entry 0.3 before time 0.1 + 0.2: the two merge, so R stops ("aeqSurv exception, an
  // interval has effective length 0"); here it is an error naming the row.
  in.entry[0] = 0.3;
  const KmResult bad = kaplan_meier(in);
  CHECK_FALSE(bad.status.ok());
  // Values in the shortest form that reads back (format_number): 0.3 and 0.1 + 0.2 are two
  // doubles, and the message shows that they differ (%.17g wrote 0.29999999999999999).
  CHECK(bad.status.message.find("entry[1] (0.3) and time[1] (0.30000000000000004) differ") !=
        std::string::npos);
  CHECK(bad.status.argument == "entry");
  CHECK(bad.status.row == 1);
}

TEST_CASE("kaplan_meier cumhaz is survfit's Nelson-Aalen $cumhaz (golden)") {
  // tests/golden/figures.json "km", written by tests/golden/gen_figures.R:
  // survfit(Surv(time, status) ~ x, aml)$cumhaz per stratum.
  const auto golden = infant_all::test::load_json("golden/figures.json")["km"];
  std::vector<std::string> group;
  for (const auto& g : golden["group"]) group.push_back(g.get<std::string>());
  const std::vector<double> time = nums(golden["time"]);
  std::vector<int> status;
  for (const auto& s : golden["status"]) status.push_back(s.get<int>());
  const KmResult r = kaplan_meier({time, status, group, {}});
  REQUIRE(r.status.ok());
  REQUIRE(r.curves.size() == golden["curves"].size());
  for (std::size_t k = 0; k < r.curves.size(); ++k) {
    const auto& want = golden["curves"][k];
    CHECK(r.curves[k].group == want["group"].get<std::string>());
    const std::vector<double> t = nums(want["time"]), h = nums(want["cumhaz"]);
    REQUIRE(r.curves[k].cumhaz.size() == h.size());
    for (std::size_t i = 0; i < h.size(); ++i) {
      CHECK(r.curves[k].time[i] == t[i]);
      CHECK_CLOSE(r.curves[k].cumhaz[i], h[i], kDirectTol);
    }
  }
}
