#include "covariate_input.h"

#include <limits>
#include <string>

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

}  // namespace

// --covariates A,B:LEVEL at `rows`: numeric columns enter as numbers, text columns as dummies
// named <column><level> (R's names), the reference the first level or the one after ':'.
void read_covariates(AnalysisContext& context, const nlohmann::ordered_json& r,
                     const std::vector<size_t>& rows, std::vector<Covariate>& covariates,
                     Errors& err) {
  const Table& t = context.table();
  for (const auto& item : r["covariates"]) {
    if (!item.is_string()) {
      err.fail("--covariates must be column names");
      break;
    }
    std::string spec = item.get<std::string>(), reference;
    const size_t colon = spec.rfind(':');
    if (colon != std::string::npos && t.find(spec) < 0) {
      reference = spec.substr(colon + 1);
      spec = spec.substr(0, colon);
    }
    // The request's own settings (protocol, map, ...) travel along: "risk_group" is the
    // classifier's group when the file has no such column.
    nlohmann::ordered_json one = r;
    one["covariate"] = spec;
    if (spec == "risk_group" && t.find(spec) < 0) {
      GroupCodes labels;
      if (!codes_at(context, one, "covariate", rows, &labels, err)) break;
      covariates.push_back(Covariate::make_categorical(spec, std::move(labels), reference));
      continue;
    }
    if (spec == "age_days" && t.find(spec) < 0) {
      std::vector<double> v;
      if (!derived_age_days(t, one, rows, &v, err)) break;
      covariates.push_back(Covariate::make_numeric(spec, std::move(v)));
      continue;
    }
    const Column* c = require_column(t, one, "covariate", err);
    if (!c) break;
    // A yes/no column is a factor, as in R: the term is "mllyes", not "mll".
    const bool text = c->type == ColumnType::text || c->type == ColumnType::categorical ||
                      c->type == ColumnType::boolean;
    if (text || !reference.empty()) {
      GroupCodes labels;
      codes_at(context, one, "covariate", rows, &labels, err);
      covariates.push_back(Covariate::make_categorical(c->name, std::move(labels), reference));
    } else {
      std::vector<double> v;
      if (!numbers_at(t, *c, "covariates", rows, &v, err)) break;
      covariates.push_back(Covariate::make_numeric(c->name, std::move(v)));
    }
  }
}

}  // namespace infant_all::contract
