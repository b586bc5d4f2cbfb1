// Group codes (survival_data.h): the one encoding every estimator takes. Expected orders are R's
// factor() on the same values (numbers numerically, text as documented at factor_levels), by
// hand; the estimator checks compare codes with levels no row has against the same labels.
#include "infant_all/stats/survival_data.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "infant_all/stats/association.h"
#include "infant_all/stats/cox.h"
#include "infant_all/stats/cumulative_incidence.h"
#include "infant_all/stats/kaplan_meier.h"
#include "infant_all/stats/log_rank.h"

using infant_all::GroupCodes;

TEST_CASE("factor_codes re-codes first-appearance levels to factor order") {
  // R: levels(factor(c("b", "10", "a"))) is "10" "a" "b"; as numbers 2 < 9 < 10.
  const GroupCodes text = infant_all::factor_codes({"b", "10", "a"}, {0, 1, 2, -1, 0});
  CHECK(text.levels == std::vector<std::string>{"10", "a", "b"});
  CHECK(text.code == std::vector<int>{2, 0, 1, -1, 2});
  CHECK(text.label(3).empty());
  CHECK(text.label(0) == "b");

  const GroupCodes numbers = infant_all::factor_codes({"10", "9", "2"}, {0, 1, 2});
  CHECK(numbers.levels == std::vector<std::string>{"2", "9", "10"});
  CHECK(numbers.code == std::vector<int>{2, 1, 0});

  // Labels convert through encode_groups to the same codes; "" is missing.
  const GroupCodes labels = std::vector<std::string>{"b", "10", "a", "", "b"};
  CHECK(labels.levels == text.levels);
  CHECK(labels.code == text.code);
}

TEST_CASE("kept_levels drops the levels no kept row has; first_bad_code finds a stray code") {
  const GroupCodes g({"a", "b", "c"}, {0, 2, 2, 1});
  std::vector<std::string> levels;
  const std::vector<int> remap = infant_all::kept_levels(g, {1, 1, 0, 0}, &levels);
  CHECK(levels == std::vector<std::string>{"a", "c"});
  CHECK(remap == std::vector<int>{0, -1, 1});

  CHECK(infant_all::first_bad_code(g) == 0);
  CHECK(infant_all::first_bad_code(GroupCodes({"a", "b"}, {0, -1, 3})) == 3);
  CHECK(infant_all::first_bad_code(GroupCodes({"a", "b"}, {0, -2})) == 2);

  // check_codes: the error names the argument and the 1-based row in fields and in words.
  CHECK(infant_all::check_codes(g, "group", "f: ").ok());
  const infant_all::Status bad =
      infant_all::check_codes(GroupCodes({"a"}, {0, 0, 4}), "strata", "f: ");
  CHECK(bad.code == infant_all::StatusCode::invalid_argument);
  CHECK(bad.argument == "strata");
  CHECK(bad.row == 3);
  CHECK(bad.message == "f: strata[3] is not a level's code (4)");
}

TEST_CASE("every estimator gives codes with a level no row has the result of the labels") {
  // A cohort's groups arrive as codes over all the cohort's levels; a subset may lack one ("z").
  const std::vector<double> time = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const std::vector<int> event = {1, 0, 1, 1, 0, 1, 1, 0, 1, 1};
  const std::vector<std::string> labels = {"a", "b", "a", "b", "a", "b", "a", "b", "", "b"};
  GroupCodes coded({"a", "b", "z"}, {});
  for (const std::string& l : labels) coded.code.push_back(l.empty() ? -1 : l == "a" ? 0 : 1);

  infant_all::KmInput km_labels{time, event, labels, {}};
  infant_all::KmInput km_codes{time, event, coded, {}};
  const auto k1 = infant_all::kaplan_meier(km_labels);
  const auto k2 = infant_all::kaplan_meier(km_codes);
  REQUIRE(k2.status.ok());
  REQUIRE(k2.curves.size() == 2);
  CHECK(k2.curves[1].group == "b");
  CHECK(k2.curves[1].surv == k1.curves[1].surv);

  infant_all::LogRankInput lr{time, event, coded, {}};
  const auto l2 = infant_all::log_rank(lr);
  lr.group = labels;
  const auto l1 = infant_all::log_rank(lr);
  REQUIRE(l2.status.ok());
  CHECK(l2.groups == std::vector<std::string>{"a", "b"});
  CHECK(l2.chisq == l1.chisq);

  const auto c1 = infant_all::cumulative_incidence({time, event, labels, {}});
  const auto c2 = infant_all::cumulative_incidence({time, event, coded, {}});
  REQUIRE(c2.status.ok());
  CHECK(c2.groups == c1.groups);
  CHECK(c2.tests.size() == c1.tests.size());
  CHECK(c2.tests[0].stat == c1.tests[0].stat);

  const auto t1 = infant_all::cross_tabulate(labels, labels);
  const auto t2 = infant_all::cross_tabulate(coded, coded);
  REQUIRE(t2.status.ok());
  CHECK(t2.row_levels == std::vector<std::string>{"a", "b"});
  CHECK(t2.counts == t1.counts);

  using infant_all::Covariate;
  const std::vector<double> x = {0.5, 1, 0.2, 3, 2, 0.1, 1.5, 0.7, 1, 2};
  const auto x1 = infant_all::cox_ph({time, event, {Covariate::make_categorical("g", labels)}, {}});
  const auto x2 = infant_all::cox_ph({time, event, {Covariate::make_categorical("g", coded)}, {}});
  REQUIRE(x2.status.ok());
  REQUIRE(x2.terms.size() == 1);
  CHECK(x2.terms[0].name == "gb");
  CHECK(x2.terms[0].coef == x1.terms[0].coef);
  const auto s1 =
      infant_all::cox_ph({time, event, {Covariate::make_numeric("x", x)}, GroupCodes(labels)});
  const auto s2 = infant_all::cox_ph({time, event, {Covariate::make_numeric("x", x)}, coded});
  REQUIRE(s2.status.ok());
  CHECK(s2.terms[0].coef == s1.terms[0].coef);

  // A code outside the levels is an error naming the row, never a read past the end.
  GroupCodes stray = coded;
  stray.code[4] = 7;
  const auto bad = infant_all::kaplan_meier(infant_all::KmInput{time, event, stray, {}});
  CHECK(bad.status.message.find("group[5]") != std::string::npos);
  CHECK_FALSE(infant_all::log_rank(infant_all::LogRankInput{time, event, stray, {}}).status.ok());
  CHECK_FALSE(infant_all::cumulative_incidence({time, event, stray, {}}).status.ok());
  CHECK_FALSE(infant_all::cross_tabulate(stray, coded).status.ok());
}
