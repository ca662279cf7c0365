#include "citsim/healing/mesh.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

TEST(Mesh, IndexRunsXFastestThenYThenDepth) {
  const Mesh m = cartesian_mesh(4, 3, 5, 1.0, 1.0, 1.0, false);
  EXPECT_EQ(m.size(), 60u);
  EXPECT_EQ(m.index(0, 0, 0), 0u);
  EXPECT_EQ(m.index(1, 0, 0), 1u);
  EXPECT_EQ(m.index(0, 1, 0), 4u);
  EXPECT_EQ(m.index(0, 0, 1), 12u);
  EXPECT_EQ(m.index(3, 2, 4), 59u);
}

TEST(Mesh, CartesianCellsAreBoxesWithCentresAtHalfSpacings) {
  const Mesh m = cartesian_mesh(10, 8, 6, 2.0, 3.0, 4.0, true);
  EXPECT_EQ(m.geometry, Geometry::cartesian);
  EXPECT_TRUE(m.periodic_xy);
  EXPECT_DOUBLE_EQ(m.volume_um3(3, 2), 24.0);
  EXPECT_DOUBLE_EQ(m.face_area_x_um2(0), 12.0);
  EXPECT_DOUBLE_EQ(m.face_area_y_um2(), 8.0);
  EXPECT_DOUBLE_EQ(m.face_area_z_um2(5), 6.0);
  EXPECT_DOUBLE_EQ(m.cell_x_um(0), 1.0);
  EXPECT_DOUBLE_EQ(m.cell_y_um(1), 4.5);
  EXPECT_DOUBLE_EQ(m.cell_depth_um(0), 2.0);
  EXPECT_DOUBLE_EQ(m.total_volume_um3(), 20.0 * 24.0 * 24.0);
}

TEST(Mesh, AxisymmetricCellsAreRingsThatFillTheCylinder) {
  const Mesh m = axisymmetric_mesh(16, 60, 10.0, 5.0);
  EXPECT_EQ(m.geometry, Geometry::axisymmetric);
  EXPECT_EQ(m.ny, 1);
  EXPECT_FALSE(m.periodic_xy);
  EXPECT_EQ(m.size(), 960u);
  const double pi = std::numbers::pi;
  EXPECT_NEAR(m.volume_um3(0, 0), pi * 100.0 * 5.0, 1e-9);
  EXPECT_NEAR(m.volume_um3(3, 7), pi * (1600.0 - 900.0) * 5.0, 1e-9);
  double sum = 0.0;
  for (int k = 0; k < m.nz; ++k) {
    for (int i = 0; i < m.nx; ++i) sum += m.volume_um3(i, k);
  }
  EXPECT_NEAR(sum / (pi * 160.0 * 160.0 * 300.0), 1.0, 1e-13);
  EXPECT_NEAR(m.total_volume_um3(), pi * 160.0 * 160.0 * 300.0, 1e-6);
  EXPECT_DOUBLE_EQ(m.cell_radius_um(2), 25.0);
  EXPECT_DOUBLE_EQ(m.cell_depth_um(3), 17.5);
}

TEST(Mesh, AxisymmetricFacesCloseEachCell) {
  // Lateral faces 2 pi r dz at r = i dr (zero on the axis); top and bottom
  // faces equal the ring area, so volume = ring area * dz.
  const Mesh m = axisymmetric_mesh(8, 4, 2.0, 3.0);
  EXPECT_DOUBLE_EQ(m.face_area_x_um2(0), 0.0);
  EXPECT_NEAR(m.face_area_x_um2(8), 2.0 * std::numbers::pi * 16.0 * 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(m.face_area_y_um2(), 0.0);
  for (int i = 0; i < m.nx; ++i) {
    EXPECT_NEAR(m.face_area_z_um2(i) * m.dz_um, m.volume_um3(i, 0), 1e-12);
  }
  // Divergence theorem for the field r^2/4 with gradient r/2 and laplacian 1:
  // outward flux through the ring's lateral faces equals its volume / dz * dz.
  for (int i = 0; i < m.nx; ++i) {
    const double r_in = i * m.dx_um;
    const double r_out = (i + 1) * m.dx_um;
    const double flux = m.face_area_x_um2(i + 1) * r_out / 2.0 - m.face_area_x_um2(i) * r_in / 2.0;
    EXPECT_NEAR(flux, m.volume_um3(i, 0), 1e-10);
  }
}

TEST(Mesh, FactoriesRejectEmptyOrNonPositiveSpacing) {
  EXPECT_THROW(cartesian_mesh(0, 1, 1, 1.0, 1.0, 1.0, false), Error);
  EXPECT_THROW(cartesian_mesh(1, 1, 1, 1.0, -1.0, 1.0, false), Error);
  EXPECT_THROW(axisymmetric_mesh(4, 0, 1.0, 1.0), Error);
  EXPECT_THROW(axisymmetric_mesh(4, 4, 0.0, 1.0), Error);
  EXPECT_THROW(axisymmetric_mesh(4, 4, 1.0, std::nan("")), Error);
}

}  // namespace
}  // namespace citsim
