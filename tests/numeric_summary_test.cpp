#include "infant_all/stats/numeric_summary.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "infant_all/stats/kruskal_wallis.h"
#include "infant_all/stats/wilcoxon_rank_sum.h"
#include "test_util.h"

using infant_all::describe_by_group;
using infant_all::GroupCodes;
using infant_all::kruskal_wallis;
using infant_all::mid_ranks;
using infant_all::NumericSummary;
using infant_all::quantile_type7;
using infant_all::StatusCode;
using infant_all::wilcoxon_rank_sum;
using infant_all::test::labels;
using infant_all::test::load_json;
using infant_all::test::num;
using infant_all::test::nums;

namespace {

// Sums of ranks and one normal or chi-square tail: R and this code round alike, held to 1e-9.
constexpr double kTol = 1e-9;

void check_close(double got, double want) {
  if (std::isnan(want)) {
    CHECK(std::isnan(got));
  } else {
    CHECK(got == doctest::Approx(want).epsilon(kTol));
  }
}

void check_summary(const NumericSummary& s, const nlohmann::json& want) {
  CHECK(s.n == want["n"].get<int>());
  CHECK(s.n_missing == want["n_missing"].get<int>());
  check_close(s.min, num(want["min"]));
  check_close(s.q1, num(want["q1"]));
  check_close(s.median, num(want["median"]));
  check_close(s.q3, num(want["q3"]));
  check_close(s.max, num(want["max"]));
}

}  // namespace

// tests/golden/describe.json from tests/golden/gen_describe.R: quantile(type = 7) per group,
// wilcox.test(x ~ g, exact = FALSE, correct = TRUE) or kruskal.test(x, g).
TEST_CASE("describe_by_group matches R's quantile, wilcox.test and kruskal.test") {
  const auto cases = load_json("golden/describe.json");
  REQUIRE(cases.size() >= 7);
  for (const auto& c : cases) {
    const std::string name = c["name"].get<std::string>();
    CAPTURE(name);
    const auto d = describe_by_group(nums(c["x"]), GroupCodes(labels(c["g"])));
    REQUIRE(d.status.ok());
    CHECK(d.levels == labels(c["levels"]));
    REQUIRE(d.groups.size() == c["groups"].size());
    for (size_t j = 0; j < d.groups.size(); ++j) check_summary(d.groups[j], c["groups"][j]);
    check_summary(d.total, c["total"]);
    CHECK(d.n_group_missing == c["n_group_missing"].get<int>());
    if (!c.contains("test")) {
      CHECK(d.test.empty());
      CHECK(std::isnan(d.p));
      continue;
    }
    const auto& t = c["test"];
    CHECK(d.test == t["name"].get<std::string>());
    CHECK(d.method == t["method"].get<std::string>());
    check_close(d.statistic, num(t["statistic"]));
    check_close(d.p, num(t["p"]));
    if (t.contains("df")) CHECK(d.df == t["df"].get<int>());
  }
}

// Hand-derived: x = (1, 2, 2, 3) and y = (2, 4): ranks of c(x, y) are 1, 3, 3, 5 | 3, 6 (the
// three 2s share (2 + 3 + 4) / 3); W = 12 - 10 = 2, z = 2 - 4 = -2, ties sum 3^3 - 3 = 24,
// sigma^2 = 8/12 (7 - 24/30) = 4.1333.., z' = (-2 + 0.5) / sigma, p = 2 P(Z < z').
TEST_CASE("wilcoxon_rank_sum by hand, with ties") {
  const auto w = wilcoxon_rank_sum({3, 2, 1, 2}, {4, 2});
  REQUIRE(w.status.ok());
  CHECK(w.statistic == 2.0);
  const double z = -1.5 / std::sqrt(8.0 / 12.0 * (7.0 - 24.0 / 30.0));
  CHECK(w.p == doctest::Approx(std::erfc(-z / std::sqrt(2.0))).epsilon(1e-12));
  CHECK(wilcoxon_rank_sum({}, {1, 2}).status.code == StatusCode::invalid_argument);
  CHECK(std::isnan(wilcoxon_rank_sum({1, 1}, {1, 1}).p));  // sigma 0, as R's NaN
}

TEST_CASE("kruskal_wallis needs two groups with values; mid_ranks and quantile_type7") {
  CHECK(kruskal_wallis({1, 2, NAN}, GroupCodes({"a", "a", "b"})).status.code ==
        StatusCode::invalid_argument);
  double ties = 0;
  CHECK(mid_ranks({3, 1, 3, 2}, &ties) == std::vector<double>{3.5, 1, 3.5, 2});
  CHECK(ties == 6.0);
  // quantile(c(1, 2, 4, 10), c(.25, .5, .75)): 1.75, 3, 5.5 (h = 0.75, 1.5, 2.25).
  CHECK(quantile_type7({1, 2, 4, 10}, 0.25) == 1.75);
  CHECK(quantile_type7({1, 2, 4, 10}, 0.5) == 3.0);
  CHECK(quantile_type7({1, 2, 4, 10}, 0.75) == 5.5);
}
