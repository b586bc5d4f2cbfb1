// The commands of ENGINE.md ("The machine contract") run on a table already read from CSV.
//
// A request is the CLI's options as a JSON object, with the subcommand as "command" and option
// names in snake_case: {"command": "km", "time": "T", "event": "E", "group": "G",
// "conf_type": "log", "times": [1, 2]}. The result is the documented JSON, or an error message
// naming the row and column where there is one. The CLI (cli/) and the WASM module (wasm/) both
// call run_command, so the two give identical output for the same request.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
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

// One table and what the commands derive from it - the classifier's risk group of every row, the
// endpoints from its dates - kept per setting for the table's life, so that no analysis of the
// table derives the same thing twice. Whoever holds the table owns its context: the WASM module
// one per loaded cohort, the CLI one per run, and analyze's parts share the caller's. The table
// must outlive the context and not change. Single-threaded, like the rest of the contract.
class AnalysisContext {
 public:
  explicit AnalysisContext(const Table& table);
  ~AnalysisContext();
  AnalysisContext(const AnalysisContext&) = delete;
  AnalysisContext& operator=(const AnalysisContext&) = delete;

  const Table& table() const { return table_; }
  struct Derived;  // what has been derived, by setting (contract/src/derivations.h)
  Derived& derived() { return *derived_; }

 private:
  const Table& table_;
  std::unique_ptr<Derived> derived_;
};

// Runs request["command"] (km, logrank, cuminc, cox, crr, classify, validate, crosstab, analyze,
// preview) on the context's table, with what the context has derived.
CommandOutput run_command(AnalysisContext& context, const nlohmann::ordered_json& request);
// The same with a context of its own: nothing is kept from one call to the next.
CommandOutput run_command(const Table& table, const nlohmann::ordered_json& request);

// CSV reading options from a request's "csv" object: delimiter, decimal, na (list of missing
// tokens), date_format ("iso", "dmy", "mdy"), thousands (bool). Unknown keys are an error.
bool csv_options_from_json(const nlohmann::ordered_json& j, CsvOptions* out, std::string* error);

// Serialises the table's shape for the page's import report: columns with their types, missing
// and misfit counts, ragged rows, misfits (capped as read), notes.
nlohmann::ordered_json table_summary(const Table& table);

}  // namespace infant_all::contract
