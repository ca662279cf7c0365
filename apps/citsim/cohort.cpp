// `citsim cohort TRIAL.toml --out DIR`: an in-silico trial over a virtual
// cohort (pipeline/cohort.hpp). Every patient is stored as it finishes in
// the results store (--store, SQLite), so a run that is stopped or killed
// resumes where it stopped when run again; the report (cohort.json,
// endpoints.csv, report.html) is written once every patient is in.
#include <cstdio>

#include <fmt/format.h>

#include "apps/citsim/commands.hpp"
#include "citsim/core/error.hpp"
#include "citsim/core/parallel.hpp"
#include "citsim/core/version.hpp"
#include "citsim/io/data_dir.hpp"
#include "citsim/io/output_dir.hpp"
#include "citsim/io/results_store.hpp"
#include "citsim/pipeline/cohort.hpp"
#include "citsim/report/report.hpp"

namespace citsim::app {
namespace {

namespace fs = std::filesystem;

struct CohortOptions {
  std::string trial;
  std::string out;
  std::string store;
  bool force = false;
};

void run_cohort_command(const CohortOptions& opt, const CommonOptions& common) {
  const fs::path data_dir = find_data_dir(common.data_dir);
  const Vocabulary vocabulary = read_vocabulary(data_dir);
  const Trial trial = read_trial(opt.trial, vocabulary);
  const fs::path out_dir(opt.out);
  check_output_destination(out_dir, opt.force);
  const fs::path store_file =
      opt.store.empty() ? fs::path(out_dir.string() + ".sqlite") : fs::path(opt.store);
  const ModelData model = read_model_data(data_dir);
  const TryonData tryon = read_tryon_data(data_dir);
  ResultsStore store(store_file, trial.hash, kVersion);

  const CohortProgress done = run_cohort(
      trial, model, tryon, store, resolve_threads(common.threads), [](const CohortProgress& p) {
        std::fprintf(stderr, "\rcohort: %d of %d patients (%d from the store)",
                     p.stored_before + p.computed, p.total, p.stored_before);
        std::fflush(stderr);
      });
  std::fprintf(stderr, "\n");

  const nlohmann::json summary = cohort_summary(trial, store.all());
  OutputDir out(out_dir, opt.force);
  write_file(out.path() / "cohort.json", summary.dump(1) + "\n");
  write_file(out.path() / "endpoints.csv", cohort_endpoints_csv(summary));
  write_file(out.path() / "report.html", cohort_report_html(summary));
  out.commit("cohort");
  std::printf(
      "cohort: %d patients in %zu arms (%d from the store, %d computed); store %s; "
      "report %s\n",
      done.total, trial.arms.size(), done.stored_before, done.computed, store_file.string().c_str(),
      (out_dir / "report.html").string().c_str());
}

}  // namespace

void add_cohort(CLI::App& app, CommonOptions& common) {
  auto opt = std::make_shared<CohortOptions>();
  auto* cmd = app.add_subcommand(
      "cohort",
      "Run an in-silico trial over a virtual cohort (docs/cohort.md): every patient stored as it "
      "finishes, a stopped run resumed when run again, and a trial report");
  cmd->add_option("trial", opt->trial, "Trial file (TOML, see docs/cohort.md)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option(
         "-o,--out", opt->out,
         "Folder for the report: new or empty (an earlier CITSim result only with --force)")
      ->required();
  cmd->add_option("--store", opt->store,
                  "Results store (SQLite; default: the --out folder's name + .sqlite beside it); "
                  "reused when it holds this trial's patients");
  cmd->add_flag("--force", opt->force, "Replace an earlier CITSim result in --out");
  cmd->add_option("-j,--threads", common.threads,
                  "Threads (default: all cores); results are identical for every count")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--data-dir", common.data_dir,
                  "CITSim data folder (default: found automatically)");
  cmd->callback([opt, &common] { run_cohort_command(*opt, common); });
}

}  // namespace citsim::app
