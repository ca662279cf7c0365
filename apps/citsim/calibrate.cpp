// `citsim calibrate`: fits the parameters marked `calibrated` in
// data/healing/parameters.toml to their targets (data/healing/targets.toml),
// measures every target, and writes docs/validation.md. With --write it also
// stores the fitted values in parameters.toml (pipeline/calibrate.hpp).
#include <cstdio>
#include <fstream>
#include <sstream>

#include "apps/citsim/commands.hpp"
#include "citsim/core/error.hpp"
#include "citsim/io/data_dir.hpp"
#include "citsim/pipeline/calibrate.hpp"

namespace citsim::app {
namespace {

/// The part of an earlier report from the heading before scripts/posterior's
/// "leave one study out" markers to the end marker, or "" without them.
std::string kept_posterior_section(const std::string& report) {
  const std::string begin = "<!-- leave one study out: begin -->";
  const std::string end = "<!-- leave one study out: end -->";
  const auto b = report.find(begin), e = report.find(end);
  if (b == std::string::npos || e == std::string::npos || e < b) return "";
  const auto heading = report.rfind("\n## ", b);
  const auto from = heading == std::string::npos ? b : heading;
  return report.substr(from, e + end.size() - from) + "\n";
}

namespace fs = std::filesystem;

struct CalibrateOptions {
  bool write = false;
  std::string report;
  int sweeps = 2;
};

void run_calibrate(const CalibrateOptions& opt, const CommonOptions& common) {
  const fs::path data_dir = find_data_dir(common.data_dir);
  CalibrationSettings settings;
  settings.sweeps = opt.sweeps;
  settings.log = [](const std::string& line) { std::printf("%s\n", line.c_str()); };
  const Calibration cal = calibrate(data_dir, settings);

  const fs::path report_path = opt.report.empty()
                                   ? fs::absolute(data_dir).parent_path() / "docs" / "validation.md"
                                   : fs::path(opt.report);
  // The leave-one-study-out section scripts/posterior writes into the same
  // page (between its markers) is kept.
  std::string kept;
  if (std::ifstream old(report_path); old) {
    std::stringstream text;
    text << old.rdbuf();
    kept = kept_posterior_section(text.str());
  }
  {
    std::ofstream out(report_path);
    out << validation_markdown(cal) << kept;
    out.close();
    if (!out) throw Error(report_path.string() + ": write failed");
  }
  std::printf("calibrate: report written to %s\n", report_path.string().c_str());
  if (opt.write) {
    for (const fs::path& f : store_calibrated_values(data_dir, cal))
      std::printf("calibrate: fitted values written to %s\n", f.string().c_str());
  }
}

}  // namespace

void add_calibrate(CLI::App& app, CommonOptions& common) {
  auto opt = std::make_shared<CalibrateOptions>();
  auto* cmd = app.add_subcommand(
      "calibrate",
      "Fit the calibrated healing parameters to their targets and write docs/validation.md");
  cmd->add_flag("--write", opt->write, "Store the fitted values in data/healing/parameters.toml");
  cmd->add_option("--report", opt->report,
                  "Where to write the validation report (default: docs/validation.md)");
  cmd->add_option("--sweeps", opt->sweeps, "Passes over the fitted parameters (default 2)")
      ->check(CLI::Range(1, 10));
  cmd->add_option("--data-dir", common.data_dir,
                  "CITSim data folder (default: found automatically)");
  cmd->callback([opt, &common] { run_calibrate(*opt, common); });
}

}  // namespace citsim::app
