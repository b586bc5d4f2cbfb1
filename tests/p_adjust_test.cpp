// p_adjust() against R's p.adjust() (tests/golden/compare.json, gen_compare.R): ties, an NA, each
// method; and the method names.
#include "infant_all/stats/p_adjust.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "test_util.h"

using infant_all::PAdjustMethod;
using infant_all::test::kDirectTol;
using infant_all::test::nums;

TEST_CASE("p_adjust matches R's p.adjust: holm, BH, bonferroni, none, with ties and an NA") {
  const nlohmann::json golden = infant_all::test::load_json("golden/compare.json");
  for (const auto& c : golden["p_adjust"]) {
    const std::string name = c["method"].get<std::string>();
    CAPTURE(name);
    PAdjustMethod m;
    REQUIRE(infant_all::parse_p_adjust(name, &m));
    CHECK(std::string(infant_all::to_string(m)) == name);
    const std::vector<double> got = infant_all::p_adjust(nums(c["p"]), m);
    const std::vector<double> want = nums(c["adjusted"]);
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) CHECK_CLOSE(got[i], want[i], kDirectTol);
  }
}

TEST_CASE("p_adjust: by hand, fdr as BH, unknown names refused") {
  // Holm on (0.01, 0.02, 0.03): 3 * 0.01, max(0.03, 2 * 0.02), max(0.04, 0.03) = 0.03, 0.04, 0.04.
  const std::vector<double> holm = infant_all::p_adjust({0.03, 0.01, 0.02}, PAdjustMethod::holm);
  CHECK(holm[0] == doctest::Approx(0.04));
  CHECK(holm[1] == doctest::Approx(0.03));
  CHECK(holm[2] == doctest::Approx(0.04));
  // BH on (0.01, 0.02, 0.03): min(3/3 * 0.03, ...) = 0.03 for all three.
  for (double v : infant_all::p_adjust({0.03, 0.01, 0.02}, PAdjustMethod::bh)) {
    CHECK(v == doctest::Approx(0.03));
  }
  PAdjustMethod m = PAdjustMethod::none;
  CHECK(infant_all::parse_p_adjust("fdr", &m));
  CHECK(m == PAdjustMethod::bh);
  CHECK_FALSE(infant_all::parse_p_adjust("Holm", &m));
  CHECK(infant_all::p_adjust({}, PAdjustMethod::bh).empty());
}
