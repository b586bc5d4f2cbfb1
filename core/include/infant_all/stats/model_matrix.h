// Covariate columns -> regression design matrix, with R's treatment-contrast dummies and names.
//
// A numeric covariate becomes one column named after it. A categorical (text) covariate with
// levels L1 < L2 < ... < Lk becomes k - 1 indicator columns named "<column><level>" for every
// level but the reference, which is the first level in sort order unless `reference` names
// another (R: relevel()). Levels are those present in the rows kept, as R's model.frame drops
// NA rows before model.matrix turns a character column into a factor.
//
// An interaction term (Covariate::make_interaction) has no values of its own: its columns are the
// products of the columns of two earlier, non-interaction covariates of the same list, a and b,
// a before b in the list, named "<column of a>:<column of b>" with a's columns varying fastest,
// as R's model.matrix(~ A + B + A:B) (numeric x numeric "A:B"; factor x numeric "Aa2:B", ...;
// factor x factor "Aa2:Bb2", "Aa3:Bb2", "Aa2:Bb3", ...). Both main effects being in the list is
// what makes R code a factor of A:B by its contrasts (treatment, reference dropped); without them
// R would code it in full, which is not offered. Rows missing either component are dropped by
// the components themselves. A reference level of A (relevel) applies to A:B's columns too.
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
// `is_categorical`. Missing values: NaN in `numeric`, "" in `categorical`. An interaction uses
// neither: `interaction` holds the indices of its two components in the same list.
struct Covariate {
  std::string name;
  bool is_categorical = false;
  std::vector<double> numeric;
  GroupCodes categorical;  // code -1 = missing
  std::string reference;   // categorical only: reference level; "" = first level in sort order
  std::vector<int> interaction = {};  // interaction only: {a, b}, 0-based, a < b

  bool is_interaction() const { return !interaction.empty(); }
  // Rows of the column; an interaction has none of its own (0).
  std::size_t size() const {
    return is_interaction() ? 0 : is_categorical ? categorical.size() : numeric.size();
  }

  static Covariate make_numeric(std::string name, std::vector<double> values);
  static Covariate make_categorical(std::string name, GroupCodes values,
                                    std::string reference = "");
  // The interaction of covariates[a] and covariates[b], in R's variable order (the one earlier
  // in the list first) and named as R's term label "A:B" (R: the term A:B of ~ A + B + A:B).
  static Covariate make_interaction(const std::vector<Covariate>& covariates, int a, int b);
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
// applied only to factors with 2 or more levels"), an unknown reference level, an interaction
// whose components are not two distinct earlier non-interaction covariates.
// R equivalent: model.matrix(~ a + b, na.omit(data))[, -1] with a character column `b`
// (relevel(factor(b), ref) for a chosen reference); with an interaction,
// model.matrix(~ a + b + a:b, ...)[, -1] (the interaction listed after the main effects, as R's
// terms() orders them).
ModelMatrix model_matrix(const std::vector<Covariate>& covariates,
                         const std::vector<char>& pre_excluded = {});

}  // namespace infant_all
