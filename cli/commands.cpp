#include "commands.h"

#include <iostream>
#include <memory>
#include <string>

namespace infant_all::cli {
namespace {

// A subcommand whose issue has not landed yet: it accepts the documented options so --help is
// already true, and says plainly that it does nothing (exit 2), rather than pretending.
void register_pending(CLI::App& app, CommandList& out, const char* name, const char* what) {
  auto* sub = app.add_subcommand(name, what);
  auto csv = std::make_shared<std::string>();
  sub->add_option("--csv", *csv, "input CSV file")->required();
  sub->allow_extras();
  out.push_back({sub, [name, csv]() {
                   std::cerr << "infant-all " << name << ": not implemented yet\n";
                   return 2;
                 }});
}

}  // namespace

void register_commands(CLI::App& app, CommandList& out) {
  register_pending(app, out, "classify", "risk group of every row under a protocol");
  register_pending(app, out, "km", "Kaplan-Meier estimates by group");
  register_pending(app, out, "logrank", "log-rank test across groups");
  register_pending(app, out, "cuminc", "cumulative incidence with competing risks");
  register_pending(app, out, "cox", "Cox proportional hazards regression");
}

}  // namespace infant_all::cli
