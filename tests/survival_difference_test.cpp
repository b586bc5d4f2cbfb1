// milestone_difference() and rmst_difference() against R (tests/golden/compare.json,
// gen_compare.R): summary(survfit, times =) for the milestone, survRM2's rmst2 computation
// written out with survfit's rows for the restricted means.
#include "infant_all/stats/survival_difference.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "test_util.h"

using infant_all::KmCurve;
using infant_all::test::ints;
using infant_all::test::kDirectTol;
using infant_all::test::labels;
using infant_all::test::num;
using infant_all::test::nums;

namespace {

infant_all::KmResult fit(const nlohmann::json& c, double tau) {
  infant_all::KmInput in;
  in.time = nums(c["time"]);
  in.status = ints(c["status"]);
  in.group = labels(c["group"]);
  infant_all::KmOptions opt;
  opt.conf_level = num(c["conf"]);
  opt.rmean_tau = tau;
  const infant_all::KmResult r = infant_all::kaplan_meier(in, opt);
  REQUIRE(r.status.ok());
  REQUIRE(r.curves.size() == 2);
  return r;
}

}  // namespace

TEST_CASE("milestone_difference matches summary(survfit, times =) differences") {
  const nlohmann::json golden = infant_all::test::load_json("golden/compare.json");
  for (const auto& c : golden["milestone"]) {
    const std::string name = c["name"].get<std::string>();
    CAPTURE(name);
    const infant_all::KmResult km = fit(c, std::nan(""));
    for (const auto& row : c["rows"]) {
      const double t = num(row["time"]);
      CAPTURE(t);
      const infant_all::MilestoneDifference d =
          infant_all::milestone_difference(km.curves[0], km.curves[1], t, num(c["conf"]));
      REQUIRE(d.status.ok());
      if (row["diff"].is_null()) {  // after a curve's last time: no estimate, a note
        CHECK(std::isnan(d.diff));
        CHECK_FALSE(d.note.empty());
        continue;
      }
      CHECK_CLOSE(d.surv1, num(row["surv1"]), kDirectTol);
      CHECK_CLOSE(d.se2, num(row["se2"]), kDirectTol);
      CHECK_CLOSE(d.diff, num(row["diff"]), kDirectTol);
      CHECK_CLOSE(d.se, num(row["se"]), kDirectTol);
      CHECK_CLOSE(d.lower, num(row["lower"]), kDirectTol);
      CHECK_CLOSE(d.upper, num(row["upper"]), kDirectTol);
      CHECK_CLOSE(d.p, num(row["p"]), kDirectTol);
    }
  }
}

TEST_CASE("rmst_difference matches survRM2's rmst2: arms, difference, ratios, default tau") {
  const nlohmann::json golden = infant_all::test::load_json("golden/compare.json");
  for (const auto& c : golden["rmst"]) {
    const std::string name = c["name"].get<std::string>();
    CAPTURE(name);
    const double tau = num(c["tau"]);
    const infant_all::KmResult km = fit(c, tau);
    CHECK_CLOSE(infant_all::rmst_tau_limit(km.curves[0], km.curves[1]), num(c["limit"]),
                kDirectTol);
    const infant_all::RmstComparison r =
        infant_all::rmst_difference(km.curves[0], km.curves[1], num(c["conf"]));
    REQUIRE(r.status.ok());
    CHECK(r.tau == tau);
    CHECK_CLOSE(r.arm1.rmst, num(c["arm1"]["rmst"]), kDirectTol);
    CHECK_CLOSE(r.arm1.se, num(c["arm1"]["se"]), kDirectTol);
    CHECK_CLOSE(r.arm2.lower, num(c["arm2"]["lower"]), kDirectTol);
    CHECK_CLOSE(r.arm2.upper, num(c["arm2"]["upper"]), kDirectTol);
    const std::vector<double> diff = nums(c["diff"]), ratio = nums(c["ratio"]),
                              loss = nums(c["rmtl_ratio"]);
    CHECK_CLOSE(r.diff, diff[0], kDirectTol);
    CHECK_CLOSE(r.diff_lower, diff[1], kDirectTol);
    CHECK_CLOSE(r.diff_upper, diff[2], kDirectTol);
    CHECK_CLOSE(r.diff_p, diff[3], kDirectTol);
    CHECK_CLOSE(r.ratio, ratio[0], kDirectTol);
    CHECK_CLOSE(r.ratio_lower, ratio[1], kDirectTol);
    CHECK_CLOSE(r.ratio_upper, ratio[2], kDirectTol);
    CHECK_CLOSE(r.ratio_p, ratio[3], kDirectTol);
    CHECK_CLOSE(r.rmtl_ratio, loss[0], kDirectTol);
    CHECK_CLOSE(r.rmtl_ratio_upper, loss[2], kDirectTol);
    CHECK_CLOSE(r.rmtl_ratio_p, loss[3], kDirectTol);
  }
}

TEST_CASE("rmst_difference refuses a tau beyond rmst2's limit and curves without a tau") {
  const nlohmann::json golden = infant_all::test::load_json("golden/compare.json");
  const auto& c = golden["rmst"][0];  // lung by sex: both groups end censored
  const double limit = num(golden["rmst"][1]["limit"]);
  const infant_all::KmResult beyond = fit(c, limit + 1);
  const infant_all::RmstComparison r =
      infant_all::rmst_difference(beyond.curves[0], beyond.curves[1]);
  CHECK(r.status.argument == "rmean_tau");
  CHECK(r.status.message.find("at most") != std::string::npos);
  const infant_all::KmResult none = fit(c, std::nan(""));
  CHECK_FALSE(infant_all::rmst_difference(none.curves[0], none.curves[1]).status.ok());
  // A milestone must be a time.
  CHECK(infant_all::milestone_difference(none.curves[0], none.curves[1], -1).status.argument ==
        "milestone");
}
