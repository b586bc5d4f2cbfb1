// Conversions between JS values and the core, behind the Embind registrations of bindings.cpp.
// Results are the JSON of ENGINE.md (the same text the CLI prints), parsed once by the JS
// adapter, so the page, the CLI and the tests all see one shape.
#pragma once

#include <emscripten/val.h>

#include <string>

namespace infant_all::wasm {

std::string version();
// The CSV reader's limits (CsvLimits) as JSON, so the page checks a file against the engine's
// own numbers before reading it.
std::string limits();

// Reads CSV bytes (a Uint8Array, copied once into the module) with options given as JSON (the
// CLI's --delimiter, --decimal, --date-format, --na as {"delimiter": ";", ...}). The table stays
// inside the module for the commands that follow. Returns {"ok": true, "table": summary} or
// {"ok": false, "error": message}; a failed read keeps the previously loaded table.
std::string load_csv(const emscripten::val& bytes, const std::string& options_json);

// Reads CSV bytes into a table of its own and runs the cohort analysis on it (validate, then
// analyze), keeping nothing: the loaded table is untouched. The page's worker calls it once with
// the demo cohort after start-up, so that V8 has compiled and tiered up the engine's hot code
// before the user's first file instead of during it. Returns {"ok": true} or the read's error.
std::string warm_up(const emscripten::val& bytes);

// Runs one command (request as JSON: {"command": "km", "time": "T", ...}) on the loaded table.
// Returns {"ok": true, "result": ...} or {"ok": false, "error": message}.
std::string run_command(const std::string& request_json);

// Classifies one patient from the form: request {"fields": {canonical: text}, "protocol":
// "interfant06" | ... | "all", "today": "YYYY-MM-DD"}; see contract/patient.h for the result.
std::string classify_patient(const std::string& request_json);

// The clinical input vocabulary and the protocols' rule tables (contract/patient.h), as JSON.
std::string vocabulary();
std::string rules();

}  // namespace infant_all::wasm
