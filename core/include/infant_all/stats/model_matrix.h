// Covariate columns -> regression design matrix, with R's treatment-contrast dummies and names.
//
// A numeric covariate becomes one column named after it. A categorical (text) covariate with
// levels L1 < L2 < ... < Lk becomes k - 1 indicator columns named "<column><level>" for every
// level but the reference, which is the first level in sort order unless `reference` names
// another (R: relevel()). Levels are those present in the rows kept, as R's model.frame drops
// NA rows before model.matrix turns a character column into a factor.
//
// Level order: factor_levels() (survival_data.h), numbers numerically; ASCII letters compare
// case-insensitively with lower case first on a tie
// ("a" < "b" < "B" < "C"), which is what R's sort() gives for letters and digits in its default
// locales; other punctuation falls back to byte order and may differ from a locale-aware R.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "infant_all/stats/survival_data.h"
#include "infant_all/status.h"

namespace infant_all {

// One covariate column. Exactly one of `numeric` / `categorical` is used, chosen by
// `is_categorical`. Missing values: NaN in `numeric`, "" in `categorical`.
struct Covariate {
  std::string name;
  bool is_categorical = false;
  std::vector<double> numeric;
  GroupCodes categorical;  // code -1 = missing
  std::string reference;   // categorical only: reference level; "" = first level in sort order

  static Covariate make_numeric(std::string name, std::vector<double> values);
  static Covariate make_categorical(std::string name, GroupCodes values,
                                    std::string reference = "");
};

// Design matrix over the rows kept. Column-major: columns[j][k] is column j at kept row k.
struct ModelMatrix {
  Status status;
  std::size_t n_rows = 0;          // rows in the input
  std::vector<std::string> names;  // column names, R's model.matrix colnames
  std::vector<std::vector<double>> columns;
  std::vector<int> term;               // column j comes from covariates[term[j]]
  std::vector<std::size_t> kept_rows;  // 0-based input rows, in input order
  int n_excluded = 0;                  // rows dropped (missing covariate or pre-excluded)
  std::vector<int> excluded_rows;      // 1-based, ascending
  // Per covariate: its levels in sort order (empty for numeric) and the reference used.
  std::vector<std::vector<std::string>> levels;
  std::vector<std::string> reference;
};

// Builds the design matrix. `pre_excluded` (empty, or one flag per row) marks rows the caller
// already drops (e.g. missing time or status); they count in n_excluded / excluded_rows.
// Errors (status invalid_argument): no covariates, length mismatch, empty name, infinite
// numeric value, a categorical with fewer than 2 levels among kept rows (R: "contrasts can be
// applied only to factors with 2 or more levels"), an unknown reference level.
// R equivalent: model.matrix(~ a + b, na.omit(data))[, -1] with a character column `b`
// (relevel(factor(b), ref) for a chosen reference).
ModelMatrix model_matrix(const std::vector<Covariate>& covariates,
                         const std::vector<char>& pre_excluded = {});

}  // namespace infant_all
