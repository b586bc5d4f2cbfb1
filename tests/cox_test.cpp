#include "infant_all/stats/cox.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "test_util.h"

using infant_all::Covariate;
using infant_all::CoxOptions;
using infant_all::CoxResult;
using infant_all::CoxTies;
using infant_all::StatusCode;
using infant_all::test::kDirectTol;
using infant_all::test::kIterativeTol;
using infant_all::test::num;
using infant_all::test::nums;

namespace {

struct CaseInput {
  std::vector<double> time;
  std::vector<int> status;
  std::vector<Covariate> covariates;
  std::vector<std::string> strata;
  CoxOptions options;
};

CaseInput read_case(const nlohmann::json& c) {
  CaseInput in;
  in.time = nums(c["time"]);
  for (double s : nums(c["status"])) {
    in.status.push_back(std::isnan(s) ? infant_all::kCoxStatusMissing : static_cast<int>(s));
  }
  for (const auto& cov : c["covariates"]) {
    const std::string name = cov["name"].get<std::string>();
    if (cov["type"] == "numeric") {
      in.covariates.push_back(Covariate::make_numeric(name, nums(cov["values"])));
    } else {
      std::vector<std::string> v;
      for (const auto& s : cov["values"]) v.push_back(s.is_null() ? "" : s.get<std::string>());
      in.covariates.push_back(
          Covariate::make_categorical(name, v, cov["reference"].get<std::string>()));
    }
  }
  if (c.contains("strata") && c["strata"].is_array()) {
    for (const auto& s : c["strata"]) in.strata.push_back(s.is_null() ? "" : s.get<std::string>());
  }
  in.options.ties = c["ties"] == "breslow" ? CoxTies::breslow : CoxTies::efron;
  return in;
}

void check_test(const infant_all::CoxTest& got, const nlohmann::json& want, double tol) {
  CHECK_CLOSE(got.stat, num(want["stat"]), tol);
  CHECK_CLOSE(got.df, num(want["df"]), kDirectTol);
  CHECK_CLOSE(got.p, num(want["p"]), tol);
}

}  // namespace

// Every expected number below comes from tests/golden/cox.json, written by
// tests/golden/gen_cox.R: coxph(...) as recorded in each case's "r_call" (R 4.2, survival 3.5-3),
// summary(fit) for z / p / CI, fit$loglik, fit$score, fit$wald.test, fit$iter, fit$concordance.
// tests/golden/cox_large.json (same generator) holds two 2500-row fits, large enough for the
// radix-sort path of the engine's sorting.
TEST_CASE("cox_ph matches R's coxph on the golden cases") {
  nlohmann::json cases = nlohmann::json::array();
  for (const char* file : {"golden/cox.json", "golden/cox_large.json"}) {
    const nlohmann::json golden = infant_all::test::load_json(file);
    for (const auto& c : golden["cases"]) cases.push_back(c);
  }
  for (const auto& c : cases) {
    const std::string name = c["name"].get<std::string>();
    CAPTURE(name);
    const auto& e = c["expected"];
    CaseInput in = read_case(c);
    const bool not_converged = name == "lung_not_converged";
    if (not_converged) in.options.iter_max = 2;
    const CoxResult r =
        infant_all::cox_ph({in.time, in.status, in.covariates, in.strata}, in.options);
    INFO(r.status.message);

    CHECK(r.n == e["n"].get<int>());
    CHECK(r.events == static_cast<int>(num(e["events"])));
    CHECK(r.n_excluded == e["n_excluded"].get<int>());
    const std::vector<double> excl = nums(e["excluded_rows"]);
    REQUIRE(r.excluded_rows.size() == excl.size());
    for (std::size_t i = 0; i < excl.size(); ++i) CHECK(r.excluded_rows[i] == excl[i]);
    CHECK(r.iterations == e["iterations"].get<int>());

    const auto& terms = e["terms"];
    REQUIRE(r.terms.size() == terms.size());
    const bool monotone = name == "separable";
    for (std::size_t i = 0; i < terms.size(); ++i) {
      const auto& t = terms[i];
      const auto& g = r.terms[i];
      CAPTURE(g.name);
      CHECK(g.name == t["name"].get<std::string>());
      CHECK_CLOSE(g.coef, num(t["coef"]), kIterativeTol);
      if (not_converged) {
        // R's var here is 1/diag(I) (coxfit6 skips the factorisation when it runs out); the
        // engine inverts I in full: compare with coxph(..., init = coef, iter.max = 0)$var.
        CHECK_CLOSE(g.se, nums(e["se_full_inverse"])[i], kIterativeTol);
        continue;
      }
      CHECK_CLOSE(g.z, num(t["z"]), kIterativeTol);
      CHECK_CLOSE(g.se, num(t["se"]), kIterativeTol);
      CHECK_CLOSE(g.p, num(t["p"]), kIterativeTol);
      if (monotone && g.name == "x") {
        // R prints exp(coef) = 1.8e9 here; the engine reports no hazard ratio instead.
        CHECK(std::isnan(g.hr));
        CHECK(std::isnan(g.lower));
        CHECK(std::isnan(g.upper));
        continue;
      }
      CHECK_CLOSE(g.hr, num(t["hr"]), kIterativeTol);
      CHECK_CLOSE(g.lower, num(t["lower"]), kIterativeTol);
      CHECK_CLOSE(g.upper, num(t["upper"]), kIterativeTol);
    }
    const std::vector<double> ll = nums(e["loglik"]);
    REQUIRE(r.loglik.size() == 2);
    CHECK_CLOSE(r.loglik[0], ll[0], kDirectTol);  // at beta = 0: no iteration involved
    CHECK_CLOSE(r.loglik[1], ll[1], kIterativeTol);
    check_test(r.lr, e["lr"], kIterativeTol);
    check_test(r.score, e["score"], kDirectTol);  // at beta = 0
    if (!not_converged) check_test(r.wald, e["wald"], kIterativeTol);
    CHECK_CLOSE(r.concordance, num(e["concordance"]), kIterativeTol);
    CHECK_CLOSE(r.concordance_se, num(e["concordance_se"]), kIterativeTol);

    // Status mirrors R's warnings: none -> ok; "Ran out of iterations" -> not_converged;
    // "Loglik converged before variable 1" -> monotone_likelihood; NA coefficient -> singular.
    if (not_converged) {
      CHECK(r.status.code == StatusCode::not_converged);
      CHECK_FALSE(r.converged);
    } else if (monotone) {
      CHECK(r.status.code == StatusCode::monotone_likelihood);
      CHECK(r.converged);
      REQUIRE(r.infinite_terms.size() == 1);
      CHECK(r.infinite_terms[0] == "x");
      CHECK(r.status.message.find("x") != std::string::npos);
    } else if (name == "duplicated") {
      CHECK(r.status.code == StatusCode::singular);
      CHECK(std::isnan(r.terms[2].coef));
      CHECK(r.status.message.find("age_copy") != std::string::npos);
    } else {
      CHECK(r.status.ok());
      CHECK(r.converged);
      CHECK(e["warnings"].empty());
    }
  }
}

// Therneau & Grambsch appendix E / survival tests/book1.R: the score equation solved by hand.
// Breslow: beta = log(1.5 + sqrt(33)/2); Efron: 1.676857 (book1.R prints it to 7 digits).
TEST_CASE("cox_ph reproduces the hand-derived book1 coefficients") {
  const std::vector<double> time = {9, 3, 1, 1, 6, 6, 8};
  const std::vector<int> status = {1, infant_all::kCoxStatusMissing, 1, 0, 1, 1, 0};
  const std::vector<Covariate> x = {Covariate::make_numeric("x", {0, 2, 1, 1, 1, 0, 0})};
  CoxOptions breslow;
  breslow.ties = CoxTies::breslow;
  const CoxResult b = infant_all::cox_ph({time, status, x, {}}, breslow);
  REQUIRE(b.status.ok());
  CHECK(b.n == 6);
  CHECK(b.n_excluded == 1);
  REQUIRE(b.excluded_rows.size() == 1);
  CHECK(b.excluded_rows[0] == 2);
  CHECK_CLOSE(b.terms[0].coef, std::log(1.5 + std::sqrt(33.0) / 2), kIterativeTol);
  const CoxResult e = infant_all::cox_ph({time, status, x, {}});
  REQUIRE(e.status.ok());
  CHECK(std::fabs(e.terms[0].coef - 1.676857) < 5e-7);
  // Hand, beta = 0: one death among 6 at t = 1, two among 4 at t = 6 (Breslow: both over 4),
  // one among 1 at t = 9: loglik = -(log 6 + 2 log 4).
  CHECK_CLOSE(b.loglik[0], -(std::log(6.0) + 2 * std::log(4.0)), kDirectTol);
}

// Property: the Cox score test for one binary covariate with no tied times is the log-rank
// chi-square (Cox 1972). The log-rank statistic is computed here by its textbook formula.
TEST_CASE("score test equals the log-rank chi-square for a binary covariate without ties") {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> unif(0, 1);
  const int n = 60;
  std::vector<double> time(n), g(n);
  std::vector<int> status(n);
  for (int i = 0; i < n; ++i) {
    g[i] = i % 3 == 0 ? 1 : 0;
    time[i] = -std::log(unif(rng)) / (g[i] == 1 ? 2.0 : 1.0);
    status[i] = unif(rng) < 0.75 ? 1 : 0;
  }
  std::vector<int> idx(n);
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](int a, int b) { return time[a] < time[b]; });
  double o_minus_e = 0, v = 0, at_risk = n, at_risk1 = 0;
  for (int i = 0; i < n; ++i) at_risk1 += g[i];
  for (int k : idx) {
    if (status[k]) {
      o_minus_e += g[k] - at_risk1 / at_risk;
      v += (at_risk1 / at_risk) * (1 - at_risk1 / at_risk);
    }
    at_risk -= 1;
    at_risk1 -= g[k];
  }
  const double logrank = o_minus_e * o_minus_e / v;
  for (CoxTies ties : {CoxTies::efron, CoxTies::breslow}) {
    CoxOptions opt;
    opt.ties = ties;
    const CoxResult r =
        infant_all::cox_ph({time, status, {Covariate::make_numeric("g", g)}, {}}, opt);
    REQUIRE(r.status.ok());
    CHECK_CLOSE(r.score.stat, logrank, kDirectTol);
  }
}

TEST_CASE("cox_ph is invariant to row order") {
  const auto golden = infant_all::test::load_json("golden/cox.json");
  for (const auto& c : golden["cases"]) {
    const std::string name = c["name"].get<std::string>();
    if (name != "veteran_strata" && name != "lung_ecog_factor_efron" &&
        name != "heavy_ties_efron") {
      continue;
    }
    CAPTURE(name);
    const CaseInput in = read_case(c);
    const CoxResult a =
        infant_all::cox_ph({in.time, in.status, in.covariates, in.strata}, in.options);
    CaseInput sh = in;
    std::vector<std::size_t> perm(in.time.size());
    std::iota(perm.begin(), perm.end(), std::size_t{0});
    std::shuffle(perm.begin(), perm.end(), std::mt19937(7));
    for (std::size_t i = 0; i < perm.size(); ++i) {
      sh.time[i] = in.time[perm[i]];
      sh.status[i] = in.status[perm[i]];
      if (!in.strata.empty()) sh.strata[i] = in.strata[perm[i]];
      for (std::size_t j = 0; j < in.covariates.size(); ++j) {
        if (in.covariates[j].is_categorical) {
          sh.covariates[j].categorical.code[i] = in.covariates[j].categorical.code[perm[i]];
        } else {
          sh.covariates[j].numeric[i] = in.covariates[j].numeric[perm[i]];
        }
      }
    }
    const CoxResult b =
        infant_all::cox_ph({sh.time, sh.status, sh.covariates, sh.strata}, sh.options);
    REQUIRE(a.terms.size() == b.terms.size());
    // Tied rows are summed in a canonical order (cox.cpp), so the fit is bit-identical.
    for (std::size_t i = 0; i < a.terms.size(); ++i) {
      CHECK(b.terms[i].coef == a.terms[i].coef);
      CHECK(b.terms[i].se == a.terms[i].se);
    }
    CHECK(b.loglik[1] == a.loglik[1]);
    CHECK(b.iterations == a.iterations);
    CHECK_CLOSE(b.concordance, a.concordance, 1e-14);
    CHECK_CLOSE(b.concordance_se, a.concordance_se, 1e-12);
    CHECK(b.n_excluded == a.n_excluded);
  }
}

TEST_CASE("cox_ph: a covariate that cannot be scaled is an error, not a clean fit") {
  // Fuzz findings 7 and 9 (fuzz/README.md): values near 1e-300 give coxfit6's scale factor
  // n / mean|x - mean| = inf (subnormal) or ~1e300, and the fit used to return status ok with a
  // NaN coefficient or an infinite SE.
  const std::vector<double> time = {1, 2, 3, 4, 5, 6, 7, 8};
  const std::vector<int> status = {1, 0, 1, 1, 0, 1, 1, 0};
  std::vector<double> tiny(8, 0.0);
  tiny[3] = 8.5e-320;  // subnormal: the scale overflows
  CoxResult r = infant_all::cox_ph({time, status, {Covariate::make_numeric("x1", tiny)}, {}});
  CHECK(r.status.code == StatusCode::invalid_argument);
  CHECK(r.status.message.find("x1") != std::string::npos);
  CHECK(r.status.message.find("rescale") != std::string::npos);
  const std::vector<double> small = {8e-300, 8e-300, 1e-300, 8e-300,
                                     3e-300, 8e-300, 8e-300, 2e-300};
  r = infant_all::cox_ph({time, status, {Covariate::make_numeric("x1", small)}, {}});
  CHECK_FALSE(r.status.ok());
  if (r.status.ok()) CHECK(std::isfinite(r.terms[0].se));
  // The same data in ordinary units fits cleanly.
  std::vector<double> scaled = small;
  for (double& v : scaled) v *= 1e300;
  r = infant_all::cox_ph({time, status, {Covariate::make_numeric("x1", scaled)}, {}});
  CHECK(r.status.ok());
}

TEST_CASE("cox_ph rejects invalid input by name and row") {
  const std::vector<double> t = {3, 1, 2, 5};
  const std::vector<int> s = {1, 0, 1, 1};
  const std::vector<Covariate> x = {Covariate::make_numeric("x", {1, 2, 3, 4})};
  struct Row {
    const char* what;
    std::vector<double> time;
    std::vector<int> status;
    std::vector<Covariate> cov;
    std::vector<std::string> strata;
    const char* message_part;
    const char* argument;  // Status::argument
    std::size_t row;       // Status::row: 1-based, 0 when the error is not about one row
  };
  const Row rows[] = {
      {"empty", {}, {}, x, {}, "time is empty", "time", 0},
      {"status length", t, {1, 0, 1}, x, {}, "status has length 3", "status", 0},
      {"covariate length", t, s, {Covariate::make_numeric("x", {1, 2})}, {}, "covariate x", "x", 0},
      {"strata length", t, s, x, {"a"}, "strata has length 1", "strata", 0},
      {"negative time", {3, -1, 2, 5}, s, x, {}, "time[2] is negative (-1)", "time", 2},
      {"infinite time", {3, 1, INFINITY, 5}, s, x, {}, "time[3] is infinite", "time", 3},
      {"status coding", t, {1, 2, 1, 1}, x, {}, "status[2] is not 0 or 1 (2)", "status", 2},
      {"infinite covariate",
       t,
       s,
       {Covariate::make_numeric("x", {1, 2, -INFINITY, 4})},
       {},
       "x[3] is infinite",
       "x",
       3},
      {"no covariates", t, s, {}, {}, "covariates is empty", "covariates", 0},
      {"all censored", t, {0, 0, 0, 0}, x, {}, "no events", "status", 0},
      {"one-level factor",
       t,
       s,
       {Covariate::make_categorical("arm", {"a", "a", "a", "a"})},
       {},
       "arm has 1 level",
       "arm",
       0},
      {"unknown reference",
       t,
       s,
       {Covariate::make_categorical("arm", {"a", "b", "a", "b"}, "c")},
       {},
       "reference level 'c'",
       "arm",
       0},
      {"all missing", {NAN, NAN, NAN, NAN}, s, x, {}, "no rows left", "", 0},
  };
  for (const Row& r : rows) {
    CAPTURE(r.what);
    const CoxResult res = infant_all::cox_ph({r.time, r.status, r.cov, r.strata});
    CHECK(res.status.code == StatusCode::invalid_argument);
    INFO(res.status.message);
    CHECK(res.status.message.rfind("cox_ph: ", 0) == 0);
    CHECK(res.status.message.find(r.message_part) != std::string::npos);
    CHECK(res.status.argument == r.argument);
    CHECK(res.status.row == r.row);
  }
}

TEST_CASE("cox_ph excludes and counts rows with a missing time, status, covariate or stratum") {
  // Rows 2 (NaN time), 4 (missing status), 5 (NaN covariate), 7 ("" category), 8 ("" stratum).
  const std::vector<double> time = {5, NAN, 3, 4, 6, 2, 8, 9, 1, 7};
  const std::vector<int> status = {1, 1, 0, infant_all::kCoxStatusMissing, 1, 1, 1, 0, 1, 1};
  const std::vector<Covariate> cov = {
      Covariate::make_numeric("age", {50, 60, 55, 40, NAN, 45, 70, 65, 52, 58}),
      Covariate::make_categorical("arm", {"b", "a", "a", "b", "a", "b", "", "a", "b", "a"})};
  const std::vector<std::string> strata = {"s1", "s1", "s2", "s2", "s1",
                                           "s2", "s1", "",   "s2", "s1"};
  const CoxResult r = infant_all::cox_ph({time, status, cov, strata});
  CHECK(r.n == 5);
  CHECK(r.n_excluded == 5);
  CHECK(r.excluded_rows == std::vector<int>({2, 4, 5, 7, 8}));
  REQUIRE(r.terms.size() == 2);
  CHECK(r.terms[1].name == "armb");
}

// The Wald test does not depend on a covariate's units (the randomized comparison with R found
// R's wald.test giving 1.64 for a covariate of SD ~1e-6 where b'V^-1 b is 6.36): the same data
// with x2 in units a million times smaller give the same statistic, equal to b'V^-1 b computed
// directly from the 2 x 2 inverse (hand formula).
TEST_CASE("cox_ph: the Wald test is invariant to a covariate's units, and is b'V^-1 b") {
  std::mt19937_64 rng(20261204);
  std::normal_distribution<double> z(0, 1);
  std::uniform_real_distribution<double> u(0, 1);
  const int n = 120;
  std::vector<double> time(n), x1(n), x2(n), x2_small(n);
  std::vector<int> status(n);
  for (int i = 0; i < n; ++i) {
    x1[i] = z(rng);
    x2[i] = z(rng);
    x2_small[i] = x2[i] * 1e-6;
    time[i] = -std::log(u(rng)) / std::exp(0.4 * x1[i] + 0.3 * x2[i]);
    status[i] = u(rng) < 0.8 ? 1 : 0;
  }
  using infant_all::Covariate;
  const CoxResult a = infant_all::cox_ph(
      {time, status, {Covariate::make_numeric("x1", x1), Covariate::make_numeric("x2", x2)}, {}});
  const CoxResult b = infant_all::cox_ph(
      {time,
       status,
       {Covariate::make_numeric("x1", x1), Covariate::make_numeric("x2", x2_small)},
       {}});
  REQUIRE(a.status.ok());
  REQUIRE(b.status.ok());
  // b'V^-1 b by hand: V^-1 = [v11 v12; v12 v22]^-1 = [v22 -v12; -v12 v11] / det.
  auto direct = [](const CoxResult& r) {
    const double v11 = r.var[0], v12 = r.var[1], v22 = r.var[3];
    const double det = v11 * v22 - v12 * v12;
    const double b1 = r.terms[0].coef, b2 = r.terms[1].coef;
    return (b1 * b1 * v22 - 2 * b1 * b2 * v12 + b2 * b2 * v11) / det;
  };
  CHECK_CLOSE(a.wald.stat, direct(a), 1e-9);
  CHECK_CLOSE(b.wald.stat, direct(b), 1e-6);
  CHECK_CLOSE(b.wald.stat, a.wald.stat, 1e-6);
  CHECK_CLOSE(b.terms[1].coef * 1e-6, a.terms[1].coef, 1e-6);
}

TEST_CASE("cox_factor_counts: n and events per level of the rows coxph used (golden)") {
  // tests/golden/figures.json "cox", written by tests/golden/gen_figures.R:
  // coxph(Surv(time, status) ~ g + x) with g and x each missing once; per level of g,
  // table() and the events of the rows left after na.omit, the reference LR first.
  const auto golden = infant_all::test::load_json("golden/figures.json")["cox"];
  std::vector<std::string> g;
  for (const auto& v : golden["g"]) g.push_back(v.is_null() ? std::string() : v.get<std::string>());
  std::vector<int> status;
  for (const auto& s : golden["status"]) status.push_back(s.get<int>());
  infant_all::CoxInput in{
      nums(golden["time"]),
      status,
      {Covariate::make_categorical("g", g, "LR"), Covariate::make_numeric("x", nums(golden["x"]))},
      {}};
  const CoxResult fit = infant_all::cox_ph(in);
  REQUIRE(fit.status.ok());
  const auto counts = infant_all::cox_factor_counts(in, fit);
  REQUIRE(counts.size() == 1);  // x is numeric
  CHECK(counts[0].covariate == "g");
  CHECK(counts[0].reference == golden["reference"].get<std::string>());
  REQUIRE(counts[0].levels.size() == golden["levels"].size());
  CHECK(counts[0].levels[0].reference);
  CHECK(counts[0].levels[0].level == "LR");
  CHECK(counts[0].levels[0].term.empty());
  int n = 0;
  for (const auto& want : golden["levels"]) {
    const auto it =
        std::find_if(counts[0].levels.begin(), counts[0].levels.end(),
                     [&](const auto& l) { return l.level == want["level"].get<std::string>(); });
    REQUIRE(it != counts[0].levels.end());
    CHECK(it->n == want["n"].get<int>());
    CHECK(it->events == want["events"].get<int>());
    if (!it->reference) CHECK(it->term == "g" + it->level);
    n += it->n;
  }
  CHECK(n == fit.n);  // every row the fit used is in one level
}
