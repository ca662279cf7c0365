#include "citsim/thermal/data_reader.hpp"

#include <string>

#include "citsim/core/toml_fields.hpp"

namespace citsim::thermal {
namespace {

using detail::TableReader;

double quantity(TableReader& t, std::string_view key, double lo, double hi, std::string_view unit) {
  return detail::sourced_number(t, key, lo, hi, unit);
}

/// The four-term Cole-Cole parameters of a tissue: eps_inf, delta, tau_s and
/// alpha (four each), sigma_ionic, and their source.
ColeCole read_cole_cole(TableReader& layer) {
  TableReader t = layer.child("cole_cole");
  t.only({"eps_inf", "delta", "tau_s", "alpha", "sigma_ionic", "source"});
  (void)t.text("source");
  ColeCole c;
  c.eps_inf = t.number("eps_inf", 1.0, 100.0);
  const auto four = [&](std::string_view key, double lo, double hi) {
    const std::vector<double> v = t.numbers(key, lo, hi);
    if (v.size() != 4) t.fail(key, "four numbers, one per dispersion");
    return std::array<double, 4>{v[0], v[1], v[2], v[3]};
  };
  c.delta = four("delta", 0.0, 1e8);
  c.tau_s = four("tau_s", 1e-13, 1.0);
  c.alpha = four("alpha", 0.0, 0.99);
  c.sigma_ionic = t.number("sigma_ionic", 0.0, 10.0, "S/m");
  return c;
}

LayerData read_layer(TableReader& root, std::string_view name) {
  TableReader t = root.child(name);
  t.only({"cole_cole", "thermal_conductivity", "density", "specific_heat", "perfusion"});
  LayerData l;
  l.dielectric = read_cole_cole(t);
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
  root.only({"conductivity_per_c", "heat_shock_omega", "epidermis", "dermis", "fat", "blood"});
  ThermalData d;
  d.conductivity_per_c = quantity(root, "conductivity_per_c", 0.0, 0.1, "1/C");
  d.heat_shock_omega = quantity(root, "heat_shock_omega", 1e-6, 0.5, "dimensionless");
  d.epidermis = read_layer(root, "epidermis");
  d.dermis = read_layer(root, "dermis");
  d.fat = read_layer(root, "fat");
  TableReader blood = root.child("blood");
  blood.only({"density", "specific_heat"});
  d.blood_density = quantity(blood, "density", 900.0, 1200.0, "kg/m3");
  d.blood_specific_heat = quantity(blood, "specific_heat", 2000.0, 5000.0, "J/kg/K");
  return d;
}

std::vector<TissueLayer> skin_layers(const ThermalData& d, double epidermis_um, double dermis_um,
                                     double frequency_mhz) {
  const double blood = d.blood_density * d.blood_specific_heat;
  const auto layer = [&](const LayerData& l, double thickness, bool epidermis) {
    const Dielectric at = dielectric_at(l.dielectric, frequency_mhz * 1e6);
    return TissueLayer{.thickness_um = thickness,
                       .conductivity_s_m = at.conductivity_s_m,
                       .relative_permittivity = at.relative_permittivity,
                       .thermal_conductivity = l.thermal_conductivity,
                       .heat_capacity = l.density * l.specific_heat,
                       .perfusion = blood * l.perfusion_per_s,
                       .epidermis = epidermis};
  };
  return {layer(d.epidermis, epidermis_um, true), layer(d.dermis, dermis_um, false),
          layer(d.fat, 1e6, false)};
}

}  // namespace citsim::thermal
