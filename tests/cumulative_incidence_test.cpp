#include "infant_all/stats/cumulative_incidence.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "test_util.h"

using infant_all::CompetingStatus;
using infant_all::CumincOptions;
using infant_all::CumincResult;
using infant_all::cumulative_incidence;
using infant_all::decode_competing_status;
using infant_all::kStatusMissing;
using infant_all::test::kDirectTol;
using infant_all::test::num;
using infant_all::test::nums;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

// Golden comparisons are relative: |a - b| <= 1e-10 |b| (kDirectTol, docs/ENGINE.md), with an
// absolute floor of 1e-15 for values that are exactly 0 in R or sit at the rounding noise of
// cmprsk's variance formula v1 + F^2 v3 - 2 F v2 (a difference of O(1) terms).
bool cif_close(double a, double b) {
  if (std::isnan(b)) return std::isnan(a);
  return std::fabs(a - b) <= kDirectTol * std::fabs(b) + 1e-15;
}

#define CHECK_CIF(a, b)                                  \
  do {                                                   \
    const double rel_a_ = (a), rel_b_ = (b);             \
    INFO(#a " = " << rel_a_ << ", expected " << rel_b_); \
    CHECK(cif_close(rel_a_, rel_b_));                    \
  } while (0)

const infant_all::CumincCurve* find_curve(const CumincResult& r, const std::string& group,
                                          const std::string& cause) {
  for (const auto& c : r.curves) {
    if (c.group == group && c.cause == cause) return &c;
  }
  return nullptr;
}

// All-cause Kaplan-Meier of one group at time t (right-continuous), written here so the
// property test does not depend on any other estimator in the engine.
double own_km(const std::vector<double>& time, const std::vector<int>& status,
              const std::vector<std::string>& group, const std::string& g, double t) {
  std::map<double, std::pair<int, int>> at;  // time -> (events, leaving)
  for (size_t i = 0; i < time.size(); ++i) {
    if (group[i] != g) continue;
    auto& e = at[time[i]];
    e.first += status[i] != 0;
    e.second += 1;
  }
  int n = 0;
  for (const auto& kv : at) n += kv.second.second;
  double s = 1;
  for (const auto& kv : at) {
    if (kv.first > t) break;
    s *= (n - kv.second.first) / static_cast<double>(n);
    n -= kv.second.second;
  }
  return s;
}

struct GoldenInput {
  std::vector<double> time;
  std::vector<int> status;
  std::vector<std::string> status_s;
  bool status_is_string = false;
  std::string cencode;
  std::vector<std::string> group, strata;
  CumincOptions options;
};

std::vector<std::string> labels(const nlohmann::json& arr) {
  std::vector<std::string> out;
  for (const auto& v : arr) out.push_back(v.is_null() ? std::string() : v.get<std::string>());
  return out;
}

GoldenInput read_input(const nlohmann::json& in) {
  GoldenInput g;
  g.time = nums(in["time"]);
  g.status_is_string = in["status_is_string"].get<bool>();
  g.cencode = in["cencode"].get<std::string>();
  if (g.status_is_string) {
    g.status_s = labels(in["status"]);
  } else {
    for (const auto& v : in["status"]) {
      g.status.push_back(v.is_null() ? kStatusMissing : static_cast<int>(v.get<double>()));
    }
    g.options.censor_value = std::stoi(g.cencode);
  }
  g.group = labels(in["group"]);
  g.strata = labels(in["strata"]);
  g.options.rho = num(in["rho"]);
  g.options.times = nums(in["times"]);
  return g;
}

CumincResult run(const GoldenInput& g) {
  if (g.status_is_string) {
    // Named causes are decoded first, as the contract does for a text status column.
    CompetingStatus dec = decode_competing_status(g.status_s, g.cencode);
    if (!dec.status.ok()) {
      CumincResult r;
      r.status = dec.status;
      r.status.message = "cumulative_incidence: " + r.status.message;
      return r;
    }
    CumincOptions options = g.options;
    options.censor_value = 0;
    options.cause_labels = std::move(dec.cause_labels);
    return cumulative_incidence({g.time, std::move(dec.codes), g.group, g.strata}, options);
  }
  return cumulative_incidence({g.time, g.status, g.group, g.strata}, g.options);
}

}  // namespace

// Hand derivation (cmprsk's cinc recursion, done with fractions) on a tiny unsorted table:
//   row    1  2  3  4  5  6  7  8  9  10
//   time   4  2  6  2  5  3  1  3  6  2
//   status 1  2  0  1  1  0  2  1  2  1
//   group  b  a  b  a  a  b  b  a  a  b
// Group a, sorted: t=2 {cause 1, cause 2}, t=3 {1}, t=5 {1}, t=6 {2}; n = 5.
//   S(t-) before 2 = 1, n = 5:  F1 = 1/5 = 0.2.     KM -> 3/5.
//   t=3, n = 3, S- = 0.6:      F1 = 0.2 + 0.6/3 = 0.4.  KM -> 0.4.
//   t=5, n = 2, S- = 0.4:      F1 = 0.4 + 0.4/2 = 0.6.  KM -> 0.2.
//   t=6, n = 1, S- = 0.2:      F2 = 0.2 + 0.2/1 = 0.4.  KM -> 0.   (F1 + F2 + KM = 1)
// Variance (cinc: v1, v2, v3 accumulate (t4)^2 t6, t3 t4 t6, t3^2 t6 with t6 = S-^2 d / n^2,
// t3 = 1/S, t4 = F/S for other-cause events and 1 + F/S for cause events; V = v1 + F^2 v3 -
// 2 F v2):
//   t=2: other cause: t6 = 1/25, t3 = 5/3, t4 = 1/3 -> v1 = 1/225, v2 = 1/45, v3 = 1/9;
//        cause 1:     t6 = 1/25, t3 = 5/3, t4 = 4/3 -> v1 = 17/225, v2 = 1/9, v3 = 2/9;
//        V = 17/225 + 0.04 (2/9) - 0.4 (1/9) = 9/225 = 0.04.
//   t=3: cause 1: t6 = 0.36/9 = 1/25, t3 = 5/2, t4 = 2 -> v1 = 53/225, v2 = 14/45, v3 = 17/36;
//        V = 53/225 + 0.16 (17/36) - 0.8 (14/45) = 14/225.
//   t=5: cause 1: t6 = 0.16/4 = 1/25, t3 = 5, t4 = 4 -> v1 = 197/225, v2 = 10/9, v3 = 53/36;
//        V = 197/225 + 0.36 (53/36) - 1.2 (10/9) = 13/180.
//   Cause 2 in group a: t=2 as above (V = 0.04); t=3 and t=5 are other-cause events
//   (t4 = F/S = 1/2 then 1), t=6 a cause-2 event with S = 0 after it (t3 = 0, t4 = 1):
//        v1 = 149/900, v2 = 65/180, v3 = 53/36, V = 149/900 + 0.16 (53/36) - 0.8 (65/180)
//        = 101/900.
// R (cuminc(time, status, group)) prints the same: "a 1" var 0.04, 0.0622222, 0.0722222.
TEST_CASE("cumulative_incidence: hand-derived values on a tiny unsorted table") {
  const std::vector<double> time = {4, 2, 6, 2, 5, 3, 1, 3, 6, 2};
  const std::vector<int> status = {1, 2, 0, 1, 1, 0, 2, 1, 2, 1};
  const std::vector<std::string> group = {"b", "a", "b", "a", "a", "b", "b", "a", "a", "b"};
  CumincOptions opt;
  opt.times = {7, 5.5, 1.5, -1};
  const CumincResult r = cumulative_incidence({time, status, group, {}}, opt);
  REQUIRE(r.status.ok());
  CHECK(r.groups == std::vector<std::string>{"a", "b"});
  CHECK(r.causes == std::vector<std::string>{"1", "2"});
  REQUIRE(r.curves.size() == 4);
  CHECK(r.curves[0].group == "a");  // cuminc's order: "a 1", "b 1", "a 2", "b 2"
  CHECK(r.curves[1].group == "b");
  CHECK(r.curves[2].cause == "2");
  const auto* a1 = find_curve(r, "a", "1");
  REQUIRE(a1 != nullptr);
  REQUIRE(a1->time.size() == 3);
  const double t_a1[] = {2, 3, 5}, f_a1[] = {0.2, 0.4, 0.6};
  const double v_a1[] = {9.0 / 225, 14.0 / 225, 13.0 / 180};  // derived above
  for (size_t k = 0; k < 3; ++k) {
    CAPTURE(k);
    CHECK(a1->time[k] == t_a1[k]);
    CHECK_CLOSE(a1->est[k], f_a1[k], 1e-15);
    CHECK_CLOSE(a1->var[k], v_a1[k], 1e-14);
  }
  CHECK(a1->max_time == 6);
  CHECK(a1->n == 5);
  CHECK(a1->n_event == 3);
  const auto* a2 = find_curve(r, "a", "2");
  REQUIRE(a2 != nullptr);
  REQUIRE(a2->time.size() == 2);
  CHECK(a2->time[1] == 6);
  CHECK_CLOSE(a2->est[1], 0.4, 1e-15);
  CHECK_CLOSE(a2->var[1], 101.0 / 900, 1e-14);  // derived above
  // timepoints(fit, c(-1, 1.5, 5.5, 7)) for "a 1": NA before 0, 0 before the first event,
  // the step value inside, NA beyond the group's last time (6).
  REQUIRE(a1->at_times.size() == 4);
  CHECK(r.times == std::vector<double>{-1, 1.5, 5.5, 7});
  CHECK(std::isnan(a1->at_times[0].est));
  CHECK(a1->at_times[1].est == 0);
  CHECK(a1->at_times[1].var == 0);
  CHECK_CLOSE(a1->at_times[2].est, 0.6, 1e-15);
  CHECK_CLOSE(a1->at_times[2].var, 13.0 / 180, 1e-14);
  CHECK(std::isnan(a1->at_times[3].est));
  CHECK(std::isnan(a1->at_times[3].var));
  // R's layout for "a 1": $time 0 2 2 3 3 5 5 6, $est 0 0 .2 .2 .4 .4 .6 .6
  const auto lay = infant_all::cuminc_r_layout(*a1);
  CHECK(lay.time == std::vector<double>{0, 2, 2, 3, 3, 5, 5, 6});
  REQUIRE(lay.est.size() == 8);
  CHECK(lay.est[1] == 0);
  CHECK(lay.est[3] == lay.est[2]);
  CHECK(lay.var[7] == a1->var[2]);
}

TEST_CASE("cumulative_incidence: Gray's test without censoring, ties outnumbering the risk set") {
  // a: failures at 1 and 2; b: both at 2; every subject fails of cause 1, nobody is censored.
  // Hand derivation with Gray's (1988) score and variance (cmprsk's crst recursions), rho = 0:
  //   score of a: t = 1: 1 - 1 * 2 / 4 = 1/2; t = 2: 1 - 3 * 1 * (1/2) / ((1/2) * 3) = 0.
  //   variance: the t = 2 term of group a carries the tie correction 1 - (d - 1) / (tr S_a - 1)
  //   = 1 - 2 / (4 * 1/2 - 1) = -1 in cmprsk, which makes the variance -3/128 and the statistic
  //   -32/3 (what cmprsk::cuminc prints). Floored at 0 (three ties in an effective risk set of
  //   two: when the null model has them all fail, their count has no variance) the variance is
  //   45/128 and the statistic (1/2)^2 / (45/128) = 32/45.
  const std::vector<double> time = {1, 2, 2, 2};
  const std::vector<int> status = {1, 1, 1, 1};
  const std::vector<std::string> group = {"a", "a", "b", "b"};
  const CumincResult r = cumulative_incidence({time, status, group, {}});
  REQUIRE(r.status.ok());
  REQUIRE(r.tests.size() == 1);
  CHECK_FALSE(r.tests[0].singular);
  CHECK_CLOSE(r.tests[0].stat, 32.0 / 45, 1e-14);
  CHECK_CLOSE(r.tests[0].p, std::erfc(std::sqrt(32.0 / 45 / 2)), 1e-14);  // chi-square, 1 df

  // b: both fail at 1; a: at 2 and 3. cmprsk drops b from the pooled weights once it is
  // exhausted, so its pooled incidence is 1/2 + 1/2 = 1 at t = 2 and the t = 3 term is 0 * inf
  // (cuminc stops: "NA/NaN/Inf in foreign function call"). With b keeping its weight n_b = 2 the
  // pooled incidence is 1/2, 3/4, 1 (the fraction failed) and crst's recursions give, by hand:
  //   score of a: -1 (t = 1: 0 - 2 * 2/4; t = 2 and 3: 1 - 1 = 0);
  //   v = 3/32 + 1/24 + 1/32 + 1/8 = 7/24, v2(a) = 1/16 + 1/32 - 1/8 = -1/32, v2(b) = -1/12,
  //   v3(a) = 1/24 + 1/32 + 1/8 = 19/96, v3(b) = 1/6, c(a) = 2, c(b) = -1/2;
  //   variance 7/24 + (4 * 19/96 - 4/32) + (1/4 * 1/6 + 1/12) = 13/12; statistic 12/13.
  const CumincResult ex =
      cumulative_incidence({{1, 3, 2, 1}, {1, 1, 1, 1}, {"b", "a", "a", "b"}, {}});
  REQUIRE(ex.status.ok());
  REQUIRE(ex.tests.size() == 1);
  CHECK_FALSE(ex.tests[0].singular);
  CHECK_CLOSE(ex.tests[0].stat, 12.0 / 13, 1e-14);

  // Without censoring and with heavy ties the statistic is finite and never negative.
  std::mt19937 rng(11);
  for (int rep = 0; rep < 600; ++rep) {
    CAPTURE(rep);
    const int n = 3 + static_cast<int>(rng() % 10);
    std::vector<double> t(n);
    std::vector<int> st(n);
    std::vector<std::string> g(n);
    for (int i = 0; i < n; ++i) {
      t[i] = 1 + static_cast<double>(rng() % 3);
      st[i] = 1 + static_cast<int>(rng() % 2);
      g[i] = std::string(1, static_cast<char>('a' + rng() % (2 + rep % 3)));
    }
    const CumincResult q = cumulative_incidence({t, st, g, {}});
    REQUIRE(q.status.ok());
    for (const auto& test : q.tests) {
      if (!test.singular) {
        CHECK(std::isfinite(test.stat));
        CHECK(test.stat >= -1e-12);
      }
    }
  }
}

TEST_CASE("cumulative_incidence: log(-log) interval at chosen times") {
  const std::vector<double> time = {4, 2, 6, 2, 5, 3, 1, 3, 6, 2};
  const std::vector<int> status = {1, 2, 0, 1, 1, 0, 2, 1, 2, 1};
  const std::vector<std::string> group = {"b", "a", "b", "a", "a", "b", "b", "a", "a", "b"};
  CumincOptions opt;
  opt.times = {2.5};
  const CumincResult r = cumulative_incidence({time, status, group, {}}, opt);
  REQUIRE(r.status.ok());
  CHECK(r.ci_transform == "log-log");
  const auto& at = find_curve(r, "a", "1")->at_times[0];
  // est 0.2, var 0.04 (hand derivation above). R:
  //   0.2^exp(c(-1, 1) * qnorm(0.975) * sqrt(0.04) / (0.2 * log(0.2)))
  //   = 0.0043418437999017496 0.62113680286049189  (printed with %.17g)
  CHECK_CLOSE(at.lower, 0.0043418437999017496, 1e-12);
  CHECK_CLOSE(at.upper, 0.62113680286049189, 1e-12);
  CHECK(at.lower < at.est);
  CHECK(at.est < at.upper);
  // est = 0 (before any event): the transform is undefined, limits NaN
  opt.times = {1};
  const CumincResult r0 = cumulative_incidence({time, status, group, {}}, opt);
  CHECK(std::isnan(find_curve(r0, "a", "1")->at_times[0].lower));
}

TEST_CASE("cumulative_incidence: agrees with cmprsk::cuminc and timepoints (golden)") {
  // tests/golden/cuminc.json, written by tests/golden/gen_cuminc.R (R 4.2, cmprsk 2.2-11):
  // every curve's $time/$est/$var, timepoints(fit, times), and fit$Tests. 1e-10 relative.
  const auto golden = infant_all::test::load_json("golden/cuminc.json");
  for (const auto& c : golden["cases"]) {
    const std::string name = c["name"].get<std::string>();
    CAPTURE(name);
    const GoldenInput in = read_input(c["input"]);
    const CumincResult r = run(in);
    REQUIRE_MESSAGE(r.status.ok(), r.status.message);
    REQUIRE(r.curves.size() == c["curves"].size());
    for (size_t i = 0; i < r.curves.size(); ++i) {
      const auto& want = c["curves"][i];
      const auto& got = r.curves[i];
      const std::string label = got.group + " " + got.cause;
      CAPTURE(label);
      CHECK(got.group == want["group"].get<std::string>());
      CHECK(got.cause == want["cause"].get<std::string>());
      const auto lay = infant_all::cuminc_r_layout(got);
      const auto wt = nums(want["time"]), we = nums(want["est"]), wv = nums(want["var"]);
      REQUIRE(lay.time.size() == wt.size());
      for (size_t k = 0; k < wt.size(); ++k) {
        CAPTURE(k);
        CHECK(lay.time[k] == wt[k]);
        CHECK_CIF(lay.est[k], we[k]);
        CHECK_CIF(lay.var[k], wv[k]);
      }
      REQUIRE(got.at_times.size() == want["at_times"].size());
      for (size_t k = 0; k < got.at_times.size(); ++k) {
        const auto& wa = want["at_times"][k];
        CAPTURE(k);
        CHECK(got.at_times[k].time == num(wa["time"]));
        CHECK_CIF(got.at_times[k].est, num(wa["est"]));
        CHECK_CIF(got.at_times[k].var, num(wa["var"]));
      }
    }
    REQUIRE(r.tests.size() == c["tests"].size());
    for (size_t i = 0; i < r.tests.size(); ++i) {
      const auto& want = c["tests"][i];
      const auto& got = r.tests[i];
      CAPTURE(i);
      CHECK(got.cause == want["cause"].get<std::string>());
      CHECK(got.df == static_cast<int>(num(want["df"])));
      CHECK_CIF(got.stat, num(want["stat"]));
      CHECK_CIF(got.p, num(want["p_upper"]));     // pchisq(stat, df, lower.tail = FALSE)
      CHECK_CLOSE(got.p, num(want["p"]), 1e-10);  // cuminc's 1 - pchisq(stat, df)
      CHECK(got.singular == (num(want["stat"]) == -1));
    }
  }
}

TEST_CASE("cumulative_incidence: exclusions are counted and named") {
  // Golden case cencode9_with_na: rows 3 and 40 have NA time, 17 NA status, 5 and 61 NA group.
  const auto golden = infant_all::test::load_json("golden/cuminc.json");
  for (const auto& c : golden["cases"]) {
    if (c["name"] != "cencode9_with_na") continue;
    const CumincResult r = run(read_input(c["input"]));
    REQUIRE(r.status.ok());
    CHECK(r.n_excluded == 5);
    CHECK(r.excluded_rows == std::vector<int>{3, 5, 17, 40, 61});
    CHECK(r.n == 75);
    CHECK(r.causes == std::vector<std::string>{"1", "2", "3"});
  }
}

TEST_CASE("cumulative_incidence: sum of cause-specific incidences + all-cause KM = 1") {
  std::mt19937_64 rng(42);
  std::exponential_distribution<double> ex(0.2);
  std::uniform_int_distribution<int> cause(0, 3), grp(0, 2);
  const size_t n = 500;
  std::vector<double> time(n);
  std::vector<int> status(n);
  std::vector<std::string> group(n);
  for (size_t i = 0; i < n; ++i) {
    time[i] = std::round(ex(rng) * 4) / 4;  // quarter units: many ties
    status[i] = cause(rng);
    group[i] = std::string(1, static_cast<char>('a' + grp(rng)));
  }
  CumincOptions opt;
  for (double t = 0; t <= 30; t += 0.25) opt.times.push_back(t);
  const CumincResult r = cumulative_incidence({time, status, group, {}}, opt);
  REQUIRE(r.status.ok());
  REQUIRE(r.causes.size() == 3);
  for (const auto& g : r.groups) {
    for (size_t k = 0; k < r.times.size(); ++k) {
      double sum = 0;
      bool defined = true;
      for (const auto& c : r.causes) {
        const double e = find_curve(r, g, c)->at_times[k].est;
        defined = defined && !std::isnan(e);
        sum += e;
      }
      if (!defined) continue;  // beyond the group's follow-up
      CAPTURE(g);
      CAPTURE(r.times[k]);
      CHECK_CLOSE(sum + own_km(time, status, group, g, r.times[k]), 1.0, 1e-13);
    }
  }
  // Monotone and within [0, 1]
  for (const auto& c : r.curves) {
    for (size_t k = 0; k < c.est.size(); ++k) {
      CHECK(c.est[k] >= 0);
      CHECK(c.est[k] <= 1);
      if (k > 0) CHECK(c.est[k] >= c.est[k - 1]);
    }
  }
}

TEST_CASE("cumulative_incidence: invariant to row order and to relabelling groups") {
  std::mt19937_64 rng(7);
  std::exponential_distribution<double> ex(1.0);
  std::uniform_int_distribution<int> cause(0, 2), grp(0, 3), str(0, 1);
  const size_t n = 5000;  // above the radix-sort threshold
  std::vector<double> time(n);
  std::vector<int> status(n);
  std::vector<std::string> group(n), strata(n);
  for (size_t i = 0; i < n; ++i) {
    time[i] = i % 3 == 0 ? std::round(ex(rng) * 10) / 10 : ex(rng);  // ties and distinct times
    status[i] = cause(rng);
    group[i] = "g" + std::to_string(grp(rng));
    strata[i] = str(rng) ? "s1" : "s2";
  }
  CumincOptions opt;
  opt.times = {0.1, 0.5, 1, 2};
  const CumincResult r1 = cumulative_incidence({time, status, group, strata}, opt);
  REQUIRE(r1.status.ok());
  std::vector<size_t> perm(n);
  std::iota(perm.begin(), perm.end(), 0);
  std::shuffle(perm.begin(), perm.end(), rng);
  std::vector<double> t2(n);
  std::vector<int> s2(n);
  std::vector<std::string> g2(n), st2(n);
  for (size_t i = 0; i < n; ++i) {
    t2[i] = time[perm[i]];
    s2[i] = status[perm[i]];
    // relabel groups so their order reverses: g0 -> z3, g3 -> z0
    g2[i] = "z" + std::to_string(3 - (group[perm[i]][1] - '0'));
    st2[i] = strata[perm[i]];
  }
  const CumincResult r2 = cumulative_incidence({t2, s2, g2, st2}, opt);
  REQUIRE(r2.status.ok());
  REQUIRE(r1.curves.size() == r2.curves.size());
  for (const auto& c1 : r1.curves) {
    const auto* c2 = find_curve(r2, "z" + std::to_string(3 - (c1.group[1] - '0')), c1.cause);
    REQUIRE(c2 != nullptr);
    CHECK(c1.time == c2->time);  // row order never changes a bit of the curve
    CHECK(c1.est == c2->est);
    CHECK(c1.var == c2->var);
  }
  REQUIRE(r1.tests.size() == r2.tests.size());
  for (size_t i = 0; i < r1.tests.size(); ++i) {
    // the k-sample statistic does not depend on which group's score is left out
    CHECK_CLOSE(r1.tests[i].stat, r2.tests[i].stat, 1e-9);
  }
}

TEST_CASE("decode_competing_status maps named causes to codes in label order") {
  const auto d = infant_all::decode_competing_status(
      {"relapse", "cens", "death", "", "relapse", "NA", "death"}, "cens");
  REQUIRE(d.status.ok());
  CHECK(d.cause_labels == std::vector<std::string>{"death", "relapse"});
  CHECK(d.codes == std::vector<int>{2, 0, 1, kStatusMissing, 2, kStatusMissing, 1});
  CHECK_FALSE(infant_all::decode_competing_status({"a"}, "").status.ok());
}

TEST_CASE("cumulative_incidence: invalid input is reported with argument and row") {
  struct Row {
    const char* name;
    std::vector<double> time;
    std::vector<int> status;
    std::vector<std::string> group;
    CumincOptions opt;
    const char* message;
    const char* argument;  // Status::argument
    std::size_t row;       // Status::row: 1-based, 0 when the error is not about one row
  };
  CumincOptions bad_rho;
  bad_rho.rho = kNaN;
  CumincOptions bad_times;
  bad_times.times = {1, kNaN};
  CumincOptions bad_conf;
  bad_conf.conf_level = 1;
  CumincOptions labels2;
  labels2.cause_labels = {"relapse", "death"};
  const Row rows[] = {
      {"empty", {}, {}, {}, {}, "cumulative_incidence: time is empty", "time", 0},
      {"status length",
       {1, 2},
       {1},
       {},
       {},
       "cumulative_incidence: status has 1 elements, time has 2",
       "status",
       0},
      {"group length",
       {1, 2},
       {1, 0},
       {"a"},
       {},
       "cumulative_incidence: group has 1 elements, time has 2",
       "group",
       0},
      {"negative time",
       {1, -1},
       {1, 0},
       {},
       {},
       "cumulative_incidence: time[2] is negative (-1)",
       "time",
       2},
      {"infinite time",
       {1, INFINITY},
       {1, 0},
       {},
       {},
       "cumulative_incidence: time[2] is infinite (inf)",
       "time",
       2},
      {"negative status",
       {1, 2, 3},
       {1, 0, -2},
       {},
       {},
       "cumulative_incidence: status[3] is negative (-2) and not the censoring value 0",
       "status",
       3},
      {"all censored",
       {1, 2, 3},
       {0, 0, 0},
       {},
       {},
       "cumulative_incidence: no events: every used row has the censoring status 0",
       "status",
       0},
      {"all missing",
       {kNaN, 2},
       {1, kStatusMissing},
       {},
       {},
       "cumulative_incidence: no rows left: all 2 have a missing value",
       "",
       0},
      {"rho",
       {1, 2},
       {1, 0},
       {},
       bad_rho,
       "cumulative_incidence: rho is not finite (nan)",
       "rho",
       0},
      {"times NaN",
       {1, 2},
       {1, 0},
       {},
       bad_times,
       "cumulative_incidence: times[2] is NaN",
       "times",
       0},
      {"conf_level",
       {1, 2},
       {1, 0},
       {},
       bad_conf,
       "cumulative_incidence: conf_level must be in (0, 1) (1)",
       "conf_level",
       0},
      {"code without label",
       {1, 2},
       {1, 3},
       {},
       labels2,
       "cumulative_incidence: status[2] is 3 but cause_labels names 2 causes (codes 1..2)",
       "status",
       2},
  };
  for (const auto& row : rows) {
    CAPTURE(row.name);
    const CumincResult r = cumulative_incidence({row.time, row.status, row.group, {}}, row.opt);
    CHECK(r.status.code == infant_all::StatusCode::invalid_argument);
    CHECK(r.status.message == row.message);
    CHECK(r.status.argument == row.argument);
    CHECK(r.status.row == row.row);
    CHECK(r.curves.empty());
  }
}

TEST_CASE("cumulative_incidence: edge cases that are valid") {
  SUBCASE("one group: no test, group labelled \"1\" as cuminc does") {
    const CumincResult r = cumulative_incidence({{3, 1, 2}, {1, 2, 0}, {}, {}});
    REQUIRE(r.status.ok());
    CHECK(r.tests.empty());
    CHECK(r.groups == std::vector<std::string>{"1"});
    REQUIRE(r.curves.size() == 2);
    REQUIRE(r.curves[0].est.size() == 1);  // cause 1 at t=3: S(3-) = 2/3, 1 at risk -> 2/3
    CHECK_CLOSE(r.curves[0].est[0], 2.0 / 3, 1e-15);
  }
  SUBCASE("first and last rows censored, censor_value 5, cause code 0 allowed") {
    CumincOptions opt;
    opt.censor_value = 5;
    const CumincResult r = cumulative_incidence({{9, 0.5, 2, 4}, {5, 5, 0, 1}, {}, {}}, opt);
    REQUIRE(r.status.ok());
    CHECK(r.causes == std::vector<std::string>{"0", "1"});
    // 3 at risk at t=2 (cause "0"): F = 1/3; at t=4 (cause "1"): S- = 2/3, 2 at risk: 1/3
    CHECK_CLOSE(r.curves[0].est[0], 1.0 / 3, 1e-15);
    CHECK_CLOSE(r.curves[1].est[0], 1.0 / 3, 1e-15);
    CHECK(r.curves[1].max_time == 9);
  }
  SUBCASE("a group present only in excluded rows is dropped, as cuminc drops empty levels") {
    const CumincResult r =
        cumulative_incidence({{1, 2, kNaN, 3}, {1, 2, 1, 1}, {"a", "b", "c", "a"}, {}});
    REQUIRE(r.status.ok());
    CHECK(r.groups == std::vector<std::string>{"a", "b"});
    CHECK(r.excluded_rows == std::vector<int>{3});
  }
}

TEST_CASE("cumulative_incidence: the figure's band and number at risk (golden)") {
  // tests/golden/figures.json "cuminc", written by tests/golden/gen_figures.R: the log(-log)
  // interval from cuminc's $est/$var at each event time, and sum(time[group == g] >= t).
  const auto golden = infant_all::test::load_json("golden/figures.json")["cuminc"];
  std::vector<std::string> group;
  for (const auto& g : golden["group"]) group.push_back(g.get<std::string>());
  std::vector<int> status;
  for (const auto& s : golden["status"]) status.push_back(s.get<int>());
  const infant_all::CumincInput in{nums(golden["time"]), status, group, {}};
  CumincOptions opt;
  opt.conf_level = num(golden["conf_level"]);
  CumincResult r = cumulative_incidence(in, opt);
  REQUIRE(r.status.ok());
  const std::vector<double> ticks = nums(golden["ticks"]);
  infant_all::cuminc_risk_table(in, ticks, &r);
  for (const auto& want : golden["curves"]) {
    const auto* c =
        find_curve(r, want["group"].get<std::string>(), want["cause"].get<std::string>());
    REQUIRE(c != nullptr);
    const std::vector<double> t = nums(want["event_time"]);
    const std::vector<double> lo = nums(want["lower"]), up = nums(want["upper"]);
    REQUIRE(c->time.size() == t.size());
    REQUIRE(c->lower.size() == t.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
      CHECK(c->time[i] == t[i]);
      if (std::isnan(lo[i])) {
        CHECK(std::isnan(c->lower[i]));
        CHECK(std::isnan(c->upper[i]));
      } else {
        CHECK_CLOSE(c->lower[i], lo[i], kDirectTol);
        CHECK_CLOSE(c->upper[i], up[i], kDirectTol);
      }
    }
    REQUIRE(c->n_risk.size() == ticks.size());
    for (std::size_t j = 0; j < ticks.size(); ++j) {
      CHECK(c->risk_time[j] == ticks[j]);
      CHECK(c->n_risk[j] == want["n_risk"][j].get<int>());
    }
  }
}
