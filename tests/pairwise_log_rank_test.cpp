// pairwise_log_rank() against survminer's pairwise_survdiff() as computed in
// tests/golden/gen_compare.R (survdiff per pair, pchisq on 1 df, p.adjust) and coxph per pair.
#include "infant_all/stats/pairwise_log_rank.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "test_util.h"

using infant_all::test::ints;
using infant_all::test::kDirectTol;
using infant_all::test::kIterativeTol;
using infant_all::test::labels;
using infant_all::test::num;
using infant_all::test::nums;

TEST_CASE("pairwise_log_rank matches pairwise_survdiff and coxph on each pair") {
  const nlohmann::json golden = infant_all::test::load_json("golden/compare.json");
  for (const auto& c : golden["pairwise"]) {
    const std::string name = c["name"].get<std::string>();
    CAPTURE(name);
    infant_all::LogRankInput in;
    in.time = nums(c["time"]);
    in.status = ints(c["status"]);
    in.group = infant_all::GroupCodes(labels(c["group"]));
    if (c.contains("strata")) in.strata = infant_all::GroupCodes(labels(c["strata"]));
    infant_all::LogRankOptions opt;
    opt.rho = num(c["rho"]);
    infant_all::PairwiseOptions pw;
    REQUIRE(infant_all::parse_p_adjust(c["method"].get<std::string>(), &pw.adjust));
    pw.ties = c["ties"].get<std::string>() == "breslow" ? infant_all::CoxTies::breslow
                                                        : infant_all::CoxTies::efron;
    const infant_all::PairwiseLogRankResult r = infant_all::pairwise_log_rank(in, opt, pw);
    REQUIRE(r.status.ok());
    CHECK(r.groups == labels(c["groups"]));
    REQUIRE(r.pairs.size() == c["pairs"].size());
    for (std::size_t k = 0; k < r.pairs.size(); ++k) {
      const auto& want = c["pairs"][k];
      const infant_all::PairwiseComparison& got = r.pairs[k];
      CHECK(got.group1 == want["group1"].get<std::string>());
      CHECK(got.group2 == want["group2"].get<std::string>());
      CHECK_CLOSE(got.obs1, nums(want["obs"])[0], kDirectTol);
      CHECK_CLOSE(got.exp2, nums(want["exp"])[1], kDirectTol);
      CHECK_CLOSE(got.chisq, num(want["chisq"]), kDirectTol);
      CHECK_CLOSE(got.p, num(want["p"]), kDirectTol);
      CHECK_CLOSE(got.p_adj, num(want["p_adj"]), kDirectTol);
      CHECK(got.cox_status == "ok");
      CHECK_CLOSE(got.hr, num(want["hr"]), kIterativeTol);
      CHECK_CLOSE(got.hr_lower, num(want["hr_lower"]), kIterativeTol);
      CHECK_CLOSE(got.hr_upper, num(want["hr_upper"]), kIterativeTol);
    }
  }
}

TEST_CASE("pairwise_log_rank: two groups give the full test; errors are the full test's") {
  // With two groups the one pair is the ordinary log-rank test (aml: chisq 3.4, p = 0.07).
  infant_all::LogRankInput in;
  in.time = {9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5,
             5, 8,  8,  12, 16, 23, 27, 30, 33, 43, 45};
  in.status = {1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1};
  std::vector<std::string> g(11, "Maintained");
  g.resize(23, "Nonmaintained");
  in.group = infant_all::GroupCodes(g);
  const infant_all::LogRankResult full = infant_all::log_rank(in);
  const infant_all::PairwiseLogRankResult r = infant_all::pairwise_log_rank(in);
  REQUIRE(r.status.ok());
  REQUIRE(r.pairs.size() == 1);
  CHECK(r.pairs[0].chisq == full.chisq);
  CHECK(r.pairs[0].p_adj == r.pairs[0].p);  // one p-value: every method leaves it
  CHECK(r.adjust == "BH");
  in.time[3] = -1;
  const infant_all::PairwiseLogRankResult bad = infant_all::pairwise_log_rank(in);
  CHECK_FALSE(bad.status.ok());
  CHECK(bad.status.argument == "time");
  CHECK(bad.status.row == 4);
}
