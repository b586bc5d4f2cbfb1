// Group codes (survival_data.h): the one encoding every estimator takes. Expected orders are R's
// factor() on the same values (numbers numerically, text as documented at factor_levels), by
// hand; the estimator checks compare codes with levels no row has against the same labels.
#include "infant_all/stats/survival_data.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "infant_all/stats/association.h"
#include "infant_all/stats/cox.h"
#include "infant_all/stats/cumulative_incidence.h"
#include "infant_all/stats/kaplan_meier.h"
#include "infant_all/stats/log_rank.h"

using infant_all::GroupCodes;

TEST_CASE("factor_codes re-codes first-appearance levels to factor order") {
  // R: levels(factor(c("b", "10", "a"))) is "10" "a" "b"; as numbers 2 < 9 < 10.
  const GroupCodes text = infant_all::factor_codes({"b", "10", "a"}, {0, 1, 2, -1, 0});
  CHECK(text.levels == std::vector<std::string>{"10", "a", "b"});
  CHECK(text.code == std::vector<int>{2, 0, 1, -1, 2});
  CHECK(text.label(3).empty());
  CHECK(text.label(0) == "b");

  const GroupCodes numbers = infant_all::factor_codes({"10", "9", "2"}, {0, 1, 2});
  CHECK(numbers.levels == std::vector<std::string>{"2", "9", "10"});
  CHECK(numbers.code == std::vector<int>{2, 1, 0});

  // Labels convert through encode_groups to the same codes; "" is missing.
  const GroupCodes labels = std::vector<std::string>{"b", "10", "a", "", "b"};
  CHECK(labels.levels == text.levels);
  CHECK(labels.code == text.code);
}

TEST_CASE("kept_levels drops the levels no kept row has; first_bad_code finds a stray code") {
  const GroupCodes g({"a", "b", "c"}, {0, 2, 2, 1});
  std::vector<std::string> levels;
  const std::vector<int> remap = infant_all::kept_levels(g, {1, 1, 0, 0}, &levels);
  CHECK(levels == std::vector<std::string>{"a", "c"});
  CHECK(remap == std::vector<int>{0, -1, 1});

  CHECK(infant_all::first_bad_code(g) == 0);
  CHECK(infant_all::first_bad_code(GroupCodes({"a", "b"}, {0, -1, 3})) == 3);
  CHECK(infant_all::first_bad_code(GroupCodes({"a", "b"}, {0, -2})) == 2);

  // check_codes: the error names the argument and the 1-based row in fields and in words.
  CHECK(infant_all::check_codes(g, "group", "f: ").ok());
  const infant_all::Status bad =
      infant_all::check_codes(GroupCodes({"a"}, {0, 0, 4}), "strata", "f: ");
  CHECK(bad.code == infant_all::StatusCode::invalid_argument);
  CHECK(bad.argument == "strata");
  CHECK(bad.row == 3);
  CHECK(bad.message == "f: strata[3] is not a level's code (4)");
}

TEST_CASE("every estimator gives codes with a level no row has the result of the labels") {
  // A cohort's groups arrive as codes over all the cohort's levels; a subset may lack one ("z").
  const std::vector<double> time = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const std::vector<int> event = {1, 0, 1, 1, 0, 1, 1, 0, 1, 1};
  const std::vector<std::string> labels = {"a", "b", "a", "b", "a", "b", "a", "b", "", "b"};
  GroupCodes coded({"a", "b", "z"}, {});
  for (const std::string& l : labels) coded.code.push_back(l.empty() ? -1 : l == "a" ? 0 : 1);

  infant_all::KmInput km_labels{time, event, labels, {}};
  infant_all::KmInput km_codes{time, event, coded, {}};
  const auto k1 = infant_all::kaplan_meier(km_labels);
  const auto k2 = infant_all::kaplan_meier(km_codes);
  REQUIRE(k2.status.ok());
  REQUIRE(k2.curves.size() == 2);
  CHECK(k2.curves[1].group == "b");
  CHECK(k2.curves[1].surv == k1.curves[1].surv);

  infant_all::LogRankInput lr{time, event, coded, {}};
  const auto l2 = infant_all::log_rank(lr);
  lr.group = labels;
  const auto l1 = infant_all::log_rank(lr);
  REQUIRE(l2.status.ok());
  CHECK(l2.groups == std::vector<std::string>{"a", "b"});
  CHECK(l2.chisq == l1.chisq);

  const auto c1 = infant_all::cumulative_incidence({time, event, labels, {}});
  const auto c2 = infant_all::cumulative_incidence({time, event, coded, {}});
  REQUIRE(c2.status.ok());
  CHECK(c2.groups == c1.groups);
  CHECK(c2.tests.size() == c1.tests.size());
  CHECK(c2.tests[0].stat == c1.tests[0].stat);

  const auto t1 = infant_all::cross_tabulate(labels, labels);
  const auto t2 = infant_all::cross_tabulate(coded, coded);
  REQUIRE(t2.status.ok());
  CHECK(t2.row_levels == std::vector<std::string>{"a", "b"});
  CHECK(t2.counts == t1.counts);

  using infant_all::Covariate;
  const std::vector<double> x = {0.5, 1, 0.2, 3, 2, 0.1, 1.5, 0.7, 1, 2};
  const auto x1 = infant_all::cox_ph({time, event, {Covariate::make_categorical("g", labels)}, {}});
  const auto x2 = infant_all::cox_ph({time, event, {Covariate::make_categorical("g", coded)}, {}});
  REQUIRE(x2.status.ok());
  REQUIRE(x2.terms.size() == 1);
  CHECK(x2.terms[0].name == "gb");
  CHECK(x2.terms[0].coef == x1.terms[0].coef);
  const auto s1 =
      infant_all::cox_ph({time, event, {Covariate::make_numeric("x", x)}, GroupCodes(labels)});
  const auto s2 = infant_all::cox_ph({time, event, {Covariate::make_numeric("x", x)}, coded});
  REQUIRE(s2.status.ok());
  CHECK(s2.terms[0].coef == s1.terms[0].coef);

  // A code outside the levels is an error naming the row, never a read past the end.
  GroupCodes stray = coded;
  stray.code[4] = 7;
  const auto bad = infant_all::kaplan_meier(infant_all::KmInput{time, event, stray, {}});
  CHECK(bad.status.message.find("group[5]") != std::string::npos);
  CHECK_FALSE(infant_all::log_rank(infant_all::LogRankInput{time, event, stray, {}}).status.ok());
  CHECK_FALSE(infant_all::cumulative_incidence({time, event, stray, {}}).status.ok());
  CHECK_FALSE(infant_all::cross_tabulate(stray, coded).status.ok());
}

namespace {

using infant_all::TimeOrder;

// The bits of a result, so "identical" means bit for bit (NaN included), not within a tolerance.
struct Bits {
  std::vector<std::uint64_t> v;
  Bits& operator<<(double x) {
    std::uint64_t b;
    std::memcpy(&b, &x, sizeof b);
    v.push_back(b);
    return *this;
  }
  Bits& operator<<(const std::vector<double>& xs) {
    *this << static_cast<double>(xs.size());
    for (double x : xs) *this << x;
    return *this;
  }
  Bits& operator<<(const std::vector<int>& xs) {
    *this << static_cast<double>(xs.size());
    for (int x : xs) *this << static_cast<double>(x);
    return *this;
  }
};

Bits bits_of(const infant_all::KmResult& r) {
  Bits b;
  b << static_cast<double>(r.status.code) << r.excluded_rows;
  for (const auto& c : r.curves) {
    b << c.time << c.n_risk << c.n_event << c.n_censor << c.surv << c.std_err << c.lower << c.upper
      << c.median << c.median_lower << c.median_upper << c.rmean << c.rmean_se << c.median_followup;
    for (const auto& a : c.at_times) b << a.surv << a.std_err << a.lower << a.upper << a.n_risk;
  }
  return b;
}

Bits bits_of(const infant_all::LogRankResult& r) {
  Bits b;
  b << static_cast<double>(r.status.code) << r.excluded_rows << r.n << r.obs << r.exp << r.chisq
    << r.p << r.trend_chisq << r.trend_p;
  for (const auto& row : r.var) b << row;
  for (const auto& row : r.obs_by_stratum) b << row;
  for (const auto& row : r.exp_by_stratum) b << row;
  return b;
}

Bits bits_of(const infant_all::CumincResult& r) {
  Bits b;
  b << static_cast<double>(r.status.code) << r.excluded_rows;
  for (const auto& c : r.curves) {
    b << c.time << c.est << c.var << c.max_time << static_cast<double>(c.n_event);
    for (const auto& a : c.at_times) b << a.est << a.var << a.lower << a.upper;
  }
  for (const auto& t : r.tests) b << t.stat << t.p << static_cast<double>(t.df);
  return b;
}

Bits bits_of(const infant_all::CoxResult& r) {
  Bits b;
  b << static_cast<double>(r.status.code) << r.excluded_rows << r.loglik << r.var << r.means
    << r.lr.stat << r.wald.stat << r.score.stat << r.concordance << r.concordance_se
    << static_cast<double>(r.iterations);
  for (const auto& t : r.terms) b << t.coef << t.se << t.hr << t.lower << t.upper << t.z << t.p;
  return b;
}

// Random cohorts with what a shared order must survive: heavy ties (times on a grid, some
// whole, some not), -0 beside +0, missing times, statuses and groups, groups and strata. Sizes
// on both sides of every estimator's small-input sort (256 to 4096 rows).
struct Cohort {
  std::vector<double> time, entry, x;
  std::vector<int> status, cause;
  infant_all::GroupCodes group, strata;
};

Cohort random_cohort(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> grid(0, static_cast<int>(n / 8) + 3), coin(0, 99);
  Cohort c;
  c.group = infant_all::GroupCodes({"a", "b", "c"}, {});
  c.strata = infant_all::GroupCodes({"s1", "s2"}, {});
  for (std::size_t i = 0; i < n; ++i) {
    const int u = coin(rng);
    double t = grid(rng) / 4.0;  // a quarter grid: ties, and not whole (KM's sorting path)
    if (t == 0 && u % 2) t = -0.0;
    if (u < 3) t = std::numeric_limits<double>::quiet_NaN();
    c.time.push_back(t);
    c.entry.push_back(std::isnan(t) || t <= 0 ? std::numeric_limits<double>::quiet_NaN()
                                              : t * (coin(rng) / 200.0));
    c.status.push_back(u >= 3 && u < 6 ? infant_all::kMissingStatus : coin(rng) < 60);
    c.cause.push_back(c.status.back() == infant_all::kMissingStatus
                          ? infant_all::kStatusMissing
                          : c.status.back() * (1 + u % 2));
    c.group.code.push_back(u >= 6 && u < 9 ? -1 : coin(rng) % 3);
    c.strata.code.push_back(u == 9 ? -1 : coin(rng) % 2);
    c.x.push_back(grid(rng) % 7 == 0 ? std::numeric_limits<double>::quiet_NaN() : coin(rng) / 10.0);
  }
  return c;
}

}  // namespace

TEST_CASE("time_order: finite times' indices by time, ties in input order, -0 with +0") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const TimeOrder o = infant_all::time_order({3, nan, 1, 0.0, 3, -inf, -0.0, 1, inf, 2});
  CHECK(o.n == 10);
  CHECK(o.index == std::vector<std::uint32_t>{3, 6, 2, 7, 9, 0, 4});
  CHECK(infant_all::time_order({}).index.empty());
  // Above the small-input sort too: the radix path keeps ties in input order.
  std::vector<double> t(1000);
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = static_cast<double>((i * 7) % 10);
  const TimeOrder big = infant_all::time_order(t);
  REQUIRE(big.index.size() == t.size());
  for (std::size_t k = 1; k < t.size(); ++k) {
    const std::uint32_t a = big.index[k - 1], b = big.index[k];
    CHECK((t[a] < t[b] || (t[a] == t[b] && a < b)));
  }
}

TEST_CASE("every estimator given the shared time order gives the results of its own sort") {
  using infant_all::Covariate;
  for (const std::size_t n : {40, 700, 5000}) {
    CAPTURE(n);
    const Cohort c = random_cohort(n, 20260101u + static_cast<unsigned>(n));
    const auto order = std::make_shared<const TimeOrder>(infant_all::time_order(c.time));

    infant_all::KmOptions km_opt;
    km_opt.times = {1, 5, 50};
    km_opt.rmean_tau = 20;
    km_opt.reverse = true;
    for (const bool truncated : {false, true}) {
      infant_all::KmInput km{c.time, c.status, c.group,
                             truncated ? c.entry : std::vector<double>{}};
      if (truncated) {  // entry must be before time: drop the rows where the draw is not
        for (std::size_t i = 0; i < n; ++i) {
          if (!(km.entry[i] < km.time[i])) km.entry[i] = std::numeric_limits<double>::quiet_NaN();
        }
      }
      const auto a = infant_all::kaplan_meier(km, km_opt);
      km.order = order;
      const auto b = infant_all::kaplan_meier(km, km_opt);
      REQUIRE(a.status.ok());
      CHECK(bits_of(a).v == bits_of(b).v);
    }

    for (const bool stratified : {false, true}) {
      for (const double rho : {0.0, 1.0}) {
        infant_all::LogRankInput lr{c.time, c.status, c.group,
                                    stratified ? c.strata : infant_all::GroupCodes()};
        infant_all::LogRankOptions lr_opt;
        lr_opt.rho = rho;
        const auto a = infant_all::log_rank(lr, lr_opt);
        lr.order = order;
        const auto b = infant_all::log_rank(lr, lr_opt);
        REQUIRE(a.status.ok());
        CHECK(bits_of(a).v == bits_of(b).v);
      }

      infant_all::CumincInput ci{c.time, c.cause, c.group,
                                 stratified ? c.strata : infant_all::GroupCodes()};
      infant_all::CumincOptions ci_opt;
      ci_opt.times = {1, 10, 100};
      const auto ca = infant_all::cumulative_incidence(ci, ci_opt);
      ci.order = order;
      const auto cb = infant_all::cumulative_incidence(ci, ci_opt);
      REQUIRE(ca.status.ok());
      CHECK(bits_of(ca).v == bits_of(cb).v);

      for (const auto ties : {infant_all::CoxTies::efron, infant_all::CoxTies::breslow}) {
        infant_all::CoxInput cx{
            c.time,
            c.status,
            {Covariate::make_numeric("x", c.x), Covariate::make_categorical("g", c.group)},
            stratified ? c.strata : infant_all::GroupCodes()};
        infant_all::CoxOptions cx_opt;
        cx_opt.ties = ties;
        const auto a = infant_all::cox_ph(cx, cx_opt);
        cx.order = order;
        const auto b = infant_all::cox_ph(cx, cx_opt);
        // The same status either way; not necessarily ok: at n = 40 a level with few events
        // sits at the monotone-likelihood check's edge, flagged under WASM's libm, not glibc's.
        CHECK(a.status.code == b.status.code);
        CHECK(a.status.message == b.status.message);
        CHECK(bits_of(a).v == bits_of(b).v);
      }
    }
  }
}

TEST_CASE("an order built for other times is refused, by every estimator") {
  using infant_all::StatusCode;
  const Cohort c = random_cohort(300, 7u);
  // Another length: refused before any work.
  std::vector<double> shorter(c.time.begin(), c.time.end() - 1);
  const auto wrong_size = std::make_shared<const TimeOrder>(infant_all::time_order(shorter));
  // The same length, another vector: found out on the walk (a kept time below the one before).
  std::vector<double> reversed(c.time.rbegin(), c.time.rend());
  const auto wrong_times = std::make_shared<const TimeOrder>(infant_all::time_order(reversed));
  for (const auto& order : {wrong_size, wrong_times}) {
    const bool sized = order == wrong_size;
    CAPTURE(sized);
    const auto expect_refused = [&](const infant_all::Status& s) {
      CHECK(s.code == StatusCode::invalid_argument);
      CHECK(s.argument == "order");
      CHECK(s.message.find(sized ? "order was built for 299 times, time has 300"
                                 : "order does not sort time") != std::string::npos);
    };
    infant_all::KmInput km{c.time, c.status, c.group, {}};
    km.order = order;
    expect_refused(infant_all::kaplan_meier(km).status);
    infant_all::LogRankInput lr{c.time, c.status, c.group, {}};
    lr.order = order;
    expect_refused(infant_all::log_rank(lr).status);
    infant_all::CumincInput ci{c.time, c.cause, c.group, {}};
    ci.order = order;
    expect_refused(infant_all::cumulative_incidence(ci).status);
    infant_all::CoxInput cx{c.time, c.status, {infant_all::Covariate::make_numeric("x", c.x)}, {}};
    cx.order = order;
    expect_refused(infant_all::cox_ph(cx).status);
  }
}
