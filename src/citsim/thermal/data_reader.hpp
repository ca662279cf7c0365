// Reads data/thermal/tissues.toml: the RF model's tissue properties per skin
// layer (every quantity { value, unit, source }, ranges checked).
//
//   const ThermalData d = read_thermal_data(data_dir);
//   std::vector<TissueLayer> layers = skin_layers(d, 90.0, 1800.0);  // epidermis, dermis um
#pragma once

#include <filesystem>
#include <vector>

#include "citsim/thermal/pulse.hpp"

namespace citsim::thermal {

struct LayerData {
  double conductivity_s_m = 0.2;
  double thermal_conductivity = 0.37;
  double density = 1100.0;
  double specific_heat = 3400.0;
  double perfusion_per_s = 0.0;  ///< blood volume per tissue volume per second
};

struct ThermalData {
  double frequency_mhz = 1.0;
  LayerData epidermis, dermis, fat;
  double blood_density = 1050.0;
  double blood_specific_heat = 3617.0;
  double conductivity_per_c = 0.02;
};

ThermalData read_thermal_data(const std::filesystem::path& data_dir);

/// Epidermis, dermis and the fat below as pulse layers, with the Pennes
/// perfusion term w = rho_b c_b omega.
std::vector<TissueLayer> skin_layers(const ThermalData& data, double epidermis_um,
                                     double dermis_um);

}  // namespace citsim::thermal
