#include "infant_all/stats/concordance.h"

#include <doctest/doctest.h>

#include <algorithm>
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

namespace {

// The pair definitions of concordance.h, every pair enumerated: O(n^2), for the tests only.
struct PairReference {
  double concordant = 0, discordant = 0, tied_x = 0, tied_y = 0, tied_xy = 0;
  double concordance = 0, std_err = 0;
};

PairReference pair_reference(const std::vector<double>& time, const std::vector<int>& status,
                             const std::vector<double>& x, const std::vector<int>& strata) {
  const std::size_t n = time.size();
  const auto stratum = [&](std::size_t i) { return strata.empty() ? 0 : strata[i]; };
  std::vector<double> c(n, 0), d(n, 0), t(n, 0);
  PairReference ref;
  for (std::size_t i = 0; i < n; ++i) {
    if (!status[i]) continue;  // i is the member with the event
    for (std::size_t j = 0; j < n; ++j) {
      if (j == i || stratum(j) != stratum(i)) continue;
      if (time[j] == time[i] && status[j]) {
        if (i < j) (x[i] == x[j] ? ref.tied_xy : ref.tied_y) += 1;
        continue;
      }
      if (time[j] < time[i]) continue;  // j left before i's event
      double* own = x[j] > x[i] ? c.data() : (x[j] < x[i] ? d.data() : t.data());
      (x[j] > x[i] ? ref.concordant : (x[j] < x[i] ? ref.discordant : ref.tied_x)) += 1;
      own[i] += 1;
      own[j] += 1;
    }
  }
  const double npair = ref.concordant + ref.discordant + ref.tied_x;
  const double somers = (ref.concordant - ref.discordant) / npair;
  double var = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double dfb = (c[i] - d[i]) / npair - somers / npair * (c[i] + d[i] + t[i]);
    var += dfb * dfb;
  }
  ref.concordance = (somers + 1) / 2;
  ref.std_err = std::sqrt(var) / 2;
  return ref;
}

}  // namespace

// Property: the merge-sort count equals the pair definition on data built to reach every branch
// of it: sizes around its run length (16) and its merge levels, a stratum of one row, strata
// codes neither contiguous nor sorted, all events, all times tied, x continuous with repeats.
TEST_CASE("concordance equals the pair definition across sizes, ties and strata") {
  std::mt19937_64 rng(20261205);
  struct Shape {
    int n, n_time, n_x, n_strata;
    double p_event;
  };
  const Shape shapes[] = {{2, 2, 2, 1, 1.0},       {15, 3, 4, 1, 0.7},     {16, 5, 16, 1, 0.5},
                          {17, 4, 3, 2, 0.6},      {33, 1, 5, 1, 0.8},     {64, 64, 64, 3, 1.0},
                          {100, 7, 1, 2, 0.5},     {257, 20, 9, 5, 0.3},   {1000, 50, 1000, 1, 0.6},
                          {3000, 300, 40, 4, 0.7}, {4099, 9, 4099, 1, 0.9}};
  for (const Shape& sh : shapes) {
    CAPTURE(sh.n);
    CAPTURE(sh.n_time);
    CAPTURE(sh.n_x);
    CAPTURE(sh.n_strata);
    std::vector<double> time(sh.n), x(sh.n);
    std::vector<int> status(sh.n), strata(sh.n);
    std::uniform_real_distribution<double> unif(0, 1);
    for (int i = 0; i < sh.n; ++i) {
      time[i] = static_cast<double>(rng() % static_cast<unsigned>(sh.n_time)) * 0.5;
      status[i] = unif(rng) < sh.p_event ? 1 : 0;
      x[i] = sh.n_x == sh.n ? unif(rng) - 0.5 : static_cast<double>(rng() % sh.n_x) - 2;
      strata[i] = 7 * static_cast<int>(rng() % static_cast<unsigned>(sh.n_strata)) - 3;
    }
    if (sh.n_strata > 1) strata[0] = 1000;  // a stratum of one row
    const std::vector<int> no_strata;
    const std::vector<int>& s = sh.n_strata > 1 ? strata : no_strata;
    const PairReference ref = pair_reference(time, status, x, s);
    for (bool reverse : {false, true}) {
      CAPTURE(reverse);
      const ConcordanceResult r = infant_all::concordance(time, status, x, s, reverse);
      REQUIRE(r.status.ok());
      CHECK(r.concordant == (reverse ? ref.discordant : ref.concordant));
      CHECK(r.discordant == (reverse ? ref.concordant : ref.discordant));
      CHECK(r.tied_x == ref.tied_x);
      CHECK(r.tied_y == ref.tied_y);
      CHECK(r.tied_xy == ref.tied_xy);
      CHECK_CLOSE(r.concordance, reverse ? 1 - ref.concordance : ref.concordance, 1e-14);
      CHECK_CLOSE(r.std_err, ref.std_err, 1e-12);
    }
    // Row order never matters, to the last bit.
    std::vector<std::size_t> perm(time.size());
    for (std::size_t i = 0; i < perm.size(); ++i) perm[i] = i;
    std::shuffle(perm.begin(), perm.end(), rng);
    std::vector<double> time2(sh.n), x2(sh.n);
    std::vector<int> status2(sh.n), strata2(sh.n);
    for (std::size_t i = 0; i < perm.size(); ++i) {
      time2[i] = time[perm[i]];
      x2[i] = x[perm[i]];
      status2[i] = status[perm[i]];
      strata2[i] = strata[perm[i]];
    }
    const ConcordanceResult a = infant_all::concordance(time, status, x, s, true);
    const ConcordanceResult b =
        infant_all::concordance(time2, status2, x2, sh.n_strata > 1 ? strata2 : no_strata, true);
    CHECK(b.concordant == a.concordant);
    CHECK(b.tied_x == a.tied_x);
    CHECK_CLOSE(b.concordance, a.concordance, 0);  // tolerance 0: equal, or both NaN
    CHECK_CLOSE(b.std_err, a.std_err, 0);
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
