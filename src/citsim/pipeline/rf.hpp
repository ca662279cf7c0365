// The RF pulse of an rf_pen course, from the case's device and skin: one
// needle's pulse (thermal/pulse.hpp) at the device's power per needle and
// pulse duration in the patient's layered skin, its measures and the
// warnings a clinic needs, as each session's "rf" object of summary.json
// (docs/rf.md). The heat does not yet enter the healing engine: the course's
// collagen is still that of a mechanical pen, and the warnings say so.
//
//   if (auto rf = rf_sessions(c, spec, read_thermal_data(data_dir))) summary_rf(*rf) ...
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "citsim/healing/course.hpp"
#include "citsim/pipeline/case.hpp"
#include "citsim/thermal/data_reader.hpp"

namespace citsim {

struct RfWarning {
  std::string id;
  std::string level;  ///< stop, caution, info
  std::string message;
};

struct RfSession {
  thermal::PulseSettings pulse;
  thermal::PulseGeometry geometry;
  thermal::PulseResult result;
  double coagulated_volume_fraction = 0.0;  ///< of the treated skin down to the needle tip
  std::vector<RfWarning> warnings;
};

/// Bare tip of an insulated needle (the rest is insulated down from the
/// surface): a model choice while the case has no insulated-length key.
inline constexpr double kInsulatedBareTipUm = 500.0;

/// The pulse of an rf_pen case (nullopt for other devices). Every session
/// of a course has the same settings, so one pulse stands for each.
std::optional<RfSession> rf_session(const Case& c, const CourseSpec& spec,
                                    const thermal::ThermalData& data);

/// The "rf" object of a session in summary.json (contract names).
nlohmann::json rf_json(const RfSession& rf);

}  // namespace citsim
