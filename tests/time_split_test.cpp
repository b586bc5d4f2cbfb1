#include "infant_all/stats/time_split.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "infant_all/stats/kaplan_meier.h"
#include "test_util.h"

using infant_all::ExposureNoteKind;
using infant_all::kaplan_meier;
using infant_all::KmInput;
using infant_all::kMissingStatusCode;
using infant_all::KmOptions;
using infant_all::KmResult;
using infant_all::split_at_exposure;
using infant_all::StatusCode;
using infant_all::TimedExposureInput;
using infant_all::TimeSplitResult;
using infant_all::test::ints;
using infant_all::test::kDirectTol;
using infant_all::test::num;
using infant_all::test::nums;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TimedExposureInput input_of(const nlohmann::json& in) {
  return {nums(in["time"]), ints(in["status"]), nums(in["exposure"])};
}

int count(const TimeSplitResult& r, ExposureNoteKind kind) {
  int k = 0;
  for (const auto& n : r.notes) k += n.kind == kind;
  return k;
}

// The engine's rows against tmerge's: same rows, bounds and exposure; the same status except
// for a subject with a missing status, which tmerge censors and the engine keeps missing.
void check_against_tmerge(const nlohmann::json& c) {
  CAPTURE(c["name"].get<std::string>());
  const TimedExposureInput in = input_of(c["input"]);
  const TimeSplitResult r = split_at_exposure(in);
  REQUIRE(r.status.ok());
  const auto& out = c["output"];
  const std::vector<double> row = nums(out["row"]), tstart = nums(out["tstart"]),
                            tstop = nums(out["tstop"]), death = nums(out["death"]),
                            trans = nums(out["trans"]);
  REQUIRE(r.row.size() == row.size());
  int split = 0;
  for (std::size_t k = 0; k < row.size(); ++k) {
    CAPTURE(k);
    CHECK(r.row[k] == static_cast<int>(row[k]));
    CHECK(r.start[k] == tstart[k]);  // no arithmetic: bit-identical
    CHECK(r.stop[k] == tstop[k]);
    CHECK(r.exposed[k] == static_cast<int>(trans[k]));
    if (in.status[r.row[k] - 1] == kMissingStatusCode) {
      CHECK(death[k] == 0);  // tmerge: the missing event is dropped, the subject censored
      CHECK(r.event[k] == kMissingStatusCode);
    } else {
      CHECK(r.event[k] == static_cast<int>(death[k]));
    }
    split += k > 0 && row[k] == row[k - 1];
  }
  CHECK(r.n_split == split);
  // tmerge's tcount for the tdc: early, trailing and late are the engine's notes.
  const auto& tc = c["tcount_trans"];
  CHECK(count(r, ExposureNoteKind::before_start) == static_cast<int>(nums(tc["early"])[0]));
  CHECK(count(r, ExposureNoteKind::at_end) == static_cast<int>(nums(tc["trailing"])[0]));
  CHECK(count(r, ExposureNoteKind::after_end) == static_cast<int>(nums(tc["late"])[0]));
  for (std::size_t k = 1; k < r.notes.size(); ++k) CHECK(r.notes[k - 1].row <= r.notes[k].row);
}

void check_vec(const std::vector<double>& got, const nlohmann::json& want, const char* what) {
  INFO(what);
  const std::vector<double> w = nums(want);
  REQUIRE(got.size() == w.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK_CLOSE(got[i], w[i], kDirectTol);
  }
}

template <typename T>
std::vector<double> dbl(const std::vector<T>& v) {
  return std::vector<double>(v.begin(), v.end());
}

// Simon-Makuch curves are Kaplan-Meier curves with entry over the (start, stop] rows, grouped
// by each row's exposure: kaplan_meier with KmInput.entry against survfit(Surv(start, stop,
// event) ~ group).
void check_simon_makuch(const KmInput& in, const nlohmann::json& c) {
  CAPTURE(c["name"].get<std::string>());
  KmOptions opt;
  opt.times = nums(c["times"]);
  const KmResult km = kaplan_meier(in, opt);
  REQUIRE(km.status.ok());
  REQUIRE(km.curves.size() == c["curves"].size());
  for (std::size_t g = 0; g < km.curves.size(); ++g) {
    const auto& want = c["curves"][g];
    const auto& curve = km.curves[g];
    CAPTURE(curve.group);
    CHECK(curve.group == want["group"].get<std::string>());
    CHECK(curve.n == static_cast<int>(num(want["records"])));
    CHECK(curve.events == static_cast<int>(num(want["events"])));
    check_vec(curve.time, want["time"], "time");
    check_vec(dbl(curve.n_risk), want["n_risk"], "n_risk");
    check_vec(dbl(curve.n_event), want["n_event"], "n_event");
    check_vec(dbl(curve.n_censor), want["n_censor"], "n_censor");
    check_vec(curve.surv, want["surv"], "surv");
    check_vec(curve.std_err, want["std_err"], "std_err");
    check_vec(curve.lower, want["lower"], "lower");
    check_vec(curve.upper, want["upper"], "upper");
    CHECK_CLOSE(curve.median, num(want["median"]), kDirectTol);
    CHECK_CLOSE(curve.median_lower, num(want["median_lower"]), kDirectTol);
    CHECK_CLOSE(curve.median_upper, num(want["median_upper"]), kDirectTol);
    std::vector<double> t, n_risk, surv, se, lo, up;
    for (const auto& a : curve.at_times) {
      t.push_back(a.time);
      n_risk.push_back(a.n_risk);
      surv.push_back(a.surv);
      se.push_back(a.std_err);
      lo.push_back(a.lower);
      up.push_back(a.upper);
    }
    const auto& at = want["at_times"];
    check_vec(t, at["time"], "at time");
    check_vec(n_risk, at["n_risk"], "at n_risk");
    check_vec(surv, at["surv"], "at surv");
    check_vec(se, at["std_err"], "at std_err");
    check_vec(lo, at["lower"], "at lower");
    check_vec(up, at["upper"], "at upper");
  }
}

}  // namespace

TEST_CASE("Simon-Makuch: kaplan_meier with entry on heart's (start, stop] rows is survfit") {
  const auto j = infant_all::test::load_json("golden/timedep.json");
  const auto& c = j["simon_makuch"][0];
  REQUIRE(c["name"] == "heart");
  KmInput in;
  in.entry = nums(c["start"]);
  in.time = nums(c["stop"]);
  in.status = ints(c["event"]);
  in.group = c["group"].get<std::vector<std::string>>();
  check_simon_makuch(in, c);
}

TEST_CASE("Simon-Makuch: the engine's split of the infant cohort, then kaplan_meier") {
  const auto j = infant_all::test::load_json("golden/timedep.json");
  const auto& cohort = j["cohort"];
  const TimeSplitResult r = split_at_exposure(input_of(cohort["input"]));
  REQUIRE(r.status.ok());
  KmInput in;
  in.entry = r.start;
  in.time = r.stop;
  in.status = r.event;
  std::vector<std::string> group;
  for (int e : r.exposed) group.push_back(e ? "1" : "0");
  in.group = group;
  check_simon_makuch(in, cohort["simon_makuch"]);
  // The edge rows set by hand: exposed from day 0; on the day of death and after the end,
  // not exposed and noted.
  const auto& edge = cohort["edge_rows"];
  const auto first_interval = [&](int row) {
    std::size_t k = 0;
    while (k < r.row.size() && r.row[k] != row) ++k;
    return k;
  };
  CHECK(r.exposed[first_interval(static_cast<int>(num(edge["exposure_at_zero"])))] == 1);
  CHECK(r.exposed[first_interval(static_cast<int>(num(edge["exposure_on_death_day"])))] == 0);
  CHECK(r.exposed[first_interval(static_cast<int>(num(edge["exposure_after_end"])))] == 0);
  CHECK(count(r, ExposureNoteKind::at_end) == 1);
  CHECK(count(r, ExposureNoteKind::after_end) == 1);
}

TEST_CASE("time split: agrees with tmerge on the golden cases") {
  const auto j = infant_all::test::load_json("golden/timedep.json");
  for (const auto& c : j["split"]) check_against_tmerge(c);
  check_against_tmerge(j["cohort"]["split"]);
}

TEST_CASE("time split: edge cases, one subject each, with the notes naming rows") {
  const auto j = infant_all::test::load_json("golden/timedep.json");
  const auto& c = j["split"][0];
  REQUIRE(c["name"] == "edge_cases");
  const TimeSplitResult r = split_at_exposure(input_of(c["input"]));
  REQUIRE(r.status.ok());
  // row 3: exposure -2; rows 4, 5, 10: exposure = end; row 6: after; row 8: status missing.
  std::map<std::size_t, ExposureNoteKind> want = {
      {3, ExposureNoteKind::before_start},   {4, ExposureNoteKind::at_end},
      {5, ExposureNoteKind::at_end},         {6, ExposureNoteKind::after_end},
      {8, ExposureNoteKind::status_missing}, {10, ExposureNoteKind::at_end}};
  REQUIRE(r.notes.size() == want.size());
  for (const auto& n : r.notes) {
    CAPTURE(n.message);
    REQUIRE(want.count(n.row) == 1);
    CHECK(n.kind == want[n.row]);
    CHECK(n.message.find("[" + std::to_string(n.row) + "]") != std::string::npos);
  }
  CHECK(std::string(to_string(ExposureNoteKind::after_end)) == "after_end");
}

TEST_CASE("time split: the times tmerge refuses are errors naming the row") {
  const auto j = infant_all::test::load_json("golden/timedep.json");
  const std::map<std::string, std::size_t> bad_row = {
      {"time_zero", 1}, {"time_negative", 2}, {"time_missing", 2}};
  for (const auto& c : j["split_errors"]) {
    const std::string name = c["name"];
    CAPTURE(name);
    CHECK(!c["r_error"].get<std::string>().empty());  // R stopped too
    const TimeSplitResult r = split_at_exposure(input_of(c));
    CHECK(r.status.code == StatusCode::invalid_argument);
    CHECK(r.status.argument == "time");
    CHECK(r.status.row == bad_row.at(name));
    CHECK(r.row.empty());
  }
}

TEST_CASE("time split: argument checks") {
  TimedExposureInput in{{5, 6}, {1, 0}, {kNaN}};
  TimeSplitResult r = split_at_exposure(in);
  CHECK(r.status.argument == "exposure");
  CHECK(r.status.row == 0);
  in.exposure = {kNaN, 2};
  in.status = {1, 2};
  r = split_at_exposure(in);
  CHECK(r.status.argument == "status");
  CHECK(r.status.row == 2);
  in.status = {1, 0};
  in.time = {5, std::numeric_limits<double>::infinity()};
  r = split_at_exposure(in);
  CHECK(r.status.argument == "time");
  CHECK(r.status.row == 2);
  // +-Inf exposure: before the start / after the end.
  in.time = {5, 6};
  in.exposure = {-std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
  r = split_at_exposure(in);
  REQUIRE(r.status.ok());
  CHECK(r.exposed == std::vector<int>{1, 0});
  CHECK(r.notes.size() == 2);
  // Empty input: no rows, no error.
  r = split_at_exposure({});
  CHECK(r.status.ok());
  CHECK(r.row.empty());
}

TEST_CASE("Simon-Makuch: a split 1e-9 before the end is refused downstream, as in R") {
  // tmerge makes (10 - 1e-9, 10] without complaint; survfit and coxph then stop ("aeqSurv
  // exception, an interval has effective length 0"), and so does kaplan_meier's timefix.
  const TimeSplitResult r = split_at_exposure({{10, 8}, {1, 1}, {10 - 1e-9, kNaN}});
  REQUIRE(r.status.ok());
  REQUIRE(r.row == std::vector<int>{1, 1, 2});
  KmInput in;
  in.entry = r.start;
  in.time = r.stop;
  in.status = r.event;
  const KmResult km = kaplan_meier(in);
  CHECK(km.status.code == StatusCode::invalid_argument);
  CHECK(km.status.argument == "entry");
  CHECK(km.status.row == 2);
}
