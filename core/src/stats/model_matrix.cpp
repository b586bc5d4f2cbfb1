#include "infant_all/stats/model_matrix.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "infant_all/format.h"
#include "infant_all/stats/survival_data.h"

namespace infant_all {

Covariate Covariate::make_numeric(std::string name, std::vector<double> values) {
  Covariate c;
  c.name = std::move(name);
  c.is_categorical = false;
  c.numeric = std::move(values);
  return c;
}

Covariate Covariate::make_categorical(std::string name, GroupCodes values, std::string reference) {
  Covariate c;
  c.name = std::move(name);
  c.is_categorical = true;
  c.categorical = std::move(values);
  c.reference = std::move(reference);
  return c;
}

Covariate Covariate::make_interaction(const std::vector<Covariate>& covariates, int a, int b) {
  if (a > b) std::swap(a, b);
  Covariate c;
  const auto name_of = [&](int i) {
    return i >= 0 && static_cast<std::size_t>(i) < covariates.size()
               ? covariates[static_cast<std::size_t>(i)].name
               : std::string("?");
  };
  c.name = name_of(a) + ":" + name_of(b);
  c.interaction = {a, b};
  return c;
}

ModelMatrix model_matrix(const std::vector<Covariate>& covariates,
                         const std::vector<char>& pre_excluded) {
  ModelMatrix mm;
  const char* fn = "model_matrix";
  if (covariates.empty()) {
    mm.status = Status::invalid("covariates", 0, std::string(fn) + ": covariates is empty");
    return mm;
  }
  const auto length_of = [](const Covariate& c) { return c.size(); };
  const auto first_data = std::find_if(covariates.begin(), covariates.end(),
                                       [](const Covariate& c) { return !c.is_interaction(); });
  const std::size_t n = first_data == covariates.end() ? 0 : length_of(*first_data);
  mm.n_rows = n;
  if (!pre_excluded.empty() && pre_excluded.size() != n) {
    mm.status = Status::invalid("pre_excluded", 0,
                                std::string(fn) + ": pre_excluded has length " +
                                    std::to_string(pre_excluded.size()) + ", expected " +
                                    std::to_string(n));
    return mm;
  }
  std::vector<char> drop(n, 0);
  if (!pre_excluded.empty()) drop = pre_excluded;
  for (std::size_t c = 0; c < covariates.size(); ++c) {
    const Covariate& cov = covariates[c];
    if (cov.name.empty()) {
      mm.status = Status::invalid(
          "covariates", 0,
          std::string(fn) + ": covariates[" + std::to_string(c + 1) + "] has an empty name");
      return mm;
    }
    if (cov.is_interaction()) {
      const std::vector<int>& of = cov.interaction;
      const bool valid = of.size() == 2 && of[0] >= 0 && of[0] < of[1] &&
                         of[1] < static_cast<int>(c) &&
                         !covariates[static_cast<std::size_t>(of[0])].is_interaction() &&
                         !covariates[static_cast<std::size_t>(of[1])].is_interaction();
      if (!valid) {
        mm.status = Status::invalid(cov.name, 0,
                                    std::string(fn) + ": interaction " + cov.name +
                                        " must name two distinct earlier covariates that are "
                                        "not interactions (its main effects)");
        return mm;
      }
      continue;
    }
    if (length_of(cov) != n) {
      mm.status =
          Status::invalid(cov.name, 0,
                          std::string(fn) + ": covariate " + cov.name + " has length " +
                              std::to_string(length_of(cov)) + ", expected " + std::to_string(n));
      return mm;
    }
    if (cov.is_categorical) {
      if (Status bad = check_codes(cov.categorical, cov.name, std::string(fn) + ": "); !bad.ok()) {
        mm.status = std::move(bad);
        return mm;
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (cov.is_categorical) {
        if (cov.categorical.code[i] < 0) drop[i] = 1;
      } else {
        const double v = cov.numeric[i];
        if (std::isnan(v)) {
          drop[i] = 1;
        } else if (std::isinf(v)) {
          mm.status =
              Status::invalid(cov.name, i + 1,
                              std::string(fn) + ": " + cov.name + "[" + std::to_string(i + 1) +
                                  "] is infinite (" + format_number(v) + ")");
          return mm;
        }
      }
    }
  }
  mm.kept_rows.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (drop[i]) {
      mm.excluded_rows.push_back(static_cast<int>(i + 1));
    } else {
      mm.kept_rows.push_back(i);
    }
  }
  mm.n_excluded = static_cast<int>(mm.excluded_rows.size());

  const std::size_t nk = mm.kept_rows.size();
  std::vector<char> kept(n, 0);
  for (const std::size_t i : mm.kept_rows) kept[i] = 1;
  mm.levels.resize(covariates.size());
  mm.reference.resize(covariates.size());
  // Per covariate: its first column and number of columns (for the interactions).
  std::vector<std::size_t> first_of(covariates.size(), 0), count_of(covariates.size(), 0);
  for (std::size_t c = 0; c < covariates.size(); ++c) {
    const Covariate& cov = covariates[c];
    first_of[c] = mm.columns.size();
    if (cov.is_interaction()) {
      // R's model.matrix: the columns of a:b are every product of a column of a with one of b,
      // a's varying fastest.
      const auto a = static_cast<std::size_t>(cov.interaction[0]);
      const auto b = static_cast<std::size_t>(cov.interaction[1]);
      for (std::size_t jb = 0; jb < count_of[b]; ++jb) {
        const std::size_t cb = first_of[b] + jb;
        for (std::size_t ja = 0; ja < count_of[a]; ++ja) {
          const std::size_t ca = first_of[a] + ja;
          std::vector<double> col(nk);
          for (std::size_t k = 0; k < nk; ++k) col[k] = mm.columns[ca][k] * mm.columns[cb][k];
          mm.names.push_back(mm.names[ca] + ":" + mm.names[cb]);
          mm.columns.push_back(std::move(col));
          mm.term.push_back(static_cast<int>(c));
        }
      }
      count_of[c] = mm.columns.size() - first_of[c];
      continue;
    }
    if (!cov.is_categorical) {
      // Filled as it is sized: zero-filling 1e6 doubles first costs a pass of its own.
      std::vector<double> col;
      if (nk == n) {
        col = cov.numeric;  // nothing excluded: a plain copy
      } else {
        col.reserve(nk);
        for (const std::size_t i : mm.kept_rows) col.push_back(cov.numeric[i]);
      }
      mm.names.push_back(cov.name);
      mm.columns.push_back(std::move(col));
      mm.term.push_back(static_cast<int>(c));
      count_of[c] = 1;
      continue;
    }
    // Levels in R's factor() order (factor_levels, the order of every command), those that
    // occur among the rows kept.
    GroupCodes kept_cov = kept_codes(cov.categorical, kept);
    std::vector<std::string>& levels = mm.levels[c];
    levels = std::move(kept_cov.levels);
    if (levels.size() < 2) {
      mm.status = Status::invalid(cov.name, 0,
                                  std::string(fn) + ": categorical covariate " + cov.name +
                                      " has " + std::to_string(levels.size()) +
                                      " level(s) among the rows used; at least 2 are needed");
      return mm;
    }
    int ref = 0;
    if (!cov.reference.empty()) {
      const auto it = std::find(levels.begin(), levels.end(), cov.reference);
      if (it == levels.end()) {
        mm.status = Status::invalid(cov.name, 0,
                                    std::string(fn) + ": reference level '" + cov.reference +
                                        "' of " + cov.name + " does not occur among the rows used");
        return mm;
      }
      ref = static_cast<int>(it - levels.begin());
    }
    mm.reference[c] = levels[static_cast<std::size_t>(ref)];
    // R's relevel() moves the reference to the front and keeps the others in order.
    std::vector<int> column_of(levels.size(), -1);
    const std::size_t first_col = mm.columns.size();
    for (int l = 0; l < static_cast<int>(levels.size()); ++l) {
      if (l == ref) continue;
      column_of[static_cast<std::size_t>(l)] = static_cast<int>(mm.columns.size() - first_col);
      mm.names.push_back(cov.name + levels[static_cast<std::size_t>(l)]);
      mm.columns.emplace_back(nk, 0.0);
      mm.term.push_back(static_cast<int>(c));
    }
    for (std::size_t k = 0; k < nk; ++k) {
      const int l = kept_cov.code[mm.kept_rows[k]];
      const int j = column_of[static_cast<std::size_t>(l)];
      if (j >= 0) mm.columns[first_col + static_cast<std::size_t>(j)][k] = 1.0;
    }
    count_of[c] = mm.columns.size() - first_col;
  }
  return mm;
}

}  // namespace infant_all
