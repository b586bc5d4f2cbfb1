#include "infant_all/stats/cox_zph.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "test_util.h"

using infant_all::Covariate;
using infant_all::CoxInput;
using infant_all::CoxOptions;
using infant_all::CoxResult;
using infant_all::CoxTies;
using infant_all::CoxZphOptions;
using infant_all::CoxZphResult;
using infant_all::ZphTransform;
using infant_all::test::num;
using infant_all::test::nums;

namespace {

// R agreement of the test (docs/ENGINE.md): the fit itself agrees to ~1e-9, so 1e-6 relative.
constexpr double kZphTol = 1e-6;

struct ZphCase {
  CoxInput input;
  CoxOptions options;
  CoxZphOptions zph;
};

ZphCase read_case(const nlohmann::json& c) {
  ZphCase z;
  CoxInput& in = z.input;
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
  if (c["strata"].is_array()) {
    std::vector<std::string> s;
    for (const auto& v : c["strata"]) s.push_back(v.is_null() ? "" : v.get<std::string>());
    in.strata = s;
  }
  if (c["entry"].is_array()) in.entry = nums(c["entry"]);
  z.options.ties = c["ties"] == "breslow" ? CoxTies::breslow : CoxTies::efron;
  const std::string t = c["transform"].get<std::string>();
  z.zph.transform = t == "identity" ? ZphTransform::identity
                    : t == "rank"   ? ZphTransform::rank
                    : t == "log"    ? ZphTransform::log
                                    : ZphTransform::km;
  return z;
}

CoxZphResult run(const ZphCase& z) {
  const CoxResult fit = infant_all::cox_ph(z.input, z.options);
  return infant_all::cox_zph(z.input, fit, z.zph);
}

void check_vector(const std::vector<double>& got, const nlohmann::json& want, const char* what) {
  const std::vector<double> w = nums(want);
  INFO(std::string(what));
  REQUIRE(got.size() == w.size());
  for (std::size_t i = 0; i < w.size(); ++i) {
    CAPTURE(i);
    CHECK_CLOSE(got[i], w[i], kZphTol);
  }
}

void check_smooth(const CoxZphResult& r, const nlohmann::json& e) {
  check_vector(r.smooth_x, e["smooth_x"], "smooth_x");
  REQUIRE(r.smooth.size() == e["smooth"].size());
  for (std::size_t j = 0; j < r.smooth.size(); ++j) {
    const auto& want = e["smooth"][j];
    CAPTURE(j);
    CHECK(r.smooth[j].name == want["name"].get<std::string>());
    REQUIRE(r.smooth[j].fitted == want["fitted"].get<bool>());
    if (!r.smooth[j].fitted) continue;
    check_vector(r.smooth[j].fit, want["fit"], "smooth fit");
    check_vector(r.smooth[j].lower, want["lower"], "smooth lower");
    check_vector(r.smooth[j].upper, want["upper"], "smooth upper");
  }
}

}  // namespace

// Every expected number comes from tests/golden/zph.json, written by tests/golden/gen_zph.R:
// cox.zph(coxph(...), transform) as each case's "r_call" records (R 4.2, survival 3.5-3), and
// plot.cox.zph's curves (df = 4, nsmo = 40), checked there against what plot() draws.
TEST_CASE("cox_zph agrees with R's cox.zph and plot.cox.zph (golden)") {
  const nlohmann::json golden = infant_all::test::load_json("golden/zph.json");
  for (const auto& c : golden["cases"]) {
    const std::string name = c["name"].get<std::string>();
    CAPTURE(name);
    const ZphCase z = read_case(c);
    const CoxZphResult r = run(z);
    REQUIRE_MESSAGE(r.status.ok(), r.status.message);
    const auto& e = c["expected"];
    CHECK(r.transform == c["transform"].get<std::string>());
    REQUIRE(r.table.size() == e["table"].size());
    for (std::size_t i = 0; i < r.table.size(); ++i) {
      const auto& want = e["table"][i];
      CHECK(r.table[i].term == want["term"].get<std::string>());
      CHECK_REL(r.table[i].chisq, num(want["chisq"]), kZphTol);
      CHECK(r.table[i].df == num(want["df"]));
      CHECK_REL(r.table[i].p, num(want["p"]), kZphTol);
    }
    check_vector(r.x, e["x"], "x");
    check_vector(r.time, e["time"], "time");
    if (e["strata"].is_array()) {
      // R labels the levels of a numeric stratum variable "sex=1"; the engine, given the labels
      // as text, reports the level ("1").
      const auto want = e["strata"].get<std::vector<std::string>>();
      REQUIRE(r.strata.size() == want.size());
      for (std::size_t i = 0; i < want.size(); ++i) {
        const std::size_t eq = want[i].find('=');
        CHECK(r.strata[i] == (eq == std::string::npos ? want[i] : want[i].substr(eq + 1)));
      }
    } else {
      CHECK(r.strata.empty());
    }
    REQUIRE(r.y_names == e["y_names"].get<std::vector<std::string>>());
    for (std::size_t j = 0; j < r.y_names.size(); ++j) {
      check_vector(r.y[j], e["y"][r.y_names[j]], "y");
    }
    const std::size_t q = r.y_names.size();
    for (std::size_t a = 0; a < q; ++a) {
      for (std::size_t b = 0; b < q; ++b) CHECK_REL(r.var[a * q + b], num(e["var"][a][b]), kZphTol);
    }
    check_smooth(r, e);
  }
}

// The order of the rows never matters: the same table and var, and the same (time, y) pairs
// (tied events may come in another order, as R's would).
TEST_CASE("cox_zph is invariant to row order; identity x is the time") {
  const nlohmann::json golden = infant_all::test::load_json("golden/zph.json");
  for (const auto& c : golden["cases"]) {
    const std::string name = c["name"].get<std::string>();
    if (name != "veteran_km" && name != "heart_strata_rank" && name != "ties_efron") continue;
    CAPTURE(name);
    const ZphCase z = read_case(c);
    const CoxZphResult a = run(z);
    const std::size_t n = z.input.time.size();
    std::vector<std::size_t> perm(n);
    std::iota(perm.begin(), perm.end(), std::size_t{0});
    std::mt19937 rng(20261124);
    std::shuffle(perm.begin(), perm.end(), rng);
    ZphCase s = z;
    for (std::size_t i = 0; i < n; ++i) {
      s.input.time[i] = z.input.time[perm[i]];
      s.input.status[i] = z.input.status[perm[i]];
      if (!z.input.entry.empty()) s.input.entry[i] = z.input.entry[perm[i]];
      if (!z.input.strata.empty()) s.input.strata.code[i] = z.input.strata.code[perm[i]];
      for (std::size_t j = 0; j < z.input.covariates.size(); ++j) {
        const Covariate& from = z.input.covariates[j];
        Covariate& to = s.input.covariates[j];
        if (from.is_categorical) {
          to.categorical.code[i] = from.categorical.code[perm[i]];
        } else {
          to.numeric[i] = from.numeric[perm[i]];
        }
      }
    }
    const CoxZphResult b = run(s);
    REQUIRE(b.status.ok());
    REQUIRE(a.table.size() == b.table.size());
    for (std::size_t i = 0; i < a.table.size(); ++i) {
      CHECK_REL(b.table[i].chisq, a.table[i].chisq, 1e-9);
    }
    for (std::size_t i = 0; i < a.var.size(); ++i) CHECK_REL(b.var[i], a.var[i], 1e-9);
    CHECK(a.x == b.x);
    CHECK(a.time == b.time);
    for (std::size_t j = 0; j < a.y.size(); ++j) {
      std::vector<std::pair<double, double>> pa, pb;
      for (std::size_t e = 0; e < a.time.size(); ++e) {
        pa.emplace_back(a.time[e], a.y[j][e]);
        pb.emplace_back(b.time[e], b.y[j][e]);
      }
      std::sort(pa.begin(), pa.end());
      std::sort(pb.begin(), pb.end());
      for (std::size_t e = 0; e < pa.size(); ++e) CHECK_CLOSE(pb[e].second, pa[e].second, 1e-9);
    }
    ZphCase id = z;
    id.zph.transform = ZphTransform::identity;
    const CoxZphResult r = run(id);
    CHECK(r.x == r.time);
  }
}

// A three-event example small enough to follow by hand: one binary covariate, no ties, identity
// transform. At beta = fit, the test has one df per term and GLOBAL equals the single term.
TEST_CASE("cox_zph: one covariate, GLOBAL equals the term; the smooth can be switched off") {
  const std::vector<double> time = {5, 1, 4, 2, 6, 3, 7, 8};
  const std::vector<int> status = {1, 1, 0, 1, 1, 0, 1, 0};
  const CoxInput in{time, status, {Covariate::make_numeric("x", {1, 0, 1, 0, 0, 1, 1, 0})}, {}};
  const CoxResult fit = infant_all::cox_ph(in);
  CoxZphOptions opt;
  opt.smooth = false;
  const CoxZphResult r = infant_all::cox_zph(in, fit, opt);
  REQUIRE(r.status.ok());
  REQUIRE(r.table.size() == 2);
  CHECK(r.table[1].term == "GLOBAL");
  CHECK_REL(r.table[1].chisq, r.table[0].chisq, 1e-12);
  CHECK(r.x.size() == 5);
  CHECK(r.smooth.empty());
  CHECK(r.smooth_x.empty());
}

TEST_CASE("cox_zph errors name the argument") {
  const std::vector<double> time = {0, 1, 4, 2, 6, 3, 7, 8};
  const std::vector<int> status = {1, 1, 0, 1, 1, 0, 1, 0};
  const CoxInput in{time, status, {Covariate::make_numeric("x", {1, 0, 1, 0, 0, 1, 1, 0})}, {}};
  const CoxResult fit = infant_all::cox_ph(in);
  CoxZphOptions opt;
  opt.transform = ZphTransform::log;
  CoxZphResult r = infant_all::cox_zph(in, fit, opt);
  CHECK(r.status.argument == "transform");
  CHECK(r.status.message.find("cox_zph: ") == 0);

  CoxInput other = in;
  other.time[2] = NAN;  // another row set than the fit's
  r = infant_all::cox_zph(other, fit);
  CHECK(r.status.argument == "fit");

  opt = {};
  opt.smooth_df = 1;
  r = infant_all::cox_zph(in, fit, opt);
  CHECK(r.status.argument == "smooth_df");

  CoxInput bad = in;
  bad.time[0] = -1;
  r = infant_all::cox_zph(bad, infant_all::cox_ph(bad));
  CHECK(r.status.argument == "fit");
}
