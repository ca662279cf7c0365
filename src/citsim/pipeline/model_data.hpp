// Everything a simulation needs besides the case, read from the data folder,
// and the CourseSpec of a case built from it.
#pragma once

#include <filesystem>
#include <memory>

#include "citsim/device/device_data.hpp"
#include "citsim/healing/course.hpp"
#include "citsim/healing/params.hpp"
#include "citsim/observe/risks.hpp"
#include "citsim/pipeline/case.hpp"
#include "citsim/pipeline/model_settings.hpp"
#include "citsim/skin/skin.hpp"
#include "citsim/thermal/data_reader.hpp"

namespace citsim {

struct ModelData {
  SkinAtlas atlas;
  DeviceData devices;
  HealingParams healing;
  RiskParams risks;
  thermal::ThermalData thermal;
  /// The posterior of the calibrated parameters (data/calibration/
  /// posterior_samples.csv), when the data folder has one: ensemble members
  /// draw from it (healing.joint is its healing part).
  std::shared_ptr<const Posterior> posterior;
};

/// Reads data/skin, data/devices/devices.toml, data/healing/parameters.toml,
/// data/healing/risks.toml, data/thermal and, when there is one,
/// data/calibration/posterior_samples.csv.
ModelData read_model_data(const std::filesystem::path& data_dir);

/// The case's device with defaults from the data filled in, its patient's
/// skin and the course to simulate.
CourseSpec course_spec(const Case& c, const ModelData& data);

}  // namespace citsim
