// The quasi-static electric potential of an RF pulse and its Joule heat.
// At RF (about 1 MHz) the wavelength in tissue is metres, far larger than a
// needle's field: the potential obeys div(sigma grad phi) = 0, with the
// conducting (uninsulated) part of the needle held at its voltage and the
// return electrode far away held at 0 (docs/rf.md).
//
//   std::vector<int> electrode(grid.size(), 0);  // 1 on the needle's bare cells
//   Potential p = solve_potential(grid, sigma, electrode, 20.0, edges);
//   std::vector<double> q = joule_heat(grid, sigma, p.phi, edges);  // W/m^3 per cell
#pragma once

#include <complex>
#include <vector>

#include "citsim/thermal/axisym.hpp"

namespace citsim::thermal {

struct Potential {
  std::vector<double> phi;  ///< V, per cell
  double current_a = 0.0;   ///< the current leaving the electrode
};

/// The potential with electrode cells (`electrode[p] != 0`) at `volts`
/// (conducting like metal: the electrode's surface lies on its cells' faces)
/// and
/// the held edges of `edges` at their values (at least one edge or electrode
/// keeps the system definite). `sigma` in S/m per cell (> 0 outside the
/// electrode).
Potential solve_potential(const AxiGrid& grid, const std::vector<double>& sigma,
                          const std::vector<int>& electrode, double volts, const Edges& edges);

/// sigma |grad phi|^2 per cell (W/m^3), as the power dissipated across each
/// of the cell's faces (G dphi^2, half to each tissue cell, all to the tissue
/// cell at the electrode or a held edge) over its volume: the heat adds up to
/// the electric power exactly; 0 in electrode cells.
std::vector<double> joule_heat(const AxiGrid& grid, const std::vector<double>& sigma,
                               const std::vector<double>& phi, const std::vector<int>& electrode,
                               const Edges& edges);

/// The same at the RF frequency with displacement currents: the
/// admittivity sigma + j omega eps per cell (`omega_eps` = omega eps0 eps_r,
/// S/m). The potential is a phasor (RMS); the real power at `volts` is
/// Re(V I*), at 1 V Re(current_a).
struct AcPotential {
  std::vector<std::complex<double>> phi;
  std::complex<double> current_a;
};

AcPotential solve_potential_ac(const AxiGrid& grid, const std::vector<double>& sigma,
                               const std::vector<double>& omega_eps,
                               const std::vector<int>& electrode, double volts, const Edges& edges);

/// The heat of the conduction current (sigma |E|^2, RMS) per cell, face by
/// face as joule_heat (Re(G) |dphi|^2): it adds up to Re(V I*).
std::vector<double> joule_heat_ac(const AxiGrid& grid, const std::vector<double>& sigma,
                                  const std::vector<double>& omega_eps,
                                  const std::vector<std::complex<double>>& phi,
                                  const std::vector<int>& electrode, const Edges& edges);

}  // namespace citsim::thermal
