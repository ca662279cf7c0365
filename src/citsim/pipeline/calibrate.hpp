// `calibrate`: fits the healing parameters marked `calibrated` in
// data/healing/parameters.toml to their targets (data/healing/targets.toml),
// then the visible response's fill_per_gain, remodel_half_life and
// tether_share_rolling to their targets (data/surface/response.toml), and measures every target
// with the fitted values: the rows of docs/validation.md.
//
//   const Calibration cal = calibrate(data_dir, {.sweeps = 2, .log = print});
//   write_file("docs/validation.md", validation_markdown(cal));
//   store_calibrated_values(data_dir, cal);   // with --write
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "citsim/healing/params.hpp"
#include "citsim/pipeline/targets_reader.hpp"
#include "citsim/pipeline/tryon.hpp"

namespace citsim {

struct CalibrationSettings {
  int sweeps = 2;  ///< passes over the fitted parameters
  /// Called with one line of progress for each fit and measure.
  std::function<void(const std::string&)> log;
};

/// One target measured with the fitted parameters.
struct TargetResult {
  CalibrationTarget target;
  double model = 0.0;  ///< what the model gives for it
};

/// The visible response fitted to its three targets, and the per-type
/// prediction of the depth target's run.
struct ScarResult {
  ScarTargets targets;
  ScarResponseParams fitted;  ///< fill_per_gain, remodel_half_life, tether_share_rolling fitted
  double model_pct = 0.0;     ///< [target]: scar depth change the model gives
  double timing_ratio = 0.0;  ///< [timing_target]: what the model gives
  double type_ratio = 0.0;    ///< [type_target]: what the model gives
  double line_pct = 0.0;      ///< [line_target]: the line depth change the model gives
  /// Mean depth change (%) by lesion kind on the depth target's day, in the
  /// order rolling, boxcar, icepick, striae (kinds the case has).
  std::vector<std::pair<LesionKind, double>> by_kind;
};

/// The PIH hazard fitted to its target.
struct PihResult {
  PihTarget target;
  double hazard_per_erythema_day = 0.0;  ///< fitted
  double dose_days = 0.0;                ///< the target case's erythema dose
  double model = 0.0;                    ///< the PIH probability the model gives
};

struct Calibration {
  HealingParams params;  ///< with the fitted values
  std::vector<TargetResult> targets;
  ScarResult scar;
  PihResult pih;
};

/// Runs the calibration on the data folder (reading the targets' cases from
/// the folder above it: the repository's examples/). Throws Error on a bad
/// data or case file.
Calibration calibrate(const std::filesystem::path& data_dir, const CalibrationSettings& settings);

/// docs/validation.md: every target, published against model, with errors.
std::string validation_markdown(const Calibration& calibration);

/// Writes the fitted values into data/healing/parameters.toml and
/// data/surface/response.toml, each checked by its reader before it replaces
/// the file. Returns the files written.
std::vector<std::filesystem::path> store_calibrated_values(const std::filesystem::path& data_dir,
                                                           const Calibration& calibration);

}  // namespace citsim
