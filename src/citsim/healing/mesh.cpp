// Factories for the healing mesh, with their input checks.
#include "citsim/healing/mesh.hpp"

#include <cmath>
#include <string>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

void check_count(const char* what, int n) {
  if (n < 1) {
    throw Error(std::string("healing mesh: ") + what + " = " + std::to_string(n) +
                ": must be at least 1");
  }
}

void check_spacing(const char* what, double h) {
  if (!(h > 0.0) || !std::isfinite(h)) {
    throw Error(std::string("healing mesh: ") + what + " = " + std::to_string(h) +
                ": must be a finite number > 0");
  }
}

}  // namespace

Mesh cartesian_mesh(int nx, int ny, int nz, double dx_um, double dy_um, double dz_um,
                    bool periodic_xy) {
  check_count("nx", nx);
  check_count("ny", ny);
  check_count("nz", nz);
  check_spacing("dx_um", dx_um);
  check_spacing("dy_um", dy_um);
  check_spacing("dz_um", dz_um);
  return Mesh{.geometry = Geometry::cartesian,
              .nx = nx,
              .ny = ny,
              .nz = nz,
              .dx_um = dx_um,
              .dy_um = dy_um,
              .dz_um = dz_um,
              .periodic_xy = periodic_xy};
}

Mesh axisymmetric_mesh(int nr, int nz, double dr_um, double dz_um) {
  check_count("nr", nr);
  check_count("nz", nz);
  check_spacing("dr_um", dr_um);
  check_spacing("dz_um", dz_um);
  return Mesh{.geometry = Geometry::axisymmetric,
              .nx = nr,
              .ny = 1,
              .nz = nz,
              .dx_um = dr_um,
              .dz_um = dz_um,
              .periodic_xy = false};
}

}  // namespace citsim
