#include "citsim/thermal/pulse.hpp"

#include <algorithm>
#include <cmath>

#include "citsim/core/error.hpp"
#include "citsim/thermal/bioheat.hpp"
#include "citsim/thermal/electric.hpp"

namespace citsim::thermal {
namespace {

/// The layer holding depth z (um); the last extends down.
const TissueLayer& layer_at(const std::vector<TissueLayer>& layers, double z_um) {
  double top = 0.0;
  for (const TissueLayer& l : layers) {
    if (z_um < top + l.thickness_um) return l;
    top += l.thickness_um;
  }
  return layers.back();
}

}  // namespace

PulseResult simulate_pulse(const PulseGeometry& geo, const std::vector<TissueLayer>& layers,
                           const PulseSettings& s) {
  CITSIM_ASSERT(!layers.empty() && geo.cell_um > 0.0 && s.steps > 0 && s.duration_ms > 0.0 &&
                    s.power_w >= 0.0 && geo.insulated_um < geo.needle_length_um,
                "a pulse is validated");
  const double cell_m = geo.cell_um * 1e-6;
  AxiGrid g{.nr = static_cast<int>(std::lround(geo.domain_radius_um / geo.cell_um)),
            .nz = static_cast<int>(std::lround(geo.domain_depth_um / geo.cell_um)),
            .dr_m = cell_m,
            .dz_m = cell_m};
  const int needle_cells =
      std::max(1, static_cast<int>(std::lround(geo.needle_radius_um / geo.cell_um)));
  const int bare_top = static_cast<int>(std::lround(geo.insulated_um / geo.cell_um));
  const int tip = static_cast<int>(std::lround(geo.needle_length_um / geo.cell_um));
  CITSIM_ASSERT(needle_cells < g.nr && tip < g.nz, "the needle lies within the domain");

  // Cells: the needle (bare or insulated) and the tissue around it.
  std::vector<int> electrode(g.size(), 0);
  std::vector<double> sigma37(g.size()), alpha(g.size(), s.conductivity_per_c);
  ThermalTissue tissue;
  tissue.conductivity.resize(g.size());
  tissue.heat_capacity.resize(g.size());
  tissue.perfusion.resize(g.size());
  tissue.arterial_c = s.body_c;
  std::vector<char> epidermis(g.size(), 0);
  for (int k = 0; k < g.nz; ++k) {
    const TissueLayer& l = layer_at(layers, (k + 0.5) * geo.cell_um);
    for (int i = 0; i < g.nr; ++i) {
      const std::size_t p = g.index(i, k);
      tissue.conductivity[p] = l.thermal_conductivity;
      tissue.heat_capacity[p] = l.heat_capacity;
      tissue.perfusion[p] = l.perfusion;
      sigma37[p] = l.conductivity_s_m;
      epidermis[p] = l.epidermis ? 1 : 0;
      if (i < needle_cells && k < tip) {
        if (k >= bare_top) {
          electrode[p] = 1;
        } else {
          sigma37[p] = 1e-9;  // the insulated shaft carries no current into the tissue
          alpha[p] = 0.0;
        }
        tissue.perfusion[p] = 0.0;  // the needle is not perfused
      }
    }
  }

  const Edges electric{
      .top = Edge::insulated(), .bottom = Edge::fixed(0.0), .outer = Edge::fixed(0.0)};
  const Edges thermal{
      .top = Edge::insulated(), .bottom = Edge::fixed(s.body_c), .outer = Edge::fixed(s.body_c)};
  PulseResult r;
  r.grid = g;
  std::vector<double> t(g.size(), s.body_c);
  r.peak_temperature_c = t;
  r.damage.assign(g.size(), 0.0);
  const double dt = s.duration_ms * 1e-3 / s.steps;
  const int cooling_steps = s.cooling_ms > 0.0 ? s.steps : 0;
  const double dt_cool = cooling_steps > 0 ? s.cooling_ms * 1e-3 / cooling_steps : 0.0;
  for (int step = 0; step < s.steps + cooling_steps; ++step) {
    const bool on = step < s.steps;
    const double h = on ? dt : dt_cool;
    std::vector<double> q;
    if (on && s.power_w > 0.0) {
      // The conductivity at the current temperature; the voltage that
      // delivers the power: P scales with V^2.
      std::vector<double> sigma(g.size());
      for (std::size_t p = 0; p < g.size(); ++p)
        sigma[p] = sigma37[p] * std::max(0.1, 1.0 + alpha[p] * (t[p] - s.body_c));
      const Potential unit = solve_potential(g, sigma, electrode, 1.0, electric);
      CITSIM_ASSERT(unit.current_a > 0.0, "current flows from the needle");
      const double volts = std::sqrt(s.power_w / unit.current_a);  // P = V^2 I(1 V)
      q = joule_heat(g, sigma, unit.phi, electrode, electric);
      for (double& v : q) v *= volts * volts;
      r.energy_j += s.power_w * h;
    }
    const std::vector<double> before = t;
    t = bioheat_step(g, tissue, t, q, h, thermal);
    accumulate_damage(r.damage, before, t, h, s.damage);
    for (std::size_t p = 0; p < g.size(); ++p)
      r.peak_temperature_c[p] = std::max(r.peak_temperature_c[p], t[p]);
  }

  // Measures, over the tissue (not the needle).
  r.coagulation_top_um = 0.0;
  bool any = false;
  for (int k = 0; k < g.nz; ++k) {
    for (int i = 0; i < g.nr; ++i) {
      const std::size_t p = g.index(i, k);
      const bool needle = i < needle_cells && k < tip;
      if (needle) continue;
      if (epidermis[p]) {
        r.peak_epidermal_temperature_c =
            std::max(r.peak_epidermal_temperature_c, r.peak_temperature_c[p]);
        r.epidermal_max_damage = std::max(r.epidermal_max_damage, r.damage[p]);
      } else {
        r.peak_dermal_temperature_c =
            std::max(r.peak_dermal_temperature_c, r.peak_temperature_c[p]);
      }
      if (r.damage[p] >= 1.0) {
        const double top = k * geo.cell_um, bottom = (k + 1) * geo.cell_um;
        r.coagulation_top_um = any ? std::min(r.coagulation_top_um, top) : top;
        r.coagulation_depth_um = std::max(r.coagulation_depth_um, bottom);
        r.coagulation_width_um = std::max(r.coagulation_width_um, 2.0 * (i + 1) * geo.cell_um);
        r.coagulated_volume_um3 += g.volume_m3(i) * 1e18;
        any = true;
      }
    }
  }
  return r;
}

}  // namespace citsim::thermal
