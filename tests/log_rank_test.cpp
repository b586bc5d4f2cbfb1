#include "infant_all/stats/log_rank.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "test_util.h"

using infant_all::GroupCodes;
using infant_all::log_rank;
using infant_all::LogRankInput;
using infant_all::LogRankOptions;
using infant_all::LogRankResult;
using infant_all::StatusCode;
using infant_all::test::kDirectTol;
using infant_all::test::labels;
using infant_all::test::load_json;
namespace test = infant_all::test;
using infant_all::test::nums;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

LogRankInput input_from(const nlohmann::json& c) {
  LogRankInput in;
  in.time = nums(c["time"]);
  for (const auto& v : c["status"]) {
    in.status.push_back(v.is_null() ? LogRankInput::kMissingStatus : v.get<int>());
  }
  in.group = labels(c["group"]);
  if (c.contains("strata")) in.strata = labels(c["strata"]);
  return in;
}

LogRankOptions options_from(const nlohmann::json& c) {
  LogRankOptions opt;
  opt.rho = c["rho"].get<double>();
  if (c.contains("levels")) opt.levels = labels(c["levels"]);
  if (c.contains("scores")) opt.trend_scores = nums(c["scores"]);
  return opt;
}

void check_against(const LogRankResult& r, const nlohmann::json& c, double tol) {
  REQUIRE(r.status.ok());
  CHECK(r.groups == labels(c["groups"]));
  const auto n = nums(c["n"]);
  REQUIRE(r.n.size() == n.size());
  for (size_t j = 0; j < n.size(); ++j) CHECK(r.n[j] == static_cast<int>(n[j]));
  const auto obs = nums(c["obs"]), exp = nums(c["exp"]);
  REQUIRE(r.obs.size() == obs.size());
  for (size_t j = 0; j < obs.size(); ++j) {
    CAPTURE(j);
    CHECK_REL(r.obs[j], obs[j], tol);
    CHECK_REL(r.exp[j], exp[j], tol);
    const auto v = nums(c["var"][j]);
    for (size_t l = 0; l < v.size(); ++l) {
      CAPTURE(l);
      CHECK_REL(r.var[j][l], v[l], tol);
    }
  }
  CHECK_REL(r.chisq, nums(c["chisq"])[0], tol);
  CHECK(r.df == static_cast<int>(nums(c["df"])[0]));
  CHECK_REL(r.p, nums(c["p"])[0], tol);
  const auto scores = nums(c["trend_scores"]);
  CHECK(r.trend_scores == scores);
  CHECK_REL(r.trend_chisq, nums(c["trend_chisq"])[0], tol);
  CHECK_REL(r.trend_p, nums(c["trend_p"])[0], tol);
  if (c.contains("strata")) {
    CHECK(r.strata == labels(c["strata_levels"]));
    REQUIRE(r.obs_by_stratum.size() == c["obs_by_stratum"].size());
    for (size_t s = 0; s < r.obs_by_stratum.size(); ++s) {
      const auto os = nums(c["obs_by_stratum"][s]), es = nums(c["exp_by_stratum"][s]);
      for (size_t j = 0; j < os.size(); ++j) {
        CAPTURE(s);
        CAPTURE(j);
        CHECK_REL(r.obs_by_stratum[s][j], os[j], tol);
        CHECK_REL(r.exp_by_stratum[s][j], es[j], tol);
      }
    }
  } else {
    CHECK(r.strata.empty());
  }
}

}  // namespace

// Every case in tests/golden/logrank.json: survdiff() output (tests/golden/gen_logrank.R), the
// trend test from survdiff's obs/exp/var as written there. 1e-10 relative on every number.
TEST_CASE("log_rank matches R's survdiff on the golden cases") {
  const auto cases = load_json("golden/logrank.json");
  REQUIRE(cases.size() >= 19);
  for (const auto& c : cases) {
    const std::string name = c["name"].get<std::string>();
    CAPTURE(name);
    const LogRankResult r = log_rank(input_from(c), options_from(c));
    check_against(r, c, kDirectTol);
  }
}

TEST_CASE("log_rank on aml reproduces the printed survdiff reference") {
  // ENGINE.md / print(survdiff(Surv(time, status) ~ x, data = aml)): Maintained O 7 E 10.69,
  // Nonmaintained O 11 E 7.31, Chisq = 3.4 on 1 df, p = 0.07.
  const auto cases = load_json("golden/logrank.json");
  const auto& c = cases[0];
  REQUIRE(c["name"] == "aml");
  const LogRankResult r = log_rank(input_from(c));
  REQUIRE(r.status.ok());
  CHECK(r.obs[0] == 7);
  CHECK(r.obs[1] == 11);
  CHECK(std::round(r.exp[0] * 100) / 100 == doctest::Approx(10.69).epsilon(1e-12));
  CHECK(std::round(r.exp[1] * 100) / 100 == doctest::Approx(7.31).epsilon(1e-12));
  CHECK(std::round(r.chisq * 10) / 10 == doctest::Approx(3.4).epsilon(1e-12));
  CHECK(std::round(r.p * 100) / 100 == doctest::Approx(0.07).epsilon(1e-12));
  CHECK(r.df == 1);
}

TEST_CASE("log_rank on a four-subject example derived by hand") {
  // Group A: events at 1 and 3; group B: event at 2, censored at 4 (rows deliberately unsorted).
  // t = 1: n 4, d 1, r_A 2: E_A 1/2, V 1 * 3/3 * (2/4)(2/4) = 1/4
  // t = 2: n 3, d 1, r_A 1: E_A 1/3, V 1 * 2/2 * (1/3)(2/3) = 2/9
  // t = 3: n 2, d 1, r_A 1: E_A 1/2, V 1 * 1/1 * (1/2)(1/2) = 1/4
  // O_A = 2, E_A = 4/3, V_AA = 13/18, chisq = (2/3)^2 / (13/18) = 8/13.
  LogRankInput in;
  in.time = {4, 1, 3, 2};
  in.status = {0, 1, 1, 1};
  in.group = {"B", "A", "A", "B"};
  const LogRankResult r = log_rank(in);
  REQUIRE(r.status.ok());
  CHECK_REL(r.obs[0], 2.0, 1e-15);
  CHECK_REL(r.exp[0], 4.0 / 3, 1e-15);
  CHECK_REL(r.exp[1], 5.0 / 3, 1e-15);
  CHECK_REL(r.var[0][0], 13.0 / 18, 1e-15);
  CHECK_REL(r.var[0][1], -13.0 / 18, 1e-15);
  CHECK_REL(r.chisq, 8.0 / 13, 1e-14);
  CHECK(r.df == 1);
  CHECK_REL(r.trend_chisq, 8.0 / 13, 1e-14);  // two groups: trend = the log-rank chi-square
}

TEST_CASE("log_rank is invariant to row order and to relabelling groups") {
  const auto cases = load_json("golden/logrank.json");
  std::mt19937 rng(20261124);
  for (const auto& c : cases) {
    const std::string name = c["name"].get<std::string>();
    CAPTURE(name);
    const LogRankOptions opt = options_from(c);
    const LogRankInput in = input_from(c);
    const LogRankResult base = log_rank(in, opt);
    REQUIRE(base.status.ok());

    // Shuffle rows.
    std::vector<size_t> perm(in.time.size());
    for (size_t i = 0; i < perm.size(); ++i) perm[i] = i;
    std::shuffle(perm.begin(), perm.end(), rng);
    LogRankInput sh;
    sh.group.levels = in.group.levels;
    sh.strata.levels = in.strata.levels;
    for (size_t i : perm) {
      sh.time.push_back(in.time[i]);
      sh.status.push_back(in.status[i]);
      sh.group.code.push_back(in.group.code[i]);
      if (!in.strata.empty()) sh.strata.code.push_back(in.strata.code[i]);
    }
    const LogRankResult r1 = log_rank(sh, opt);
    REQUIRE(r1.status.ok());
    CHECK(r1.groups == base.groups);
    CHECK(r1.excluded_rows.size() == base.excluded_rows.size());
    for (size_t j = 0; j < base.obs.size(); ++j) {
      CHECK_REL(r1.obs[j], base.obs[j], 1e-12);
      CHECK_REL(r1.exp[j], base.exp[j], 1e-12);
    }
    CHECK_REL(r1.chisq, base.chisq, 1e-12);
    CHECK_REL(r1.trend_chisq, base.trend_chisq, 1e-12);

    // Relabel: prefix labels so that the sorted order reverses; O and E follow their group and
    // the k-sample chi-square (not the trend test, whose scores follow the order) is unchanged.
    if (!opt.levels.empty() || !opt.trend_scores.empty()) continue;
    LogRankInput rl = in;
    const size_t k = base.groups.size();
    std::vector<std::string> relabelled(in.group.size());
    for (size_t i = 0; i < relabelled.size(); ++i) {
      const std::string& g = in.group.label(i);
      if (g.empty()) continue;
      const size_t j = static_cast<size_t>(std::find(base.groups.begin(), base.groups.end(), g) -
                                           base.groups.begin());
      relabelled[i] = "g" + std::to_string(k - j) + "_" + g;
    }
    rl.group = relabelled;
    const LogRankResult r2 = log_rank(rl, opt);
    REQUIRE(r2.status.ok());
    for (size_t j = 0; j < k; ++j) {
      CHECK(r2.groups[k - 1 - j] == "g" + std::to_string(k - j) + "_" + base.groups[j]);
      CHECK_REL(r2.obs[k - 1 - j], base.obs[j], 1e-12);
      CHECK_REL(r2.exp[k - 1 - j], base.exp[j], 1e-12);
    }
    CHECK(r2.df == base.df);
    CHECK_REL(r2.chisq, base.chisq, 1e-9);
    CHECK_REL(r2.p, base.p, 1e-9);
  }
}

TEST_CASE("log_rank excludes rows with missing values and counts them") {
  LogRankInput in;
  in.time = {4, 1, kNaN, 3, 2, 5, 6};
  in.status = {0, 1, 1, 1, 1, LogRankInput::kMissingStatus, 1};
  in.group = {"B", "A", "A", "A", "B", "A", ""};
  const LogRankResult r = log_rank(in);
  REQUIRE(r.status.ok());
  CHECK(r.n_excluded == 3);
  CHECK(r.excluded_rows == std::vector<int>{3, 6, 7});
  CHECK(r.n == std::vector<int>{2, 2});
  CHECK_REL(r.chisq, 8.0 / 13, 1e-14);  // the hand example above

  in.strata = {"", "x", "x", "x", "x", "x", "x"};
  const LogRankResult r2 = log_rank(in);
  REQUIRE(r2.status.ok());
  CHECK(r2.excluded_rows == std::vector<int>{1, 3, 6, 7});
}

TEST_CASE("log_rank rejects invalid input with a message naming argument and row") {
  struct Row {
    const char* name;
    LogRankInput in;
    LogRankOptions opt;
    const char* message;
    const char* argument;  // Status::argument
    std::size_t row;       // Status::row: 1-based, 0 when the error is not about one row
  };
  const LogRankInput ok{{1, 2, 3, 4}, {1, 0, 1, 1}, {"a", "a", "b", "b"}, {}};
  auto with = [&](auto f) {
    LogRankInput x = ok;
    f(x);
    return x;
  };
  LogRankOptions neg_rho;
  neg_rho.rho = -1;
  LogRankOptions bad_levels;
  bad_levels.levels = {"a", "b", "c"};
  LogRankOptions short_levels;
  short_levels.levels = {"a"};
  LogRankOptions bad_scores;
  bad_scores.trend_scores = {1, 2, 3};
  const Row rows[] = {
      {"empty", LogRankInput{}, {}, "log_rank: time is empty", "time", 0},
      {"status length",
       with([](LogRankInput& x) { x.status.pop_back(); }),
       {},
       "log_rank: status has 3 rows but time has 4",
       "status",
       0},
      {"group length",
       with([](LogRankInput& x) { x.group.code.pop_back(); }),
       {},
       "log_rank: group has 3 rows but time has 4",
       "group",
       0},
      {"strata length",
       with([](LogRankInput& x) { x.strata = {"s"}; }),
       {},
       "log_rank: strata has 1 rows but time has 4",
       "strata",
       0},
      {"group code out of range",
       with([](LogRankInput& x) { x.group.code[1] = 5; }),
       {},
       "log_rank: group[2] is not a level's code (5)",
       "group",
       2},
      {"negative time",
       with([](LogRankInput& x) { x.time[2] = -1; }),
       {},
       "log_rank: time[3] is negative (-1)",
       "time",
       3},
      {"infinite time",
       with([](LogRankInput& x) { x.time[1] = INFINITY; }),
       {},
       "log_rank: time[2] is not finite (inf)",
       "time",
       2},
      {"status coding",
       with([](LogRankInput& x) { x.status[3] = 2; }),
       {},
       "log_rank: status[4] is 2; expected 0 (censored) or 1 (event)",
       "status",
       4},
      {"one group",
       with([](LogRankInput& x) {
         x.group = {"a", "a", "a", "a"};
       }),
       {},
       "log_rank: only one group (\"a\"); at least two are needed",
       "group",
       0},
      {"one group after exclusion",
       with([](LogRankInput& x) { x.time[2] = x.time[3] = NAN; }),
       {},
       "log_rank: only one group (\"a\"); at least two are needed",
       "group",
       0},
      {"all excluded",
       with([](LogRankInput& x) {
         x.group = {"", "", "", ""};
       }),
       {},
       "log_rank: no rows left after excluding 4 with missing values",
       "",
       0},
      {"negative rho", ok, neg_rho, "log_rank: rho must be finite and >= 0 (-1)", "rho", 0},
      {"level without rows", ok, bad_levels, "log_rank: group \"c\" has no rows (after exclusions)",
       "group", 0},
      {"label not a level", ok, short_levels,
       "log_rank: group[3] (\"b\") is not one of the given levels", "group", 3},
      {"trend scores length", ok, bad_scores,
       "log_rank: trend_scores has 3 values but there are 2 groups", "trend_scores", 0},
  };
  for (const auto& row : rows) {
    CAPTURE(row.name);
    const LogRankResult r = log_rank(row.in, row.opt);
    CHECK(r.status.code == StatusCode::invalid_argument);
    CHECK(r.status.message == row.message);
    CHECK(r.status.argument == row.argument);
    CHECK(r.status.row == row.row);
  }
}

TEST_CASE("log_rank degenerate tests follow R") {
  // No events: R prints "Chisq= 0 on -1 degrees of freedom, p= NA" (survdiff on
  // data.frame(t = c(1, 2, 3), s = 0, g = c("a", "b", "a"))).
  LogRankInput none{{1, 2, 3}, {0, 0, 0}, {"a", "b", "a"}, {}};
  const LogRankResult r = log_rank(none);
  REQUIRE(r.status.ok());
  CHECK(r.chisq == 0.0);
  CHECK(r.df == -1);
  CHECK(std::isnan(r.p));
  CHECK(!r.warning.empty());

  // Group c alone in its own stratum with one event at n = 1: E_c = 1 but no variance, and R
  // stops: survdiff(Surv(t, s) ~ g + strata(st), data.frame(t = c(1, 2, 1.5, 3, 5),
  // s = c(1, 0, 1, 0, 1), g = c("a", "a", "b", "b", "c"), st = c(1, 1, 1, 1, 2))) gives
  // "Lapack routine dgesv: system is exactly singular".
  LogRankInput sing{
      {1, 2, 1.5, 3, 5}, {1, 0, 1, 0, 1}, {"a", "a", "b", "b", "c"}, {"1", "1", "1", "1", "2"}};
  const LogRankResult s = log_rank(sing);
  CHECK(s.status.code == StatusCode::singular);
  CHECK(std::isnan(s.chisq));
  CHECK(s.obs == std::vector<double>{1, 1, 1});
}

namespace {

// Straightforward reference for large inputs: std::sort on (stratum, time), then the survdiff
// sums term by term as R's survdiff2.c writes them. Used to check the radix-sorted fast path.
struct Reference {
  std::vector<double> obs, exp, var;
};

Reference reference_log_rank(const LogRankInput& in, const std::vector<std::string>& levels,
                             double rho) {
  const size_t k = levels.size();
  std::vector<size_t> idx(in.time.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  auto stratum = [&](size_t i) { return in.strata.empty() ? std::string() : in.strata.label(i); };
  std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
    if (stratum(a) != stratum(b)) return stratum(a) < stratum(b);
    return in.time[a] < in.time[b];
  });
  auto gidx = [&](size_t i) {
    return static_cast<size_t>(std::find(levels.begin(), levels.end(), in.group.label(i)) -
                               levels.begin());
  };
  Reference ref{std::vector<double>(k), std::vector<double>(k), std::vector<double>(k * k)};
  for (size_t lo = 0; lo < idx.size();) {
    size_t hi = lo;
    while (hi < idx.size() && stratum(idx[hi]) == stratum(idx[lo])) ++hi;
    std::vector<double> risk(k);
    for (size_t i = lo; i < hi; ++i) risk[gidx(idx[i])] += 1;
    double km = 1;
    for (size_t i = lo; i < hi;) {
      size_t j = i;
      std::vector<double> d(k), leave(k);
      double deaths = 0;
      for (; j < hi && in.time[idx[j]] == in.time[idx[i]]; ++j) {
        d[gidx(idx[j])] += in.status[idx[j]];
        leave[gidx(idx[j])] += 1;
        deaths += in.status[idx[j]];
      }
      const double nrisk = static_cast<double>(hi - i);
      const double w = std::pow(km, rho);
      if (deaths > 0) {
        for (size_t g = 0; g < k; ++g) {
          ref.obs[g] += w * d[g];
          ref.exp[g] += w * deaths * risk[g] / nrisk;
        }
        if (nrisk > 1) {
          for (size_t a = 0; a < k; ++a) {
            const double tmp = w * w * deaths * risk[a] * (nrisk - deaths) / (nrisk * (nrisk - 1));
            ref.var[a * k + a] += tmp;
            for (size_t b = 0; b < k; ++b) ref.var[a * k + b] -= tmp * risk[b] / nrisk;
          }
        }
        km *= (nrisk - deaths) / nrisk;
      }
      for (size_t g = 0; g < k; ++g) risk[g] -= leave[g];
      i = j;
    }
    lo = hi;
  }
  return ref;
}

}  // namespace

TEST_CASE("log_rank on 120000 rows agrees with a plain std::sort reference") {
  // Large enough for the radix-sort path. Times: continuous, rounded (ties), and pairs of
  // distinct doubles that round to the same float (1 + 2^-40 apart), with timefix off so they
  // must stay distinct.
  std::mt19937_64 rng(7);
  std::exponential_distribution<double> et(0.1);
  std::uniform_int_distribution<int> pick(0, 3);
  LogRankInput in;
  const std::vector<std::string> levels = {"a", "b", "c", "d"};
  std::vector<std::string> group, strata;
  for (int i = 0; i < 120000; ++i) {
    double t = et(rng);
    if (i % 3 == 1) t = std::round(t * 10) / 10;
    if (i % 5 == 2) t = std::nextafter(std::floor(t) + 1, 0) - std::ldexp(1.0, -40) * (i % 7);
    if (i % 101 == 0) t = 0;
    in.time.push_back(t);
    in.status.push_back(pick(rng) == 0 ? 0 : 1);
    group.push_back(levels[pick(rng)]);
    strata.push_back(i % 4 == 0 ? "x" : "y");
  }
  in.group = group;
  in.strata = strata;
  for (double rho : {0.0, 1.0, 0.5}) {
    CAPTURE(rho);
    LogRankOptions opt;
    opt.rho = rho;
    opt.timefix = false;
    const LogRankResult r = log_rank(in, opt);
    REQUIRE(r.status.ok());
    const Reference ref = reference_log_rank(in, levels, rho);
    for (size_t a = 0; a < 4; ++a) {
      CAPTURE(a);
      CHECK_REL(r.obs[a], ref.obs[a], 1e-12);
      CHECK_REL(r.exp[a], ref.exp[a], 1e-11);
      for (size_t b = 0; b < 4; ++b) CHECK_REL(r.var[a][b], ref.var[a * 4 + b], 1e-10);
    }
  }
}

// (start, stop] data: the Mantel-Byar test. Stanford heart transplant data as survival's `heart`
// holds them (tests/golden/timedep.json "mantel_byar"): R's coxph(Surv(start, stop, event) ~
// transplant, ties = "exact")$score = 0.1750858..., and the same by hand from O - E and the
// hypergeometric variance (gen_timedep.R).
TEST_CASE("log_rank with entry times is the Mantel-Byar test (heart transplant data)") {
  const nlohmann::json g = test::load_json("golden/timedep.json")["mantel_byar"];
  LogRankInput in;
  in.entry = test::nums(g["start"]);
  in.time = test::nums(g["stop"]);
  for (const auto& v : g["event"]) in.status.push_back(v.get<int>());
  std::vector<std::string> labels;
  for (const auto& v : g["transplant"]) labels.push_back(std::to_string(v.get<int>()));
  in.group = GroupCodes(labels);
  const LogRankResult r = log_rank(in);
  REQUIRE(r.status.ok());
  double exact = 0;
  for (const auto& t : g["tests"]) {
    if (t["ties"] == "exact") exact = t["stat"].get<double>();
  }
  CHECK(test::close(r.chisq, exact, test::kIterativeTol));
  CHECK(test::close(r.chisq, g["by_hand"]["stat"].get<double>(), test::kDirectTol));
  CHECK(test::close(r.obs[1] - r.exp[1], g["by_hand"]["observed_minus_expected"].get<double>(),
                    test::kDirectTol));
  CHECK(test::close(r.var[1][1], g["by_hand"]["variance"].get<double>(), test::kDirectTol));
  CHECK(r.df == 1);
}

TEST_CASE("log_rank entry times: all below every time change nothing; checks name the row") {
  // Entry 0 (or below 0) for everyone is the ordinary log-rank test, bit for bit.
  LogRankInput plain;
  plain.time = {5, 8, 8, 3, 12, 7, 9, 2, 10, 6};
  plain.status = {1, 1, 0, 1, 0, 1, 1, 0, 1, 1};
  plain.group = GroupCodes{"a", "b", "a", "b", "a", "b", "a", "b", "a", "b"};
  LogRankInput entered = plain;
  entered.entry = {0, 0, -1, 0, 0, 0, 0, 0, -2.5, 0};
  const LogRankResult a = log_rank(plain), b = log_rank(entered);
  REQUIRE(a.status.ok());
  REQUIRE(b.status.ok());
  CHECK(a.chisq == b.chisq);
  CHECK(a.var == b.var);
  CHECK(a.exp == b.exp);
  // Late entry shrinks the risk sets. By hand, rows (entry, time, status, group): (0, 2, 1, a),
  // (0, 4, 1, b), (3, 5, 1, a), (0, 6, 0, b). t = 2: at risk rows 1, 2, 4 (row 3 enters at 3):
  // E_a = 1/3, V = (1/3)(2/3) = 2/9; t = 4: rows 2, 3, 4: E_a = 1/3, V = 2/9; t = 5: rows 3, 4:
  // E_a = 1/2, V = 1/4. O_a = 2, E_a = 7/6, V = 25/36: chisq = (5/6)^2 / (25/36) = 1. From time
  // 0 instead: E_a = 1/2 + 1/3 + 1/2 = 4/3, V = 1/4 + 2/9 + 1/4 = 13/18, chisq = 8/13.
  LogRankInput four;
  four.time = {2, 4, 5, 6};
  four.status = {1, 1, 1, 0};
  four.group = GroupCodes{"a", "b", "a", "b"};
  CHECK(test::close(log_rank(four).chisq, 8.0 / 13.0, kDirectTol));
  four.entry = {0, 0, 3, 0};
  const LogRankResult late = log_rank(four);
  REQUIRE(late.status.ok());
  CHECK(test::close(late.exp[0], 7.0 / 6.0, kDirectTol));
  CHECK(test::close(late.var[0][0], 25.0 / 36.0, kDirectTol));
  CHECK(test::close(late.chisq, 1.0, kDirectTol));
  // A missing entry is a missing row, counted; an entry not before its time is an error.
  entered.entry[3] = std::numeric_limits<double>::quiet_NaN();
  const LogRankResult missing = log_rank(entered);
  CHECK(missing.n_excluded == 1);
  CHECK(missing.excluded_rows == std::vector<int>{4});
  entered.entry[3] = 3;
  const LogRankResult bad = log_rank(entered);
  CHECK(bad.status.argument == "entry");
  CHECK(bad.status.row == 4);
  CHECK(bad.status.message == "log_rank: entry[4] (3) is not before time[4] (3)");
}
