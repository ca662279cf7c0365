// One RF pulse through one needle (monopolar: the return pad far away), on
// the axisymmetric grid: the needle's bare tip held at the voltage that
// delivers the pulse's power, the conductivity rising with temperature, the
// heat conducted and carried off by blood during the pulse and the cooling
// after it, and the damage integral throughout (docs/rf.md).
//
//   PulseGeometry geo{.needle_length_um = 1500, .insulated_um = 300, .needle_radius_um = 100};
//   PulseResult r = simulate_pulse(geo, layers, {.power_w = 2.0, .duration_ms = 100});
//   r.coagulation_depth_um, r.peak_epidermal_temperature_c, ...
#pragma once

#include <vector>

#include "citsim/thermal/arrhenius.hpp"
#include "citsim/thermal/axisym.hpp"

namespace citsim::thermal {

/// A tissue layer, from the surface down.
struct TissueLayer {
  double thickness_um = 100.0;
  double conductivity_s_m = 0.2;  ///< electrical, at 37 C and the RF frequency
  /// At the RF frequency; 0: no displacement current (conduction only).
  double relative_permittivity = 0.0;
  double thermal_conductivity = 0.37;  ///< W/m/K
  double heat_capacity = 3.7e6;        ///< rho c, J/m^3/K
  double perfusion = 4.0e3;            ///< w, W/m^3/K
  bool epidermis = false;
};

/// Where the current returns.
enum class Electrodes {
  /// To the neighbouring pins of opposite polarity: the grid's outer edge (a
  /// cylinder standing for the zero-potential planes half way to them) and
  /// the depth edge at 0 V.
  bipolar,
  /// To a pad far away: every pin of the tip at the same voltage, so no
  /// current crosses the outer edge (symmetry between neighbours); the depth
  /// edge at 0 V.
  monopolar,
};

struct PulseGeometry {
  double needle_length_um = 1500.0;  ///< into the skin
  double insulated_um = 0.0;         ///< insulated from the surface down
  double needle_radius_um = 100.0;
  double domain_radius_um = 1000.0;  ///< the outer edge (see Electrodes)
  double domain_depth_um = 3000.0;   ///< the depth edge: 0 V and body temperature
  double cell_um = 10.0;
  Electrodes electrodes = Electrodes::bipolar;
  /// The outer edge is insulated for heat (the tip's neighbouring pins fire
  /// at once and heat their own cells alike); false: held at body temperature
  /// (one needle alone).
  bool neighbours_fire_together = false;
};

struct PulseSettings {
  double power_w = 1.0;        ///< into the tissue, per needle, while on
  double duration_ms = 100.0;  ///< on-time of one pulse (all its sub-pulses together)
  /// The pulse split into equal sub-pulses with `sub_pulse_gap_ms` off between them.
  int sub_pulses = 1;
  double sub_pulse_gap_ms = 0.0;
  /// The pulse fired this many times in the same channels, `stack_gap_ms` apart.
  int stacks = 1;
  double stack_gap_ms = 0.0;
  double cooling_ms = 100.0;         ///< followed after the last pulse
  int steps = 40;                    ///< time steps of one pulse's on-time
  double conductivity_per_c = 0.02;  ///< fractional rise of sigma per deg C
  double frequency_hz = 1.0e6;       ///< for the displacement current of layers with a permittivity
  ArrheniusParams damage;
  double body_c = 37.0;
};

struct PulseResult {
  double peak_epidermal_temperature_c = 0.0;
  double peak_dermal_temperature_c = 0.0;  ///< below the epidermis
  double coagulation_depth_um = 0.0;       ///< deepest reach of Omega >= 1 (0: none)
  double coagulation_top_um = 0.0;         ///< shallowest reach of Omega >= 1
  double coagulation_width_um = 0.0;       ///< widest diameter of Omega >= 1
  double coagulated_volume_um3 = 0.0;
  double epidermal_max_damage = 0.0;  ///< max Omega in the epidermis
  double energy_j = 0.0;              ///< delivered (every sub-pulse and stack)
  double on_ms = 0.0;                 ///< total on-time
  AxiGrid grid;
  std::vector<double> peak_temperature_c;  ///< per cell, over the pulse and cooling
  std::vector<double> damage;              ///< Omega per cell at the end
};

/// Expects a validated geometry: cell_um divides the sizes, the needle within
/// the domain, insulated_um < needle_length_um, layers covering some depth
/// (the last extends to the bottom).
PulseResult simulate_pulse(const PulseGeometry& geometry, const std::vector<TissueLayer>& layers,
                           const PulseSettings& settings);

}  // namespace citsim::thermal
