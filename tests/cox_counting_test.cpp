// Counting-process Cox regression, coxph(Surv(start, stop, event) ~ ...), against
// tests/golden/timedep.json (written by tests/golden/gen_timedep.R): the Stanford heart data,
// a small set with ties at interval boundaries, and an infant cohort split by tmerge.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "infant_all/stats/concordance.h"
#include "infant_all/stats/cox.h"
#include "test_util.h"

using infant_all::Covariate;
using infant_all::CoxInput;
using infant_all::CoxOptions;
using infant_all::CoxResult;
using infant_all::CoxTies;
using infant_all::test::kIterativeTol;
using infant_all::test::num;
using infant_all::test::nums;

namespace {

constexpr double kTol = 1e-6;  // relative, for every iterative quantity

struct CountingCase {
  CoxInput input;
  CoxOptions options;
};

CountingCase read_counting_case(const nlohmann::json& c) {
  CountingCase out;
  CoxInput& in = out.input;
  in.time = nums(c["stop"]);
  in.entry = nums(c["start"]);
  for (double s : nums(c["event"])) in.status.push_back(static_cast<int>(s));
  for (const auto& cov : c["covariates"]) {
    in.covariates.push_back(
        Covariate::make_numeric(cov["name"].get<std::string>(), nums(cov["values"])));
  }
  if (c.contains("strata") && c["strata"].is_array() && !c["strata"].empty()) {
    std::vector<std::string> s;
    for (const auto& v : c["strata"]) s.push_back(v.get<std::string>());
    in.strata = s;
  }
  out.options.ties = c["ties"] == "breslow" ? CoxTies::breslow : CoxTies::efron;
  return out;
}

void check_counting_case(const nlohmann::json& c) {
  const std::string name = c["name"].get<std::string>();
  CAPTURE(name);
  const CountingCase cc = read_counting_case(c);
  const CoxResult r = infant_all::cox_ph(cc.input, cc.options);
  INFO(r.status.message);
  REQUIRE(r.status.ok());
  const auto& e = c["expected"];
  CHECK(r.n == static_cast<int>(num(e["n"])));
  CHECK(r.events == static_cast<int>(num(e["nevent"])));
  CHECK(r.iterations == static_cast<int>(num(e["iterations"])));
  const std::vector<double> coef = nums(e["coef"]), se = nums(e["se"]), means = nums(e["means"]);
  REQUIRE(r.terms.size() == coef.size());
  const std::size_t p = coef.size();
  for (std::size_t i = 0; i < p; ++i) {
    CAPTURE(i);
    CHECK(r.terms[i].name == e["names"][i].get<std::string>());
    CHECK_CLOSE(r.terms[i].coef, coef[i], kTol);
    CHECK_CLOSE(r.terms[i].se, se[i], kTol);
    CHECK_CLOSE(r.means[i], means[i], kTol);
    for (std::size_t j = 0; j < p; ++j) {
      CHECK_CLOSE(r.var[i * p + j], num(e["var"][i][j]), kTol);
    }
  }
  const std::vector<double> ll = nums(e["loglik"]);
  CHECK_CLOSE(r.loglik[0], ll[0], kTol);
  CHECK_CLOSE(r.loglik[1], ll[1], kTol);
  for (const auto& test : {std::pair{r.lr, "lr"}, {r.wald, "wald"}, {r.score, "score"}}) {
    const auto& got = test.first;
    const char* key = test.second;  // not a structured binding: CAPTURE's lambda takes it
    CAPTURE(key);
    CHECK_CLOSE(got.stat, num(e[key]["stat"]), kTol);
    CHECK(got.df == num(e[key]["df"]));
    CHECK_CLOSE(got.p, num(e[key]["p"]), kTol);
  }
  CHECK_CLOSE(r.concordance, num(e["concordance"]), kTol);
  CHECK_CLOSE(r.concordance_se, num(e["concordance_se"]), kTol);
}

}  // namespace

TEST_CASE("counting-process cox_ph matches R's coxph(Surv(start, stop, event) ~ ...)") {
  const nlohmann::json golden = infant_all::test::load_json("golden/timedep.json");
  for (const auto& c : golden["cox"]) check_counting_case(c);
  for (const auto& c : golden["cohort"]["cox"]) check_counting_case(c);
}

TEST_CASE("counting-process cox_ph: all entries 0 give the right-censored fit") {
  const nlohmann::json golden = infant_all::test::load_json("golden/timedep.json");
  for (const auto& c : golden["cox"]) {
    CountingCase cc = read_counting_case(c);
    for (double& t : cc.input.time) t += 1;  // stop > 0 everywhere, so that (0, stop] is valid
    const CoxResult plain = infant_all::cox_ph(
        {cc.input.time, cc.input.status, cc.input.covariates, cc.input.strata}, cc.options);
    cc.input.entry.assign(cc.input.time.size(), 0.0);
    const CoxResult counted = infant_all::cox_ph(cc.input, cc.options);
    REQUIRE(plain.status.ok());
    REQUIRE(counted.status.ok());
    CHECK(counted.iterations == plain.iterations);
    CHECK(counted.loglik == plain.loglik);
    CHECK(counted.var == plain.var);
    for (std::size_t i = 0; i < plain.terms.size(); ++i) {
      CHECK(counted.terms[i].coef == plain.terms[i].coef);
      CHECK(counted.terms[i].se == plain.terms[i].se);
    }
    CHECK(counted.score.stat == plain.score.stat);
    CHECK(counted.wald.stat == plain.wald.stat);
    CHECK_CLOSE(counted.concordance, plain.concordance, 1e-12);
    CHECK_CLOSE(counted.concordance_se, plain.concordance_se, 1e-12);
  }
}

TEST_CASE("concordance_counting: R's pair counts, and concordance() when nobody enters late") {
  const nlohmann::json golden = infant_all::test::load_json("golden/timedep.json");
  for (const auto& c : golden["cox"]) {
    const std::string name = c["name"].get<std::string>();
    CAPTURE(name);
    const CountingCase cc = read_counting_case(c);
    const std::vector<double> coef = nums(c["expected"]["coef"]);
    std::vector<double> lp(cc.input.time.size(), 0.0);
    for (std::size_t j = 0; j < coef.size(); ++j) {
      for (std::size_t i = 0; i < lp.size(); ++i)
        lp[i] += coef[j] * cc.input.covariates[j].numeric[i];
    }
    const std::vector<int>& strata = cc.input.strata.code;
    const infant_all::ConcordanceResult r = infant_all::concordance_counting(
        cc.input.entry, cc.input.time, cc.input.status, lp, strata, true);
    REQUIRE(r.status.ok());
    const std::vector<double> counts = nums(c["expected"]["concordance_counts"]);
    CHECK(r.concordant == counts[0]);
    CHECK(r.discordant == counts[1]);
    CHECK(r.tied_x == counts[2]);
    CHECK(r.tied_y == counts[3]);
    CHECK(r.tied_xy == counts[4]);
    // The same rows as right-censored data (everyone at risk from -1): concordance()'s numbers.
    const std::vector<double> early(lp.size(), -1.0);
    const infant_all::ConcordanceResult a =
        infant_all::concordance_counting(early, cc.input.time, cc.input.status, lp, strata, true);
    const infant_all::ConcordanceResult b =
        infant_all::concordance(cc.input.time, cc.input.status, lp, strata, true);
    CHECK(a.concordant == b.concordant);
    CHECK(a.discordant == b.discordant);
    CHECK(a.tied_x == b.tied_x);
    CHECK(a.tied_y == b.tied_y);
    CHECK(a.tied_xy == b.tied_xy);
    CHECK_CLOSE(a.concordance, b.concordance, 1e-12);
    CHECK_CLOSE(a.std_err, b.std_err, 1e-12);
  }
}

TEST_CASE("concordance_counting: pair counts by brute force on 3000 rows (the radix-sorted path)") {
  // Hand definition, pair by pair: an event row i at time t is compared with every other row j
  // of its stratum at risk at t (entry_j < t <= time_j); j is the longer survivor unless it too
  // has an event at t (then the pair is tied on y, counted once). 3000 rows: above the size at
  // which the sorts switch from std::stable_sort to the radix sort.
  std::mt19937_64 rng(17);
  std::uniform_int_distribution<int> day(1, 300), wait(0, 120), level(0, 40), stratum(0, 1);
  std::bernoulli_distribution event(0.4);
  const std::size_t n = 3000;
  std::vector<double> entry(n), time(n), x(n);
  std::vector<int> status(n), strata(n);
  for (std::size_t i = 0; i < n; ++i) {
    time[i] = day(rng);
    entry[i] = std::max(0.0, time[i] - 1 - wait(rng)) - (i % 5 == 0 ? 7 : 0);
    status[i] = event(rng) ? 1 : 0;
    x[i] = level(rng) * 0.25 - 3;
    strata[i] = stratum(rng);
  }
  double conc = 0, disc = 0, tied_x = 0, tied_y = 0, tied_xy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (status[i] != 1) continue;
    const double t = time[i];
    for (std::size_t j = 0; j < n; ++j) {
      if (j == i || strata[j] != strata[i] || !(entry[j] < t && t <= time[j])) continue;
      if (time[j] == t && status[j] == 1) {
        if (j > i) (x[j] == x[i] ? tied_xy : tied_y) += 1;
      } else if (x[j] > x[i]) {
        conc += 1;
      } else if (x[j] < x[i]) {
        disc += 1;
      } else {
        tied_x += 1;
      }
    }
  }
  const infant_all::ConcordanceResult r =
      infant_all::concordance_counting(entry, time, status, x, strata, false);
  REQUIRE(r.status.ok());
  CHECK(r.concordant == conc);
  CHECK(r.discordant == disc);
  CHECK(r.tied_x == tied_x);
  CHECK(r.tied_y == tied_y);
  CHECK(r.tied_xy == tied_xy);
  CHECK(tied_xy > 0);  // the data have every kind of pair
  CHECK(tied_x > 0);
}

TEST_CASE("counting-process cox_ph: missing and invalid entries") {
  const nlohmann::json golden = infant_all::test::load_json("golden/timedep.json");
  const nlohmann::json& c = golden["cox"][0];
  CountingCase cc = read_counting_case(c);
  const CoxResult full = infant_all::cox_ph(cc.input, cc.options);

  SUBCASE("a missing entry excludes its row and counts it") {
    // Appending a row with a NaN entry leaves the fit as it was and reports the row.
    CoxInput in = cc.input;
    in.time.push_back(100);
    in.entry.push_back(std::numeric_limits<double>::quiet_NaN());
    in.status.push_back(1);
    for (Covariate& cov : in.covariates) cov.numeric.push_back(0.5);
    const CoxResult r = infant_all::cox_ph(in, cc.options);
    REQUIRE(r.status.ok());
    CHECK(r.n == full.n);
    CHECK(r.n_excluded == 1);
    REQUIRE(r.excluded_rows.size() == 1);
    CHECK(r.excluded_rows[0] == static_cast<int>(in.time.size()));
    CHECK(r.terms[0].coef == full.terms[0].coef);
    CHECK(r.loglik == full.loglik);
  }
  SUBCASE("entry not before time names the argument and the row") {
    CoxInput in = cc.input;
    in.entry[4] = in.time[4];
    const CoxResult r = infant_all::cox_ph(in, cc.options);
    CHECK(r.status.code == infant_all::StatusCode::invalid_argument);
    CHECK(r.status.argument == "entry");
    CHECK(r.status.row == 5);
  }
  SUBCASE("timefix: an entry within rounding of its time leaves no interval (R: aeqSurv)") {
    CoxInput in = cc.input;
    in.entry[4] = in.time[4] * (1 - 1e-12);
    const CoxResult r = infant_all::cox_ph(in, cc.options);
    CHECK(r.status.code == infant_all::StatusCode::invalid_argument);
    CHECK(r.status.argument == "entry");
    CHECK(r.status.row == 5);
    CoxOptions no_fix = cc.options;
    no_fix.timefix = false;
    CHECK(infant_all::cox_ph(in, no_fix).status.ok());
  }
  SUBCASE("entry of another length") {
    CoxInput in = cc.input;
    in.entry.pop_back();
    const CoxResult r = infant_all::cox_ph(in, cc.options);
    CHECK(r.status.argument == "entry");
  }
}

// Cutting a row (0, t] into (0, c] censored and (c, t] with the row's status changes no risk
// set, so the partial likelihood and every fitted number stay the same (to rounding); so does
// the concordance's value (each pair is still counted once), though not its SE, whose
// jackknife runs over rows. Random data with ties, strata and cut points at event times.
TEST_CASE("counting-process cox_ph: splitting rows at interior points leaves the fit alone") {
  std::mt19937 rng(20261206);
  for (const CoxTies ties : {CoxTies::efron, CoxTies::breslow}) {
    const int n = 200;
    std::vector<double> time(n), x1(n), x2(n);
    std::vector<int> status(n);
    std::vector<std::string> strata(n);
    for (int i = 0; i < n; ++i) {
      time[i] = 1 + static_cast<double>(rng() % 40);  // many ties
      status[i] = static_cast<int>(rng() % 3 != 0);
      x1[i] = static_cast<double>(rng() % 2);
      x2[i] = static_cast<double>(rng() % 1000) / 100.0;
      strata[i] = rng() % 2 ? "a" : "b";
    }
    CoxOptions opt;
    opt.ties = ties;
    const CoxResult plain =
        infant_all::cox_ph({time,
                            status,
                            {Covariate::make_numeric("x1", x1), Covariate::make_numeric("x2", x2)},
                            strata},
                           opt);
    REQUIRE(plain.status.ok());
    CoxInput split;
    std::vector<double> s1, s2;
    std::vector<std::string> ss;
    for (int i = 0; i < n; ++i) {
      const double cut = std::floor(time[i] / 2);  // often another row's event time
      if (cut > 0) {
        split.entry.push_back(0);
        split.time.push_back(cut);
        split.status.push_back(0);
        s1.push_back(x1[i]);
        s2.push_back(x2[i]);
        ss.push_back(strata[i]);
      }
      split.entry.push_back(cut);
      split.time.push_back(time[i]);
      split.status.push_back(status[i]);
      s1.push_back(x1[i]);
      s2.push_back(x2[i]);
      ss.push_back(strata[i]);
    }
    split.covariates = {Covariate::make_numeric("x1", s1), Covariate::make_numeric("x2", s2)};
    split.strata = ss;
    const CoxResult r = infant_all::cox_ph(split, opt);
    REQUIRE(r.status.ok());
    CHECK(r.events == plain.events);
    for (std::size_t i = 0; i < 2; ++i) {
      CHECK_CLOSE(r.terms[i].coef, plain.terms[i].coef, 1e-9);
      CHECK_CLOSE(r.terms[i].se, plain.terms[i].se, 1e-9);
    }
    CHECK_CLOSE(r.loglik[0], plain.loglik[0], 1e-12);
    CHECK_CLOSE(r.loglik[1], plain.loglik[1], 1e-12);
    CHECK_CLOSE(r.score.stat, plain.score.stat, 1e-10);
    CHECK_CLOSE(r.wald.stat, plain.wald.stat, 1e-9);
    CHECK_CLOSE(r.concordance, plain.concordance, 1e-9);
    CHECK(r.iterations == plain.iterations);
  }
}
