#include "infant_all/stats/fine_gray.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "infant_all/stats/cox.h"
#include "test_util.h"

using infant_all::Covariate;
using infant_all::FineGrayInput;
using infant_all::FineGrayOptions;
using infant_all::FineGrayResult;
using infant_all::StatusCode;
using infant_all::test::num;
using infant_all::test::nums;

namespace {

// crr's loop stops at gtol = 1e-6 on the score, so R's answer is itself only that close to the
// exact optimum; the engine takes the same steps to the same iterate, so it agrees with R far
// more closely (1e-10 relative on every golden case here, native). 1e-8 leaves room for other
// compilers' rounding.
constexpr double kCrrTol = 1e-8;

struct CaseInput {
  FineGrayInput input;
  FineGrayOptions options;
};

CaseInput read_case(const nlohmann::json& c) {
  CaseInput in;
  in.input.time = nums(c["time"]);
  in.input.status = infant_all::test::ints(c["status"]);
  for (const auto& cov : c["covariates"]) {
    const std::string name = cov["name"].get<std::string>();
    if (cov["type"] == "numeric") {
      in.input.covariates.push_back(Covariate::make_numeric(name, nums(cov["values"])));
    } else {
      std::vector<std::string> v;
      for (const auto& s : cov["values"]) v.push_back(s.is_null() ? "" : s.get<std::string>());
      in.input.covariates.push_back(
          Covariate::make_categorical(name, v, cov["reference"].get<std::string>()));
    }
  }
  in.options.failcode = c["failcode"].get<int>();
  in.options.cencode = c["cencode"].get<int>();
  return in;
}

// The same rows in a shuffled order.
FineGrayInput permuted(const FineGrayInput& in, unsigned seed) {
  FineGrayInput sh = in;
  std::vector<std::size_t> perm(in.time.size());
  std::iota(perm.begin(), perm.end(), std::size_t{0});
  std::shuffle(perm.begin(), perm.end(), std::mt19937(seed));
  for (std::size_t i = 0; i < perm.size(); ++i) {
    sh.time[i] = in.time[perm[i]];
    sh.status[i] = in.status[perm[i]];
    for (std::size_t j = 0; j < in.covariates.size(); ++j) {
      if (in.covariates[j].is_categorical) {
        sh.covariates[j].categorical.code[i] = in.covariates[j].categorical.code[perm[i]];
      } else {
        sh.covariates[j].numeric[i] = in.covariates[j].numeric[perm[i]];
      }
    }
  }
  return sh;
}

void check_predictions(const FineGrayResult& fit, const nlohmann::json& c) {
  for (const auto& pr : c["predict"]) {
    std::vector<infant_all::FineGrayValue> values;
    for (const auto& [name, v] : pr["values"].items()) {
      infant_all::FineGrayValue fv;
      fv.name = name;
      if (v.is_string()) {
        fv.level = v.get<std::string>();
      } else {
        fv.numeric = v.get<double>();
      }
      values.push_back(fv);
    }
    std::vector<double> x;
    REQUIRE(infant_all::fine_gray_design_row(fit, values, &x).ok());
    const std::vector<double> want_x = nums(pr["x"]);
    REQUIRE(x.size() == want_x.size());
    for (std::size_t j = 0; j < x.size(); ++j) CHECK(x[j] == want_x[j]);
    const infant_all::FineGrayPrediction p = infant_all::fine_gray_predict(fit, x);
    REQUIRE(p.status.ok());
    const std::vector<double> time = nums(pr["time"]), cif = nums(pr["cif"]);
    REQUIRE(p.cif.size() == cif.size());
    for (std::size_t k = 0; k < cif.size(); ++k) {
      CHECK(p.time[k] == time[k]);
      CHECK_CLOSE(p.cif[k], cif[k], kCrrTol);
    }
  }
}

}  // namespace

// Every expected number below comes from tests/golden/crr.json, written by
// tests/golden/gen_crr.R: crr(...) as recorded in each case's "r_call" (cmprsk 2.2-11),
// summary(fit) for the interval, fit$var, $invinf, $score, $loglik, $loglik.null, $uftime,
// $bfitj, and predict(fit, cov1 = x) for the CIF.
TEST_CASE("fine_gray matches R's crr on the golden cases") {
  const auto golden = infant_all::test::load_json("golden/crr.json");
  REQUIRE(golden["cases"].size() >= 7);
  for (const auto& c : golden["cases"]) {
    const std::string name = c["name"].get<std::string>();
    CAPTURE(name);
    const CaseInput in = read_case(c);
    const FineGrayResult fit = infant_all::fine_gray(in.input, in.options);
    const auto& e = c["expected"];
    REQUIRE_MESSAGE(fit.status.ok(), fit.status.message);
    CHECK(fit.n == e["n"].get<int>());
    CHECK(fit.n_excluded == e["n_missing"].get<int>());
    CHECK(fit.excluded_rows == infant_all::test::ints(e["excluded_rows"]));
    CHECK(fit.events == e["events"].get<int>());
    CHECK(fit.converged == e["converged"].get<bool>());
    CHECK(fit.iterations == e["iter"].get<int>());
    const std::size_t p = e["terms"].size();
    REQUIRE(fit.terms.size() == p);
    for (std::size_t j = 0; j < p; ++j) {
      const auto& t = e["terms"][j];
      const auto& g = fit.terms[j];
      CHECK(g.name == t["name"].get<std::string>());
      CHECK_CLOSE(g.coef, num(t["coef"]), kCrrTol);
      CHECK_CLOSE(g.se, num(t["se"]), kCrrTol);
      CHECK_CLOSE(g.shr, num(t["shr"]), kCrrTol);
      CHECK_CLOSE(g.lower, num(t["lower"]), kCrrTol);
      CHECK_CLOSE(g.upper, num(t["upper"]), kCrrTol);
      CHECK_CLOSE(g.z, num(t["z"]), kCrrTol);
      CHECK_CLOSE(g.p, num(t["p"]), kCrrTol);
      for (std::size_t l = 0; l < p; ++l) {
        CHECK_CLOSE(fit.var[j * p + l], num(e["var"][j][l]), kCrrTol);
        CHECK_CLOSE(fit.invinf[j * p + l], num(e["invinf"][j][l]), kCrrTol);
      }
      CHECK_CLOSE(fit.score[j], num(e["score"][j]), 1e-5);  // ~0 at the fit: absolute
    }
    CHECK_CLOSE(fit.loglik, num(e["loglik"]), kCrrTol);
    CHECK_CLOSE(fit.loglik_null, num(e["loglik_null"]), kCrrTol);
    CHECK_CLOSE(fit.lr.stat, num(e["lr"]), kCrrTol);
    const std::vector<double> uftime = nums(e["uftime"]), bfitj = nums(e["bfitj"]);
    REQUIRE(fit.uftime.size() == uftime.size());
    for (std::size_t k = 0; k < uftime.size(); ++k) {
      CHECK(fit.uftime[k] == uftime[k]);
      CHECK_CLOSE(fit.bfitj[k], bfitj[k], kCrrTol);
    }
    check_predictions(fit, c);
  }
}

TEST_CASE("fine_gray is invariant to row order") {
  const auto golden = infant_all::test::load_json("golden/crr.json");
  for (const auto& c : golden["cases"]) {
    const std::string name = c["name"].get<std::string>();
    CAPTURE(name);
    const CaseInput in = read_case(c);
    const FineGrayResult a = infant_all::fine_gray(in.input, in.options);
    const FineGrayResult b = infant_all::fine_gray(permuted(in.input, 11), in.options);
    REQUIRE(a.status.ok());
    REQUIRE(b.status.ok());
    // Tied rows are summed in another order, so the same up to rounding.
    for (std::size_t j = 0; j < a.terms.size(); ++j) {
      CHECK_CLOSE(b.terms[j].coef, a.terms[j].coef, 1e-12);
      CHECK_CLOSE(b.terms[j].se, a.terms[j].se, 1e-12);
    }
    CHECK_CLOSE(b.loglik, a.loglik, 1e-12);
    CHECK(b.iterations == a.iterations);
    CHECK(b.n_excluded == a.n_excluded);
    for (std::size_t k = 0; k < a.bfitj.size(); ++k) CHECK_CLOSE(b.bfitj[k], a.bfitj[k], 1e-12);
  }
}

// Without competing events no one stays in a risk set after failing, so every weight is 1 and
// the pseudo-likelihood is Cox's partial likelihood with Breslow's ties (Fine & Gray 1999,
// sec. 2: the estimating equation reduces to the Cox score); psi_i is then 0 (q(s) sums over
// competing rows only), so crr's sandwich is the robust variance of Lin & Wei (1989), which
// coxph(robust = TRUE) reports.
TEST_CASE("fine_gray without competing events is cox_ph with Breslow ties") {
  const auto golden = infant_all::test::load_json("golden/crr.json");
  const nlohmann::json* found = nullptr;
  for (const auto& c : golden["cases"]) {
    if (c["name"] == "no_competing") found = &c;
  }
  REQUIRE(found != nullptr);
  const nlohmann::json& c = *found;
  const CaseInput in = read_case(c);
  const FineGrayResult fg = infant_all::fine_gray(in.input, in.options);
  REQUIRE(fg.status.ok());
  CHECK(fg.competing == 0);
  infant_all::CoxOptions cox_opt;
  cox_opt.ties = infant_all::CoxTies::breslow;
  infant_all::CoxInput cox_in;
  cox_in.time = in.input.time;
  cox_in.status = in.input.status;
  cox_in.covariates = in.input.covariates;
  const infant_all::CoxResult cox = infant_all::cox_ph(cox_in, cox_opt);
  REQUIRE(cox.status.ok());
  // Two fits stopped by different rules (gtol 1e-6 on the score; 1e-9 on the log-likelihood).
  for (std::size_t j = 0; j < fg.terms.size(); ++j) {
    CHECK_CLOSE(fg.terms[j].coef, cox.terms[j].coef, 1e-7);
    CHECK_CLOSE(fg.terms[j].se, num(c["coxph"]["robust_se"][j]), 1e-7);
  }
  CHECK_CLOSE(fg.loglik, cox.loglik[1], 1e-10);
  CHECK_CLOSE(fg.loglik_null, cox.loglik[0], 1e-12);
  CHECK_CLOSE(fg.loglik, num(c["coxph"]["loglik"][1]), 1e-10);
}

TEST_CASE("fine_gray on a hand-sized case solved in closed form") {
  //   t: 1 (failure, x = 1), 2 (competing, x = 1), 3 (failure, x = 0), 4 (censored, x = 0)
  // The only censoring is last, so G(t-) = 1 and the competing row stays in the risk set at
  // t = 3 with weight 1. With y = e^b:
  //   t = 1: all four, S0 = 2y + 2, S1 = 2y;  t = 3: rows 3, 4 and the competing row,
  //   S0 = y + 2, S1 = y.
  //   U(b) = (1 - 2y / (2y + 2)) + (0 - y / (y + 2)) = 1 / (y + 1) - y / (y + 2) = 0
  //   -> y + 2 = y^2 + y -> y = sqrt(2), b = log(2) / 2.
  FineGrayInput in;
  in.time = {3, 1, 4, 2};
  in.status = {1, 1, 0, 2};
  in.covariates = {Covariate::make_numeric("x", {0, 1, 0, 1})};
  const FineGrayResult fit = infant_all::fine_gray(in);
  REQUIRE(fit.status.ok());
  CHECK(fit.converged);
  CHECK_CLOSE(fit.terms[0].coef, std::log(2.0) / 2, 1e-6);
  CHECK(fit.events == 2);
  CHECK(fit.competing == 1);
  CHECK(fit.censored == 1);
  CHECK(fit.uftime == std::vector<double>{1, 3});
}

TEST_CASE("fine_gray rejects invalid input by name and row, and counts missing rows") {
  FineGrayInput in;
  in.time = {1, 2, 3, 4, 5, 6};
  in.status = {1, 2, 0, 1, 1, 2};
  in.covariates = {Covariate::make_numeric("x", {0, 1, 0, 1, 1, 0})};
  {
    FineGrayInput bad = in;
    bad.time[2] = -1;
    const FineGrayResult r = infant_all::fine_gray(bad);
    CHECK(r.status.code == StatusCode::invalid_argument);
    CHECK(r.status.argument == "time");
    CHECK(r.status.row == 3);
    CHECK(r.status.message == "fine_gray: time[3] is negative (-1)");
  }
  {
    FineGrayInput bad = in;
    bad.status.pop_back();
    CHECK(infant_all::fine_gray(bad).status.argument == "status");
  }
  {
    FineGrayInput bad = in;
    bad.covariates.clear();
    CHECK(infant_all::fine_gray(bad).status.argument == "covariates");
  }
  {
    FineGrayOptions opt;
    opt.failcode = 3;  // no such events
    const FineGrayResult r = infant_all::fine_gray(in, opt);
    CHECK(r.status.argument == "status");
  }
  {
    FineGrayOptions opt;
    opt.cencode = 1;
    CHECK(infant_all::fine_gray(in, opt).status.argument == "failcode");
  }
  {
    FineGrayInput miss = in;
    miss.time[1] = std::nan("");
    miss.status[4] = infant_all::kMissingStatusCode;
    miss.covariates[0].numeric[5] = std::nan("");
    const FineGrayResult r = infant_all::fine_gray(miss);
    CHECK(r.n == 3);
    CHECK(r.n_excluded == 3);
    CHECK(r.excluded_rows == std::vector<int>{2, 5, 6});
  }
  {
    FineGrayInput constant = in;
    constant.covariates[0].numeric.assign(6, 1.0);
    const FineGrayResult r = infant_all::fine_gray(constant);
    CHECK(r.status.code == StatusCode::singular);
  }
}

TEST_CASE("fine_gray_predict and fine_gray_design_row check their arguments") {
  FineGrayInput in;
  in.time = {1, 2, 3, 4, 5, 6, 7, 8};
  in.status = {1, 2, 0, 1, 1, 2, 1, 0};
  in.covariates = {Covariate::make_numeric("x", {0, 1, 0, 1, 1, 0, 0, 1}),
                   Covariate::make_categorical("g", {"a", "b", "a", "b", "a", "b", "b", "a"})};
  const FineGrayResult fit = infant_all::fine_gray(in);
  REQUIRE(fit.status.ok());
  std::vector<double> x;
  CHECK(infant_all::fine_gray_design_row(fit, {{"x", 1, ""}, {"g", 0, "b"}}, &x).ok());
  CHECK(x == std::vector<double>{1, 1});
  CHECK(infant_all::fine_gray_design_row(fit, {{"x", 1, ""}, {"g", 0, "z"}}, &x).argument == "g");
  CHECK(infant_all::fine_gray_design_row(fit, {{"x", 1, ""}}, &x).argument == "g");
  CHECK(infant_all::fine_gray_design_row(fit, {{"x", 1, ""}, {"g", 0, "a"}, {"y", 0, ""}}, &x)
            .argument == "values");
  CHECK(infant_all::fine_gray_predict(fit, {1}).status.argument == "x");
  const infant_all::FineGrayPrediction p = infant_all::fine_gray_predict(fit, {0, 0});
  REQUIRE(p.status.ok());
  CHECK(std::is_sorted(p.cif.begin(), p.cif.end()));
  CHECK(p.time == fit.uftime);
}

TEST_CASE("fine_gray_cif_at: the predicted CIF as a step function of time") {
  infant_all::FineGrayPrediction p;
  p.time = {2, 5, 9};
  p.cif = {0.1, 0.25, 0.4};
  CHECK(infant_all::fine_gray_cif_at(p, 0) == 0);       // before the first failure time
  CHECK(infant_all::fine_gray_cif_at(p, 2) == 0.1);     // at a failure time: its value
  CHECK(infant_all::fine_gray_cif_at(p, 8.9) == 0.25);  // between: the last one before
  CHECK(infant_all::fine_gray_cif_at(p, 100) == 0.4);   // after the last
  CHECK(std::isnan(infant_all::fine_gray_cif_at(p, std::nan(""))));
}
