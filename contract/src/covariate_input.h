// --covariates for the regression commands (cox, crr): each named column as a Covariate, so
// that factors, reference levels and the derived covariates behave the same in every model.
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "columns.h"
#include "infant_all/contract/commands.h"
#include "infant_all/stats/model_matrix.h"

namespace infant_all::contract {

// --covariates A,B:LEVEL at `rows`: numeric columns enter as numbers, text columns as dummies
// named <column><level> (R's names), the reference the first level or the one after ':'.
void read_covariates(AnalysisContext& context, const nlohmann::ordered_json& r,
                     const std::vector<size_t>& rows, std::vector<Covariate>& covariates,
                     Errors& err);

}  // namespace infant_all::contract
