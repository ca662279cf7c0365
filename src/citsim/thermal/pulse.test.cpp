// One RF pulse: the behaviour issue 12 asks of an energy sweep, on a coarse
// grid with illustrative layer properties (the sourced ones come with the
// data file; these tests check the physics, not the numbers).
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "citsim/thermal/electric.hpp"
#include "citsim/thermal/pulse.hpp"

namespace citsim::thermal {
namespace {

std::vector<TissueLayer> skin() {
  TissueLayer epidermis{.thickness_um = 100.0,
                        .conductivity_s_m = 0.1,
                        .thermal_conductivity = 0.21,
                        .heat_capacity = 3.6e6,
                        .perfusion = 0.0,
                        .epidermis = true};
  TissueLayer dermis{.thickness_um = 1900.0,
                     .conductivity_s_m = 0.3,
                     .thermal_conductivity = 0.37,
                     .heat_capacity = 3.7e6,
                     .perfusion = 4.0e3,
                     .epidermis = false};
  TissueLayer fat{.thickness_um = 1000.0,
                  .conductivity_s_m = 0.03,
                  .thermal_conductivity = 0.21,
                  .heat_capacity = 2.1e6,
                  .perfusion = 2.0e3,
                  .epidermis = false};
  return {epidermis, dermis, fat};
}

PulseGeometry coarse(double insulated_um) {
  return PulseGeometry{.needle_length_um = 1200.0,
                       .insulated_um = insulated_um,
                       .needle_radius_um = 100.0,
                       .domain_radius_um = 800.0,
                       .domain_depth_um = 2400.0,
                       .cell_um = 20.0};
}

PulseResult pulse(double power_w, double duration_ms, double insulated_um = 600.0) {
  PulseSettings s;
  s.power_w = power_w;
  s.duration_ms = duration_ms;
  s.cooling_ms = 100.0;
  s.steps = 20;
  return simulate_pulse(coarse(insulated_um), skin(), s);
}

TEST(RfPulse, NoPowerNoHeatNoDamage) {
  const PulseResult r = pulse(0.0, 100.0);
  EXPECT_NEAR(r.peak_dermal_temperature_c, 37.0, 1e-9);
  EXPECT_EQ(r.coagulation_depth_um, 0.0);
  EXPECT_EQ(r.energy_j, 0.0);
}

TEST(RfPulse, MoreEnergyCoagulatesDeeperAndWider) {
  const PulseResult low = pulse(1.0, 100.0), high = pulse(2.0, 100.0);
  ASSERT_GT(low.coagulated_volume_um3, 0.0) << "the low pulse coagulates something";
  EXPECT_GT(high.peak_dermal_temperature_c, low.peak_dermal_temperature_c);
  EXPECT_GE(high.coagulation_depth_um, low.coagulation_depth_um);
  EXPECT_GT(high.coagulation_width_um, low.coagulation_width_um);
  EXPECT_GT(high.coagulated_volume_um3, low.coagulated_volume_um3);
  EXPECT_NEAR(high.energy_j, 0.2, 1e-12);
}

TEST(RfPulse, TheSameEnergyOverALongerWeakerPulseCoagulatesLess) {
  // 0.2 J either way: heat conducted and carried away over the longer pulse.
  const PulseResult short_pulse = pulse(2.0, 100.0), long_pulse = pulse(0.5, 400.0);
  EXPECT_NEAR(long_pulse.energy_j, short_pulse.energy_j, 1e-12);
  EXPECT_LT(long_pulse.coagulated_volume_um3, short_pulse.coagulated_volume_um3);
  EXPECT_LT(long_pulse.peak_dermal_temperature_c, short_pulse.peak_dermal_temperature_c);
}

TEST(RfPulse, AnInsulatedShaftSparesTheEpidermis) {
  const PulseResult bare = pulse(1.5, 100.0, 0.0), insulated = pulse(1.5, 100.0, 600.0);
  EXPECT_LT(insulated.peak_epidermal_temperature_c, bare.peak_epidermal_temperature_c);
  EXPECT_GT(insulated.coagulation_top_um, bare.coagulation_top_um);
}

// The Joule heat of the solved field adds up to the current times the
// voltage (what the power control relies on).
TEST(RfPulse, JouleHeatAddsUpToTheElectricPower) {
  const AxiGrid g{.nr = 40, .nz = 120, .dr_m = 20e-6, .dz_m = 20e-6};
  std::vector<int> electrode(g.size(), 0);
  for (int k = 30; k < 60; ++k)
    for (int i = 0; i < 5; ++i) electrode[g.index(i, k)] = 1;
  const std::vector<double> sigma(g.size(), 0.3);
  const Edges edges{
      .top = Edge::insulated(), .bottom = Edge::fixed(0.0), .outer = Edge::fixed(0.0)};
  const Potential p = solve_potential(g, sigma, electrode, 1.0, edges);
  const std::vector<double> q = joule_heat(g, sigma, p.phi, electrode, edges);
  double total = 0.0;
  for (int k = 0; k < g.nz; ++k)
    for (int i = 0; i < g.nr; ++i) total += q[g.index(i, k)] * g.volume_m3(i);
  EXPECT_NEAR(total, p.current_a * 1.0, 0.1 * p.current_a);
}

}  // namespace
}  // namespace citsim::thermal
