// Work that several commands would each repeat - the classifier's risk group of every row, the
// endpoints derived from the cohort's dates - done once per setting and kept in the table's
// AnalysisContext (commands.h).
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "columns.h"
#include "infant_all/clinical/classify.h"
#include "infant_all/clinical/cohort_patients.h"
#include "infant_all/clinical/column_mapping.h"
#include "infant_all/clinical/endpoints.h"
#include "infant_all/clinical/patient_values.h"
#include "infant_all/contract/commands.h"
#include "infant_all/io/column_table.h"
#include "infant_all/stats/survival_data.h"

namespace infant_all::contract {

// What classify reads from a request: the protocol, the cell parsing options (date format,
// Excel serials, today) and the column mapping (with --map overrides).
struct ClassifySetup {
  Protocol protocol = Protocol::interfant06;
  PatientFieldOptions options;
  ColumnMapping mapping;
};
bool classify_setup(const Table& t, const nlohmann::ordered_json& r, ClassifySetup* out,
                    Errors& err);

// What a context has derived, keyed by the request settings that decide it.
struct AnalysisContext::Derived {
  std::map<std::string, std::shared_ptr<const GroupCodes>> risk_groups;
  std::map<std::string, std::shared_ptr<const EndpointSet>> endpoints;
};

// The risk group of every table row under r's protocol, as codes over the groups that occur
// (factor_levels order); -1 when the row has no definite group.
std::shared_ptr<const GroupCodes> risk_group_codes(AnalysisContext& context,
                                                   const nlohmann::ordered_json& r, Errors& err);

// Endpoints derived with r's endpoint options and mapping; `options` receives the options.
std::shared_ptr<const EndpointSet> endpoint_set(AnalysisContext& context,
                                                const nlohmann::ordered_json& r,
                                                EndpointOptions* options, Errors& err);

}  // namespace infant_all::contract
