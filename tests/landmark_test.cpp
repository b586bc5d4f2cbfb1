#include "infant_all/stats/landmark.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "infant_all/stats/kaplan_meier.h"
#include "infant_all/stats/log_rank.h"
#include "test_util.h"

using infant_all::kaplan_meier;
using infant_all::KmInput;
using infant_all::KmOptions;
using infant_all::KmResult;
using infant_all::landmark_data;
using infant_all::LandmarkResult;
using infant_all::log_rank;
using infant_all::LogRankInput;
using infant_all::StatusCode;
using infant_all::TimedExposureInput;
using infant_all::test::ints;
using infant_all::test::kDirectTol;
using infant_all::test::num;
using infant_all::test::nums;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_vec(const std::vector<double>& got, const nlohmann::json& want, const char* what) {
  INFO(what);
  const std::vector<double> w = nums(want);
  REQUIRE(got.size() == w.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK_CLOSE(got[i], w[i], kDirectTol);
  }
}

std::vector<std::string> labels(const std::vector<int>& exposed) {
  std::vector<std::string> out;
  for (int e : exposed) out.push_back(e ? "1" : "0");
  return out;
}

// Each landmark of a golden case: the kept rows, then survdiff and summary(survfit, times)
// computed by the engine's log_rank and kaplan_meier on them.
void check_case(const nlohmann::json& c) {
  CAPTURE(c["name"].get<std::string>());
  const TimedExposureInput in{nums(c["time"]), ints(c["status"]), nums(c["exposure"])};
  for (const auto& lm : c["results"]) {
    const double L = num(lm["landmark"]);
    CAPTURE(L);
    const LandmarkResult r = landmark_data(in, L);
    REQUIRE(r.status.ok());
    CHECK(r.landmark == L);
    REQUIRE(r.row == ints(lm["rows"]));
    check_vec(r.time, lm["time"], "time - L");
    CHECK(r.event == ints(lm["status"]));
    CHECK(r.exposed == ints(lm["exposed"]));
    CHECK(r.n_ended + static_cast<int>(r.row.size()) == static_cast<int>(in.time.size()));
    CHECK(r.excluded_rows.empty());

    LogRankInput lr_in;
    lr_in.time = r.time;
    lr_in.status = r.event;
    lr_in.group = labels(r.exposed);
    const auto lr = log_rank(lr_in);
    REQUIRE(lr.status.ok());
    const auto& sd = lm["survdiff"];
    CHECK_CLOSE(lr.chisq, num(sd["chisq"]), kDirectTol);
    CHECK(lr.df == static_cast<int>(num(sd["df"])));
    CHECK_CLOSE(lr.p, num(sd["p"]), 1e-8);
    check_vec(std::vector<double>(lr.n.begin(), lr.n.end()), sd["n"], "n");
    check_vec(lr.obs, sd["observed"], "observed");
    check_vec(lr.exp, sd["expected"], "expected");

    KmInput km_in;
    km_in.time = r.time;
    km_in.status = r.event;
    km_in.group = labels(r.exposed);
    KmOptions opt;
    opt.times = nums(c["times"]);
    const KmResult km = kaplan_meier(km_in, opt);
    REQUIRE(km.status.ok());
    REQUIRE(km.curves.size() == lm["curves"].size());
    for (std::size_t g = 0; g < km.curves.size(); ++g) {
      const auto& want = lm["curves"][g];
      const auto& curve = km.curves[g];
      CAPTURE(curve.group);
      CHECK(curve.group == want["group"].get<std::string>());
      CHECK(curve.n == static_cast<int>(num(want["n"])));
      std::vector<double> t, n_risk, surv, se, lo, up;
      for (const auto& a : curve.at_times) {
        t.push_back(a.time);
        n_risk.push_back(a.n_risk);
        surv.push_back(a.surv);
        se.push_back(a.std_err);
        lo.push_back(a.lower);
        up.push_back(a.upper);
      }
      check_vec(t, want["time"], "at time");
      check_vec(n_risk, want["n_risk"], "n_risk");
      check_vec(surv, want["surv"], "surv");
      check_vec(se, want["std_err"], "std_err");
      check_vec(lo, want["lower"], "lower");
      check_vec(up, want["upper"], "upper");
    }
  }
}

}  // namespace

TEST_CASE("landmark: kept rows, log-rank and survival at times agree with R") {
  const auto j = infant_all::test::load_json("golden/timedep.json");
  for (const auto& c : j["landmark"]) check_case(c);
  check_case(j["cohort"]["landmark"]);
}

TEST_CASE("landmark: time > L, exposure <= L, missing time dropped and listed") {
  const TimedExposureInput in{{30, 31, 45, kNaN, 60, 90},
                              {1, 0, infant_all::kMissingStatusCode, 1, 1, 0},
                              {kNaN, 30, 31, 5, 0, kNaN}};
  const LandmarkResult r = landmark_data(in, 30);
  REQUIRE(r.status.ok());
  CHECK(r.row == std::vector<int>{2, 3, 5, 6});  // row 1 ends at L: dropped
  CHECK(r.time == std::vector<double>{1, 15, 30, 60});
  CHECK(r.event == std::vector<int>{0, infant_all::kMissingStatusCode, 1, 0});
  CHECK(r.exposed == std::vector<int>{1, 0, 1, 0});  // exposure at L counts; after L does not
  CHECK(r.n_ended == 1);
  CHECK(r.excluded_rows == std::vector<int>{4});
  // Landmark 0 keeps every row with time > 0; exposure at 0 counts.
  const LandmarkResult r0 = landmark_data(in, 0);
  CHECK(r0.row.size() == 5);
  CHECK(r0.exposed[3] == 1);  // row 5
}

TEST_CASE("landmark: errors name the argument and row") {
  TimedExposureInput in{{10, -1}, {1, 0}, {kNaN, kNaN}};
  LandmarkResult r = landmark_data(in, 5);
  CHECK(r.status.code == StatusCode::invalid_argument);
  CHECK(r.status.argument == "time");
  CHECK(r.status.row == 2);
  in.time = {10, 20};
  r = landmark_data(in, kNaN);
  CHECK(r.status.argument == "landmark");
  r = landmark_data(in, -1);
  CHECK(r.status.argument == "landmark");
  in.status = {1, 7};
  r = landmark_data(in, 5);
  CHECK(r.status.argument == "status");
  CHECK(r.status.row == 2);
  in.status = {1};
  r = landmark_data(in, 5);
  CHECK(r.status.argument == "status");
  CHECK(r.status.row == 0);
}
