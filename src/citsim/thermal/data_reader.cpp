#include "citsim/thermal/data_reader.hpp"

#include <string>

#include "citsim/core/toml_fields.hpp"

namespace citsim::thermal {
namespace {

using detail::TableReader;

double quantity(TableReader& t, std::string_view key, double lo, double hi, std::string_view unit) {
  return detail::sourced_number(t, key, lo, hi, unit);
}

LayerData read_layer(TableReader& root, std::string_view name) {
  TableReader t = root.child(name);
  t.only({"conductivity", "thermal_conductivity", "density", "specific_heat", "perfusion"});
  LayerData l;
  l.conductivity_s_m = quantity(t, "conductivity", 1e-4, 10.0, "S/m");
  l.thermal_conductivity = quantity(t, "thermal_conductivity", 0.01, 5.0, "W/m/K");
  l.density = quantity(t, "density", 500.0, 2000.0, "kg/m3");
  l.specific_heat = quantity(t, "specific_heat", 500.0, 5000.0, "J/kg/K");
  l.perfusion_per_s = quantity(t, "perfusion", 0.0, 0.1, "1/s");
  return l;
}

}  // namespace

ThermalData read_thermal_data(const std::filesystem::path& data_dir) {
  const std::filesystem::path path = data_dir / "thermal" / "tissues.toml";
  const toml::table root_table = detail::parse_toml_file(path);
  TableReader root(root_table, path.string(), "");
  root.only({"frequency", "conductivity_per_c", "epidermis", "dermis", "fat", "blood"});
  ThermalData d;
  d.frequency_mhz = quantity(root, "frequency", 0.1, 10.0, "MHz");
  d.conductivity_per_c = quantity(root, "conductivity_per_c", 0.0, 0.1, "1/C");
  d.epidermis = read_layer(root, "epidermis");
  d.dermis = read_layer(root, "dermis");
  d.fat = read_layer(root, "fat");
  TableReader blood = root.child("blood");
  blood.only({"density", "specific_heat"});
  d.blood_density = quantity(blood, "density", 900.0, 1200.0, "kg/m3");
  d.blood_specific_heat = quantity(blood, "specific_heat", 2000.0, 5000.0, "J/kg/K");
  return d;
}

std::vector<TissueLayer> skin_layers(const ThermalData& d, double epidermis_um, double dermis_um) {
  const double blood = d.blood_density * d.blood_specific_heat;
  const auto layer = [&](const LayerData& l, double thickness, bool epidermis) {
    return TissueLayer{.thickness_um = thickness,
                       .conductivity_s_m = l.conductivity_s_m,
                       .thermal_conductivity = l.thermal_conductivity,
                       .heat_capacity = l.density * l.specific_heat,
                       .perfusion = blood * l.perfusion_per_s,
                       .epidermis = epidermis};
  };
  return {layer(d.epidermis, epidermis_um, true), layer(d.dermis, dermis_um, false),
          layer(d.fat, 1e6, false)};
}

}  // namespace citsim::thermal
