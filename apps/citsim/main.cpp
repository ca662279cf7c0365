// citsim: the command-line tool. Holds the one try/catch of the program:
// bad input or environment (citsim::Error) exits with status 2 and one line.
#include <cstdio>
#include <exception>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "apps/citsim/commands.hpp"
#include "citsim/core/error.hpp"
#include "citsim/core/version.hpp"

namespace citsim::app {

void add_limit_options(CLI::App& cmd, CommonOptions& common) {
  cmd.add_option("--max-memory-gib", common.limits.memory_gib,
                 "Most memory one run may need, estimated before it starts (default 4)")
      ->check(CLI::Range(0.1, 4096.0));
  cmd.add_option("--max-minutes", common.limits.minutes,
                 "Most time one run may take on one core, estimated before it starts (default 60)")
      ->check(CLI::Range(0.1, 100000.0));
}

}  // namespace citsim::app

int main(int argc, char** argv) {
  CLI::App app{
      "CITSim: simulator and planner for microneedling (collagen induction therapy).\n"
      "Decision support for clinicians: predictions carry their uncertainty and the "
      "clinician decides.",
      "citsim"};
  app.set_version_flag("-V,--version", fmt::format("citsim {}", citsim::kVersion));
  app.require_subcommand(1);
  app.footer("Run `citsim SUBCOMMAND --help` for the options of each. Docs: docs/user-guide.md");

  citsim::app::CommonOptions common;
  citsim::app::add_simulate(app, common);
  citsim::app::add_validate(app, common);
  citsim::app::add_plan(app, common);
  citsim::app::add_resume(app, common);
  citsim::app::add_calibrate(app, common);
  citsim::app::add_outcomes(app, common);
  citsim::app::add_serve(app, common);
  citsim::app::add_cohort(app, common);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "citsim: %s (see citsim --help)\n", e.what());
    return 2;
  } catch (const citsim::Error& e) {
    std::fprintf(stderr, "citsim: %s\n", e.what());
    return 2;
  } catch (const std::bad_alloc&) {
    std::fprintf(
        stderr, "citsim: out of memory; try a coarser simulation.voxel_um or a smaller block_mm\n");
    return 2;
  } catch (const std::exception& e) {
    // Not an input error: a fault of CITSim's own. Never an abort.
    std::fprintf(stderr, "citsim: internal error (please report it): %s\n", e.what());
    return 1;
  }
  return 0;
}
