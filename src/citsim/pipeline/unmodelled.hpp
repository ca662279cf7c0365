// Settings of a case that the model does not use yet, or whose prediction
// the published outcomes contradict. CITSim never ignores a setting
// silently, nor shows a prediction it cannot vouch for without saying so:
// each one named here is a warning in every output (summary.json and
// plan.json "warnings", report.html, the command's standard error).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "citsim/pipeline/case.hpp"
#include "citsim/pipeline/tryon.hpp"

namespace citsim {

struct ModelWarning {
  std::string id;
  std::string level;  ///< "caution"
  std::string message;
};

/// The warnings for `c` (none for a case whose every setting is modelled
/// and whose predictions the calibration does not contradict); `tryon`
/// says which sites show fine lines.
std::vector<ModelWarning> unmodelled_settings(const Case& c, const TryonData& tryon);

/// [{"id", "level", "message"}] for summary.json and plan.json.
nlohmann::json warnings_json(const std::vector<ModelWarning>& warnings);

}  // namespace citsim
