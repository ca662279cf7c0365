#include "citsim/healing/chemotaxis.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "citsim/healing/diffusion.hpp"
#include "citsim/healing/mesh.hpp"

namespace citsim {
namespace {

std::vector<double> scattered(const Mesh& m, double lo, double hi, std::uint64_t seed) {
  std::vector<double> c(m.size());
  std::uint64_t s = seed;
  for (double& v : c) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    v = lo + (hi - lo) * static_cast<double>(s >> 11) * 0x1p-53;
  }
  return c;
}

TEST(Chemotaxis, ConservesCellsAndStaysNonNegativeWhenSubStepping) {
  for (const Mesh& m :
       {cartesian_mesh(10, 9, 12, 10.0, 10.0, 10.0, false),
        cartesian_mesh(10, 9, 12, 10.0, 10.0, 10.0, true), axisymmetric_mesh(16, 30, 10.0, 10.0)}) {
    const auto a = scattered(m, 0.0, 5.0, 1);
    auto cells = scattered(m, 0.0, 1.0, 2);
    for (std::size_t n = 0; n < cells.size(); n += 3) cells[n] = 0.0;
    const double before = total_amount(m, cells);
    const double chi = 20.0;
    const double dt = 7.3 * chemotaxis_max_stable_dt_s(m, chi, a);
    ChemotaxisWorkspace work;
    int substeps = 0;
    for (int n = 0; n < 5; ++n) substeps = chemotaxis_explicit(m, chi, a, dt, cells, work, 1);
    EXPECT_EQ(substeps, 8);
    EXPECT_GE(*std::min_element(cells.begin(), cells.end()), 0.0);
    EXPECT_NEAR(total_amount(m, cells) / before, 1.0, 1e-12);
  }
}

TEST(Chemotaxis, StableStepIsSpacingOverSpeedForALinearAttractant) {
  const Mesh m = cartesian_mesh(20, 1, 1, 5.0, 5.0, 5.0, false);
  std::vector<double> a(m.size());
  for (int i = 0; i < m.nx; ++i) a[m.index(i, 0, 0)] = 0.1 * m.cell_x_um(i);
  // speed chi * grad = 4 * 0.1 = 0.4 um/s; dt = dx / speed.
  EXPECT_NEAR(chemotaxis_max_stable_dt_s(m, 4.0, a), 12.5, 1e-12);
  std::vector<double> cells(m.size(), 1.0);
  ChemotaxisWorkspace work;
  EXPECT_EQ(chemotaxis_explicit(m, 4.0, a, 12.5 * 2.5, cells, work, 1), 3);
}

TEST(Chemotaxis, FlatAttractantMovesNothing) {
  const Mesh m = axisymmetric_mesh(8, 8, 10.0, 10.0);
  const std::vector<double> a(m.size(), 2.0);
  auto cells = scattered(m, 0.0, 1.0, 5);
  const auto before = cells;
  ChemotaxisWorkspace work;
  EXPECT_EQ(chemotaxis_explicit(m, 10.0, a, 3600.0, cells, work, 1), 0);
  EXPECT_EQ(cells, before);
  EXPECT_TRUE(std::isinf(chemotaxis_max_stable_dt_s(m, 10.0, a)));
}

TEST(Chemotaxis, MovesTheCentreOfMassUpALinearGradientAtChiTimesGradient) {
  // Cartesian, along x: a = G x, speed chi G = 0.05 um/s, 2000 s -> 100 um.
  const Mesh m = cartesian_mesh(40, 2, 2, 10.0, 10.0, 10.0, false);
  const double chi = 5.0, grad = 0.01, t = 2000.0;
  std::vector<double> a(m.size()), cells(m.size());
  for (int k = 0; k < m.nz; ++k)
    for (int j = 0; j < m.ny; ++j)
      for (int i = 0; i < m.nx; ++i) {
        const double x = m.cell_x_um(i);
        a[m.index(i, j, k)] = grad * x;
        cells[m.index(i, j, k)] = std::exp(-(x - 100.0) * (x - 100.0) / 200.0);
      }
  auto mean_x = [&] {
    double sx = 0.0, s = 0.0;
    for (int k = 0; k < m.nz; ++k)
      for (int j = 0; j < m.ny; ++j)
        for (int i = 0; i < m.nx; ++i) {
          sx += cells[m.index(i, j, k)] * m.cell_x_um(i);
          s += cells[m.index(i, j, k)];
        }
    return sx / s;
  };
  const double x0 = mean_x();
  ChemotaxisWorkspace work;
  const int steps = 20;
  for (int n = 0; n < steps; ++n) chemotaxis_explicit(m, chi, a, t / steps, cells, work, 1);
  EXPECT_NEAR((mean_x() - x0) / t, chi * grad, 1e-6 * chi * grad);
}

TEST(Chemotaxis, MovesTheCentreOfMassDownIntoDeeperAttractantAxisymmetric) {
  // Axisymmetric, along depth: a = G z, speed 0.02 um/s, 3000 s -> 60 um.
  const Mesh m = axisymmetric_mesh(6, 50, 10.0, 8.0);
  const double chi = 4.0, grad = 0.005, t = 3000.0;
  std::vector<double> a(m.size()), cells(m.size());
  for (int k = 0; k < m.nz; ++k)
    for (int i = 0; i < m.nx; ++i) {
      const double z = m.cell_depth_um(k);
      a[m.index(i, 0, k)] = grad * z;
      cells[m.index(i, 0, k)] = std::exp(-(z - 80.0) * (z - 80.0) / 300.0);
    }
  auto mean_depth = [&] {
    double sz = 0.0, s = 0.0;
    for (int k = 0; k < m.nz; ++k)
      for (int i = 0; i < m.nx; ++i) {
        const double w = cells[m.index(i, 0, k)] * m.volume_um3(i, k);
        sz += w * m.cell_depth_um(k);
        s += w;
      }
    return sz / s;
  };
  const double z0 = mean_depth();
  ChemotaxisWorkspace work;
  const int steps = 10;
  for (int n = 0; n < steps; ++n) chemotaxis_explicit(m, chi, a, t / steps, cells, work, 1);
  EXPECT_NEAR((mean_depth() - z0) / t, chi * grad, 1e-6 * chi * grad);
}

TEST(Chemotaxis, GivesBitIdenticalResultsOnOneAndThreeThreads) {
  const Mesh m = cartesian_mesh(30, 30, 20, 10.0, 10.0, 10.0, true);
  const auto a = scattered(m, 0.0, 1.0, 8);
  auto c1 = scattered(m, 0.0, 1.0, 9);
  auto c3 = c1;
  ChemotaxisWorkspace w1, w3;
  chemotaxis_explicit(m, 50.0, a, 5.0, c1, w1, 1);
  chemotaxis_explicit(m, 50.0, a, 5.0, c3, w3, 3);
  ASSERT_EQ(c1, c3);
}

TEST(Chemotaxis, ReadingAboveATopPlaneIsTheSameAsMakingThatField) {
  // The attractant above plane `top` read at `top` in its column, against
  // that field made whole (as transport made it before), bit for bit.
  for (const Mesh& m : {cartesian_mesh(12, 11, 14, 10.0, 10.0, 10.0, true),
                        cartesian_mesh(12, 11, 14, 10.0, 10.0, 10.0, false),
                        axisymmetric_mesh(16, 14, 10.0, 10.0)}) {
    for (int top : {0, 1, 5, 13}) {
      const auto a = scattered(m, 0.0, 2.0, 21);
      std::vector<double> whole(m.size());
      for (int k = 0; k < m.nz; ++k) {
        for (int j = 0; j < m.ny; ++j) {
          for (int i = 0; i < m.nx; ++i)
            whole[m.index(i, j, k)] = a[m.index(i, j, std::max(k, top))];
        }
      }
      auto expected = scattered(m, 0.0, 1.0, 22);
      auto actual = expected;
      ChemotaxisWorkspace w1, w2;
      for (int n = 0; n < 3; ++n) {
        const int s1 = chemotaxis_explicit(m, 40.0, whole, 30.0, expected, w1, 2);
        const int s2 = chemotaxis_explicit(m, 40.0, a, top, 30.0, actual, w2, 2);
        ASSERT_EQ(s1, s2) << "top " << top;
        ASSERT_EQ(expected, actual) << "top " << top << ", step " << n;
      }
    }
  }
}

}  // namespace
}  // namespace citsim
