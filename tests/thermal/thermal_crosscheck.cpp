// The CITSim side of the RF cross-check against DOLFINx
// (rf_dolfinx_crosscheck.py): solves two fixed axisymmetric problems with the
// thermal module and prints, as JSON on standard output, the quantities the
// script compares, at several cell sizes.
//
//   a. potential: one needle (radius 100 um, 1500 um deep, insulated down to
//      1000 um), bare tip at 1 V, outer (1000 um) and bottom (3000 um) edges
//      at 0 V, surface insulated, one conductivity: the current, the Joule
//      power and the Joule heat along two lines;
//   b. pulse: the same needle in layered skin (epidermis 100 um, dermis
//      1500 um, fat below; data/thermal/tissues.toml's values), conductivity
//      independent of temperature, a constant power for 100 ms then 100 ms
//      of cooling (simulate_pulse): the peak temperature, the temperature
//      along the lines at the end of the pulse, the coagulated column.
//
// The numbers here are duplicated in the script; change both together.
//
//   thermal_crosscheck > citsim.json       # the pulse at 20 and 10 um cells
//   thermal_crosscheck 20 10 5 > conv.json  # and at 5 um (slow)
#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "citsim/thermal/electric.hpp"
#include "citsim/thermal/pulse.hpp"

namespace {

using citsim::thermal::AxiGrid;
using citsim::thermal::Edge;
using citsim::thermal::Edges;
using nlohmann::json;

constexpr double kNeedleRadiusUm = 100.0;
constexpr double kNeedleLengthUm = 1500.0;
constexpr double kInsulatedUm = 1000.0;
constexpr double kDomainRadiusUm = 1000.0;
constexpr double kDomainDepthUm = 3000.0;
constexpr double kUniformSigma = 0.221;  // S/m, dermis (problem a)
constexpr double kPulsePowerW = 0.4;
constexpr double kPulseMs = 100.0;
constexpr double kCoolingMs = 100.0;
constexpr int kPulseSteps = 100;  // 1 ms, in the pulse and in the cooling

// The sample points of the lines: depth 1250 um as a function of r, and
// r = 150 um as a function of depth (um).
const std::vector<double> kLineRadiiUm{0.0, 50.0, 110.0, 150.0, 200.0, 300.0, 500.0};
const std::vector<double> kLineDepthsUm{100.0,  500.0,  900.0,  1000.0, 1250.0,
                                        1500.0, 1600.0, 1800.0, 2200.0};
constexpr double kLineDepthUm = 1250.0;
constexpr double kLineRadiusUm = 150.0;

/// A cell-centred field at (r, z) um, bilinear between cell centres (the
/// nearest centre's value beyond the outermost ones).
double sample(const AxiGrid& g, const std::vector<double>& field, double r_um, double z_um) {
  const auto axis = [](double x_um, double cell_um, int n, int& lo, double& w) {
    const double s = std::clamp(x_um / cell_um - 0.5, 0.0, n - 1.0);
    lo = std::min(static_cast<int>(s), n - 2);
    w = s - lo;
  };
  int i = 0, k = 0;
  double wr = 0.0, wz = 0.0;
  axis(r_um, g.dr_m * 1e6, g.nr, i, wr);
  axis(z_um, g.dz_m * 1e6, g.nz, k, wz);
  const auto at = [&](int di, int dk) { return field[g.index(i + di, k + dk)]; };
  return (1 - wz) * ((1 - wr) * at(0, 0) + wr * at(1, 0)) +
         wz * ((1 - wr) * at(0, 1) + wr * at(1, 1));
}

json lines(const AxiGrid& g, const std::vector<double>& field) {
  json out{{"depth_1250_vs_r", json::array()}, {"r_150_vs_depth", json::array()}};
  for (double r : kLineRadiiUm) out["depth_1250_vs_r"].push_back(sample(g, field, r, kLineDepthUm));
  for (double z : kLineDepthsUm)
    out["r_150_vs_depth"].push_back(sample(g, field, kLineRadiusUm, z));
  return out;
}

/// Problem a, with the needle's cells as simulate_pulse (pulse.cpp) makes
/// them: cells with i < radius / cell and k < length / cell; the bare ones
/// are the electrode, the insulated ones conduct 1e-9 S/m.
json potential_problem(double cell_um) {
  const AxiGrid g{.nr = static_cast<int>(std::lround(kDomainRadiusUm / cell_um)),
                  .nz = static_cast<int>(std::lround(kDomainDepthUm / cell_um)),
                  .dr_m = cell_um * 1e-6,
                  .dz_m = cell_um * 1e-6};
  const int needle_cells = static_cast<int>(std::lround(kNeedleRadiusUm / cell_um));
  const int bare_top = static_cast<int>(std::lround(kInsulatedUm / cell_um));
  const int tip = static_cast<int>(std::lround(kNeedleLengthUm / cell_um));
  std::vector<double> sigma(g.size(), kUniformSigma);
  std::vector<int> electrode(g.size(), 0);
  for (int k = 0; k < tip; ++k) {
    for (int i = 0; i < needle_cells; ++i) {
      if (k >= bare_top) {
        electrode[g.index(i, k)] = 1;
      } else {
        sigma[g.index(i, k)] = 1e-9;
      }
    }
  }
  const Edges edges{
      .top = Edge::insulated(), .bottom = Edge::fixed(0.0), .outer = Edge::fixed(0.0)};
  const auto p = citsim::thermal::solve_potential(g, sigma, electrode, 1.0, edges);
  const std::vector<double> q = citsim::thermal::joule_heat(g, sigma, p.phi, electrode, edges);
  double power = 0.0;
  for (int k = 0; k < g.nz; ++k) {
    for (int i = 0; i < g.nr; ++i) power += q[g.index(i, k)] * g.volume_m3(i);
  }
  return {{"cell_um", cell_um},
          {"current_a", p.current_a},
          {"joule_power_w", power},
          {"joule_heat_w_m3", lines(g, q)}};
}

std::vector<citsim::thermal::TissueLayer> skin_layers() {
  constexpr double blood = 1050.0 * 3617.0;  // J/m^3/K
  return {{.thickness_um = 100.0,
           .conductivity_s_m = 0.0132,
           .thermal_conductivity = 0.21,
           .heat_capacity = 1150.0 * 3600.0,
           .perfusion = 0.0,
           .epidermis = true},
          {.thickness_um = 1500.0,
           .conductivity_s_m = 0.221,
           .thermal_conductivity = 0.37,
           .heat_capacity = 1116.0 * 3391.0,
           .perfusion = 1.96e-3 * blood},
          {.thickness_um = 1400.0,
           .conductivity_s_m = 0.0251,
           .thermal_conductivity = 0.21,
           .heat_capacity = 971.0 * 2303.0,
           .perfusion = 5.0e-4 * blood}};
}

/// Problem b: the full pulse, and the pulse alone (no cooling) for the field
/// at its end (the temperature only rises under a constant heat, so the
/// peak of the pulse alone is its last field).
json pulse_problem(double cell_um) {
  const citsim::thermal::PulseGeometry geo{.needle_length_um = kNeedleLengthUm,
                                           .insulated_um = kInsulatedUm,
                                           .needle_radius_um = kNeedleRadiusUm,
                                           .domain_radius_um = kDomainRadiusUm,
                                           .domain_depth_um = kDomainDepthUm,
                                           .cell_um = cell_um};
  citsim::thermal::PulseSettings s{
      .power_w = kPulsePowerW,
      .duration_ms = kPulseMs,
      .cooling_ms = kCoolingMs,
      .steps = kPulseSteps,
      .conductivity_per_c = 0.0,
      .damage = {.frequency_factor_per_s = 3.1e98, .activation_energy_j_mol = 6.28e5}};
  const auto layers = skin_layers();
  const auto full = citsim::thermal::simulate_pulse(geo, layers, s);
  s.cooling_ms = 0.0;
  const auto heating = citsim::thermal::simulate_pulse(geo, layers, s);
  // Where the peak is: the hottest tissue cell's centre.
  const AxiGrid& g = full.grid;
  const int needle_cells = static_cast<int>(std::lround(kNeedleRadiusUm / cell_um));
  const int tip = static_cast<int>(std::lround(kNeedleLengthUm / cell_um));
  double peak = 0.0, peak_r_um = 0.0, peak_z_um = 0.0;
  for (int k = 0; k < g.nz; ++k) {
    for (int i = 0; i < g.nr; ++i) {
      if (i < needle_cells && k < tip) continue;
      if (full.peak_temperature_c[g.index(i, k)] <= peak) continue;
      peak = full.peak_temperature_c[g.index(i, k)];
      peak_r_um = g.r_centre_m(i) * 1e6;
      peak_z_um = g.z_centre_m(k) * 1e6;
    }
  }
  return {{"cell_um", cell_um},
          {"peak_temperature_c",
           std::max(full.peak_epidermal_temperature_c, full.peak_dermal_temperature_c)},
          {"peak_at_um", {peak_r_um, peak_z_um}},
          {"peak_epidermal_temperature_c", full.peak_epidermal_temperature_c},
          {"coagulation_depth_um", full.coagulation_depth_um},
          {"coagulation_top_um", full.coagulation_top_um},
          {"coagulation_width_um", full.coagulation_width_um},
          {"end_of_pulse_temperature_c", lines(heating.grid, heating.peak_temperature_c)}};
}

}  // namespace

/// Arguments: the cell sizes (um) of the pulse, 20 and 10 unless given.
int main(int argc, char** argv) {
  std::vector<double> pulse_cells{20.0, 10.0};
  if (argc > 1) {
    pulse_cells.clear();
    for (int a = 1; a < argc; ++a) pulse_cells.push_back(std::stod(argv[a]));
  }
  json out{{"line_depth_um", kLineDepthUm}, {"line_radius_um", kLineRadiusUm},
           {"line_radii_um", kLineRadiiUm}, {"line_depths_um", kLineDepthsUm},
           {"potential", json::array()},    {"pulse", json::array()}};
  for (double cell : {20.0, 10.0, 5.0}) out["potential"].push_back(potential_problem(cell));
  for (double cell : pulse_cells) out["pulse"].push_back(pulse_problem(cell));
  std::cout << out.dump(1) << '\n';
  return 0;
}
