// `citsim validate CASE...`: checks case files without simulating.
#include <cstdio>

#include "apps/citsim/commands.hpp"
#include "citsim/io/data_dir.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/planner/vocabulary.hpp"

namespace citsim::app {

void add_validate(CLI::App& app, CommonOptions& common) {
  auto* cmd = app.add_subcommand("validate", "Check case files; print one line per file");
  auto files = std::make_shared<std::vector<std::string>>();
  cmd->add_option("cases", *files, "Case files (TOML)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--data-dir", common.data_dir,
                  "CITSim data folder (default: found automatically)");
  cmd->callback([files, &common] {
    const Vocabulary vocab = read_vocabulary(find_data_dir(common.data_dir));
    for (const auto& f : *files) {
      read_case(f, vocab);  // throws on the first problem
      std::printf("%s: ok\n", f.c_str());
    }
  });
}

}  // namespace citsim::app
