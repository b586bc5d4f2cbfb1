#include "infant_all/stats/cox_joint_test.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "infant_all/stats/cox_zph.h"
#include "infant_all/stats/model_matrix.h"
#include "test_util.h"

using infant_all::Covariate;
using infant_all::CoxInput;
using infant_all::CoxJointTest;
using infant_all::CoxOptions;
using infant_all::CoxResult;
using infant_all::CoxTest;
using infant_all::CoxTies;
using infant_all::StatusCode;
using infant_all::test::labels;
using infant_all::test::num;
using infant_all::test::nums;

namespace {

// The fit agrees with R to ~1e-9 (docs/ENGINE.md); statistics built on it to 1e-6 relative.
constexpr double kTol = 1e-6;

struct JointCase {
  CoxInput input;
  CoxOptions options;
};

// gen_joint.R's shape: gen_cox.R's, an interaction as {name, type: "interaction", of: [A, B]}.
JointCase read_case(const nlohmann::json& c) {
  JointCase z;
  CoxInput& in = z.input;
  in.time = nums(c["time"]);
  for (double s : nums(c["status"])) {
    in.status.push_back(std::isnan(s) ? infant_all::kCoxStatusMissing : static_cast<int>(s));
  }
  for (const auto& cov : c["covariates"]) {
    const std::string name = cov["name"].get<std::string>();
    if (cov["type"] == "numeric") {
      in.covariates.push_back(Covariate::make_numeric(name, nums(cov["values"])));
    } else if (cov["type"] == "categorical") {
      in.covariates.push_back(Covariate::make_categorical(name, labels(cov["values"]),
                                                          cov["reference"].get<std::string>()));
    } else {
      const auto index = [&](const nlohmann::json& n) {
        const auto it = std::find_if(in.covariates.begin(), in.covariates.end(),
                                     [&](const Covariate& x) { return x.name == n; });
        return static_cast<int>(it - in.covariates.begin());
      };
      // Given in the other order on purpose: make_interaction restores R's.
      in.covariates.push_back(
          Covariate::make_interaction(in.covariates, index(cov["of"][1]), index(cov["of"][0])));
      CHECK(in.covariates.back().name == name);
    }
  }
  if (c["strata"].is_array()) in.strata = labels(c["strata"]);
  z.options.ties = c["ties"] == "breslow" ? CoxTies::breslow : CoxTies::efron;
  return z;
}

void check_test(const CoxTest& got, const nlohmann::json& want) {
  CHECK_REL(got.stat, num(want["stat"]), kTol);
  CHECK(got.df == num(want["df"]));
  CHECK_REL(got.p, num(want["p"]), kTol);
}

}  // namespace

TEST_CASE("cox_joint_test: joint Wald and LR tests and interaction terms agree with R") {
  const auto cases = infant_all::test::load_json("golden/joint.json");
  REQUIRE(cases.size() >= 5);
  for (const auto& c : cases) {
    CAPTURE(c["name"].get<std::string>());
    const JointCase z = read_case(c);
    const CoxResult fit = infant_all::cox_ph(z.input, z.options);
    REQUIRE(fit.status.code != StatusCode::invalid_argument);
    const auto& e = c["expected"];
    // Columns named and ordered exactly as R's model.matrix.
    const std::vector<std::string> names = labels(e["names"]);
    REQUIRE(fit.terms.size() == names.size());
    const std::vector<double> coef = nums(e["coef"]);
    const std::size_t p = names.size();
    for (std::size_t j = 0; j < p; ++j) {
      CHECK(fit.terms[j].name == names[j]);
      CHECK_REL(fit.terms[j].coef, coef[j], kTol);
      const std::vector<double> row = nums(e["var"][j]);
      for (std::size_t k = 0; k < p; ++k) {
        if (std::isnan(coef[j]) || std::isnan(coef[k])) continue;  // R's var: 0 there
        CHECK(std::fabs(fit.var[j * p + k] - row[k]) <= kTol * std::fabs(fit.var[j * p + j]));
      }
    }
    CHECK(fit.n == static_cast<int>(num(e["n"])));
    CHECK_REL(fit.loglik[1], num(e["loglik"][1]), 1e-9);

    for (const auto& t : e["joint_tests"]) {
      const std::vector<std::string> terms = labels(t["terms"]);
      CAPTURE(t["r_lr"].get<std::string>());
      const CoxJointTest j = infant_all::cox_joint_test(z.input, fit, terms, z.options);
      REQUIRE(j.status.ok());
      CHECK(j.terms == terms);
      CHECK(j.columns == labels(t["columns"]));
      CHECK(j.dropped == labels(t["dropped"]));
      check_test(j.wald, t["wald"]);
      check_test(j.lr, t["lr"]);
      CHECK_REL(j.loglik_reduced, num(t["loglik_reduced"]), 1e-9);
      // A main effect tested while its interaction stays is flagged.
      const bool marginal = t["r_lr"].get<std::string>().find("model.matrix") != std::string::npos;
      CHECK(j.note.empty() == !marginal);
    }

    // cox.zph keeps working with interaction terms: one row per term.
    const infant_all::CoxZphResult zph = infant_all::cox_zph(z.input, fit);
    REQUIRE(zph.status.ok());
    REQUIRE(zph.table.size() == e["zph"].size());
    for (std::size_t i = 0; i < zph.table.size(); ++i) {
      CHECK(zph.table[i].term == e["zph"][i]["term"].get<std::string>());
      CHECK_REL(zph.table[i].chisq, num(e["zph"][i]["chisq"]), kTol);
      CHECK(zph.table[i].df == num(e["zph"][i]["df"]));
    }

    const infant_all::CoxTermTests tt = infant_all::cox_term_tests(z.input, fit);
    REQUIRE(tt.status.ok());
    REQUIRE(tt.tests.size() == e["term_tests"].size());
    for (std::size_t i = 0; i < tt.tests.size(); ++i) {
      const auto& want = e["term_tests"][i];
      CHECK(tt.tests[i].term == want["term"].get<std::string>());
      CHECK(tt.tests[i].columns == labels(want["columns"]));
      check_test(tt.tests[i].wald, want["wald"]);
    }
  }
}

TEST_CASE("cox_joint_test: a one-column term's Wald test is its z squared; errors name the term") {
  // Tiny unsorted data: x numeric, g a 3-level factor.
  CoxInput in;
  in.time = {5, 2, 9, 4, 7, 1, 8, 3, 6, 10, 2.5, 6.5};
  in.status = {1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1};
  in.covariates.push_back(Covariate::make_numeric(
      "x", {0.5, 1.2, -0.3, 2.0, 0.1, 1.7, -1.0, 0.9, 0.4, -0.6, 1.1, 0.0}));
  in.covariates.push_back(Covariate::make_categorical(
      "g", std::vector<std::string>{"a", "b", "c", "a", "b", "c", "a", "b", "c", "a", "b", "c"}));
  in.covariates.push_back(Covariate::make_interaction(in.covariates, 0, 1));
  const CoxResult fit = infant_all::cox_ph(in);
  REQUIRE(fit.terms.size() == 5);
  CHECK(fit.terms[3].name == "x:gb");
  CHECK(fit.terms[4].name == "x:gc");

  const CoxJointTest x = infant_all::cox_joint_test(in, fit, {"x"});
  REQUIRE(x.status.ok());
  CHECK(x.wald.df == 1);
  CHECK(std::fabs(x.wald.stat - fit.terms[0].z * fit.terms[0].z) <= 1e-10 * x.wald.stat);
  CHECK_FALSE(x.note.empty());  // x:g stays in

  // Every term: the reduced model is the null model, the LR test the fit's own.
  const CoxJointTest all = infant_all::cox_joint_test(in, fit, {"x:g", "g", "x"});
  REQUIRE(all.status.ok());
  CHECK(all.terms == std::vector<std::string>{"x", "g", "x:g"});
  CHECK(std::fabs(all.lr.stat - fit.lr.stat) <= 1e-12 * fit.lr.stat);
  CHECK(all.lr.df == fit.lr.df);
  CHECK(std::fabs(all.wald.stat - fit.wald.stat) <= 1e-8 * fit.wald.stat);

  const CoxJointTest unknown = infant_all::cox_joint_test(in, fit, {"age"});
  CHECK(unknown.status.code == StatusCode::invalid_argument);
  CHECK(unknown.status.message.find("'age' is not a term of the model (x, g, x:g)") !=
        std::string::npos);
  CHECK(infant_all::cox_joint_test(in, fit, {"g", "g"}).status.message.find("named twice") !=
        std::string::npos);
  CoxOptions breslow;
  breslow.ties = CoxTies::breslow;
  CHECK(infant_all::cox_joint_test(in, fit, {"g"}, breslow).status.code ==
        StatusCode::invalid_argument);

  // An interaction must follow two distinct main effects.
  CoxInput bad = in;
  bad.covariates[2].interaction = {0, 0};
  const CoxResult refused = infant_all::cox_ph(bad);
  CHECK(refused.status.code == StatusCode::invalid_argument);
  CHECK(refused.status.message.find("interaction") != std::string::npos);
}
