// Verification of the RF solvers against exact answers (SCIENCE.md,
// "Verification before validation"), with the order of convergence.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include "citsim/thermal/arrhenius.hpp"
#include "citsim/thermal/bioheat.hpp"
#include "citsim/thermal/electric.hpp"

namespace citsim::thermal {
namespace {

// Henriques-Moritz with SCIENCE.md's A and Ea: Omega = 1 after about 0.95 s
// at 60 C and 1.3 ms at 70 C.
TEST(Arrhenius, CoagulationTimesMatchTheTable) {
  EXPECT_NEAR(time_to_coagulation_s(60.0), 0.95, 0.03);
  EXPECT_NEAR(time_to_coagulation_s(70.0), 1.3e-3, 0.05e-3);
  // Held at a constant temperature for that time, the integral reaches 1.
  std::vector<double> omega(1, 0.0);
  const std::vector<double> t(1, 65.0);
  const double total = time_to_coagulation_s(65.0);
  for (int s = 0; s < 100; ++s) accumulate_damage(omega, t, t, total / 100.0);
  EXPECT_NEAR(omega[0], 1.0, 1e-12);
  EXPECT_LT(damage_rate(37.0) * 3600.0, 1e-3);  // an hour at body temperature: no damage
}

ThermalTissue uniform(const AxiGrid& g, double k, double rho_c, double w) {
  return ThermalTissue{std::vector<double>(g.size(), k), std::vector<double>(g.size(), rho_c),
                       std::vector<double>(g.size(), w), 37.0};
}

// Steady Pennes in a slab held at T0 on top, insulated below (depth L):
// T - Ta = (T0 - Ta) cosh(m (L - z)) / cosh(m L), m = sqrt(w / k).
double slab_error(int nz) {
  const double depth = 2e-3, k = 0.37, w = 4.0e4, t0 = 45.0;
  const AxiGrid g{.nr = 1, .nz = nz, .dr_m = 1e-3, .dz_m = depth / nz};
  const Edges edges{
      .top = Edge::fixed(t0), .bottom = Edge::insulated(), .outer = Edge::insulated()};
  const std::vector<double> t = bioheat_steady(g, uniform(g, k, 4e6, w), {}, edges);
  const double m = std::sqrt(w / k);
  double worst = 0.0;
  for (int kk = 0; kk < nz; ++kk) {
    const double z = g.z_centre_m(kk);
    const double exact = 37.0 + (t0 - 37.0) * std::cosh(m * (depth - z)) / std::cosh(m * depth);
    worst = std::max(worst, std::abs(t[static_cast<std::size_t>(kk)] - exact));
  }
  return worst;
}

TEST(Bioheat, SteadySlabMatchesTheExactSolutionAtSecondOrder) {
  const double e1 = slab_error(20), e2 = slab_error(40), e3 = slab_error(80);
  EXPECT_LT(e3, 2e-3);  // deg C, of an 8 C rise
  EXPECT_NEAR(std::log2(e1 / e2), 2.0, 0.3);
  EXPECT_NEAR(std::log2(e2 / e3), 2.0, 0.3);
}

// A uniform, insulated block heated uniformly: T = T0 + Q t / (rho c),
// exactly, whatever the step.
TEST(Bioheat, UniformHeatingOfAnInsulatedBlockIsExact) {
  const AxiGrid g{.nr = 5, .nz = 4, .dr_m = 2e-5, .dz_m = 3e-5};
  const ThermalTissue tissue = uniform(g, 0.5, 3.6e6, 0.0);
  const std::vector<double> q(g.size(), 1.8e9);  // W/m^3: 0.5 K per ms
  const Edges insulated{};
  std::vector<double> t(g.size(), 37.0);
  for (int s = 0; s < 10; ++s) t = bioheat_step(g, tissue, t, q, 1e-4, insulated);
  for (double v : t) EXPECT_NEAR(v, 37.0 + 1.8e9 * 1e-3 / 3.6e6, 1e-9);
}

// Cooling after a pulse: a hot column relaxes towards the body, and the
// perfused block returns to the arterial temperature.
TEST(Bioheat, AHotSpotCoolsAndSpreads) {
  const AxiGrid g{.nr = 20, .nz = 20, .dr_m = 1e-5, .dz_m = 1e-5};
  const ThermalTissue tissue = uniform(g, 0.37, 3.7e6, 4e4);
  std::vector<double> t(g.size(), 37.0);
  t[g.index(0, 10)] = 80.0;
  const Edges edges{
      .top = Edge::insulated(), .bottom = Edge::fixed(37.0), .outer = Edge::fixed(37.0)};
  double peak_before = 80.0;
  for (int s = 0; s < 20; ++s) {
    t = bioheat_step(g, tissue, t, {}, 1e-4, edges);
    const double peak = *std::max_element(t.begin(), t.end());
    EXPECT_LT(peak, peak_before);
    peak_before = peak;
  }
  EXPECT_GT(t[g.index(1, 10)], 37.0);  // the heat spread to the neighbours
  for (double v : t) EXPECT_GE(v, 37.0 - 1e-9);
}

// A needle along the whole axis held at V inside a grounded cylinder of
// radius R: phi = V ln(R / r) / ln(R / a), current 2 pi sigma H V / ln(R / a),
// Joule heat sigma (V / (r ln(R / a)))^2.
struct CoaxResult {
  double phi_error = 0.0;  ///< max |phi - exact| / V
  double current_error = 0.0;
  double heat_error = 0.0;  ///< relative, at r = R / 2
};

CoaxResult coax(int m) {
  const double a = 1.5e-4, volts = 10.0, sigma = 0.2, height = 1e-3;
  const double dr = a / (m - 0.5);
  const int nr = static_cast<int>(std::lround(3e-3 / dr));
  const AxiGrid g{.nr = nr, .nz = 4, .dr_m = dr, .dz_m = height / 4};
  const double big_r = nr * dr;
  std::vector<int> electrode(g.size(), 0);
  for (int k = 0; k < g.nz; ++k)
    for (int i = 0; i < m; ++i) electrode[g.index(i, k)] = 1;
  const Edges edges{
      .top = Edge::insulated(), .bottom = Edge::insulated(), .outer = Edge::fixed(0.0)};
  const std::vector<double> s(g.size(), sigma);
  const Potential p = solve_potential(g, s, electrode, volts, edges);
  const double log_ratio = std::log(big_r / a);
  CoaxResult out;
  for (int i = m; i < nr; ++i) {
    const double exact = volts * std::log(big_r / g.r_centre_m(i)) / log_ratio;
    out.phi_error = std::max(out.phi_error, std::abs(p.phi[g.index(i, 2)] - exact) / volts);
  }
  const double current = 2.0 * std::numbers::pi * sigma * height * volts / log_ratio;
  out.current_error = std::abs(p.current_a - current) / current;
  const std::vector<double> q = joule_heat(g, s, p.phi, electrode, edges);
  const int mid = nr / 2;
  const double e = volts / (g.r_centre_m(mid) * log_ratio);
  out.heat_error = std::abs(q[g.index(mid, 2)] - sigma * e * e) / (sigma * e * e);
  return out;
}

TEST(Potential, CoaxialNeedleMatchesTheExactFieldAndConverges) {
  const CoaxResult c1 = coax(2), c2 = coax(4), c3 = coax(8);
  EXPECT_LT(c3.phi_error, 2e-3);
  EXPECT_LT(c3.current_error, 5e-3);
  EXPECT_LT(c3.heat_error, 5e-3);
  EXPECT_LT(c2.phi_error, c1.phi_error);
  EXPECT_LT(c3.phi_error, c2.phi_error);
  EXPECT_GT(std::log2(c2.current_error / c3.current_error), 1.5);  // second order
}

}  // namespace
}  // namespace citsim::thermal
