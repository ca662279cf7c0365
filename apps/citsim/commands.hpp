// The subcommands of the citsim tool; one file each.
#pragma once

#include <CLI/CLI.hpp>

namespace citsim::app {

/// Options every subcommand shares.
struct CommonOptions {
  std::string data_dir;  ///< empty: find it (see find_data_dir)
  int threads = 0;       ///< 0: all cores
};

/// Registers a subcommand; the returned callback runs it when chosen and
/// returns the process exit status.
void add_simulate(CLI::App& app, CommonOptions& common);
void add_validate(CLI::App& app, CommonOptions& common);
void add_plan(CLI::App& app, CommonOptions& common);
void add_resume(CLI::App& app, CommonOptions& common);
void add_calibrate(CLI::App& app, CommonOptions& common);
void add_serve(CLI::App& app, CommonOptions& common);

}  // namespace citsim::app
