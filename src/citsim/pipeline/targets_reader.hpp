// Reads data/healing/targets.toml: the published numbers the healing model
// is calibrated to or validated against.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "citsim/healing/observables.hpp"
#include "citsim/healing/params.hpp"
#include "citsim/observe/metrics.hpp"

namespace citsim {

struct CalibrationTarget {
  std::string id;
  std::string quantity;
  double value = 0.0;
  std::optional<double> sd;
  std::string unit;
  std::string source;
  std::string case_file;        ///< relative to the repository root
  std::optional<int> sessions;  ///< overrides of the case's protocol
  std::optional<int> follow_up_days;
  Observable observable = Observable::collagen_change_pct;
  Metric metric = Metric::end;
  std::optional<Param> fit;  ///< the calibrated parameter, if fitted
  bool upper_limit = false;  ///< the published value bounds the quantity from above
};

std::vector<CalibrationTarget> read_targets(const std::filesystem::path& file);

}  // namespace citsim
