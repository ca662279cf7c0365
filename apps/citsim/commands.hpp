// The subcommands of the citsim tool; one file each.
#pragma once

#include <CLI/CLI.hpp>

#include "citsim/pipeline/budget.hpp"

namespace citsim::app {

/// Options every subcommand shares.
struct CommonOptions {
  std::string data_dir;  ///< empty: find it (see find_data_dir)
  int threads = 0;       ///< 0: all cores
  RunLimits limits;      ///< what a run may cost (--max-memory-gib, --max-minutes)
};

/// Adds --max-memory-gib and --max-minutes, which raise the limits of what
/// one run may cost (docs/user-guide.md, "Limits").
void add_limit_options(CLI::App& cmd, CommonOptions& common);

/// Registers a subcommand; the returned callback runs it when chosen and
/// returns the process exit status.
void add_simulate(CLI::App& app, CommonOptions& common);
void add_validate(CLI::App& app, CommonOptions& common);
void add_plan(CLI::App& app, CommonOptions& common);
void add_resume(CLI::App& app, CommonOptions& common);
void add_calibrate(CLI::App& app, CommonOptions& common);
void add_outcomes(CLI::App& app, CommonOptions& common);
void add_serve(CLI::App& app, CommonOptions& common);
void add_cohort(CLI::App& app, CommonOptions& common);

}  // namespace citsim::app
