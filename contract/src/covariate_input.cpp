#include "covariate_input.h"

#include <algorithm>
#include <limits>
#include <string>
#include <utility>

#include "derivations.h"
#include "infant_all/io/dates.h"
#include "survival_input.h"

namespace infant_all::contract {

namespace {

// The covariate age_days of a file without that column: the column the header mapping gives it
// (an alias such as "Age (days)"), else the days from dob to diagnosis_date when both are date
// columns, NaN (left out, as a missing covariate) where either is blank.
bool derived_age_days(const Table& t, const nlohmann::ordered_json& r,
                      const std::vector<size_t>& rows, std::vector<double>* out, Errors& err) {
  ClassifySetup setup;
  if (!classify_setup(t, r, &setup, err)) return false;
  const int mapped = setup.mapping.column_of("age_days");
  if (mapped >= 0) return numbers_at(t, t.columns[mapped], "covariates", rows, out, err);
  const int dob = setup.mapping.column_of("dob");
  const int dx = setup.mapping.column_of("diagnosis_date");
  if (dob < 0 || dx < 0 || t.columns[dob].type != ColumnType::date ||
      t.columns[dx].type != ColumnType::date) {
    return err.fail(
        "--covariates age_days: the file has no age_days column, and no dob and diagnosis_date "
        "date columns to derive it from");
  }
  const auto& birth = t.columns[dob].codes;
  const auto& diagnosis = t.columns[dx].codes;
  out->resize(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const int32_t b = birth[rows[i]], d = diagnosis[rows[i]];
    (*out)[i] = b == kMissingDate || d == kMissingDate
                    ? std::numeric_limits<double>::quiet_NaN()
                    : static_cast<double>(d) - static_cast<double>(b);
  }
  return true;
}

// One main effect: the column `spec` (or a derived covariate) with its reference level.
bool read_main_effect(AnalysisContext& context, const nlohmann::ordered_json& r,
                      const std::vector<size_t>& rows, const std::string& spec,
                      const std::string& reference, std::vector<Covariate>& covariates,
                      Errors& err) {
  const Table& t = context.table();
  // The request's own settings (protocol, map, ...) travel along: "risk_group" is the
  // classifier's group when the file has no such column.
  nlohmann::ordered_json one = r;
  one["covariate"] = spec;
  if (spec == "risk_group" && t.find(spec) < 0) {
    GroupCodes labels;
    if (!codes_at(context, one, "covariate", rows, &labels, err)) return false;
    covariates.push_back(Covariate::make_categorical(spec, std::move(labels), reference));
    return true;
  }
  if (spec == "age_days" && t.find(spec) < 0) {
    std::vector<double> v;
    if (!derived_age_days(t, one, rows, &v, err)) return false;
    covariates.push_back(Covariate::make_numeric(spec, std::move(v)));
    return true;
  }
  const Column* c = require_column(t, one, "covariate", err);
  if (!c) return false;
  // A yes/no column is a factor, as in R: the term is "mllyes", not "mll".
  const bool text = c->type == ColumnType::text || c->type == ColumnType::categorical ||
                    c->type == ColumnType::boolean;
  if (text || !reference.empty()) {
    GroupCodes labels;
    codes_at(context, one, "covariate", rows, &labels, err);
    covariates.push_back(Covariate::make_categorical(c->name, std::move(labels), reference));
  } else {
    std::vector<double> v;
    if (!numbers_at(t, *c, "covariates", rows, &v, err)) return false;
    covariates.push_back(Covariate::make_numeric(c->name, std::move(v)));
  }
  return err.ok();
}

// Whether `name` can be a covariate: a column of the file, a derived covariate, or one already
// in the model (the exposure's "exposed").
bool names_covariate(const Table& t, const std::vector<Covariate>& covariates,
                     const std::string& name) {
  if (name.empty()) return false;
  if (t.find(name) >= 0 || name == "risk_group" || name == "age_days") return true;
  return std::any_of(covariates.begin(), covariates.end(),
                     [&](const Covariate& c) { return c.name == name; });
}

// Whether `level` is a level of the column `column` at `rows` (false when not a column).
bool is_level_of(AnalysisContext& context, const nlohmann::ordered_json& r,
                 const std::vector<size_t>& rows, const std::string& column,
                 const std::string& level) {
  const Table& t = context.table();
  if (t.find(column) < 0 && column != "risk_group") return false;
  nlohmann::ordered_json one = r;
  one["covariate"] = column;
  Errors quiet;
  GroupCodes labels;
  if (!codes_at(context, one, "covariate", rows, &labels, quiet)) return false;
  return std::find(labels.levels.begin(), labels.levels.end(), level) != labels.levels.end();
}

// The covariate named `name` in the model (by its name, or by the name of the file column
// `name` finds), -1 when absent.
int covariate_index(const Table& t, const std::vector<Covariate>& covariates,
                    const std::string& name) {
  const int col = t.find(name);
  for (size_t i = 0; i < covariates.size(); ++i) {
    if (covariates[i].is_interaction()) continue;
    if (covariates[i].name == name ||
        (col >= 0 && covariates[i].name == t.columns[static_cast<size_t>(col)].name)) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace

// --covariates A,B:LEVEL,A:B at `rows`. A:X is read as: the column "A:X" when the file has one;
// else the interaction of A and X when X names a covariate (a column, a derived one, or
// "exposed") and is not a level of A; else the reference level X of A. X both a column and a
// level of A is an error saying how to choose; A:=X is always the reference level. Main effects
// first in the order given, then the interactions (R's terms() order), each in R's variable
// order; an interaction needs both main effects in the list.
void read_covariates(AnalysisContext& context, const nlohmann::ordered_json& r,
                     const std::vector<size_t>& rows, std::vector<Covariate>& covariates,
                     Errors& err) {
  const Table& t = context.table();
  std::vector<std::pair<std::string, std::string>> interactions;  // (A, B) as written
  for (const auto& item : r["covariates"]) {
    if (!item.is_string()) {
      err.fail("--covariates must be column names");
      return;
    }
    std::string spec = item.get<std::string>(), reference;
    const size_t colon = spec.rfind(':');
    if (colon != std::string::npos && t.find(spec) < 0) {
      const size_t assign = spec.rfind(":=");
      if (assign != std::string::npos && assign > 0 && assign == colon) {
        reference = spec.substr(assign + 2);
        spec = spec.substr(0, assign);
      } else {
        const std::string left = spec.substr(0, colon), right = spec.substr(colon + 1);
        const bool named = names_covariate(t, covariates, right);
        const bool level = is_level_of(context, r, rows, left, right);
        if (named && level) {
          err.fail("--covariates " + spec + " is ambiguous: " + right +
                   " is a column and also a level of " + left + ". Write " + right + ":" + left +
                   " for the interaction (the same term) or " + left + ":=" + right +
                   " for the reference level");
          return;
        }
        if (named) {
          interactions.emplace_back(left, right);
          continue;
        }
        reference = right;
        spec = left;
      }
    }
    if (!read_main_effect(context, r, rows, spec, reference, covariates, err)) return;
  }
  for (const auto& [left, right] : interactions) {
    const std::string written = left + ":" + right;
    const int a = covariate_index(t, covariates, left);
    const int b = covariate_index(t, covariates, right);
    if (a < 0 || b < 0) {
      err.fail("--covariates " + written +
               ": an interaction needs its main effects in the list; add " +
               (a < 0 ? left : right) + " (R: ~ " + left + " + " + right + " + " + written + ")");
      return;
    }
    if (a == b) {
      err.fail("--covariates " + written + ": a covariate cannot interact with itself");
      return;
    }
    Covariate ab = Covariate::make_interaction(covariates, a, b);
    // B:A after A:B is the same term, as in R's formula.
    const bool seen = std::any_of(covariates.begin(), covariates.end(), [&](const Covariate& c) {
      return c.is_interaction() && c.interaction == ab.interaction;
    });
    if (!seen) covariates.push_back(std::move(ab));
  }
}

}  // namespace infant_all::contract
