// `citsim simulate CASE --out DIR`: the course of sessions on the patient's
// skin, written to DIR (see docs/user-guide.md for the files).
#include <cstdio>
#include <fstream>

#include <fmt/format.h>

#include "apps/citsim/commands.hpp"
#include "citsim/core/error.hpp"
#include "citsim/core/parallel.hpp"
#include "citsim/device/defaults.hpp"
#include "citsim/injury/course.hpp"
#include "citsim/io/case_reader.hpp"
#include "citsim/io/data_dir.hpp"
#include "citsim/io/device_data_reader.hpp"
#include "citsim/io/output_dir.hpp"
#include "citsim/io/skin_atlas_reader.hpp"
#include "citsim/io/summary.hpp"
#include "citsim/io/vocabulary.hpp"
#include "citsim/io/vtk.hpp"

namespace citsim::app {
namespace {

struct SimulateOptions {
  std::string case_file;
  std::string out_dir;
};

void write_text(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out) throw Error(file.string() + ": write failed");
}

void run_simulate(const SimulateOptions& opt, const CommonOptions& common) {
  const auto data_dir = find_data_dir(common.data_dir);
  Case c = read_case(opt.case_file, read_vocabulary(data_dir));
  check_output_destination(opt.out_dir);  // fail before computing, not after

  const SkinAtlas atlas = read_skin_atlas(data_dir);
  const DeviceData device_data = read_device_data(data_dir / "devices" / "devices.toml");
  c.device = with_device_defaults(c.device, device_data);
  const SkinColumn skin = build_skin(atlas, c.site.zone, c.patient);

  CourseSettings settings;
  settings.seed = c.simulation.seed;
  settings.sessions = c.protocol.sessions;
  settings.interval_days = c.protocol.interval_days;
  settings.patch = Patch{c.simulation.patch_um, c.simulation.patch_um};
  settings.block.block_um = c.simulation.block_um;
  settings.block.voxel_um = c.simulation.voxel_um;
  const CourseInjury course =
      injure_course(c.device, device_data, skin, settings, resolve_threads(common.threads));

  OutputDir out(opt.out_dir);
  const std::string vti = "injury_session1.vti";
  write_vti(out.path() / vti, course.first_field.grid,
            {{"disruption", std::span<const double>(course.first_field.disruption.values())},
             {"layer", std::span<const std::uint8_t>(course.first_field.layer)}});
  const nlohmann::json outputs = {
      {"summary", "summary.json"},
      {"injury_field_session1", {{"file", vti}, {"format", "VTK XML image data"},
                                 {"cell_arrays", {"disruption", "layer"}}, {"length_unit", "mm"}}}};
  write_text(out.path() / "summary.json", simulate_summary(c, skin, course, outputs).dump(2) + "\n");
  out.commit();

  const auto& first = course.sessions.front().channels;
  std::printf("citsim: %d session(s) simulated; session 1: %.0f channels/cm2, %.0f%% reach the dermis, %.0f%% bleed\n",
              c.protocol.sessions, first.density_per_cm2, 100.0 * first.fraction_reaching_dermis,
              100.0 * first.fraction_reaching_plexus);
  std::printf("citsim: results written to %s (summary.json, %s)\n", opt.out_dir.c_str(), vti.c_str());
}

}  // namespace

void add_simulate(CLI::App& app, CommonOptions& common) {
  auto opt = std::make_shared<SimulateOptions>();
  auto* cmd = app.add_subcommand("simulate", "Simulate a course of sessions from a case file");
  cmd->add_option("case", opt->case_file, "Case file (TOML, see docs/case-format.md)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--out", opt->out_dir, "Folder for the results (created; an earlier result is replaced)")
      ->required();
  cmd->add_option("-j,--threads", common.threads, "Threads (default: all cores); results are identical for every count")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--data-dir", common.data_dir, "CITSim data folder (default: found automatically)");
  cmd->callback([opt, &common] { run_simulate(*opt, common); });
}

}  // namespace citsim::app
