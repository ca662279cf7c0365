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

PulseSettings settings(double power_w, double duration_ms, double cooling_ms, int steps) {
  PulseSettings s;
  s.power_w = power_w;
  s.duration_ms = duration_ms;
  s.cooling_ms = cooling_ms;
  s.steps = steps;
  return s;
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

TEST(RfPulse, SubPulsesWithPausesCoagulateLessThanOnePulseOfTheSameEnergy) {
  PulseSettings one = settings(2.0, 100.0, 100.0, 20);
  PulseSettings split = one;
  split.sub_pulses = 4;
  split.sub_pulse_gap_ms = 50.0;
  const PulseResult a = simulate_pulse(coarse(600.0), skin(), one);
  const PulseResult b = simulate_pulse(coarse(600.0), skin(), split);
  EXPECT_NEAR(b.energy_j, a.energy_j, 1e-12);
  EXPECT_NEAR(b.on_ms, 100.0, 1e-9);
  EXPECT_LT(b.peak_dermal_temperature_c, a.peak_dermal_temperature_c);
  EXPECT_LT(b.coagulated_volume_um3, a.coagulated_volume_um3);
}

TEST(RfPulse, StackingAddsEnergyAndCoagulation) {
  PulseSettings one = settings(1.0, 100.0, 100.0, 20);
  PulseSettings stacked = one;
  stacked.stacks = 3;
  stacked.stack_gap_ms = 200.0;
  const PulseResult a = simulate_pulse(coarse(600.0), skin(), one);
  const PulseResult b = simulate_pulse(coarse(600.0), skin(), stacked);
  EXPECT_NEAR(b.energy_j, 3.0 * a.energy_j, 1e-12);
  EXPECT_GT(b.coagulated_volume_um3, a.coagulated_volume_um3);
}

// Monopolar: every pin at the same voltage, the current leaves downward
// through the dermis and the poorly conducting fat beneath the tip to the far
// pad; bipolar: it runs sideways to the neighbours' zero plane. More of the
// same power is spent deep under the tip in monopolar mode.
TEST(RfPulse, MonopolarCurrentReachesDeeperThanBipolar) {
  PulseGeometry bipolar = coarse(600.0), monopolar = coarse(600.0);
  monopolar.electrodes = Electrodes::monopolar;
  const PulseSettings s = settings(0.5, 100.0, 0.0, 10);
  const PulseResult b = simulate_pulse(bipolar, skin(), s),
                    m = simulate_pulse(monopolar, skin(), s);
  const AxiGrid& g = b.grid;
  const int in_fat = static_cast<int>(2100.0 / 20.0);  // 900 um under the tip
  for (int i : {0, 20, 39}) {
    EXPECT_GT(m.peak_temperature_c[g.index(i, in_fat)], b.peak_temperature_c[g.index(i, in_fat)])
        << "r = " << (i + 0.5) * 20.0 << " um";
  }
}

TEST(RfPulse, NeighboursFiringTogetherKeepTheHeatIn) {
  PulseGeometry alone = coarse(600.0), together = coarse(600.0);
  alone.domain_radius_um = together.domain_radius_um = 300.0;
  together.neighbours_fire_together = true;
  const PulseSettings s = settings(1.0, 200.0, 0.0, 20);
  const PulseResult a = simulate_pulse(alone, skin(), s), t = simulate_pulse(together, skin(), s);
  EXPECT_GT(t.peak_dermal_temperature_c, a.peak_dermal_temperature_c);
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
  EXPECT_NEAR(total, p.current_a * 1.0, 1e-6 * p.current_a);  // face by face: to round-off
}

}  // namespace
}  // namespace citsim::thermal
