// `citsim simulate CASE --out DIR` and `citsim resume DIR`: the course of
// sessions on the patient's skin, written to DIR (docs/user-guide.md).
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "apps/citsim/commands.hpp"
#include "apps/citsim/progress.hpp"
#include "citsim/core/error.hpp"
#include "citsim/core/parallel.hpp"
#include "citsim/core/toml_fields.hpp"
#include "citsim/io/data_dir.hpp"
#include "citsim/io/output_dir.hpp"
#include "citsim/io/png_io.hpp"
#include "citsim/io/sealed_file.hpp"
#include "citsim/io/vtk.hpp"
#include "citsim/pipeline/budget.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/pipeline/rf_fields.hpp"
#include "citsim/pipeline/simulate.hpp"
#include "citsim/pipeline/unmodelled.hpp"
#include "citsim/planner/vocabulary.hpp"

namespace citsim::app {
namespace {

namespace fs = std::filesystem;

struct SimulateArgs {
  std::string case_file;
  std::string out_dir;
  bool force = false;
  int ensemble = 0;
  double checkpoint_every_days = 0.0;
  std::vector<int> surface_days;
  bool long_view = false;
};

fs::path partial_dir(const fs::path& out) { return out.string() + ".partial"; }

/// Full fidelity: the healing fields on the block at this moment.
void write_snapshot(const fs::path& dir, const CourseRun& run, int day,
                    nlohmann::json& pvd_entries) {
  const Tissue& t = run.treated();
  const Mesh& m = t.mesh;
  Grid g{.nx = m.nx, .ny = m.ny, .nz = m.nz, .dx_um = m.dx_um, .dy_um = m.dy_um, .dz_um = m.dz_um};
  std::vector<VtkArray> arrays;
  for (std::size_t s = 0; s < kSpeciesCount; ++s) {
    arrays.push_back(
        {std::string(to_string(static_cast<Species>(s))), std::span<const double>(t.c[s])});
  }
  arrays.push_back({"layer", std::span<const std::uint8_t>(t.layer)});
  const std::string name = fmt::format("fields/healing_day{:04d}.vti", day);
  fs::create_directories(dir / "fields");
  write_vti(dir / name, g, arrays);
  pvd_entries.push_back({{"day", day}, {"file", name}});
}

std::string pvd_text(const nlohmann::json& entries) {
  std::string out =
      "<?xml version=\"1.0\"?>\n<VTKFile type=\"Collection\" version=\"1.0\" "
      "byte_order=\"LittleEndian\">\n"
      "  <Collection>\n";
  for (const auto& e : entries) {
    out += fmt::format("    <DataSet timestep=\"{}\" part=\"0\" file=\"{}\"/>\n",
                       e["day"].get<int>(), e["file"].get<std::string>());
  }
  return out + "  </Collection>\n</VTKFile>\n";
}

bool snapshot_day(int day, const std::vector<int>& sessions) {
  for (int s : sessions) {
    const int since = day - s;
    if (since == 0 || since == 1 || since == 3 || since == 7 || since == 14) return true;
  }
  return day % 30 == 0;
}

/// Everything about one run that a resume needs besides the checkpoint,
/// kept in DIR.partial/job.json (sealed: io/sealed_file.hpp).
struct Job {
  std::string case_source;  ///< the case file as the user named it
  std::string case_text;    ///< its text when the run started
  std::string data_dir;
  int ensemble = 0;
  double checkpoint_every_days = 0.0;
  std::vector<int> surface_days;  ///< chosen days of the surface pictures
  bool force = false;             ///< --force: may replace an earlier result
  bool finished = false;          ///< results complete in DIR.partial, not yet moved
  bool long_view = false;         ///< --long-view
};

void save_job(const fs::path& work, const Job& job) {
  const nlohmann::json j = {{"case_source", job.case_source},
                            {"case_text", job.case_text},
                            {"data_dir", job.data_dir},
                            {"ensemble", job.ensemble},
                            {"checkpoint_every_days", job.checkpoint_every_days},
                            {"surface_days", job.surface_days},
                            {"force", job.force},
                            {"finished", job.finished},
                            {"long_view", job.long_view}};
  write_file_atomically(work / "job.json", seal("job", j.dump(2)));
}

Job read_job(const fs::path& file) {
  const std::string text = unseal(file, "job");
  try {
    const auto j = nlohmann::json::parse(text);
    return Job{j.at("case_source").get<std::string>(),
               j.at("case_text").get<std::string>(),
               j.at("data_dir").get<std::string>(),
               j.at("ensemble").get<int>(),
               j.at("checkpoint_every_days").get<double>(),
               j.at("surface_days").get<std::vector<int>>(),
               j.at("force").get<bool>(),
               j.at("finished").get<bool>(),
               j.value("long_view", false)};
  } catch (const nlohmann::json::exception&) {
    throw Error(file.string() + ": not a usable job file: its content is not a CITSim job");
  }
}

/// Runs the course in `work` (created by the caller), optionally from a
/// checkpoint there, and leaves the finished results in `work`.
void run_job(Simulation& sim, const Job& job, const fs::path& work, bool resuming) {
  const Case& c = sim.case_();
  CourseRun& run = sim.course();
  const CourseSpec& spec = sim.spec();

  // The first session's injury field, written before the course runs so that
  // its memory (9 bytes a voxel) is free for the healing.
  const std::string vti = "injury_session1.vti";
  {
    const InjuryField& first = sim.injury().first_field;
    write_vti(work / vti, first.grid,
              {{"disruption", std::span<const double>(first.disruption.values())},
               {"layer", std::span<const std::uint8_t>(first.layer)}});
    sim.release_injury_field();
  }

  // The nominal course, checkpointed as it goes.
  nlohmann::json pvd_entries = nlohmann::json::array();
  const fs::path checkpoint = work / "checkpoint.bin";
  if (resuming) {
    std::istringstream in(unseal(checkpoint, "checkpoint"), std::ios::binary);
    run.load_state(in);
    std::ifstream pvd(work / "snapshots.json");
    if (pvd) pvd_entries = nlohmann::json::parse(pvd);
  }
  const auto sessions = run.session_days();
  const std::int64_t every = static_cast<std::int64_t>(job.checkpoint_every_days * kTicksPerDay);
  std::int64_t next_checkpoint = every > 0 ? (run.tick() / every + 1) * every : run.end_tick() + 1;
  {
    ProgressBar bar(job.ensemble > 0 ? "nominal run" : "simulating");
    while (!run.done()) {
      const std::int64_t target = std::min(run.next_report_tick(), next_checkpoint);
      run.advance_to(target);
      const std::int64_t tick = run.tick();
      const int day = static_cast<int>(tick / kTicksPerDay);
      if (spec.fidelity == Fidelity::full && tick % kTicksPerDay == 0 &&
          snapshot_day(day, sessions) &&
          (pvd_entries.empty() || pvd_entries.back()["day"].get<int>() != day)) {
        write_snapshot(work, run, day, pvd_entries);
      }
      if (run.tick() == next_checkpoint && !run.done()) {
        write_file_atomically(work / "snapshots.json", pvd_entries.dump());
        std::ostringstream state(std::ios::binary);
        run.save_state(state);
        write_file_atomically(checkpoint, seal("checkpoint", state.str()));
        next_checkpoint += every;
      }
      bar.update(static_cast<double>(run.tick()) /
                 static_cast<double>(std::max<std::int64_t>(1, run.end_tick())));
    }
  }

  // The ensemble and the surface.
  std::optional<ProgressBar> ensemble_bar;
  if (job.ensemble > 0) ensemble_bar.emplace(fmt::format("ensemble of {}", job.ensemble));
  std::mutex mutex;  // members finish on worker threads
  SimulateOptions options;
  options.ensemble = job.ensemble;
  options.surface_days = job.surface_days;
  options.long_view = job.long_view;
  options.ensemble_progress = [&](int done) {
    const std::lock_guard lock(mutex);
    ensemble_bar->update(static_cast<double>(done) / job.ensemble);
  };
  const SimulateResult result = sim.finish(options);
  ensemble_bar.reset();

  // The files.
  nlohmann::json surface_outputs;
  if (result.surface) {
    const SurfaceCourse& surface = *result.surface;
    nlohmann::json surface_json =
        tryon_json(surface.model, surface.frames, c.patient.fitzpatrick, sim.grade_thresholds());
    surface_json["note"] = tryon_note_prefix(c) + surface_json["note"].get<std::string>();
    write_file(work / "surface.json", surface_json.dump() + "\n");
    surface_outputs = {
        {"file", "surface.json"},
        {"format", "citsim-tryon/1 (docs/viewer.md)"},
        {"pictures",
         write_tryon_pictures(work, surface.model, surface.frames, c.patient.fitzpatrick)},
        {"ranges", result.ensemble ? "P10/P50/P90 of the ensemble"
                                   : "none: the nominal run only (add --ensemble N)"}};
  }
  write_file(work / "timeseries.csv",
             timeseries_csv(run.rows(), result.ensemble_or_null(), result.surface_columns));
  nlohmann::json outputs = {{"summary", "summary.json"},
                            {"timeseries", "timeseries.csv"},
                            {"injury_field_session1",
                             {{"file", vti},
                              {"format", "VTK XML image data"},
                              {"cell_arrays", {"disruption", "layer"}},
                              {"length_unit", "mm"}}}};
  if (!surface_outputs.is_null()) outputs["surface"] = surface_outputs;
  if (result.rf) {
    // One pulse's fields: every session of the course has the same settings.
    write_rf_fields(work / "rf_pulse.vti", *result.rf);
    write_png(work / "rf_pulse.png", rf_cross_section(*result.rf, 6));
    outputs["rf_pulse"] = {
        {"file", "rf_pulse.vti"},
        {"format", "VTK XML image data: a cross-section through one needle, r across, depth down"},
        {"cell_arrays", {"peak_temperature_c", "damage_omega", "zone", "layer"}},
        {"zone", "0 tissue, 1 heat-shocked, 2 coagulated, 3 needle"},
        {"picture", "rf_pulse.png"},
        {"length_unit", "mm"}};
  }
  if (result.long_view) {
    write_file(work / "long_view.csv", long_view_csv(*result.long_view));
    outputs["long_view"] = "long_view.csv";
  }
  if (spec.fidelity == Fidelity::full) {
    write_file(work / "healing.pvd", pvd_text(pvd_entries));
    outputs["healing_fields"] = {{"file", "healing.pvd"},
                                 {"format", "ParaView collection of VTK image data"},
                                 {"snapshots", pvd_entries.size()}};
  }
  write_file(work / "summary.json", simulate_summary_json(sim, result, outputs).dump(2) + "\n");

  const auto& end = run.rows().back();
  std::printf(
      "citsim: %d session(s), %s fidelity%s; at day %g: collagen %+.1f%%, epidermis %+.1f%% vs "
      "untreated\n",
      session_count(spec), std::string(to_string(spec.fidelity)).c_str(),
      job.ensemble > 0 ? fmt::format(", ensemble of {}", job.ensemble).c_str() : "", end.day,
      end[Observable::collagen_change_pct], end[Observable::epidermal_thickness_change_pct]);
}

/// Everything checked and made before any folder is touched (prepare_simulation).
std::unique_ptr<Simulation> prepare(const Case& c, const Job& job, int threads,
                                    const RunLimits& limits) {
  SimulateOptions options;
  options.ensemble = job.ensemble;
  options.long_view = job.long_view;
  options.frees_injury_field = true;  // run_job writes it out first
  return prepare_simulation(c, job.data_dir, options, threads, limits);
}

/// Moves the results of a finished resumable run from `work` into `out`
/// (without its checkpoint and job), then removes `work`.
void finish_into(const fs::path& work, const fs::path& out, bool force) {
  commit_result(work, out, force, "simulate", {"checkpoint.bin", "job.json", "snapshots.json"});
  std::error_code ec;
  fs::remove_all(work, ec);
  std::printf("citsim: results written to %s (summary.json, timeseries.csv, ...)\n",
              out.string().c_str());
}

void run_simulate(const SimulateArgs& opt, const CommonOptions& common) {
  const auto data_dir = find_data_dir(common.data_dir);
  const std::string text = detail::read_text_file(opt.case_file);
  const Case c = parse_case(text, opt.case_file, read_vocabulary(data_dir));
  check_output_destination(opt.out_dir, opt.force);  // fail before computing, not after
  SimulateOptions checked;
  checked.surface_days = opt.surface_days;
  check_simulate_options(c, checked);
  Job job{opt.case_file,
          text,
          fs::absolute(data_dir).string(),
          opt.ensemble,
          opt.checkpoint_every_days,
          opt.surface_days,
          opt.force,
          false,
          opt.long_view};
  const int threads = resolve_threads(common.threads);
  const fs::path work = partial_dir(opt.out_dir);
  if (opt.checkpoint_every_days > 0.0 && fs::exists(work)) {
    throw Error(fmt::format(
        "{} exists: an interrupted run; continue it with `citsim resume {}` or delete it",
        work.string(), opt.out_dir));
  }
  const auto sim = prepare(c, job, threads, common.limits);
  for (const ModelWarning& w : sim->warnings())
    std::fprintf(stderr, "citsim: %s: %s\n", w.level.c_str(), w.message.c_str());
  if (opt.checkpoint_every_days > 0.0) {
    // A resumable run works in DIR.partial, which survives a kill.
    fs::create_directories(work);
    save_job(work, job);
    run_job(*sim, job, work, false);
    job.finished = true;
    save_job(work, job);
    finish_into(work, opt.out_dir, job.force);
    return;
  }
  OutputDir out(opt.out_dir, opt.force);
  run_job(*sim, job, out.path(), false);
  out.commit("simulate");
  std::printf("citsim: results written to %s (summary.json, timeseries.csv, ...)\n",
              opt.out_dir.c_str());
}

void run_resume(const std::string& out_dir, const CommonOptions& common) {
  const fs::path work = partial_dir(out_dir);
  if (!fs::exists(work / "job.json")) {
    throw Error(
        fmt::format("resume {}: no interrupted run there ({} has no job.json; "
                    "start runs with --checkpoint-every DAYS)",
                    out_dir, work.string()));
  }
  Job job = read_job(work / "job.json");
  if (!job.finished) {
    const Case c =
        parse_case(job.case_text, job.case_source, read_vocabulary(find_data_dir(job.data_dir)));
    // Killed before its first checkpoint: the run starts again from day 0.
    const bool from_checkpoint = fs::exists(work / "checkpoint.bin");
    const auto sim = prepare(c, job, resolve_threads(common.threads), common.limits);
    run_job(*sim, job, work, from_checkpoint);
    job.finished = true;
    save_job(work, job);
  }
  finish_into(work, out_dir, job.force);
}

}  // namespace

void add_simulate(CLI::App& app, CommonOptions& common) {
  auto opt = std::make_shared<SimulateArgs>();
  auto* cmd = app.add_subcommand("simulate", "Simulate a course of sessions from a case file");
  cmd->add_option("case", opt->case_file, "Case file (TOML, see docs/case-format.md)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--out", opt->out_dir,
                  "Folder for the results: new or empty (an earlier CITSim result only with "
                  "--force)")
      ->required();
  cmd->add_flag("--force", opt->force,
                "Replace an earlier CITSim result in --out (only the files CITSim wrote there)");
  cmd->add_option("-j,--threads", common.threads,
                  "Threads (default: all cores); results are identical for every count")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--ensemble", opt->ensemble,
                  "Also run N members with parameters drawn from their ranges; adds X_p10, X_p50, "
                  "X_p90 columns")
      ->check(CLI::Range(2, 10000));
  cmd->add_option("--checkpoint-every", opt->checkpoint_every_days,
                  "Save a checkpoint every DAYS of simulated time in DIR.partial; `citsim resume "
                  "DIR` continues")
      ->check(CLI::Range(1.0, 3650.0));
  cmd->add_option(
         "--surface-days", opt->surface_days,
         "Days (since the first session) to add to the surface pictures of a site with scars, "
         "e.g. --surface-days 2,45")
      ->delimiter(',');
  cmd->add_flag("--long-view", opt->long_view,
                "Also write long_view.csv: collagen treated, without maintenance and untreated "
                "over five years (always for a case with [protocol.maintenance])");
  add_limit_options(*cmd, common);
  cmd->add_option("--data-dir", common.data_dir,
                  "CITSim data folder (default: found automatically)");
  cmd->callback([opt, &common] { run_simulate(*opt, common); });
}

void add_resume(CLI::App& app, CommonOptions& common) {
  auto out = std::make_shared<std::string>();
  auto* cmd =
      app.add_subcommand("resume", "Continue an interrupted `simulate --checkpoint-every` run");
  cmd->add_option("dir", *out, "The --out folder of the interrupted run")->required();
  cmd->add_option("-j,--threads", common.threads, "Threads (default: all cores)")
      ->check(CLI::Range(1, 1024));
  add_limit_options(*cmd, common);
  cmd->callback([out, &common] { run_resume(*out, common); });
}

}  // namespace citsim::app
