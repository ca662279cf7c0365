#include "citsim/healing/diffusion.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

#include "citsim/healing/diffusion_reference.hpp"
#include "citsim/healing/mesh.hpp"

namespace citsim {
namespace {

constexpr double kPi = std::numbers::pi;

/// A number for RecordProperty (shown with --gtest_output=json).
std::string sci(double v) {
  std::ostringstream os;
  os.precision(4);
  os << v;
  return os.str();
}

std::vector<double> uniform(const Mesh& m, double v) { return std::vector<double>(m.size(), v); }

/// Layered skin: diffusivity by depth band, with an impermeable band and, in
/// Cartesian meshes, an impermeable column, so zero faces occur on every axis.
std::vector<double> layered_diffusivity(const Mesh& m) {
  std::vector<double> d(m.size());
  for (int k = 0; k < m.nz; ++k) {
    for (int j = 0; j < m.ny; ++j) {
      for (int i = 0; i < m.nx; ++i) {
        double v = 5.0;
        if (k < m.nz / 4)
          v = 80.0;
        else if (k < m.nz / 3)
          v = 0.0;
        else if (k < m.nz / 2)
          v = 20.0;
        if (m.geometry == Geometry::cartesian && i == m.nx / 2 && j < m.ny / 2) v = 0.0;
        d[m.index(i, j, k)] = v;
      }
    }
  }
  return d;
}

/// Deterministic values in [lo, hi): a 64-bit LCG.
std::vector<double> scattered(const Mesh& m, double lo, double hi, std::uint64_t seed) {
  std::vector<double> c(m.size());
  std::uint64_t s = seed;
  for (double& v : c) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    v = lo + (hi - lo) * static_cast<double>(s >> 11) * 0x1p-53;
  }
  return c;
}

void run(const Mesh& m, const std::vector<double>& d, double dt_s, int steps,
         std::vector<double>& c, int threads = 1) {
  DiffusionWorkspace work;
  for (int n = 0; n < steps; ++n) diffuse_implicit(m, d, dt_s, c, work, threads);
}

/// Point-source solution in `dims` dimensions (1, 2 or 3) at squared distance r2.
double gaussian(int dims, double mass, double d_um2_per_s, double t_s, double r2_um2) {
  const double four_dt = 4.0 * d_um2_per_s * t_s;
  return mass / std::pow(kPi * four_dt, 0.5 * dims) * std::exp(-r2_um2 / four_dt);
}

double max_abs_diff(const std::vector<double>& a, const std::vector<double>& b) {
  double e = 0.0;
  for (std::size_t n = 0; n < a.size(); ++n) e = std::max(e, std::abs(a[n] - b[n]));
  return e;
}

// --- exact solutions -------------------------------------------------------

TEST(Diffusion, Matches3DGaussianWithDecay) {
  // 32^3 periodic box of 320 um; sigma grows from 30 to 45 um, the nearest
  // periodic image is 7 sigma away. Decay applied exactly after each step.
  const Mesh m = cartesian_mesh(32, 32, 32, 10.0, 10.0, 10.0, true);
  const double d = 10.0, lambda = 2e-3, mass = 1e6, t0 = 45.0, t1 = 101.25;
  const int steps = 45;
  const double dt = (t1 - t0) / steps;
  const double centre = 160.0;
  auto r2 = [&](int i, int j, int k) {
    const double x = m.cell_x_um(i) - centre, y = m.cell_y_um(j) - centre,
                 z = m.cell_depth_um(k) - centre;
    return x * x + y * y + z * z;
  };
  std::vector<double> c(m.size());
  for (int k = 0; k < m.nz; ++k)
    for (int j = 0; j < m.ny; ++j)
      for (int i = 0; i < m.nx; ++i) c[m.index(i, j, k)] = gaussian(3, mass, d, t0, r2(i, j, k));
  const double m0 = total_amount(m, c);
  const auto dv = uniform(m, d);
  DiffusionWorkspace work;
  for (int n = 0; n < steps; ++n) {
    diffuse_implicit(m, dv, dt, c, work, 2);
    decay_exact(c, lambda, dt);
  }
  const double survive = std::exp(-lambda * (t1 - t0));
  double err = 0.0, peak = 0.0;
  for (int k = 0; k < m.nz; ++k)
    for (int j = 0; j < m.ny; ++j)
      for (int i = 0; i < m.nx; ++i) {
        const double exact = survive * gaussian(3, mass, d, t1, r2(i, j, k));
        peak = std::max(peak, exact);
        err = std::max(err, std::abs(c[m.index(i, j, k)] - exact));
      }
  RecordProperty("max_error_over_peak", sci(err / peak));
  EXPECT_LT(err / peak, 0.03);  // measured 1.8%: dx = sigma/3 and dt = 1.25 s
  EXPECT_NEAR(total_amount(m, c) / (m0 * survive), 1.0, 1e-12);
}

TEST(Diffusion, AxisymmetricMatches2DRadialGaussian) {
  // Uniform in depth: c = M/(4 pi D t) exp(-r^2 / 4Dt); sigma 20 -> 30 um, R = 200 um.
  // Error budget at the axis: ~0.7% from dr = sigma/4, ~0.5% from dt = 0.5 s.
  const Mesh m = axisymmetric_mesh(40, 4, 5.0, 5.0);
  const double d = 10.0, mass = 1e4, t0 = 20.0, t1 = 45.0;
  const int steps = 50;
  std::vector<double> c(m.size());
  for (int k = 0; k < m.nz; ++k)
    for (int i = 0; i < m.nx; ++i) {
      const double r = m.cell_radius_um(i);
      c[m.index(i, 0, k)] = gaussian(2, mass, d, t0, r * r);
    }
  run(m, uniform(m, d), (t1 - t0) / steps, steps, c);
  const double peak = gaussian(2, mass, d, t1, 0.0);
  for (int k = 0; k < m.nz; ++k)
    for (int i = 0; i < m.nx; ++i) {
      const double r = m.cell_radius_um(i);
      EXPECT_NEAR(c[m.index(i, 0, k)], gaussian(2, mass, d, t1, r * r), 0.015 * peak)
          << "r = " << r;
    }
}

TEST(Diffusion, AxisymmetricMatches1DDepthGaussian) {
  // Uniform in r: a depth profile spreading about z0 = 300 um, sigma 20 -> 30 um.
  const Mesh m = axisymmetric_mesh(3, 120, 5.0, 5.0);
  const double d = 10.0, mass = 1.0, t0 = 20.0, t1 = 45.0, z0 = 300.0;
  const int steps = 50;
  std::vector<double> c(m.size());
  for (int k = 0; k < m.nz; ++k)
    for (int i = 0; i < m.nx; ++i) {
      const double z = m.cell_depth_um(k) - z0;
      c[m.index(i, 0, k)] = gaussian(1, mass, d, t0, z * z);
    }
  run(m, uniform(m, d), (t1 - t0) / steps, steps, c);
  const double peak = gaussian(1, mass, d, t1, 0.0);
  for (int k = 0; k < m.nz; ++k)
    for (int i = 0; i < m.nx; ++i) {
      const double z = m.cell_depth_um(k) - z0;
      EXPECT_NEAR(c[m.index(i, 0, k)], gaussian(1, mass, d, t1, z * z), 0.01 * peak) << "z = " << z;
    }
}

// --- properties ------------------------------------------------------------

void expect_conserved(const Mesh& m) {
  const auto d = layered_diffusivity(m);
  auto c = scattered(m, 0.0, 10.0, 7);
  const double before = total_amount(m, c);
  // Steps from a minute to a week: D dt / dx^2 up to ~5e5.
  DiffusionWorkspace work;
  for (double dt : {60.0, 3600.0, 86400.0, 604800.0}) {
    for (int n = 0; n < 3; ++n) diffuse_implicit(m, d, dt, c, work, 1);
  }
  const double drift = total_amount(m, c) / before - 1.0;
  ::testing::Test::RecordProperty(
      std::string(m.geometry == Geometry::axisymmetric ? "axisymmetric" : "cartesian") +
          (m.periodic_xy ? "_periodic" : "") + "_" + std::to_string(m.nx) + "_relative_drift",
      sci(drift));
  EXPECT_NEAR(drift, 0.0, 1e-12);
}

TEST(Diffusion, ConservesAmountWithNoFluxBoundariesAndLayeredDiffusivity) {
  expect_conserved(cartesian_mesh(12, 10, 16, 10.0, 8.0, 6.0, false));
  expect_conserved(axisymmetric_mesh(16, 40, 10.0, 10.0));
}

TEST(Diffusion, ConservesAmountWithPeriodicLateralBoundaries) {
  expect_conserved(cartesian_mesh(12, 10, 16, 10.0, 8.0, 6.0, true));
  expect_conserved(cartesian_mesh(2, 3, 4, 10.0, 8.0, 6.0, true));  // shortest periodic lines
}

TEST(Diffusion, KeepsConcentrationsNonNegativeFromAPointSource) {
  for (const Mesh& m :
       {cartesian_mesh(9, 8, 10, 10.0, 10.0, 10.0, false),
        cartesian_mesh(9, 8, 10, 10.0, 10.0, 10.0, true), axisymmetric_mesh(12, 20, 10.0, 10.0)}) {
    const auto d = layered_diffusivity(m);
    for (double dt : {1e-3, 1.0, 3600.0, 1e9}) {
      auto c = uniform(m, 0.0);
      c[m.index(m.nx - 1, 0, 1)] = 1.0;
      c[m.index(0, m.ny - 1, m.nz - 1)] = 1e-300;
      run(m, d, dt, 3, c);
      EXPECT_GE(*std::min_element(c.begin(), c.end()), 0.0) << "dt = " << dt;
    }
  }
}

TEST(Diffusion, KeepsAUniformFieldUniform) {
  for (const Mesh& m :
       {cartesian_mesh(7, 6, 9, 10.0, 10.0, 10.0, false),
        cartesian_mesh(7, 6, 9, 10.0, 10.0, 10.0, true), axisymmetric_mesh(12, 20, 10.0, 10.0)}) {
    auto c = uniform(m, 3.7);
    run(m, layered_diffusivity(m), 3600.0, 5, c);
    for (double v : c) ASSERT_NEAR(v, 3.7, 1e-13);
  }
}

TEST(Diffusion, HugeStepRelaxesAConnectedDomainToItsMean) {
  const Mesh m = axisymmetric_mesh(10, 12, 10.0, 10.0);
  auto c = scattered(m, 0.0, 1.0, 3);
  const double mean = total_amount(m, c) / m.total_volume_um3();
  run(m, uniform(m, 50.0), 1e12, 2, c);
  for (double v : c) ASSERT_NEAR(v, mean, 1e-9 * mean);
}

TEST(Diffusion, PreservesMirrorAndDiagonalSymmetry) {
  // A centred blob in a square column with depth-layered diffusivity stays
  // symmetric under x -> -x and x <-> y (to round-off: the sweeps differ).
  for (bool periodic : {false, true}) {
    const Mesh m = cartesian_mesh(11, 11, 12, 10.0, 10.0, 10.0, periodic);
    std::vector<double> d(m.size()), c(m.size());
    for (int k = 0; k < m.nz; ++k)
      for (int j = 0; j < m.ny; ++j)
        for (int i = 0; i < m.nx; ++i) {
          d[m.index(i, j, k)] = k < 4 ? 60.0 : 10.0;
          const double x = i - 5.0, y = j - 5.0, z = k - 3.0;
          c[m.index(i, j, k)] = std::exp(-(x * x + y * y + z * z) / 4.0);
        }
    run(m, d, 30.0, 6, c);
    for (int k = 0; k < m.nz; ++k)
      for (int j = 0; j < m.ny; ++j)
        for (int i = 0; i < m.nx; ++i) {
          const double v = c[m.index(i, j, k)];
          ASSERT_NEAR(v, c[m.index(m.nx - 1 - i, j, k)], 1e-14);
          ASSERT_NEAR(v, c[m.index(j, i, k)], 1e-14);
        }
  }
}

TEST(Diffusion, ZeroDiffusivityBlocksExchange) {
  // An impermeable layer keeps what is above it above it.
  const Mesh m = axisymmetric_mesh(6, 12, 10.0, 10.0);
  auto d = uniform(m, 30.0);
  for (int i = 0; i < m.nx; ++i) d[m.index(i, 0, 5)] = 0.0;
  auto c = uniform(m, 0.0);
  c[m.index(0, 0, 0)] = 1.0;
  run(m, d, 3600.0, 4, c);
  for (int k = 5; k < m.nz; ++k)
    for (int i = 0; i < m.nx; ++i) EXPECT_EQ(c[m.index(i, 0, k)], 0.0);
}

TEST(Diffusion, GivesBitIdenticalResultsOnOneAndThreeThreads) {
  for (bool periodic : {false, true}) {
    const Mesh m =
        cartesian_mesh(30, 30, 20, 10.0, 10.0, 10.0, periodic);  // above the threading floor
    const auto d = layered_diffusivity(m);
    auto c1 = scattered(m, 0.0, 1.0, 11);
    auto c3 = c1;
    run(m, d, 600.0, 2, c1, 1);
    run(m, d, 600.0, 2, c3, 3);
    ASSERT_EQ(c1, c3);
  }
}

// --- the batch solver against the per-species solver ------------------------

/// Per-cell diffusivity with structure on every axis: the layered field
/// (barriers included) times a random factor in [0.5, 1.5).
std::vector<double> varying_diffusivity(const Mesh& m, double scale, std::uint64_t seed) {
  auto d = layered_diffusivity(m);
  const auto f = scattered(m, 0.5, 1.5, seed);
  for (std::size_t n = 0; n < d.size(); ++n) d[n] *= scale * f[n];
  return d;
}

/// Exact equality of every value (EXPECT_EQ, no tolerance); stops at the
/// first difference so a failure reads as one line.
void expect_identical(const std::vector<double>& expected, const std::vector<double>& actual,
                      const std::string& what) {
  ASSERT_EQ(expected.size(), actual.size()) << what;
  for (std::size_t n = 0; n < expected.size(); ++n) {
    EXPECT_EQ(expected[n], actual[n]) << what << ", cell " << n;
    if (expected[n] != actual[n]) return;
  }
}

/// A field that is one value in each depth plane, as the engine's are:
/// `scale` in the top quarter, an impermeable plane, then scale / 16 and
/// scale / 4 in alternate planes.
std::vector<double> plane_diffusivity(const Mesh& m, double scale) {
  std::vector<double> d(m.size());
  const std::size_t plane = static_cast<std::size_t>(m.nx) * static_cast<std::size_t>(m.ny);
  for (int k = 0; k < m.nz; ++k) {
    double v = k % 2 == 0 ? scale / 16.0 : scale / 4.0;
    if (k < m.nz / 4) v = scale;
    if (k == m.nz / 4 && m.nz > 2) v = 0.0;
    std::fill_n(d.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(k) * plane), plane,
                v);
  }
  return d;
}

/// Three diffusivity fields over four decades: layered (one value per depth
/// plane, the factors' compact layout) or varying cell by cell.
std::vector<std::vector<double>> three_fields(const Mesh& m, bool layered) {
  if (layered)
    return {plane_diffusivity(m, 1.0), plane_diffusivity(m, 0.03), plane_diffusivity(m, 400.0)};
  return {varying_diffusivity(m, 1.0, 21), varying_diffusivity(m, 0.03, 22),
          varying_diffusivity(m, 400.0, 23)};
}

/// The field of each of five solutes: two share field 0, one has field 1,
/// two share field 2.
const std::vector<std::size_t> kFieldOf = {0, 0, 1, 2, 2};

/// Steps from 1.5 s to a day, so that factors are reused, rebuilt and evicted.
const std::vector<double> kStepDts = {60.0, 60.0, 3600.0, 60.0, 1.5, 86400.0, 3600.0, 3600.0};

/// Three groups of solutes (two fields shared by two solutes, one alone) with
/// their own diffusivity and decay, stepped with a changing dt (so factors
/// are reused, rebuilt and evicted), by the batch solver and by the
/// per-species solver followed by decay_exact. With `layered`, each field is
/// one value per depth plane (the factors' compact layout).
void expect_batch_matches_reference(const Mesh& m, int threads, bool layered = false) {
  const std::vector<std::vector<double>> fields = three_fields(m, layered);
  const std::vector<double> decay = {0.0, 1e-3, 2e-4, 0.0, 5e-2};
  std::vector<std::vector<double>> expected, actual;
  for (std::size_t s = 0; s < kFieldOf.size(); ++s) {
    expected.push_back(scattered(m, 0.0, 10.0, 100 + s));
  }
  actual = expected;
  DiffusionWorkspace ref_work, work;
  for (double dt : kStepDts) {
    for (std::size_t s = 0; s < kFieldOf.size(); ++s) {
      detail::diffuse_implicit_reference(m, fields[kFieldOf[s]], dt, expected[s], ref_work,
                                         threads);
      decay_exact(expected[s], decay[s], dt);
    }
    for (std::size_t f = 0; f < fields.size(); ++f) {
      std::vector<Solute> batch;
      for (std::size_t s = 0; s < kFieldOf.size(); ++s) {
        if (kFieldOf[s] == f) batch.push_back({.c = actual[s], .decay_per_s = decay[s]});
      }
      diffuse_implicit_batch(m, fields[f], dt, batch, work, threads);
    }
  }
  EXPECT_LE(work.factors.size(), 4U);
  for (std::size_t s = 0; s < kFieldOf.size(); ++s) {
    expect_identical(expected[s], actual[s], "solute " + std::to_string(s));
  }
}

TEST(Diffusion, BatchIsBitIdenticalToPerSpeciesSolverCartesianPeriodic) {
  expect_batch_matches_reference(cartesian_mesh(13, 11, 9, 10.0, 8.0, 6.0, true), 1);
  expect_batch_matches_reference(cartesian_mesh(2, 3, 4, 10.0, 8.0, 6.0, true), 1);
  // Above the threading floor, lines not a multiple of the tile width.
  expect_batch_matches_reference(cartesian_mesh(33, 27, 21, 10.0, 10.0, 10.0, true), 2);
}

TEST(Diffusion, BatchIsBitIdenticalToPerSpeciesSolverCartesianNoFlux) {
  expect_batch_matches_reference(cartesian_mesh(13, 11, 9, 10.0, 8.0, 6.0, false), 1);
  expect_batch_matches_reference(cartesian_mesh(1, 5, 7, 10.0, 8.0, 6.0, false), 1);
  expect_batch_matches_reference(cartesian_mesh(6, 5, 1, 10.0, 8.0, 6.0, false), 1);
  expect_batch_matches_reference(cartesian_mesh(33, 27, 21, 10.0, 10.0, 10.0, false), 2);
}

TEST(Diffusion, BatchIsBitIdenticalToPerSpeciesSolverAxisymmetric) {
  expect_batch_matches_reference(axisymmetric_mesh(17, 23, 10.0, 10.0), 1);
  expect_batch_matches_reference(axisymmetric_mesh(1, 9, 10.0, 10.0), 1);
  expect_batch_matches_reference(axisymmetric_mesh(150, 130, 5.0, 5.0), 2);
}

TEST(Diffusion, BatchIsBitIdenticalToPerSpeciesSolverWithLayeredFields) {
  for (bool periodic : {true, false}) {
    expect_batch_matches_reference(cartesian_mesh(13, 11, 9, 10.0, 8.0, 6.0, periodic), 1, true);
    expect_batch_matches_reference(cartesian_mesh(2, 3, 4, 10.0, 8.0, 6.0, periodic), 1, true);
    expect_batch_matches_reference(cartesian_mesh(1, 5, 7, 10.0, 8.0, 6.0, periodic), 1, true);
    expect_batch_matches_reference(cartesian_mesh(6, 5, 1, 10.0, 8.0, 6.0, periodic), 1, true);
    // Above the threading floor; depth blocks and x tiles not full.
    expect_batch_matches_reference(cartesian_mesh(70, 27, 11, 10.0, 10.0, 10.0, periodic), 2, true);
  }
}

TEST(Diffusion, LayeredFieldsKeepFactorsThatDoNotGrowWithTheBlocksWidth) {
  // Nine doubles per cell in the full layout; a layered field keeps one x
  // tile and one plane of y factors per distinct plane value (three here).
  const Mesh m = cartesian_mesh(130, 120, 12, 10.0, 10.0, 10.0, true);
  auto c = scattered(m, 0.0, 1.0, 61);
  DiffusionWorkspace work;
  diffuse_implicit(m, plane_diffusivity(m, 1.0), 600.0, c, work, 1);
  ASSERT_EQ(work.factors.size(), 1U);
  const DiffusionFactors& f = work.factors[0];
  EXPECT_TRUE(f.layered);
  const std::size_t doubles = f.x.size() + f.y.size() + f.z.size() + f.diffusivity.size();
  EXPECT_LT(doubles, m.size() * 2);
  EXPECT_LT(doubles * 4, m.size() * 9);
}

TEST(Diffusion, BatchRebuildsLayeredFactorsWhenAPlaneStopsBeingUniform) {
  const Mesh m = cartesian_mesh(20, 18, 7, 10.0, 10.0, 10.0, true);
  auto d = plane_diffusivity(m, 1.0);
  auto expected = scattered(m, 0.0, 1.0, 62);
  auto actual = expected;
  DiffusionWorkspace ref_work, work;
  for (int n = 0; n < 4; ++n) {
    if (n == 2) d[m.index(5, 4, 3)] *= 3.0;  // no longer layered
    if (n == 3) d[m.index(5, 4, 3)] /= 3.0;  // layered again
    detail::diffuse_implicit_reference(m, d, 600.0, expected, ref_work, 1);
    diffuse_implicit(m, d, 600.0, actual, work, 1);
    expect_identical(expected, actual, "step " + std::to_string(n));
  }
}

TEST(Diffusion, ByDepthIsBitIdenticalToTheFieldCellByCell) {
  // The same steps from one value per plane and from the field made whole,
  // on Cartesian (the layered layout, no field made) and axisymmetric
  // meshes, with a decaying solute and a changing dt; the two entry points
  // share one cache of factors.
  for (const Mesh& m :
       {cartesian_mesh(21, 13, 9, 10.0, 10.0, 12.0, true),
        cartesian_mesh(70, 3, 6, 10.0, 10.0, 10.0, false), axisymmetric_mesh(17, 11, 10.0, 12.0)}) {
    const auto cells = plane_diffusivity(m, 2.0);
    std::vector<double> planes(static_cast<std::size_t>(m.nz));
    for (int k = 0; k < m.nz; ++k) planes[static_cast<std::size_t>(k)] = cells[m.index(0, 0, k)];
    auto expected = scattered(m, 0.0, 1.0, 71);
    auto actual = expected;
    DiffusionWorkspace whole, by_depth;
    for (int n = 0; n < 5; ++n) {
      const double dt = n < 3 ? 600.0 : 90.0;
      const Solute a{.c = expected, .decay_per_s = 1e-4};
      const Solute b{.c = actual, .decay_per_s = 1e-4};
      diffuse_implicit_batch(m, cells, dt, {&a, 1}, whole, 2);
      diffuse_implicit_batch_by_depth(m, planes, dt, {&b, 1}, by_depth, 2);
      expect_identical(expected, actual, "step " + std::to_string(n));
    }
    if (m.geometry == Geometry::cartesian) {
      EXPECT_TRUE(by_depth.field.empty()) << "a Cartesian mesh needs no field made";
      EXPECT_EQ(by_depth.factors.size(), 2U);
      // The cell-by-cell field finds the sets built from the planes.
      Solute c{.c = actual};
      diffuse_implicit_batch(m, cells, 90.0, {&c, 1}, by_depth, 1);
      EXPECT_EQ(by_depth.factors.size(), 2U);
    }
  }
}

TEST(Diffusion, BatchGivesBitIdenticalResultsOnOneAndTwoThreads) {
  for (const Mesh& m : {cartesian_mesh(40, 37, 19, 10.0, 10.0, 10.0, true),
                        cartesian_mesh(40, 37, 19, 10.0, 10.0, 10.0, false),
                        axisymmetric_mesh(150, 130, 5.0, 5.0)}) {
    const auto d = varying_diffusivity(m, 1.0, 31);
    auto a1 = scattered(m, 0.0, 1.0, 32), b1 = scattered(m, 0.0, 1.0, 33);
    auto a2 = a1, b2 = b1;
    DiffusionWorkspace w1, w2;
    for (int n = 0; n < 3; ++n) {
      const Solute one[] = {{.c = a1, .decay_per_s = 1e-3}, {.c = b1}};
      const Solute two[] = {{.c = a2, .decay_per_s = 1e-3}, {.c = b2}};
      diffuse_implicit_batch(m, d, 600.0, one, w1, 1);
      diffuse_implicit_batch(m, d, 600.0, two, w2, 2);
    }
    expect_identical(a1, a2, "first solute");
    expect_identical(b1, b2, "second solute");
  }
}

TEST(Diffusion, BatchRebuildsFactorsWhenTheDiffusivityChanges) {
  const Mesh m = cartesian_mesh(9, 8, 7, 10.0, 10.0, 10.0, false);
  auto d = varying_diffusivity(m, 1.0, 41);
  auto expected = scattered(m, 0.0, 1.0, 42);
  auto actual = expected;
  DiffusionWorkspace ref_work, work;
  for (int n = 0; n < 4; ++n) {
    d[static_cast<std::size_t>(n * 37)] *= 3.0;  // the same buffer, new contents
    detail::diffuse_implicit_reference(m, d, 600.0, expected, ref_work, 1);
    diffuse_implicit(m, d, 600.0, actual, work, 1);
  }
  expect_identical(expected, actual, "after in-place edits of the diffusivity");
}

// --- convergence order -----------------------------------------------------

/// Max error at cell centres of the axisymmetric 3D point source (sigma 20 ->
/// 30 um about depth 150 um) on spacing h with dt = 0.1 h^2 / D.
double axisymmetric_point_source_error(double h_um) {
  const double d = 10.0, t0 = 20.0, t1 = 45.0, z0 = 150.0;
  const Mesh m =
      axisymmetric_mesh(static_cast<int>(150.0 / h_um), static_cast<int>(300.0 / h_um), h_um, h_um);
  const int steps = static_cast<int>(std::lround((t1 - t0) / (0.1 * h_um * h_um / d)));
  auto exact = [&](int i, int k, double t) {
    const double r = m.cell_radius_um(i), z = m.cell_depth_um(k) - z0;
    return gaussian(3, 1e6, d, t, r * r + z * z);
  };
  std::vector<double> c(m.size());
  for (int k = 0; k < m.nz; ++k)
    for (int i = 0; i < m.nx; ++i) c[m.index(i, 0, k)] = exact(i, k, t0);
  run(m, uniform(m, d), (t1 - t0) / steps, steps, c);
  double err = 0.0;
  for (int k = 0; k < m.nz; ++k)
    for (int i = 0; i < m.nx; ++i)
      err = std::max(err, std::abs(c[m.index(i, 0, k)] - exact(i, k, t1)));
  return err;
}

/// The same for a 2D Gaussian in a periodic Cartesian plane (x, y sweeps).
double cartesian_plane_gaussian_error(double h_um) {
  const double d = 10.0, t0 = 20.0, t1 = 45.0, centre = 120.0;
  const int n = static_cast<int>(240.0 / h_um);
  const Mesh m = cartesian_mesh(n, n, 1, h_um, h_um, h_um, true);
  const int steps = static_cast<int>(std::lround((t1 - t0) / (0.1 * h_um * h_um / d)));
  auto exact = [&](int i, int j, double t) {
    const double x = m.cell_x_um(i) - centre, y = m.cell_y_um(j) - centre;
    return gaussian(2, 1e4, d, t, x * x + y * y);
  };
  std::vector<double> c(m.size());
  for (int j = 0; j < m.ny; ++j)
    for (int i = 0; i < m.nx; ++i) c[m.index(i, j, 0)] = exact(i, j, t0);
  run(m, uniform(m, d), (t1 - t0) / steps, steps, c);
  double err = 0.0;
  for (int j = 0; j < m.ny; ++j)
    for (int i = 0; i < m.nx; ++i)
      err = std::max(err, std::abs(c[m.index(i, j, 0)] - exact(i, j, t1)));
  return err;
}

TEST(Diffusion, ConvergesAtSecondOrderInSpaceAxisymmetric) {
  const double e1 = axisymmetric_point_source_error(10.0);
  const double e2 = axisymmetric_point_source_error(5.0);
  const double e3 = axisymmetric_point_source_error(2.5);
  const double p1 = std::log2(e1 / e2), p2 = std::log2(e2 / e3);
  RecordProperty("errors", sci(e1) + " " + sci(e2) + " " + sci(e3));
  RecordProperty("orders", sci(p1) + " " + sci(p2));
  EXPECT_GT(p1, 1.8) << e1 << " " << e2;
  EXPECT_GT(p2, 1.8) << e2 << " " << e3;
  EXPECT_LT(p2, 2.3);
}

TEST(Diffusion, ConvergesAtSecondOrderInSpaceCartesianPeriodic) {
  const double e1 = cartesian_plane_gaussian_error(10.0);
  const double e2 = cartesian_plane_gaussian_error(5.0);
  const double e3 = cartesian_plane_gaussian_error(2.5);
  const double p1 = std::log2(e1 / e2), p2 = std::log2(e2 / e3);
  RecordProperty("errors", sci(e1) + " " + sci(e2) + " " + sci(e3));
  RecordProperty("orders", sci(p1) + " " + sci(p2));
  EXPECT_GT(p1, 1.8) << e1 << " " << e2;
  EXPECT_GT(p2, 1.8) << e2 << " " << e3;
  EXPECT_LT(p2, 2.3);
}

/// Solution after 1200 s in `steps` equal steps, on a layered mesh where the
/// radial and depth operators do not commute (so splitting error is included).
std::vector<double> layered_solution(const Mesh& m, int steps) {
  auto d = uniform(m, 0.0);
  for (int k = 0; k < m.nz; ++k)
    for (int i = 0; i < m.nx; ++i) d[m.index(i, 0, k)] = k < m.nz / 3 ? 40.0 : 8.0;
  std::vector<double> c(m.size());
  for (int k = 0; k < m.nz; ++k)
    for (int i = 0; i < m.nx; ++i) {
      const double r = m.cell_radius_um(i), z = m.cell_depth_um(k) - 60.0;
      c[m.index(i, 0, k)] = std::exp(-(r * r + z * z) / 800.0);
    }
  run(m, d, 1200.0 / steps, steps, c);
  return c;
}

TEST(Diffusion, ConvergesAtFirstOrderInTime) {
  const Mesh m = axisymmetric_mesh(20, 40, 5.0, 5.0);
  const auto u1 = layered_solution(m, 8);
  const auto u2 = layered_solution(m, 16);
  const auto u4 = layered_solution(m, 32);
  const auto u8 = layered_solution(m, 64);
  const double p1 = std::log2(max_abs_diff(u1, u2) / max_abs_diff(u2, u4));
  const double p2 = std::log2(max_abs_diff(u2, u4) / max_abs_diff(u4, u8));
  RecordProperty("orders", sci(p1) + " " + sci(p2));
  EXPECT_GT(p1, 0.8);
  EXPECT_LT(p1, 1.3);
  EXPECT_GT(p2, 0.8);
  EXPECT_LT(p2, 1.3);
}

TEST(Diffusion, DecayExactlyScalesByExpMinusLambdaDt) {
  std::vector<double> c{1.0, 2.0, 0.0};
  decay_exact(c, 0.5, 2.0);
  EXPECT_DOUBLE_EQ(c[0], std::exp(-1.0));
  EXPECT_DOUBLE_EQ(c[1], 2.0 * std::exp(-1.0));
  EXPECT_EQ(c[2], 0.0);
}

// --- float storage -------------------------------------------------------

std::vector<float> to_float(const std::vector<double>& v) { return {v.begin(), v.end()}; }

/// The largest difference between the float and the double results over the
/// double's largest value.
double float_error(const std::vector<double>& d, const std::vector<float>& f) {
  double err = 0.0, peak = 0.0;
  for (std::size_t n = 0; n < d.size(); ++n) {
    err = std::max(err, std::abs(static_cast<double>(f[n]) - d[n]));
    peak = std::max(peak, std::abs(d[n]));
  }
  return err / peak;
}

/// Five solutes on three fields with decay, stepped with expect_batch_matches_
/// reference's changing dt, once in double and once in float storage: the
/// float result stays within `tolerance` of the double one (relative to the
/// largest value), stays >= 0 and keeps its amount.
void expect_float_close_to_double(const Mesh& m, int threads, bool layered, double tolerance,
                                  const std::string& what) {
  const std::vector<std::vector<double>> fields = three_fields(m, layered);
  // Decay to at most exp(-10) over the 27 h: float's range ends at 1e-38
  // (the double test's 5e-2 per second takes a solute to 1e-1880, zero).
  const std::vector<double> decay = {0.0, 1e-4, 2e-5, 0.0, 5e-5};
  std::vector<std::vector<double>> d;
  std::vector<std::vector<float>> f;
  for (std::size_t s = 0; s < kFieldOf.size(); ++s) {
    d.push_back(scattered(m, 0.0, 10.0, 100 + s));
    f.push_back(to_float(d.back()));
  }
  DiffusionWorkspace dw, fw;
  for (double dt : kStepDts) {
    for (std::size_t k = 0; k < fields.size(); ++k) {
      std::vector<Solute> db;
      std::vector<FloatSolute> fb;
      for (std::size_t s = 0; s < kFieldOf.size(); ++s) {
        if (kFieldOf[s] != k) continue;
        db.push_back({.c = d[s], .decay_per_s = decay[s]});
        fb.push_back({.c = f[s], .decay_per_s = decay[s]});
      }
      diffuse_implicit_batch(m, fields[k], dt, db, dw, threads);
      diffuse_implicit_batch(m, fields[k], dt, fb, fw, threads);
    }
  }
  double worst = 0.0;
  for (std::size_t s = 0; s < kFieldOf.size(); ++s) {
    const double err = float_error(d[s], f[s]);
    worst = std::max(worst, err);
    EXPECT_LT(err, tolerance) << what << ", solute " << s;
    EXPECT_TRUE(std::all_of(f[s].begin(), f[s].end(), [](float v) { return v >= 0.0F; }))
        << what << ", solute " << s;
    if (decay[s] == 0.0) {
      const std::vector<double> widened(f[s].begin(), f[s].end());
      EXPECT_NEAR(total_amount(m, widened) / total_amount(m, d[s]), 1.0, tolerance)
          << what << ", solute " << s;
    }
  }
  ::testing::Test::RecordProperty("float_error_" + what, sci(worst));
}

TEST(Diffusion, FloatStorageStaysWithinItsToleranceOfTheDoubleStep) {
  // Eight steps from dt 1.5 s to a day, diffusivities over four decades with
  // barriers: the float step stays within 1e-5 of the largest value (about
  // 100 float epsilons; measured 2e-7 to 1e-6, gtest --gtest_output=json).
  expect_float_close_to_double(cartesian_mesh(33, 27, 21, 10.0, 10.0, 10.0, true), 2, false, 1e-5,
                               "periodic");
  expect_float_close_to_double(cartesian_mesh(40, 37, 19, 10.0, 10.0, 10.0, false), 1, true, 1e-5,
                               "layered");
  expect_float_close_to_double(axisymmetric_mesh(150, 130, 5.0, 5.0), 2, false, 1e-5,
                               "axisymmetric");
}

TEST(Diffusion, FloatStorageIsAsAccurateAsDoubleAgainstTheGaussian) {
  // Matches3DGaussianWithDecay's problem in both storages: the error against
  // the exact solution is the step's, not the storage's (equal to 3 digits
  // here at least; 4 in the measured figures).
  const Mesh m = cartesian_mesh(32, 32, 32, 10.0, 10.0, 10.0, true);
  const double d = 10.0, lambda = 2e-3, mass = 1e6, t0 = 45.0, t1 = 101.25;
  const int steps = 45;
  const double dt = (t1 - t0) / steps;
  auto r2 = [&](int i, int j, int k) {
    const double x = m.cell_x_um(i) - 160.0, y = m.cell_y_um(j) - 160.0,
                 z = m.cell_depth_um(k) - 160.0;
    return x * x + y * y + z * z;
  };
  std::vector<double> c(m.size());
  for (int k = 0; k < m.nz; ++k)
    for (int j = 0; j < m.ny; ++j)
      for (int i = 0; i < m.nx; ++i) c[m.index(i, j, k)] = gaussian(3, mass, d, t0, r2(i, j, k));
  std::vector<float> cf = to_float(c);
  const auto dv = uniform(m, d);
  DiffusionWorkspace dw, fw;
  for (int n = 0; n < steps; ++n) {
    const Solute ds{.c = c, .decay_per_s = lambda};
    const FloatSolute fs{.c = cf, .decay_per_s = lambda};
    diffuse_implicit_batch(m, dv, dt, {&ds, 1}, dw, 2);
    diffuse_implicit_batch(m, dv, dt, {&fs, 1}, fw, 2);
  }
  const double survive = std::exp(-lambda * (t1 - t0));
  double err_d = 0.0, err_f = 0.0, peak = 0.0;
  for (int k = 0; k < m.nz; ++k)
    for (int j = 0; j < m.ny; ++j)
      for (int i = 0; i < m.nx; ++i) {
        const std::size_t n = m.index(i, j, k);
        const double exact = survive * gaussian(3, mass, d, t1, r2(i, j, k));
        peak = std::max(peak, exact);
        err_d = std::max(err_d, std::abs(c[n] - exact));
        err_f = std::max(err_f, std::abs(static_cast<double>(cf[n]) - exact));
      }
  RecordProperty("double_error_over_peak", sci(err_d / peak));
  RecordProperty("float_error_over_peak", sci(err_f / peak));
  EXPECT_NEAR(err_f / err_d, 1.0, 1e-3);
}

TEST(Diffusion, FloatStorageGivesBitIdenticalResultsOnOneAndTwoThreads) {
  for (const Mesh& m : {cartesian_mesh(40, 37, 19, 10.0, 10.0, 10.0, true),
                        axisymmetric_mesh(150, 130, 5.0, 5.0)}) {
    const auto d = varying_diffusivity(m, 1.0, 31);
    auto a1 = to_float(scattered(m, 0.0, 1.0, 32));
    auto a2 = a1;
    DiffusionWorkspace w1, w2;
    for (int n = 0; n < 3; ++n) {
      const FloatSolute one{.c = a1, .decay_per_s = 1e-3};
      const FloatSolute two{.c = a2, .decay_per_s = 1e-3};
      diffuse_implicit_batch(m, d, 600.0, {&one, 1}, w1, 1);
      diffuse_implicit_batch(m, d, 600.0, {&two, 1}, w2, 2);
    }
    for (std::size_t n = 0; n < a1.size(); ++n) {
      ASSERT_EQ(a1[n], a2[n]) << "cell " << n;
    }
  }
}

}  // namespace
}  // namespace citsim
