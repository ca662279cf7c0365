// `citsim cohort TRIAL.toml --out DIR`: an in-silico trial over a virtual
// cohort (pipeline/cohort.hpp). Every patient is stored as it finishes in
// the results store (--store, SQLite), so a run that is stopped or killed
// resumes where it stopped when run again; the report (cohort.json,
// endpoints.csv, report.html) is written once every patient is in.
//
// Under `mpirun -np K` (Open MPI; built when MPI is found) the patients are
// shared among the ranks (patient k of those not yet stored to rank k mod
// K); every rank sends what it computed to rank 0 in batches, and rank 0
// alone holds the store and writes the report: the nodes need no shared
// disk, and the result is the same as a serial run's.
#include <cstdio>
#include <cstdlib>
#include <memory>

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

#ifdef CITSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace citsim::app {
namespace {

namespace fs = std::filesystem;

struct CohortOptions {
  std::string trial;
  std::string out;
  std::string store;
  bool force = false;
};

/// The ranks of an MPI launch: one rank of one without mpirun (or without
/// MPI in the build).
class Ranks {
 public:
  Ranks() {
#ifdef CITSIM_HAVE_MPI
    if (std::getenv("OMPI_COMM_WORLD_SIZE") == nullptr && std::getenv("PMI_SIZE") == nullptr &&
        std::getenv("PMIX_RANK") == nullptr)
      return;
    MPI_Init(nullptr, nullptr);
    active_ = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
#endif
  }
  Ranks(const Ranks&) = delete;
  Ranks& operator=(const Ranks&) = delete;
  ~Ranks() {
#ifdef CITSIM_HAVE_MPI
    if (active_) MPI_Finalize();
#endif
  }
  int rank() const { return rank_; }
  int size() const { return size_; }

 private:
  bool active_ = false;
  int rank_ = 0, size_ = 1;
};

#ifdef CITSIM_HAVE_MPI
constexpr int kBatchTag = 1;

/// Text to or from rank 0 (length, then the bytes).
void send_text(const std::string& text, int to) {
  const auto n = static_cast<long long>(text.size());
  MPI_Send(&n, 1, MPI_LONG_LONG, to, kBatchTag, MPI_COMM_WORLD);
  MPI_Send(text.data(), static_cast<int>(text.size()), MPI_CHAR, to, kBatchTag, MPI_COMM_WORLD);
}

std::string receive_text(int from) {
  long long n = 0;
  MPI_Recv(&n, 1, MPI_LONG_LONG, from, kBatchTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  std::string text(static_cast<std::size_t>(n), '\0');
  MPI_Recv(text.data(), static_cast<int>(n), MPI_CHAR, from, kBatchTag, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  return text;
}

nlohmann::json to_json(const StoredPatient& p) {
  return {p.arm, p.patient, p.seed, p.inputs, p.outputs};
}

StoredPatient from_json(const nlohmann::json& j) {
  return {j[0].get<std::string>(), j[1].get<std::int64_t>(), j[2].get<std::uint64_t>(),
          j[3].get<std::string>(), j[4].get<std::string>()};
}

/// This rank's share of `todo` (every size-th from rank), computed in
/// batches of `threads` x 2 patients; rank 0 stores its own and, between
/// its batches and after, every other rank's batches.
void run_ranks(const Ranks& ranks, const Trial& trial, const ModelData& model,
               const TryonData& tryon, ResultsStore* store, int threads,
               const std::vector<std::pair<std::size_t, std::int64_t>>& todo) {
  std::vector<std::size_t> mine;
  for (std::size_t k = static_cast<std::size_t>(ranks.rank()); k < todo.size();
       k += static_cast<std::size_t>(ranks.size()))
    mine.push_back(k);
  const std::size_t batch = static_cast<std::size_t>(std::max(1, threads)) * 2;
  std::size_t stored = 0;
  const auto drain = [&](bool wait) {
    while (stored < todo.size()) {
      int flag = 1;
      MPI_Status status;
      if (wait)
        MPI_Probe(MPI_ANY_SOURCE, kBatchTag, MPI_COMM_WORLD, &status);
      else
        MPI_Iprobe(MPI_ANY_SOURCE, kBatchTag, MPI_COMM_WORLD, &flag, &status);
      if (!flag) return;
      for (const auto& j : nlohmann::json::parse(receive_text(status.MPI_SOURCE))) {
        store->put(from_json(j));
        ++stored;
      }
      std::fprintf(stderr, "\rcohort: %zu of %zu patients computed by %d ranks", stored,
                   todo.size(), ranks.size());
      std::fflush(stderr);
    }
  };
  for (std::size_t start = 0; start < mine.size(); start += batch) {
    const std::size_t end = std::min(mine.size(), start + batch);
    std::vector<StoredPatient> done(end - start);
    parallel_for(0, static_cast<std::int64_t>(end - start), threads, [&](std::int64_t k) {
      const auto [a, i] = todo[mine[start + static_cast<std::size_t>(k)]];
      done[static_cast<std::size_t>(k)] = cohort_patient_result(trial, a, i, model, tryon);
    });
    if (ranks.rank() == 0) {
      for (const StoredPatient& p : done) store->put(p);
      stored += done.size();
      drain(false);
    } else {
      nlohmann::json out = nlohmann::json::array();
      for (const StoredPatient& p : done) out.push_back(to_json(p));
      send_text(out.dump(), 0);
    }
  }
  if (ranks.rank() == 0) drain(true);
}
#endif

void run_cohort_command(const CohortOptions& opt, const CommonOptions& common) {
  const Ranks ranks;
  const fs::path data_dir = find_data_dir(common.data_dir);
  const Vocabulary vocabulary = read_vocabulary(data_dir);
  const Trial trial = read_trial(opt.trial, vocabulary);
  const fs::path out_dir(opt.out);
  if (ranks.rank() == 0) check_output_destination(out_dir, opt.force);
  const fs::path store_file =
      opt.store.empty() ? fs::path(out_dir.string() + ".sqlite") : fs::path(opt.store);
  const ModelData model = read_model_data(data_dir);
  const TryonData tryon = read_tryon_data(data_dir);
  const int threads = resolve_threads(common.threads);
  CohortProgress done;
  std::unique_ptr<ResultsStore> store;
  if (ranks.rank() == 0) store = std::make_unique<ResultsStore>(store_file, trial.hash, kVersion);

  if (ranks.size() > 1) {
#ifdef CITSIM_HAVE_MPI
    // Rank 0 says what is left; every rank takes its share.
    std::vector<long long> flat;
    if (ranks.rank() == 0)
      for (const auto& [a, i] : cohort_todo(trial, store->done()))
        flat.push_back(static_cast<long long>(a) * trial.patients_per_arm + i);
    long long n = static_cast<long long>(flat.size());
    MPI_Bcast(&n, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    flat.resize(static_cast<std::size_t>(n));
    MPI_Bcast(flat.data(), static_cast<int>(n), MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    std::vector<std::pair<std::size_t, std::int64_t>> todo;
    for (long long g : flat)
      todo.emplace_back(static_cast<std::size_t>(g / trial.patients_per_arm),
                        g % trial.patients_per_arm);
    done.total = static_cast<int>(trial.arms.size()) * trial.patients_per_arm;
    done.stored_before = done.total - static_cast<int>(todo.size());
    done.computed = static_cast<int>(todo.size());
    run_ranks(ranks, trial, model, tryon, store.get(), threads, todo);
    if (ranks.rank() != 0) return;
#endif
  } else {
    done = run_cohort(trial, model, tryon, *store, threads, [](const CohortProgress& p) {
      std::fprintf(stderr, "\rcohort: %d of %d patients (%d from the store)",
                   p.stored_before + p.computed, p.total, p.stored_before);
      std::fflush(stderr);
    });
  }
  std::fprintf(stderr, "\n");

  const nlohmann::json summary = cohort_summary(trial, store->all());
  write_cohort_report(summary, out_dir, opt.force);
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
