// A regular 3D grid of cells, x and y across the skin surface, z down into it.
//
//   Grid g{.nx = 100, .ny = 100, .nz = 200, .dx_um = 10, .dy_um = 10, .dz_um = 10};
//   std::size_t n = g.index(i, j, k);  // x fastest, then y, then z
#pragma once

#include <cstddef>

namespace citsim {

/// Cells of an nx x ny x nz block.
constexpr std::size_t cell_count(int nx, int ny, int nz) {
  return static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny) * static_cast<std::size_t>(nz);
}

/// The linear index of cell (i, j, k) of a block nx cells wide and ny deep:
/// x fastest, then y, then z (the order of every field of CITSim).
constexpr std::size_t cell_index(int nx, int ny, int i, int j, int k) {
  return (static_cast<std::size_t>(k) * static_cast<std::size_t>(ny) +
          static_cast<std::size_t>(j)) *
             static_cast<std::size_t>(nx) +
         static_cast<std::size_t>(i);
}

/// Cell-centred regular grid. Cell (i, j, k) has its centre at
/// (origin + (i + 1/2) dx, ...). z = 0 is the skin surface, z grows with depth.
struct Grid {
  int nx = 1;
  int ny = 1;
  int nz = 1;
  double dx_um = 1.0;
  double dy_um = 1.0;
  double dz_um = 1.0;
  double origin_x_um = 0.0;
  double origin_y_um = 0.0;
  double origin_z_um = 0.0;

  std::size_t size() const { return cell_count(nx, ny, nz); }
  std::size_t index(int i, int j, int k) const { return cell_index(nx, ny, i, j, k); }
  double x_um(int i) const { return origin_x_um + (i + 0.5) * dx_um; }
  double y_um(int j) const { return origin_y_um + (j + 0.5) * dy_um; }
  double z_um(int k) const { return origin_z_um + (k + 0.5) * dz_um; }
  double cell_volume_um3() const { return dx_um * dy_um * dz_um; }
  double extent_x_um() const { return nx * dx_um; }
  double extent_y_um() const { return ny * dy_um; }
  double extent_z_um() const { return nz * dz_um; }
};

}  // namespace citsim
