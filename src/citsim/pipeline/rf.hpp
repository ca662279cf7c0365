// The RF pulse of an rf_pen course, from the case's device and skin: one
// needle's pulse (thermal/pulse.hpp) at the device's power per needle and
// pulse duration in the patient's layered skin, its measures and the
// warnings a clinic needs, as each session's "rf" object of summary.json
// (docs/rf.md). The heat does not yet enter the healing engine: the course's
// collagen is still that of a mechanical pen, and the warnings say so.
//
//   if (auto rf = rf_sessions(c, spec, read_thermal_data(data_dir))) summary_rf(*rf) ...
#pragma once

#include <array>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "citsim/healing/course.hpp"
#include "citsim/pipeline/case.hpp"
#include "citsim/thermal/data_reader.hpp"
#include "citsim/thermal/lesion.hpp"

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
  thermal::ThermalLesion lesion;  ///< what enters the healing
  double pin_pitch_um = 0.0;
  double epidermis_um = 0.0, dermis_um = 0.0;  ///< the patient's layers the pulse ran in
  double heat_shock_omega = 0.0;               ///< the lesion's shock threshold
  double frequency_mhz = 1.0;
  double displacement_ratio_dermis = 0.0;  ///< omega eps / sigma, left out of the model
  double displacement_ratio_epidermis = 0.0;
  double coagulated_volume_fraction = 0.0;  ///< of the treated skin down to the needle tip
  /// Heated into the heat-shock response but living, likewise.
  double heat_shocked_volume_fraction = 0.0;
  std::vector<RfWarning> warnings;
};

/// Bare tip of an insulated needle when the case gives no
/// insulated_length_mm (the rest insulated down from the surface): a model
/// choice.
inline constexpr double kInsulatedBareTipUm = 500.0;

/// Above this coagulated share of the treated skin a session is no longer
/// fractional (model choice: fractional devices leave most tissue between
/// the columns untouched, and it is that tissue that heals them).
inline constexpr double kFractionalLimit = 0.3;

/// The grid of the pulse model: fine enough for a needle's field (docs/rf.md
/// measures the error against a finer grid).
inline constexpr double kRfCellUm = 20.0;

/// The settings of a pulse as a clinician reads them, for messages.
std::string rf_setting_text(const RfPen& rf);

/// The pulse of an rf_pen case (nullopt for other devices). Every session
/// of a course has the same settings, so one pulse stands for each.
std::optional<RfSession> rf_session(const Case& c, const CourseSpec& spec,
                                    const thermal::ThermalData& data);

/// Whether a warning of `rf` asks the clinic to change the settings (a stop
/// or a caution about the heat; not the notes on how it is modelled).
bool rf_settings_unsafe(const RfSession& rf);

/// Settings of an RF tip the model has checked for this patient's skin.
struct CheckedRf {
  RfPen device;
  double energy_per_pin_mj = 0.0;
  std::string why;
};

/// The indications radiofrequency microneedling serves beyond needling alone
/// (tightening, deeper lines, scars), where the planner weighs it.
bool rf_serves(const std::string& indication);

/// The energies per pin (mJ) checked_rf chooses from.
inline constexpr std::array<double, 6> kCheckedRfEnergiesMj = {5.0, 10.0, 15.0, 20.0, 25.0, 30.0};

/// The tip checked_rf proposes, at `energy_mj` per pin: stamped, insulated,
/// bipolar (49 pins 1.4 mm apart, the last 0.3 mm of each 0.2 mm needle
/// bare, 100 ms pulses, two passes) at the case's depth kept within the
/// dermis.
RfPen checked_rf_tip(const Case& c, const CourseSpec& spec, double energy_mj);

/// rf_session of that tip in this patient's skin.
std::optional<RfSession> checked_rf_session(const Case& c, const CourseSpec& spec,
                                            const thermal::ThermalData& data, double energy_mj);

/// checked_rf_tip at the highest energy of kCheckedRfEnergiesMj at which
/// `rf_session` raises no stop or caution for this patient's skin; nullopt
/// if none is safe. Searched from the top, `threads` energies at a time (0 =
/// all cores); the answer is the same for any count. Throws Cancelled once
/// `stop` is triggered.
std::optional<CheckedRf> checked_rf(const Case& c, const CourseSpec& spec,
                                    const thermal::ThermalData& data, int threads = 1,
                                    std::stop_token stop = {});

/// The "rf" object of a session in summary.json (contract names).
nlohmann::json rf_json(const RfSession& rf);

}  // namespace citsim
