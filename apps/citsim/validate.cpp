// `citsim validate CASE...`: checks case files without simulating: every
// key, the scan a case names, and what a `simulate` of it would cost against
// the limits (pipeline/budget.hpp).
#include <cstdio>

#include "apps/citsim/commands.hpp"
#include "citsim/io/data_dir.hpp"
#include "citsim/pipeline/budget.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/pipeline/model_data.hpp"
#include "citsim/pipeline/tryon.hpp"
#include "citsim/planner/vocabulary.hpp"

namespace citsim::app {

void add_validate(CLI::App& app, CommonOptions& common) {
  auto* cmd = app.add_subcommand("validate", "Check case files; print one line per file");
  auto files = std::make_shared<std::vector<std::string>>();
  cmd->add_option("cases", *files, "Case files (TOML)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--data-dir", common.data_dir,
                  "CITSim data folder (default: found automatically)");
  add_limit_options(*cmd, common);
  cmd->callback([files, &common] {
    const auto data_dir = find_data_dir(common.data_dir);
    const Vocabulary vocab = read_vocabulary(data_dir);
    const ModelData data = read_model_data(data_dir);
    for (const auto& f : *files) {
      const Case c = read_case(f, vocab);  // throws on the first problem
      // As `citsim simulate` runs it: the injury field written out and freed.
      const RunCost cost = estimate_run_cost(c, data, {.keeps_injury_field = false});
      check_run_cost(cost, common.limits);
      const TryonData tryon = read_tryon_data(data_dir);
      if (site_has_surface(c, tryon)) tryon_model(c, data, tryon);  // reads a scan
      std::printf("%s: ok (simulate: %s)\n", f.c_str(), cost.summary().c_str());
    }
  });
}

}  // namespace citsim::app
