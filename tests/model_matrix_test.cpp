#include "infant_all/stats/model_matrix.h"
#include "infant_all/stats/survival_data.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "test_util.h"

using infant_all::Covariate;
using infant_all::ModelMatrix;
using infant_all::StatusCode;

// Expected names and columns: R 4.2,
//   d <- data.frame(age = c(50, NA, 61, 47, 55), grp = c("b", "a", "c", "", "a"))
//   d$grp[d$grp == ""] <- NA
//   model.matrix(~ age + grp, na.omit(d))   # colnames: (Intercept) age grpb grpc, rows 1, 3, 5
TEST_CASE("model_matrix: numeric + categorical, R's dummy names, missing rows excluded") {
  const std::vector<Covariate> cov = {Covariate::make_numeric("age", {50, NAN, 61, 47, 55}),
                                      Covariate::make_categorical("grp", {"b", "a", "c", "", "a"})};
  const ModelMatrix mm = infant_all::model_matrix(cov);
  REQUIRE(mm.status.ok());
  CHECK(mm.names == std::vector<std::string>({"age", "grpb", "grpc"}));
  CHECK(mm.kept_rows == std::vector<std::size_t>({0, 2, 4}));
  CHECK(mm.n_excluded == 2);
  CHECK(mm.excluded_rows == std::vector<int>({2, 4}));
  CHECK(mm.columns[0] == std::vector<double>({50, 61, 55}));
  CHECK(mm.columns[1] == std::vector<double>({1, 0, 0}));
  CHECK(mm.columns[2] == std::vector<double>({0, 1, 0}));
  CHECK(mm.term == std::vector<int>({0, 1, 1}));
  CHECK(mm.levels[1] == std::vector<std::string>({"a", "b", "c"}));
  CHECK(mm.reference[1] == "a");
}

// R: model.matrix(~ grp, transform(d, grp = relevel(factor(grp), ref = "c")))
//   colnames: (Intercept) grpa grpb  (relevel moves "c" first, the rest keep their order)
TEST_CASE("model_matrix: a chosen reference level, as relevel()") {
  const std::vector<Covariate> cov = {
      Covariate::make_categorical("grp", {"b", "a", "c", "a"}, "c")};
  const ModelMatrix mm = infant_all::model_matrix(cov);
  REQUIRE(mm.status.ok());
  CHECK(mm.names == std::vector<std::string>({"grpa", "grpb"}));
  CHECK(mm.columns[0] == std::vector<double>({0, 1, 0, 1}));
  CHECK(mm.columns[1] == std::vector<double>({1, 0, 0, 0}));
  CHECK(mm.reference[0] == "c");
}

// Levels come from the rows kept: R builds the factor after na.omit, so a level seen only on an
// excluded row (here "z" on row 3, pre-excluded by the caller) is not a column.
TEST_CASE("model_matrix: levels only from kept rows; pre-excluded rows are counted") {
  const std::vector<Covariate> cov = {
      Covariate::make_categorical("arm", {"x", "y", "z", "y", "x"})};
  const ModelMatrix mm = infant_all::model_matrix(cov, {0, 0, 1, 0, 0});
  REQUIRE(mm.status.ok());
  CHECK(mm.names == std::vector<std::string>({"army"}));
  CHECK(mm.excluded_rows == std::vector<int>({3}));
}

// R (C.UTF-8 here): sort(c("b", "C", "a", "B", "10", "9")) gives "10" "9" "a" "b" "B" "C".
TEST_CASE("level order follows R's sort for letters and digits") {
  std::vector<std::string> v = {"b", "C", "a", "B", "10", "9"};
  std::sort(v.begin(), v.end(), infant_all::label_less);
  CHECK(v == std::vector<std::string>({"10", "9", "a", "b", "B", "C"}));
  // All numbers: numerically, as factor() of a numeric column (R: levels(factor(c(10, 2, 9)))).
  CHECK(infant_all::factor_levels({"10", "2", "9"}) == std::vector<std::string>({"2", "9", "10"}));
}

TEST_CASE("model_matrix rejects invalid input by name and row") {
  struct Row {
    const char* what;
    std::vector<Covariate> cov;
    std::vector<char> pre;
    const char* part;
    const char* argument;  // Status::argument
    std::size_t row;       // Status::row: 1-based, 0 when the error is not about one row
  };
  const Row rows[] = {
      {"no covariates", {}, {}, "covariates is empty", "covariates", 0},
      {"length mismatch",
       {Covariate::make_numeric("a", {1, 2, 3}), Covariate::make_numeric("b", {1, 2})},
       {},
       "covariate b has length 2, expected 3",
       "b",
       0},
      {"empty name", {Covariate::make_numeric("", {1, 2})}, {}, "empty name", "covariates", 0},
      {"infinite", {Covariate::make_numeric("a", {1, INFINITY})}, {}, "a[2] is infinite", "a", 2},
      {"one level",
       {Covariate::make_categorical("g", {"u", "u", ""})},
       {},
       "g has 1 level",
       "g",
       0},
      {"bad reference", {Covariate::make_categorical("g", {"u", "v"}, "w")}, {}, "'w'", "g", 0},
      {"pre_excluded length",
       {Covariate::make_numeric("a", {1, 2})},
       {0},
       "pre_excluded",
       "pre_excluded",
       0},
  };
  for (const Row& r : rows) {
    CAPTURE(r.what);
    const ModelMatrix mm = infant_all::model_matrix(r.cov, r.pre);
    CHECK(mm.status.code == StatusCode::invalid_argument);
    INFO(mm.status.message);
    CHECK(mm.status.message.find(r.part) != std::string::npos);
    CHECK(mm.status.argument == r.argument);
    CHECK(mm.status.row == r.row);
  }
}
