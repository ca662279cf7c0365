// Verification of the RF solvers against exact answers (SCIENCE.md,
// "Verification before validation"), with the order of convergence.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include "citsim/thermal/arrhenius.hpp"
#include "citsim/thermal/bioheat.hpp"
#include "citsim/thermal/dielectric.hpp"
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

// The stepper keeps the factorisation between steps of one length: each of
// its steps equals a fresh bioheat_step bit for bit, through changes of step
// length and back, with heat and without.
TEST(Bioheat, StepperIsBitIdenticalToSingleSteps) {
  const AxiGrid g{.nr = 12, .nz = 15, .dr_m = 1e-5, .dz_m = 1.5e-5};
  ThermalTissue tissue = uniform(g, 0.37, 3.7e6, 4e4);
  for (std::size_t p = 0; p < g.size(); ++p)
    tissue.conductivity[p] += 1e-3 * static_cast<double>(p % 7);
  const Edges edges{
      .top = Edge::insulated(), .bottom = Edge::fixed(37.0), .outer = Edge::insulated()};
  std::vector<double> q(g.size(), 0.0);
  for (int k = 0; k < 6; ++k) q[g.index(0, k)] = 2e9;
  BioheatStepper stepper(g, tissue, edges);
  std::vector<double> a(g.size(), 37.0), b = a;
  for (double dt : {1e-4, 1e-4, 5e-4, 5e-4, 1e-4, 2e-3}) {
    const std::vector<double>& heat = dt < 3e-4 ? q : std::vector<double>{};
    a = stepper.step(a, heat, dt);
    b = bioheat_step(g, tissue, b, heat, dt, edges);
    ASSERT_EQ(0, std::memcmp(a.data(), b.data(), a.size() * sizeof(double))) << dt;
  }
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
  const double dr = a / m;  // the electrode's surface on the faces of its cells
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

// Gabriel 1996's four-term Cole-Cole parameters reproduce the published
// values at 1 MHz (Biomed Eng Online 2018, doi 10.1186/s12938-018-0473-9,
// Table 3: wet skin 0.2214 S/m, eps_r 1832.8; fat 0.0251 S/m, 27.222; dry
// skin 0.0132 S/m, 990.76), and conductivity rises with frequency.
TEST(Dielectric, ColeColeMatchesThePublishedValuesAtOneMegahertz) {
  const ColeCole wet{4.0,
                     {39.0, 280.0, 3.0e4, 3.0e4},
                     {7.958e-12, 79.577e-9, 1.592e-6, 1.592e-3},
                     {0.1, 0.0, 0.16, 0.2},
                     0.0004};
  const ColeCole fat{2.5,
                     {3.0, 15.0, 3.3e4, 1.0e7},
                     {7.958e-12, 15.915e-9, 159.155e-6, 7.958e-3},
                     {0.2, 0.1, 0.05, 0.01},
                     0.01};
  const ColeCole dry{4.0,
                     {32.0, 1100.0, 0.0, 0.0},
                     {7.234e-12, 32.481e-9, 159.155e-6, 15.915e-3},
                     {0.0, 0.2, 0.2, 0.2},
                     0.0002};
  const Dielectric w = dielectric_at(wet, 1e6), f = dielectric_at(fat, 1e6),
                   d = dielectric_at(dry, 1e6);
  EXPECT_NEAR(w.conductivity_s_m, 0.2214, 0.0005);
  EXPECT_NEAR(w.relative_permittivity, 1832.8, 2.0);
  EXPECT_NEAR(f.conductivity_s_m, 0.0251, 0.0001);
  EXPECT_NEAR(f.relative_permittivity, 27.222, 0.05);
  EXPECT_NEAR(d.conductivity_s_m, 0.0132, 0.0001);
  EXPECT_NEAR(d.relative_permittivity, 990.76, 1.0);
  EXPECT_GT(dielectric_at(wet, 2e6).conductivity_s_m, w.conductivity_s_m);
  EXPECT_LT(dielectric_at(wet, 0.5e6).conductivity_s_m, w.conductivity_s_m);
  EXPECT_NEAR(w.displacement_ratio, 0.46, 0.01);  // half the conduction current in the dermis
  EXPECT_GT(d.displacement_ratio, 3.0);           // not in dry skin
}

// Displacement currents: in a uniform medium the admittivity sigma + j w eps
// scales the current by (1 + j w eps / sigma) and leaves the field, and so
// the heat of the conduction current, as without; in a layered medium the
// cells' heat adds up to the real power Re(I) at 1 V.
TEST(Potential, DisplacementCurrentsScaleTheCurrentOfAUniformMedium) {
  const AxiGrid g{.nr = 30, .nz = 60, .dr_m = 20e-6, .dz_m = 20e-6};
  std::vector<int> electrode(g.size(), 0);
  for (int k = 10; k < 30; ++k)
    for (int i = 0; i < 4; ++i) electrode[g.index(i, k)] = 1;
  const Edges edges{
      .top = Edge::insulated(), .bottom = Edge::fixed(0.0), .outer = Edge::fixed(0.0)};
  const std::vector<double> sigma(g.size(), 0.22), omega_eps(g.size(), 0.1);
  const Potential dc = solve_potential(g, sigma, electrode, 1.0, edges);
  const AcPotential ac = solve_potential_ac(g, sigma, omega_eps, electrode, 1.0, edges);
  EXPECT_NEAR(ac.current_a.real(), dc.current_a, 1e-6 * dc.current_a);
  EXPECT_NEAR(ac.current_a.imag(), dc.current_a * 0.1 / 0.22, 1e-6 * dc.current_a);
  const std::vector<double> q_dc = joule_heat(g, sigma, dc.phi, electrode, edges);
  const std::vector<double> q_ac = joule_heat_ac(g, sigma, omega_eps, ac.phi, electrode, edges);
  for (std::size_t p = 0; p < g.size(); ++p) EXPECT_NEAR(q_ac[p], q_dc[p], 1e-6 * q_dc[p] + 1e-12);

  std::vector<double> layered_sigma = sigma, layered_eps = omega_eps;
  for (int k = 0; k < 5; ++k) {
    for (int i = 0; i < g.nr; ++i) {
      layered_sigma[g.index(i, k)] = 0.013;  // dry skin: displacement 4 x conduction
      layered_eps[g.index(i, k)] = 0.055;
    }
  }
  const AcPotential layered =
      solve_potential_ac(g, layered_sigma, layered_eps, electrode, 1.0, edges);
  const std::vector<double> q =
      joule_heat_ac(g, layered_sigma, layered_eps, layered.phi, electrode, edges);
  double total = 0.0;
  for (int k = 0; k < g.nz; ++k)
    for (int i = 0; i < g.nr; ++i) total += q[g.index(i, k)] * g.volume_m3(i);
  EXPECT_NEAR(total, layered.current_a.real(), 1e-6 * layered.current_a.real());
}

}  // namespace
}  // namespace citsim::thermal
