// infant-all: the command-line face of the core. Prints JSON on stdout; errors are one line on
// stderr and a non-zero exit status (ENGINE.md, "The machine contract").
//
// CLI11 (Debian libcli11-dev, header-only) parses arguments: subcommands with typed options,
// generated --help and clear messages for a wrong option are what a hand parser would redo.
#include <CLI/CLI.hpp>

#include <iostream>
#include <string>

#include "commands.h"
#include "infant_all/version.h"

int main(int argc, char** argv) {
  CLI::App app{"infant-all: risk groups and survival statistics for infant ALL"};
  app.name("infant-all");
  app.set_version_flag("--version", std::string("infant-all ") + infant_all::version());
  app.require_subcommand(1);

  infant_all::cli::CommandList commands;
  infant_all::cli::register_commands(app, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "infant-all: " << e.what() << " (see infant-all --help)\n";
    return 2;
  }
  for (const auto& cmd : commands) {
    if (cmd.app->parsed()) return cmd.run();
  }
  std::cerr << "infant-all: no subcommand given (see infant-all --help)\n";
  return 2;
}
