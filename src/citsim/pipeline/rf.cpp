#include "citsim/pipeline/rf.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "citsim/device/treatment.hpp"

namespace citsim {

std::optional<RfSession> rf_session(const Case& c, const CourseSpec& spec,
                                    const thermal::ThermalData& data) {
  const auto* rf = std::get_if<RfPen>(&c.device);
  if (rf == nullptr) return std::nullopt;
  const Needles& needles = rf->pen.needles;
  RfSession s;
  s.geometry.needle_length_um = needles.length_um;
  s.geometry.needle_radius_um = 0.5 * needles.diameter_um;
  s.geometry.insulated_um =
      rf->rf.insulated_needles ? std::max(0.0, needles.length_um - kInsulatedBareTipUm) : 0.0;
  s.geometry.cell_um = 20.0;
  s.geometry.domain_radius_um = 1000.0;
  s.geometry.domain_depth_um = std::ceil((needles.length_um + 1500.0) / 20.0) * 20.0;
  s.pulse.power_w = rf->rf.power_w / std::max(1, needles.count);
  s.pulse.duration_ms = rf->rf.pulse_duration_ms;
  s.pulse.cooling_ms = std::max(50.0, rf->rf.pulse_duration_ms);
  s.pulse.steps = 20;
  s.pulse.conductivity_per_c = data.conductivity_per_c;
  const double epidermis_um = spec.skin.layers.epidermis_um();
  const double dermis_um = spec.skin.layers.dermis_um();
  s.result = thermal::simulate_pulse(s.geometry,
                                     thermal::skin_layers(data, epidermis_um, dermis_um), s.pulse);

  // The coagulated share of the skin down to the needles' tips: one column
  // per channel, at the device's channel density of a session.
  const double per_um2 = expected_density_per_cm2(spec.device, spec.device_data) / 1.0e8;
  s.coagulated_volume_fraction =
      std::min(1.0, s.result.coagulated_volume_um3 * per_um2 / needles.length_um);

  const thermal::PulseResult& r = s.result;
  const std::string setting =
      fmt::format("rf_power_w = {:g} W over {} needles, pulse_duration_ms = {:g}", rf->rf.power_w,
                  needles.count, rf->rf.pulse_duration_ms);
  if (r.epidermal_max_damage >= 1.0) {
    s.warnings.push_back(
        {"epidermal_burn", "stop",
         fmt::format("{}: the epidermis coagulates (peak {:.0f} C, damage integral "
                     "{:.2g} >= 1): a burn and a risk of scarring and "
                     "pigmentation; lower the energy or insulate the needles",
                     setting, r.peak_epidermal_temperature_c, r.epidermal_max_damage)});
  } else if (r.peak_epidermal_temperature_c > 45.0) {
    s.warnings.push_back({"epidermal_heating", "caution",
                          fmt::format("{}: the epidermis reaches {:.0f} C (above 45 C, where "
                                      "heat begins to harm cells) without coagulating",
                                      setting, r.peak_epidermal_temperature_c)});
  }
  if (r.coagulation_depth_um > epidermis_um + dermis_um) {
    s.warnings.push_back(
        {"fat_injury", "caution",
         fmt::format("{}: coagulation reaches {:.0f} um, below the dermis ({:.0f} um): "
                     "the subcutaneous fat is injured (volume loss, contour "
                     "irregularity)",
                     setting, r.coagulation_depth_um, epidermis_um + dermis_um)});
  }
  if (r.peak_dermal_temperature_c > 100.0) {
    s.warnings.push_back({"above_boiling", "caution",
                          fmt::format("{}: the model's peak is {:.0f} C; above 100 C tissue water "
                                      "boils and devices cut off, which the model does not "
                                      "include: coagulation may be overestimated",
                                      setting, r.peak_dermal_temperature_c)});
  }
  if (rf->rf.bipolar) {
    s.warnings.push_back({"bipolar_as_monopolar", "info",
                          "bipolar = true: each needle is modelled as a monopolar needle with its "
                          "share of the power (the current between pins is not yet modelled)"});
  }
  if (rf->rf.insulated_needles) {
    s.warnings.push_back(
        {"insulated_length_assumed", "info",
         fmt::format("insulated_needles = true: the needles are taken as insulated "
                     "down to {:g} um, the last {:g} um bare (model choice: the "
                     "case has no insulated-length key yet)",
                     s.geometry.insulated_um, kInsulatedBareTipUm)});
  }
  s.warnings.push_back({"rf_not_validated", "caution",
                        "the pulse model is verified against exact answers but not yet validated "
                        "against published histology or thermometry (docs/rf.md): treat the "
                        "coagulation sizes and temperatures as indicative"});
  s.warnings.push_back({"rf_heat_not_in_healing", "caution",
                        "the heat of each pulse is computed here but does not yet enter the "
                        "healing engine: the course's collagen and surface are those of a "
                        "mechanical pen"});
  return s;
}

nlohmann::json rf_json(const RfSession& s) {
  const thermal::PulseResult& r = s.result;
  nlohmann::json warnings = nlohmann::json::array();
  for (const RfWarning& w : s.warnings)
    warnings.push_back({{"id", w.id}, {"level", w.level}, {"message", w.message}});
  return {{"coagulation_depth_um", r.coagulation_depth_um},
          {"coagulation_top_um", r.coagulation_top_um},
          {"coagulation_width_um", r.coagulation_width_um},
          {"coagulated_volume_fraction", s.coagulated_volume_fraction},
          {"peak_epidermal_temperature_c", r.peak_epidermal_temperature_c},
          {"peak_dermal_temperature_c", r.peak_dermal_temperature_c},
          {"epidermal_max_damage", r.epidermal_max_damage},
          {"power_per_needle_w", s.pulse.power_w},
          {"pulse_duration_ms", s.pulse.duration_ms},
          {"energy_per_needle_j", r.energy_j},
          {"model",
           "one needle, monopolar, axisymmetric 20 um grid; quasi-static potential, Pennes "
           "bioheat, Henriques-Moritz damage (docs/rf.md)"},
          {"warnings", warnings}};
}

}  // namespace citsim
