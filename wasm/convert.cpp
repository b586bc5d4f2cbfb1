#include "convert.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <utility>

#include "infant_all/contract/commands.h"
#include "infant_all/contract/patient.h"
#include "infant_all/io/column_table.h"
#include "infant_all/version.h"

namespace infant_all::wasm {
namespace {

// The cohort loaded last with its analysis context: what the commands derive from it (risk
// groups, endpoints) is kept until the next read, so the page's analyses of one cohort classify
// it once. Replaced only by a successful read.
struct Loaded {
  explicit Loaded(Table t) : table(std::move(t)), context(table) {}
  Table table;
  contract::AnalysisContext context;  // refers to `table`, declared before it
};
std::unique_ptr<Loaded>& loaded() {
  static std::unique_ptr<Loaded> cohort;
  return cohort;
}

std::string fail(const std::string& message) {
  return nlohmann::ordered_json{{"ok", false}, {"error", message}}.dump();
}

// One copy from the JS heap into the module: a typed-array view on our buffer, filled by set().
std::string copy_bytes(const emscripten::val& bytes) {
  const size_t n = bytes["length"].as<size_t>();
  std::string buffer(n, '\0');
  emscripten::val(emscripten::typed_memory_view(n, reinterpret_cast<unsigned char*>(buffer.data())))
      .call<void>("set", bytes);
  return buffer;
}

}  // namespace

std::string version() { return infant_all::version(); }

std::string limits() {
  const CsvLimits l;
  return nlohmann::ordered_json{{"max_bytes", l.max_bytes},
                                {"max_rows", l.max_rows},
                                {"max_columns", l.max_columns},
                                {"max_field_bytes", l.max_field_bytes}}
      .dump();
}

std::string load_csv(const emscripten::val& bytes, const std::string& options_json) {
  const auto parsed = nlohmann::ordered_json::parse(options_json, nullptr, false);
  if (parsed.is_discarded()) return fail("CSV options are not valid JSON");
  CsvOptions options;
  std::string error;
  if (!contract::csv_options_from_json(parsed, &options, &error)) return fail(error);

  Table table = read_csv_table(copy_bytes(bytes), options);
  if (!table.status.ok()) return fail(table.status.message);
  nlohmann::ordered_json out = {{"ok", true}, {"table", contract::table_summary(table)}};
  loaded().reset();  // the old cohort and its derivations go first
  loaded() = std::make_unique<Loaded>(std::move(table));
  // The import report comes with the table (the validate command's JSON, or why it could not
  // run), so reading a file is one call and the page's first screen one more (analyze).
  const contract::CommandOutput v =
      contract::run_command(loaded()->context, {{"command", "validate"}});
  out["validation"] = v.ok ? v.result : nlohmann::ordered_json{{"error", v.error}};
  return out.dump();
}

std::string warm_up(const emscripten::val& bytes) {
  const Table table = read_csv_table(copy_bytes(bytes), CsvOptions{});
  if (!table.status.ok()) return fail(table.status.message);
  contract::AnalysisContext context(table);
  for (const char* command : {"validate", "analyze"}) {
    contract::run_command(context, {{"command", command}});
  }
  return nlohmann::ordered_json{{"ok", true}}.dump();
}

std::string run_command(const std::string& request_json) {
  const auto request = nlohmann::ordered_json::parse(request_json, nullptr, false);
  if (request.is_discarded()) return fail("request is not valid JSON");
  if (!loaded()) return fail("no CSV loaded yet");
  const contract::CommandOutput out = contract::run_command(loaded()->context, request);
  if (!out.ok) return fail(out.error);
  nlohmann::ordered_json reply = {{"ok", true}, {"result", out.result}};
  if (!out.text.empty()) reply["text"] = out.text;  // classify --format csv: the annotated file
  return reply.dump();
}

std::string classify_patient(const std::string& request_json) {
  const auto request = nlohmann::ordered_json::parse(request_json, nullptr, false);
  if (request.is_discarded()) return fail("request is not valid JSON");
  return contract::classify_patient(request).dump();
}

std::string vocabulary() { return contract::vocabulary_json().dump(); }

std::string rules() { return contract::rules_json().dump(); }

}  // namespace infant_all::wasm
