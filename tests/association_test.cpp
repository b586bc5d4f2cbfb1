#include "infant_all/stats/association.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "test_util.h"

using infant_all::chisq_test;
using infant_all::ChisqTestOptions;
using infant_all::ContingencyTable;
using infant_all::cross_tabulate;
using infant_all::fisher_test;
using infant_all::FisherTestOptions;
using infant_all::StatusCode;
using infant_all::table_margins;
using infant_all::TableMargins;
using infant_all::test::kDirectTol;
using infant_all::test::load_json;
using infant_all::test::num;
using infant_all::test::nums;

namespace {

// Fisher p-values are sums over many tables of exp(log-probabilities) built from log
// factorials, where R (FEXACT, dhyper) and this code round differently: held to 1e-9 relative.
constexpr double kFisherTol = 1e-9;
// R's FEXACT itself is ~2e-9 off at n = 1e4 (it agrees with full enumeration of the 3 x 2
// tables below to only that; the engine agrees with the enumeration to ~1e-11).
constexpr double kFisherLargeNTol = 5e-9;
// The odds-ratio MLE and interval are found as fisher.test() finds them (uniroot() at its
// default tolerance, the same zeroin steps), so they equal R's printed values to 1e-9 relative.
// Those roots are only ~1e-4 accurate, off by up to ~1% for large limits (621.93 against the
// tight 626.24 on the tea data), so the tightly solved roots (uniroot(tol = 1e-13) in the
// generator) are checked at 2e-2, to show the same quantity is estimated.
constexpr double kRDefaultRootTol = 1e-9;
constexpr double kTightRootTol = 2e-2;

ContingencyTable table_of(const std::vector<double>& counts, int nrow) {
  ContingencyTable t;
  t.nrow = nrow;
  t.ncol = static_cast<int>(counts.size()) / nrow;
  t.counts = counts;
  return t;
}

}  // namespace

// tests/golden/association.json from tests/golden/gen_association.R: chisq.test(tab, correct =
// TRUE / FALSE) and fisher.test(tab) on each table.
TEST_CASE("chisq_test matches R's chisq.test on the golden tables") {
  const auto cases = load_json("golden/association.json");
  REQUIRE(cases.size() >= 16);
  for (const auto& c : cases) {
    const std::string name = c["name"].get<std::string>();
    CAPTURE(name);
    const ContingencyTable t = table_of(nums(c["counts"]), c["nrow"].get<int>());
    for (bool correct : {true, false}) {
      CAPTURE(correct);
      const auto& g = c[correct ? "chisq" : "chisq_uncorrected"];
      ChisqTestOptions opt;
      opt.correct = correct;
      const auto r = chisq_test(t, opt);
      REQUIRE(r.status.ok());
      CHECK(r.method == g["method"].get<std::string>());
      CHECK_REL(r.statistic, num(g["statistic"]), kDirectTol);
      CHECK(r.df == static_cast<int>(num(g["df"])));
      CHECK_REL(r.p, num(g["p"]), kDirectTol);
      CHECK((r.warning.find("Chi-squared approximation may be incorrect") != std::string::npos) ==
            g["warning"].get<bool>());
      const auto e = nums(g["expected"]), res = nums(g["residuals"]), sres = nums(g["stdres"]);
      REQUIRE(r.expected.size() == e.size());
      for (size_t i = 0; i < e.size(); ++i) {
        CAPTURE(i);
        CHECK_REL(r.expected[i], e[i], kDirectTol);
        CHECK_REL(r.residuals[i], res[i], kDirectTol);
        CHECK_REL(r.stdres[i], sres[i], kDirectTol);
      }
    }
  }
}

TEST_CASE("fisher_test matches R's fisher.test on the golden tables") {
  const auto cases = load_json("golden/association.json");
  for (const auto& c : cases) {
    if (!c.contains("fisher")) continue;
    const std::string name = c["name"].get<std::string>();
    CAPTURE(name);
    const auto& g = c["fisher"];
    const std::vector<double> counts = nums(c["counts"]);
    const ContingencyTable t = table_of(counts, c["nrow"].get<int>());
    const auto r = fisher_test(t);
    REQUIRE(r.status.ok());
    double n = 0;
    for (double v : counts) n += v;
    CHECK_REL(r.p, num(g["p"]), n >= 1000 ? kFisherLargeNTol : kFisherTol);
    if (g.contains("estimate")) {
      CHECK_REL(r.estimate, num(g["estimate_tight"]), kTightRootTol);
      CHECK_REL(r.conf_lower, nums(g["conf_int_tight"])[0], kTightRootTol);
      CHECK_REL(r.conf_upper, nums(g["conf_int_tight"])[1], kTightRootTol);
      CHECK_REL(r.estimate, num(g["estimate"]), kRDefaultRootTol);
      CHECK_REL(r.conf_lower, nums(g["conf_int"])[0], kRDefaultRootTol);
      CHECK_REL(r.conf_upper, nums(g["conf_int"])[1], kRDefaultRootTol);
    } else {
      CHECK(std::isnan(r.estimate));
    }
  }
}

TEST_CASE("association tests on tables derived by hand") {
  // Tea tasting (3, 1 / 1, 3): margins 4, 4, n = 8; P(X = x) = C(4,x) C(4,4-x) / C(8,4) =
  // (1, 16, 36, 16, 1) / 70; two-sided p = (1 + 16 + 16 + 1) / 70 = 34/70.
  const auto f = fisher_test(table_of({3, 1, 1, 3}, 2));
  REQUIRE(f.status.ok());
  CHECK_REL(f.p, 34.0 / 70, 1e-14);
  // By symmetry of the margins, E[X; psi] = 3 at psi = the MLE, and 1/psi solves x = 1. R's
  // search brackets the two differently ([eps, 1] as 1/t against [0, 1]), so its roots, like
  // R's, agree to its tolerance only.
  const auto f2 = fisher_test(table_of({1, 3, 3, 1}, 2));
  CHECK_REL(f2.estimate * f.estimate, 1.0, 1e-3);
  CHECK_REL(f2.conf_lower * f.conf_upper, 1.0, 1e-2);

  // Chi-square on (3, 1 / 1, 3): E = 2 everywhere, |O - E| = 1, Yates 0.5:
  // 4 (0.5^2 / 2) = 0.5; uncorrected 4 (1 / 2) = 2.
  const auto c = chisq_test(table_of({3, 1, 1, 3}, 2));
  CHECK_REL(c.statistic, 0.5, 1e-15);
  CHECK(c.yates_applied);
  ChisqTestOptions off;
  off.correct = false;
  CHECK_REL(chisq_test(table_of({3, 1, 1, 3}, 2), off).statistic, 2.0, 1e-15);

  // 2 x 3 with margins (3, 3) x (2, 2, 2), n = 6: the first row is (1,1,1) or a permutation of
  // (2,1,0) (7 tables). P = 3! 3! 2! 2! 2! / (6! prod cells!) = 288 / (720 prod cells!):
  // 0.4 for (1,1,1 / 1,1,1), 0.1 for each of the 6 others (prod cells! = 4).
  const auto f3 = fisher_test(table_of({1, 1, 1, 1, 1, 1}, 2));
  REQUIRE(f3.status.ok());
  CHECK_REL(f3.p, 1.0, 1e-12);  // every table is at most as probable
  const auto f4 = fisher_test(table_of({2, 1, 0, 0, 1, 2}, 2));
  REQUIRE(f4.status.ok());
  CHECK_REL(f4.p, 0.6, 1e-12);  // the six tables of probability 0.1
}

TEST_CASE("cross_tabulate counts pairs, sorts levels and excludes missing rows") {
  const std::vector<std::string> x = {"b", "a", "", "a", "b", "a", "c"};
  const std::vector<std::string> y = {"no", "yes", "yes", "no", "", "yes", "no"};
  const ContingencyTable t = cross_tabulate(x, y);
  REQUIRE(t.status.ok());
  CHECK(t.row_levels == std::vector<std::string>{"a", "b", "c"});
  CHECK(t.col_levels == std::vector<std::string>{"no", "yes"});
  CHECK(t.nrow == 3);
  CHECK(t.ncol == 2);
  CHECK(t.counts == std::vector<double>{1, 2, 1, 0, 1, 0});
  CHECK(t.n_excluded == 2);
  CHECK(t.excluded_rows == std::vector<int>{3, 5});

  CHECK(cross_tabulate({"a"}, {"x", "y"}).status.code == StatusCode::invalid_argument);
  CHECK(cross_tabulate({"", "a"}, {"x", ""}).status.code == StatusCode::invalid_argument);
}

TEST_CASE("table_margins: totals and column percentages, derived by hand") {
  // Rows a, b, c by columns no, yes: counts 1 2 / 1 0 / 1 0 (the table above). Column totals
  // 3 and 2, row totals 3, 1, 1, total 5. Column percentages: no 1/3 each; yes 2/2 = 100, 0, 0.
  ContingencyTable t;
  t.nrow = 3;
  t.ncol = 2;
  t.counts = {1, 2, 1, 0, 1, 0};
  const TableMargins m = table_margins(t);
  CHECK(m.row_totals == std::vector<double>{3, 1, 1});
  CHECK(m.col_totals == std::vector<double>{3, 2});
  CHECK(m.total == 5);
  const double third = 100.0 / 3.0;
  const std::vector<double> want = {third, 100, third, 0, third, 0};
  REQUIRE(m.col_percent.size() == want.size());
  for (size_t i = 0; i < want.size(); ++i) CHECK_CLOSE(m.col_percent[i], want[i], kDirectTol);
  CHECK(m.row_total_percent == std::vector<double>{60, 20, 20});
  // An empty column has no percentages (NaN, "NA" in JSON), not 0%.
  t.counts = {1, 0, 2, 0, 3, 0};
  const TableMargins e = table_margins(t);
  CHECK(e.col_totals == std::vector<double>{6, 0});
  CHECK(std::isnan(e.col_percent[1]));
  CHECK(e.col_percent[2] == doctest::Approx(100.0 / 3.0));
}

TEST_CASE("association tests reject invalid tables with a message naming the cell") {
  struct Row {
    const char* name;
    ContingencyTable t;
    const char* chisq_message;
  };
  ContingencyTable wrong_size = table_of({1, 2, 3, 4}, 2);
  wrong_size.counts.pop_back();
  const Row rows[] = {
      {"one row", table_of({1, 2, 3}, 1),
       "chisq_test: the table must have at least 2 rows and 2 columns (1 x 3)"},
      {"size", wrong_size, "chisq_test: counts has 3 entries but the table is 2 x 2"},
      {"negative", table_of({1, -2, 3, 4}, 2),
       "chisq_test: counts[1,2] must be finite and >= 0 (-2)"},
      {"nan", table_of({1, 2, NAN, 4}, 2), "chisq_test: counts[2,1] must be finite and >= 0 (nan)"},
      {"all zero", table_of({0, 0, 0, 0}, 2), "chisq_test: all counts are 0"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.name);
    const auto r = chisq_test(row.t);
    CHECK(r.status.code == StatusCode::invalid_argument);
    CHECK(r.status.message == row.chisq_message);
    CHECK(r.status.argument == "counts");  // a cell, not a data row: row 0
    CHECK(r.status.row == 0);
    CHECK(fisher_test(row.t).status.code == StatusCode::invalid_argument);
  }
  const auto frac = fisher_test(table_of({1.5, 2, 3, 4}, 2));
  CHECK(frac.status.message == "fisher_test: counts[1,1] is not an integer (1.5)");
  FisherTestOptions bad;
  bad.conf_level = 1;
  CHECK(fisher_test(table_of({1, 2, 3, 4}, 2), bad).status.code == StatusCode::invalid_argument);
}

TEST_CASE("fisher_test refuses r x c tables beyond its work limit") {
  // 4 x 4 with n = 200: far more tables than the bound allows.
  std::vector<double> big(16, 12.5);
  for (size_t i = 0; i < 16; ++i) big[i] = 10 + static_cast<double>(i % 5);
  FisherTestOptions opt;
  opt.max_work = 1e5;
  const auto r = fisher_test(table_of(big, 4), opt);
  CHECK(r.status.code == StatusCode::not_implemented);
  CHECK(r.status.message.find("too large for an exact p-value") != std::string::npos);
  CHECK(std::isnan(r.p));
}

TEST_CASE("fisher_test refuses hopeless characteristics tables before running to the limit") {
  // Risk group by CNS status at n = 1e4 (3 x 3; 4 x 3 with four risk groups), by KMT2A and by CNS
  // at n = 1e5: R's fisher.test(tab, workspace = 2e8) stops on each with FEXACT error 501 (hash
  // key too large) and so does the engine at the default budget. The fillings a stage would
  // visit are counted first, so these stop after the first stage instead of spending the budget.
  // Risk group by four age bands at n = 1e4 (3 x 4) and four risk groups by sex at n = 1e5
  // (4 x 2) pass the default budget too: the first by bounding the children of its first stage
  // (counted before it runs), the second by the fillings of the third stage's nodes (counted as
  // the second stage finds them).
  const std::vector<std::pair<std::vector<double>, int>> tables = {
      {{1720, 190, 90, 3800, 460, 240, 2980, 350, 170}, 3},
      {{1280, 140, 80, 2550, 300, 150, 2540, 310, 150, 2130, 250, 120}, 4},
      {{17000, 3000, 31000, 14000, 27000, 8000}, 3},
      {{17150, 1880, 970, 38200, 4530, 2270, 29800, 3490, 1710}, 3},
      {{420, 480, 510, 590, 1150, 1120, 1100, 1130, 680, 900, 880, 1040}, 3},
      {{7560, 7440, 14830, 15170, 15290, 14710, 12600, 12400}, 4},
  };
  for (const auto& table : tables) {  // not a structured binding: CAPTURE's lambda takes it
    const std::vector<double>& counts = table.first;
    CAPTURE(counts[0]);
    const auto r = fisher_test(table_of(counts, table.second));
    CHECK(r.status.code == StatusCode::not_implemented);
    CHECK(std::isnan(r.p));
  }
}

TEST_CASE("fisher_test on large 3 x 2 tables agrees with full enumeration") {
  // Characteristics-table shapes (risk group 20/45/35 % by sex 50/50, by KMT2A 75/25 %). The
  // expected p-values sum, in long double, the probability of every table with these margins
  // (2001 x 4501 at n = 1e4, 20001 x 45001 at n = 1e5) at most TOL = 3.45254e-7 above the
  // observed one on the log scale, as fisher.test counts them. R's fisher.test(tab,
  // workspace = 2e8) gives 0.644250813191528 and 5.831845594426956e-47 for the first two (~2e-9
  // off) and stops with FEXACT error 501 (hash key too large) on the n = 1e5 one.
  struct Case {
    std::vector<double> counts;
    double p;
  };
  const Case cases[] = {
      {{1012, 988, 2230, 2270, 1765, 1735}, 0.64425081232766548},
      {{1700, 300, 3100, 1400, 2700, 800}, 5.8318455845846989e-47},
      {{10040, 9960, 22400, 22600, 17560, 17440}, 0.44475112324065948},
  };
  for (const Case& c : cases) {
    const auto r = fisher_test(table_of(c.counts, 3));
    REQUIRE(r.status.ok());
    CHECK_REL(r.p, c.p, 1e-10);
  }
}

TEST_CASE("chisq_test reproduces R's NaN on a zero row and says why") {
  // chisq.test(matrix(c(3, 1, 0, 0), 2, byrow = TRUE)): X-squared = NaN, df = 1, p-value = NA.
  const auto r = chisq_test(table_of({3, 1, 0, 0}, 2));
  REQUIRE(r.status.ok());
  CHECK(std::isnan(r.statistic));
  CHECK(std::isnan(r.p));
  CHECK(r.warning.find("row 2") != std::string::npos);
  CHECK(!r.yates_applied);  // min |O - E| is 0 in the empty row, so R applies no correction
}
