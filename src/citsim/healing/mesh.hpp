// The structured finite-volume mesh of the healing engine: a 3D Cartesian block
// ("full") or an axisymmetric (r, z) unit cell around one channel ("plan").
//
//   Mesh m = axisymmetric_mesh(16, 60, 10.0, 10.0);  // R = 160 um, 600 um deep
//   double v = m.volume_um3(i, k);                   // pi (r_out^2 - r_in^2) dz
#pragma once

#include <cstddef>
#include <numbers>

#include "citsim/core/grid.hpp"

namespace citsim {

enum class Geometry { cartesian, axisymmetric };

/// Uniform cells along each axis. Cell (i, j, k) spans x (or r) in
/// [i dx, (i + 1) dx], y in [j dy, (j + 1) dy], depth in [k dz, (k + 1) dz];
/// k = 0 touches the skin surface. Axisymmetric meshes have ny = 1, x is the
/// radius r (r = 0 is the axis), dy_um is unused and periodic_xy is false.
/// Index order: x fastest, then y, then z.
struct Mesh {
  Geometry geometry = Geometry::cartesian;
  int nx = 1;
  int ny = 1;
  int nz = 1;
  double dx_um = 1.0;
  double dy_um = 1.0;
  double dz_um = 1.0;
  bool periodic_xy = false;  ///< Cartesian only: x and y wrap around

  std::size_t size() const { return cell_count(nx, ny, nz); }
  std::size_t index(int i, int j, int k) const { return cell_index(nx, ny, i, j, k); }

  double cell_x_um(int i) const { return (i + 0.5) * dx_um; }
  double cell_y_um(int j) const { return (j + 0.5) * dy_um; }
  /// Radius of the cell centre (the midpoint of [r_in, r_out]).
  double cell_radius_um(int i) const { return (i + 0.5) * dx_um; }
  /// Depth of the cell centre below the skin surface.
  double cell_depth_um(int k) const { return (k + 0.5) * dz_um; }

  /// Volume of cell (i, any j, k); k is accepted for when depth spacing may vary.
  double volume_um3(int i, [[maybe_unused]] int k) const {
    if (geometry == Geometry::axisymmetric) {
      return std::numbers::pi * (2.0 * i + 1.0) * dx_um * dx_um * dz_um;  // pi (r_o^2 - r_i^2) dz
    }
    return dx_um * dy_um * dz_um;
  }
  /// Area of the face at x (or r) = i dx, i in [0, nx], between cells i - 1 and i.
  double face_area_x_um2(int i) const {
    if (geometry == Geometry::axisymmetric) return 2.0 * std::numbers::pi * i * dx_um * dz_um;
    return dy_um * dz_um;
  }
  /// Area of a face normal to y (zero in an axisymmetric mesh: there is no y).
  double face_area_y_um2() const {
    return geometry == Geometry::axisymmetric ? 0.0 : dx_um * dz_um;
  }
  /// Area of a face normal to depth above or below a cell of column i.
  double face_area_z_um2(int i) const {
    if (geometry == Geometry::axisymmetric) {
      return std::numbers::pi * (2.0 * i + 1.0) * dx_um * dx_um;
    }
    return dx_um * dy_um;
  }

  double extent_x_um() const { return nx * dx_um; }
  double extent_y_um() const { return ny * dy_um; }
  double extent_z_um() const { return nz * dz_um; }
  /// Total volume of the mesh (a cylinder pi R^2 H when axisymmetric).
  double total_volume_um3() const {
    if (geometry == Geometry::axisymmetric) {
      return std::numbers::pi * extent_x_um() * extent_x_um() * extent_z_um();
    }
    return extent_x_um() * extent_y_um() * extent_z_um();
  }
};

/// A Cartesian block; throws Error unless every count >= 1 and every spacing > 0.
Mesh cartesian_mesh(int nx, int ny, int nz, double dx_um, double dy_um, double dz_um,
                    bool periodic_xy);

/// An axisymmetric (r, z) cell of radius nr dr and depth nz dz; throws Error
/// unless counts >= 1 and spacings > 0.
Mesh axisymmetric_mesh(int nr, int nz, double dr_um, double dz_um);

}  // namespace citsim
