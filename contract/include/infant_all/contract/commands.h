// The commands of ENGINE.md ("The machine contract") run on a table already read from CSV.
//
// A request is the CLI's options as a JSON object, with the subcommand as "command" and option
// names in snake_case: {"command": "km", "time": "T", "event": "E", "group": "G",
// "conf_type": "log", "times": [1, 2]}. The result is the documented JSON, or an error message
// naming the row and column where there is one. The CLI (cli/) and the WASM module (wasm/) both
// call run_command, so the two give identical output for the same request.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "infant_all/io/column_table.h"
#include "infant_all/io/csv_reader.h"

namespace infant_all::contract {

struct CommandOutput {
  bool ok = false;
  nlohmann::ordered_json result;  // the documented JSON when ok
  std::string text;   // for CSV output (classify --format csv): the file to print instead
  std::string error;  // one line when not ok: what, where (row, column), what was expected
};

// While one is alive, the commands share what they derive from a table - the classifier's risk
// group of every row, the endpoints from the dates - per table and setting, instead of each
// deriving it again (analyze holds one for its parts; the WASM module one per loaded cohort).
// The table must outlive the scope and not change. Scopes nest: an inner one uses the outer's
// cache. Single-threaded, like the rest of the contract.
class DerivationScope {
 public:
  DerivationScope();
  ~DerivationScope();
  DerivationScope(const DerivationScope&) = delete;
  DerivationScope& operator=(const DerivationScope&) = delete;

 private:
  bool owner_;
};

// Runs request["command"] (km, logrank, cuminc, cox, classify, validate, crosstab, analyze).
CommandOutput run_command(const Table& table, const nlohmann::ordered_json& request);

// CSV reading options from a request's "csv" object: delimiter, decimal, na (list of missing
// tokens), date_format ("iso", "dmy", "mdy"), thousands (bool). Unknown keys are an error.
bool csv_options_from_json(const nlohmann::ordered_json& j, CsvOptions* out, std::string* error);

// Serialises the table's shape for the page's import report: columns with their types, missing
// and misfit counts, ragged rows, misfits (capped as read), notes.
nlohmann::ordered_json table_summary(const Table& table);

}  // namespace infant_all::contract
