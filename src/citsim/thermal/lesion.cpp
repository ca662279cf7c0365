#include "citsim/thermal/lesion.hpp"

#include <algorithm>
#include <cmath>

namespace citsim::thermal {

bool ThermalLesion::empty() const {
  return std::all_of(shocked_radius_um.begin(), shocked_radius_um.end(),
                     [](double r) { return r <= 0.0; });
}

double ThermalLesion::at(const std::vector<double>& radius_um, double row_um, double z_um) {
  if (z_um < 0.0 || row_um <= 0.0) return 0.0;
  const auto k = static_cast<std::size_t>(z_um / row_um);
  return k < radius_um.size() ? radius_um[k] : 0.0;
}

ThermalLesion thermal_lesion(const PulseResult& pulse, double needle_radius_um,
                             double needle_length_um, double shock_omega) {
  const AxiGrid& g = pulse.grid;
  const double cell_um = g.dr_m * 1e6;
  ThermalLesion out;
  out.row_um = g.dz_m * 1e6;
  out.coagulated_radius_um.assign(static_cast<std::size_t>(g.nz), 0.0);
  out.shocked_radius_um.assign(static_cast<std::size_t>(g.nz), 0.0);
  const int needle_cells = std::max(1, static_cast<int>(std::lround(needle_radius_um / cell_um)));
  const int tip = static_cast<int>(std::lround(needle_length_um / (g.dz_m * 1e6)));
  for (int k = 0; k < g.nz; ++k) {
    const int first = k < tip ? needle_cells : 0;  // tissue starts outside the needle
    double coagulated = 0.0, shocked = 0.0;
    for (int i = first; i < g.nr; ++i) {
      const double omega = pulse.damage[g.index(i, k)];
      if (omega >= 1.0) coagulated = (i + 1) * cell_um;
      if (omega >= shock_omega) shocked = (i + 1) * cell_um;
    }
    out.coagulated_radius_um[static_cast<std::size_t>(k)] = coagulated;
    out.shocked_radius_um[static_cast<std::size_t>(k)] = std::max(shocked, coagulated);
  }
  return out;
}

}  // namespace citsim::thermal
