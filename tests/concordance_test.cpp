#include "infant_all/stats/concordance.h"

#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "test_util.h"

using infant_all::ConcordanceResult;
using infant_all::StatusCode;
using infant_all::test::kDirectTol;
using infant_all::test::num;
using infant_all::test::nums;

// Expected values: tests/golden/cox_concordance.json, written by tests/golden/gen_cox.R with
// concordance(Surv(time, status) ~ x [+ strata(s)], reverse = ...) (survival 3.5-3):
// colSums(fit$count), fit$concordance, sqrt(fit$var). "twelve_strata" exercises R's path for
// more than 10 strata (it recodes them as counting-process data; the pairs are the same).
TEST_CASE("concordance matches survival's concordance()") {
  const auto golden = infant_all::test::load_json("golden/cox_concordance.json");
  for (const auto& c : golden["cases"]) {
    CAPTURE(c["name"].get<std::string>());
    const std::vector<double> time = nums(c["time"]);
    const std::vector<double> x = nums(c["x"]);
    std::vector<int> status, strata;
    for (double s : nums(c["status"])) status.push_back(static_cast<int>(s));
    if (c.contains("strata") && c["strata"].is_array()) {
      for (double s : nums(c["strata"])) strata.push_back(static_cast<int>(s));
    }
    const ConcordanceResult r =
        infant_all::concordance(time, status, x, strata, c["reverse"].get<bool>());
    REQUIRE(r.status.ok());
    const auto& e = c["expected"];
    CHECK(r.concordant == num(e["concordant"]));
    CHECK(r.discordant == num(e["discordant"]));
    CHECK(r.tied_x == num(e["tied_x"]));
    CHECK(r.tied_y == num(e["tied_y"]));
    CHECK(r.tied_xy == num(e["tied_xy"]));
    CHECK_CLOSE(r.concordance, num(e["concordance"]), kDirectTol);
    CHECK_CLOSE(r.std_err, num(e["std_err"]), kDirectTol);
  }
}

// Property: the O(n log n) walk gives what the pair definition gives when every pair is
// enumerated (counts and the infinitesimal-jackknife SE of concordance.h's header).
TEST_CASE("concordance equals brute-force pair enumeration") {
  std::mt19937 rng(2026);
  for (int rep = 0; rep < 20; ++rep) {
    CAPTURE(rep);
    // The last size passes the radix-sort threshold (2048 rows) of concordance.cpp.
    const int n = rep == 19 ? 2500 : 30 + rep * 5;
    std::vector<double> time(n), x(n);
    std::vector<int> status(n), strata(n);
    for (int i = 0; i < n; ++i) {
      time[i] = static_cast<double>(rng() % 12);  // many ties in time
      status[i] = static_cast<int>(rng() % 3 != 0);
      x[i] = static_cast<double>(rng() % 5);  // many ties in x
      strata[i] = rep % 2 ? static_cast<int>(rng() % 3) : 0;
    }
    std::vector<double> c(n, 0), d(n, 0), t(n, 0);
    double conc = 0, disc = 0, tx = 0, ty = 0, txy = 0;
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < n; ++j) {
        if (i == j || strata[i] != strata[j] || !status[i]) continue;
        if (time[j] == time[i] && status[j]) {
          if (i < j) (x[i] == x[j] ? txy : ty) += 1;
          continue;
        }
        if (!(time[j] > time[i] || (time[j] == time[i] && !status[j]))) continue;
        // i had the event first; j is the longer survivor.
        if (x[j] > x[i]) {
          conc += 1, c[i] += 1, c[j] += 1;
        } else if (x[j] < x[i]) {
          disc += 1, d[i] += 1, d[j] += 1;
        } else {
          tx += 1, t[i] += 1, t[j] += 1;
        }
      }
    }
    const double npair = conc + disc + tx;
    const double somers = (conc - disc) / npair;
    double var = 0;
    for (int i = 0; i < n; ++i) {
      const double dfb = (c[i] - d[i]) / npair - somers / npair * (c[i] + d[i] + t[i]);
      var += dfb * dfb;
    }
    for (bool reverse : {false, true}) {
      const ConcordanceResult r = infant_all::concordance(time, status, x, strata, reverse);
      REQUIRE(r.status.ok());
      CHECK(r.concordant == (reverse ? disc : conc));
      CHECK(r.discordant == (reverse ? conc : disc));
      CHECK(r.tied_x == tx);
      CHECK(r.tied_y == ty);
      CHECK(r.tied_xy == txy);
      const double cidx = (somers + 1) / 2;
      CHECK_CLOSE(r.concordance, reverse ? 1 - cidx : cidx, 1e-14);
      CHECK_CLOSE(r.std_err, std::sqrt(var) / 2, 1e-12);
    }
  }
}

TEST_CASE("concordance: no comparable pair gives NaN; bad input is named") {
  // All censored: nothing to compare (R: concordance NaN).
  const ConcordanceResult none = infant_all::concordance({1, 2, 3}, {0, 0, 0}, {1, 2, 3});
  REQUIRE(none.status.ok());
  CHECK(std::isnan(none.concordance));
  CHECK(std::isnan(none.std_err));

  struct Row {
    const char* what;
    std::vector<double> time;
    std::vector<int> status;
    std::vector<double> x;
    std::vector<int> strata;
    const char* part;
    const char* argument;  // Status::argument
    std::size_t row;       // Status::row: 1-based, 0 when the error is not about one row
  };
  const Row rows[] = {
      {"empty", {}, {}, {}, {}, "time is empty", "time", 0},
      {"status length", {1, 2}, {1}, {1, 2}, {}, "status has length 1", "status", 0},
      {"x length", {1, 2}, {1, 0}, {1}, {}, "x has length 1", "x", 0},
      {"strata length", {1, 2}, {1, 0}, {1, 2}, {1}, "strata has length 1", "strata", 0},
      {"negative time", {1, -2}, {1, 0}, {1, 2}, {}, "time[2]", "time", 2},
      {"NaN time", {NAN, 2}, {1, 0}, {1, 2}, {}, "time[1]", "time", 1},
      {"status coding", {1, 2}, {1, 2}, {1, 2}, {}, "status[2] is not 0 or 1", "status", 2},
      {"NaN x", {1, 2}, {1, 0}, {1, NAN}, {}, "x[2] is not finite", "x", 2},
  };
  for (const Row& r : rows) {
    CAPTURE(r.what);
    const ConcordanceResult res = infant_all::concordance(r.time, r.status, r.x, r.strata);
    CHECK(res.status.code == StatusCode::invalid_argument);
    INFO(res.status.message);
    CHECK(res.status.message.find(r.part) != std::string::npos);
    CHECK(res.status.argument == r.argument);
    CHECK(res.status.row == r.row);
  }
}
