// reference_log_rank() against survdiff(Surv(t, e) ~ offset(S_ref(t))) and summary(survfit) at
// milestones (tests/golden/compare.json, gen_compare.R).
#include "infant_all/stats/reference_log_rank.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "test_util.h"

using infant_all::test::ints;
using infant_all::test::kDirectTol;
using infant_all::test::num;
using infant_all::test::nums;

TEST_CASE("reference_log_rank matches R's one-sample survdiff and the Kaplan-Meier milestones") {
  const nlohmann::json golden = infant_all::test::load_json("golden/compare.json");
  for (const auto& c : golden["reference"]) {
    const std::string name = c["name"].get<std::string>();
    CAPTURE(name);
    infant_all::ReferenceLogRankInput in;
    in.time = nums(c["time"]);
    in.status = ints(c["status"]);
    in.reference = {nums(c["ref_time"]), nums(c["ref_surv"])};
    for (const auto& m : c["milestones"]) in.milestones.push_back(num(m["time"]));
    const infant_all::ReferenceLogRankResult r = infant_all::reference_log_rank(in);
    REQUIRE(r.status.ok());
    CHECK(r.n == static_cast<int>(num(c["n"])));
    CHECK(r.n_cut == static_cast<int>(num(c["n_cut"])));
    CHECK_CLOSE(r.obs, num(c["obs"]), kDirectTol);
    CHECK_CLOSE(r.exp, num(c["exp"]), kDirectTol);
    CHECK_CLOSE(r.chisq, num(c["chisq"]), kDirectTol);
    CHECK_CLOSE(r.p, num(c["p"]), kDirectTol);
    REQUIRE(r.milestones.size() == c["milestones"].size());
    for (std::size_t k = 0; k < r.milestones.size(); ++k) {
      const auto& want = c["milestones"][k];
      const infant_all::ReferenceMilestone& got = r.milestones[k];
      CHECK_CLOSE(got.surv, num(want["surv"]), kDirectTol);
      CHECK_CLOSE(got.std_err, num(want["std_err"]), kDirectTol);
      CHECK_CLOSE(got.lower, num(want["lower"]), kDirectTol);
      CHECK_CLOSE(got.upper, num(want["upper"]), kDirectTol);
      CHECK_CLOSE(got.reference, num(want["reference"]), kDirectTol);
      CHECK(got.note.empty() == !(std::isnan(got.surv) || std::isnan(got.reference)));
    }
  }
}

TEST_CASE("reference_log_rank by hand, and its errors") {
  // Reference S(2) = exp(-1): Lambda(t) = t / 2 up to 2. Times 1 (event), 2 (censored), 4
  // (event, after the horizon: cut to 2, not counted): E = 0.5 + 1 + 1 = 2.5, O = 1,
  // chisq = 1.5^2 / 2.5 = 0.9.
  infant_all::ReferenceLogRankInput in;
  in.time = {1, 2, 4, std::nan("")};
  in.status = {1, 0, 1, 1};
  in.reference = {{2}, {std::exp(-1.0)}};
  const infant_all::ReferenceLogRankResult r = infant_all::reference_log_rank(in);
  REQUIRE(r.status.ok());
  CHECK(r.exp == doctest::Approx(2.5));
  CHECK(r.obs == 1);
  CHECK(r.chisq == doctest::Approx(0.9));
  CHECK(r.n_cut == 1);
  CHECK(r.n_excluded == 1);
  CHECK(r.excluded_rows == std::vector<int>{4});
  CHECK(r.ratio == doctest::Approx(0.4));

  in.reference = {{1, 0.5}, {0.8, 0.6}};
  CHECK(infant_all::reference_log_rank(in).status.argument == "reference");
  in.reference = {{1, 2}, {0.8, 0.9}};
  const infant_all::Status up = infant_all::reference_log_rank(in).status;
  CHECK(up.argument == "reference");
  CHECK(up.row == 2);
  in.reference = {{0, 2}, {0.9, 0.5}};
  CHECK(infant_all::reference_log_rank(in).status.row == 1);
  in.reference = {{2}, {0.5}};
  in.status[1] = 2;
  const infant_all::Status bad = infant_all::reference_log_rank(in).status;
  CHECK(bad.argument == "status");
  CHECK(bad.row == 2);
}
