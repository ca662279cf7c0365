// An axisymmetric finite-volume grid in (r, z) around a needle's axis, and
// the conductance operator every field of the RF model is solved with.
//
//   AxiGrid g{.nr = 80, .nz = 120, .dr_m = 10e-6, .dz_m = 10e-6};
//   Edges edges{.top = Edge::insulated(), .bottom = Edge::fixed(0.0), .outer = Edge::fixed(0.0)};
//
// The conductance operator built on it is in conductance.hpp (Eigen stays
// out of this header, so the stages above need not include it).
//
// Cells are rings: cell (i, k) spans r in [i dr, (i + 1) dr] and z in
// [k dz, (k + 1) dz] (z down from the skin surface), volume
// pi ((i + 1)^2 - i^2) dr^2 dz. A face's conductance is the harmonic mean of
// its two cells' coefficients times its area over the distance between their
// centres; an edge held at a value adds the conductance of the half cell to
// it. r = 0 is the axis (no flux). Second order in dr and dz for smooth
// coefficients.
#pragma once

#include <cstddef>
#include <vector>

namespace citsim::thermal {

struct AxiGrid {
  int nr = 1;
  int nz = 1;
  double dr_m = 1e-5;
  double dz_m = 1e-5;

  std::size_t size() const { return static_cast<std::size_t>(nr) * static_cast<std::size_t>(nz); }
  std::size_t index(int i, int k) const {
    return static_cast<std::size_t>(k) * static_cast<std::size_t>(nr) + static_cast<std::size_t>(i);
  }
  double r_centre_m(int i) const { return (i + 0.5) * dr_m; }
  double z_centre_m(int k) const { return (k + 0.5) * dz_m; }
  double volume_m3(int i) const;
};

/// One outer edge of the grid: no flux, or held at a value.
struct Edge {
  bool held = false;
  double value = 0.0;
  static Edge insulated() { return Edge{}; }
  static Edge fixed(double v) { return Edge{true, v}; }
};

struct Edges {
  Edge top;     ///< z = 0, the skin surface
  Edge bottom;  ///< z = nz dz
  Edge outer;   ///< r = nr dr
};

}  // namespace citsim::thermal
