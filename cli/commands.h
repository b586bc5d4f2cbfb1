// The subcommands of ENGINE.md. Each registers its options on the CLI11 app and returns a
// runner that prints JSON to stdout and returns the process exit status.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <vector>

namespace infant_all::cli {

struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};
using CommandList = std::vector<Command>;

void register_commands(CLI::App& app, CommandList& out);

}  // namespace infant_all::cli
