// Reads data/thermal/tissues.toml: the RF model's tissue properties per skin
// layer (every quantity { value, unit, source }, ranges checked).
//
//   const ThermalData d = read_thermal_data(data_dir);
//   std::vector<TissueLayer> layers = skin_layers(d, 90.0, 1800.0, 1.0);  // um, um, MHz
#pragma once

#include <filesystem>
#include <vector>

#include "citsim/thermal/dielectric.hpp"
#include "citsim/thermal/pulse.hpp"

namespace citsim::thermal {

struct LayerData {
  ColeCole dielectric;  ///< the electrical conductivity at a frequency comes from it
  double thermal_conductivity = 0.37;
  double density = 1100.0;
  double specific_heat = 3400.0;
  double perfusion_per_s = 0.0;  ///< blood volume per tissue volume per second
};

struct ThermalData {
  LayerData epidermis, dermis, fat;
  double blood_density = 1050.0;
  double blood_specific_heat = 3617.0;
  double conductivity_per_c = 0.02;
  /// Damage integral from which living tissue is heat-shocked (below 1).
  double heat_shock_omega = 1e-3;
};

ThermalData read_thermal_data(const std::filesystem::path& data_dir);

/// Epidermis, dermis and the fat below as pulse layers at the RF frequency
/// (their conductivity from the Cole-Cole dispersion), with the Pennes
/// perfusion term w = rho_b c_b omega.
std::vector<TissueLayer> skin_layers(const ThermalData& data, double epidermis_um, double dermis_um,
                                     double frequency_mhz = 1.0);

}  // namespace citsim::thermal
