#include "citsim/thermal/pulse.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

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
                    s.power_w >= 0.0 && geo.insulated_um < geo.needle_length_um &&
                    s.sub_pulses >= 1 && s.stacks >= 1,
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
  // omega eps0 eps_r per cell: the displacement current, where layers give a
  // permittivity (the needle's cells none: metal, or its insulating coat).
  constexpr double kEps0 = 8.8541878128e-12;
  const double omega = 2.0 * std::numbers::pi * s.frequency_hz;
  std::vector<double> omega_eps(g.size(), 0.0);
  bool displacement = false;
  for (int k = 0; k < g.nz; ++k) {
    const TissueLayer& l = layer_at(layers, (k + 0.5) * geo.cell_um);
    for (int i = 0; i < g.nr; ++i) {
      const std::size_t p = g.index(i, k);
      tissue.conductivity[p] = l.thermal_conductivity;
      tissue.heat_capacity[p] = l.heat_capacity;
      tissue.perfusion[p] = l.perfusion;
      sigma37[p] = l.conductivity_s_m;
      omega_eps[p] = omega * kEps0 * l.relative_permittivity;
      displacement = displacement || l.relative_permittivity > 0.0;
      epidermis[p] = l.epidermis ? 1 : 0;
      if (i < needle_cells && k < tip) {
        if (k >= bare_top) {
          electrode[p] = 1;
        } else {
          sigma37[p] = 1e-9;  // the insulated shaft carries no current into the tissue
          alpha[p] = 0.0;
        }
        tissue.perfusion[p] = 0.0;  // the needle is not perfused
        omega_eps[p] = 0.0;
      }
    }
  }

  const Edges electric{
      .top = Edge::insulated(),
      .bottom = Edge::fixed(0.0),
      .outer = geo.electrodes == Electrodes::bipolar ? Edge::fixed(0.0) : Edge::insulated()};
  const Edges thermal{
      .top = Edge::insulated(),
      .bottom = Edge::fixed(s.body_c),
      .outer = geo.neighbours_fire_together ? Edge::insulated() : Edge::fixed(s.body_c)};
  BioheatStepper bioheat(g, tissue, thermal);
  PulseResult r;
  r.grid = g;
  std::vector<double> t(g.size(), s.body_c);
  r.peak_temperature_c = t;
  r.damage.assign(g.size(), 0.0);

  // One on phase: the power on for `ms`, the voltage re-solved every step as
  // the conductivity rises with temperature (P scales with V^2).
  const auto heat = [&](double ms, int steps) {
    const double h = ms * 1e-3 / steps;
    for (int step = 0; step < steps; ++step) {
      std::vector<double> q;
      if (s.power_w > 0.0) {
        std::vector<double> sigma(g.size());
        for (std::size_t p = 0; p < g.size(); ++p)
          sigma[p] = sigma37[p] * std::max(0.1, 1.0 + alpha[p] * (t[p] - s.body_c));
        double unit_power = 0.0;  // W at 1 V: P = V^2 Re(I(1 V))
        if (displacement) {
          const AcPotential unit =
              solve_potential_ac(g, sigma, omega_eps, electrode, 1.0, electric);
          unit_power = unit.current_a.real();
          q = joule_heat_ac(g, sigma, omega_eps, unit.phi, electrode, electric);
        } else {
          const Potential unit = solve_potential(g, sigma, electrode, 1.0, electric);
          unit_power = unit.current_a;
          q = joule_heat(g, sigma, unit.phi, electrode, electric);
        }
        CITSIM_ASSERT(unit_power > 0.0, "current flows from the needle");
        const double volts = std::sqrt(s.power_w / unit_power);
        for (double& v : q) v *= volts * volts;
        r.energy_j += s.power_w * h;
      }
      const std::vector<double> before = t;
      t = bioheat.step(t, q, h);
      accumulate_damage(r.damage, before, t, h, s.damage);
      for (std::size_t p = 0; p < g.size(); ++p)
        r.peak_temperature_c[p] = std::max(r.peak_temperature_c[p], t[p]);
    }
    r.on_ms += ms;
  };
  // An off phase: conduction and perfusion only, in steps no shorter than
  // the on steps (backward Euler is stable for any step) and at most `steps`.
  const double on_step_ms = s.duration_ms / s.steps;
  const auto cool = [&](double ms) {
    if (ms <= 0.0) return;
    const int steps = std::clamp(static_cast<int>(std::ceil(ms / on_step_ms)), 1, s.steps);
    const double h = ms * 1e-3 / steps;
    for (int step = 0; step < steps; ++step) {
      const std::vector<double> before = t;
      t = bioheat.step(t, {}, h);
      accumulate_damage(r.damage, before, t, h, s.damage);
      for (std::size_t p = 0; p < g.size(); ++p)
        r.peak_temperature_c[p] = std::max(r.peak_temperature_c[p], t[p]);
    }
  };
  const double sub_ms = s.duration_ms / s.sub_pulses;
  const int sub_steps =
      std::max(1, static_cast<int>(std::lround(static_cast<double>(s.steps) / s.sub_pulses)));
  for (int stack = 0; stack < s.stacks; ++stack) {
    if (stack > 0) cool(s.stack_gap_ms);
    for (int sub = 0; sub < s.sub_pulses; ++sub) {
      if (sub > 0) cool(s.sub_pulse_gap_ms);
      heat(sub_ms, sub_steps);
    }
  }
  cool(s.cooling_ms);

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
