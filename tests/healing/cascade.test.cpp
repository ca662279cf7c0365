// The cascade's local and transport steps: homeostasis, positivity, and the
// accuracy of the production-destruction scheme against fine steps.
#include "citsim/healing/cascade.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>

#include "citsim/healing/baseline.hpp"
#include "citsim/healing/cascade_reference.hpp"
#include "tests/healing/fixtures.hpp"

namespace citsim {
namespace {

SkinColumn test_skin() {
  SkinColumn s;
  s.layers.thickness_um = {15.0, 60.0, 250.0, 1500.0, 3000.0};
  s.plexus_depth_um = 300.0;
  return s;
}

Tissue small_tissue(const HealingParams& p) {
  return healthy_tissue(axisymmetric_mesh(6, 40, 20.0, 25.0), test_skin(), baseline_matrix(p));
}

void run_days(Tissue& t, const HealingParams& p, double days, double dt_s) {
  TransportWorkspace work;
  const auto steps = static_cast<int>(std::lround(days * 86400.0 / dt_s));
  for (int n = 0; n < steps; ++n) {
    react(t, p, dt_s, 1);
    transport(t, p, dt_s, work, 1);
  }
}

TEST(Cascade, MaskedMeansWeighEachCellOfTheLayerByItsVolume) {
  // The weights are kept once per (x, depth); each mean is the plain
  // volume-weighted mean over the layer's cells, on both geometries.
  HealingParams p = test::model_data().healing;
  for (const Mesh& m :
       {axisymmetric_mesh(6, 40, 20.0, 25.0), cartesian_mesh(7, 9, 40, 20.0, 20.0, 25.0, true)}) {
    Tissue t = healthy_tissue(m, test_skin(), baseline_matrix(p));
    auto values = t[Species::tgf];
    for (std::size_t n = 0; n < values.size(); ++n)
      values[n] = 0.5 + 0.001 * static_cast<double>(n);
    for (const Layer layer : {Layer::papillary_dermis, Layer::reticular_dermis}) {
      const MaskWeights w = layer_weights(t, layer);
      EXPECT_EQ(w.w.size(), static_cast<std::size_t>(m.nx) * static_cast<std::size_t>(m.nz));
      double sum = 0.0, volume = 0.0;
      for (int k = 0; k < m.nz; ++k) {
        for (int j = 0; j < m.ny; ++j) {
          for (int i = 0; i < m.nx; ++i) {
            if (t.layer[m.index(i, j, k)] != static_cast<std::uint8_t>(layer)) continue;
            sum += m.volume_um3(i, k) * values[m.index(i, j, k)];
            volume += m.volume_um3(i, k);
          }
        }
      }
      ASSERT_GT(volume, 0.0);
      EXPECT_NEAR(masked_mean(t, Species::tgf, w), sum / volume, 1e-12);
      EXPECT_NEAR(w.total, volume, 1e-9 * volume);
    }
    // The dermis is the two dermal layers together.
    const MaskWeights dermis = dermis_weights(t);
    const MaskWeights pap = layer_weights(t, Layer::papillary_dermis);
    const MaskWeights ret = layer_weights(t, Layer::reticular_dermis);
    EXPECT_NEAR(dermis.total, pap.total + ret.total, 1e-9 * dermis.total);
  }
}

TEST(Cascade, HealthyTissueStaysAtBaselineApartFromAgeing) {
  HealingParams p = test::model_data().healing;
  Tissue t = small_tissue(p);
  const Tissue before = t;
  run_days(t, p, 365.0, 6 * 3600.0);
  const MaskWeights dermis = dermis_weights(t);
  for (Species s : {Species::fibroblasts, Species::tgf, Species::elastin}) {
    EXPECT_NEAR(masked_mean(t, s, dermis), masked_mean(before, s, dermis), 1e-9) << to_string(s);
  }
  // Ageing removes collagen at ageing_collagen_loss (6 % per decade): -0.6 % a year.
  const double c0 = masked_mean(before, Species::collagen_I, dermis) +
                    masked_mean(before, Species::collagen_III, dermis);
  const double c1 =
      masked_mean(t, Species::collagen_I, dermis) + masked_mean(t, Species::collagen_III, dermis);
  EXPECT_NEAR(100.0 * (c1 / c0 - 1.0), -0.6, 0.05);
}

TEST(Cascade, EverySpeciesStaysNonNegativeAfterTheWorstInjury) {
  HealingParams p = test::model_data().healing;
  Tissue t = small_tissue(p);
  injure(t, std::vector<double>(t.mesh.size(), 1.0), p);
  TransportWorkspace work;
  for (double dt : {60.0, 3600.0, 86400.0}) {  // stiff steps too
    for (int n = 0; n < 20; ++n) {
      react(t, p, dt, 1);
      transport(t, p, dt, work, 1);
      for (const auto& field : t.c) {
        for (double v : field) {
          ASSERT_TRUE(std::isfinite(v));
          ASSERT_GE(v, 0.0);
        }
      }
    }
  }
}

TEST(Cascade, InjuryRecruitsCellsAndRaisesTgfThenResolves) {
  HealingParams p = test::model_data().healing;
  Tissue t = small_tissue(p);
  std::vector<double> phi(t.mesh.size(), 0.0);
  for (int k = 0; k < 30; ++k) phi[t.mesh.index(0, 0, k)] = 1.0;  // one channel on the axis
  injure(t, phi, p);
  const MaskWeights dermis = dermis_weights(t);
  run_days(t, p, 3.0, 600.0);
  EXPECT_GT(masked_mean(t, Species::macrophages, dermis), 0.01);
  EXPECT_GT(masked_mean(t, Species::tgf, dermis), 1.05);
  run_days(t, p, 200.0, 6 * 3600.0);
  EXPECT_NEAR(masked_mean(t, Species::tgf, dermis), 1.0, 0.01);
  EXPECT_LT(masked_mean(t, Species::macrophages, dermis), 1e-3);
}

TEST(Cascade, ReactionStepConvergesAtFirstOrderInTime) {
  // Compare 30-day trajectories with steps dt, dt/2, dt/4 against dt/64.
  HealingParams p = test::model_data().healing;
  const auto trajectory = [&](double dt) {
    Tissue t =
        healthy_tissue(axisymmetric_mesh(1, 20, 20.0, 25.0), test_skin(), baseline_matrix(p));
    injure(t, std::vector<double>(t.mesh.size(), 0.3), p);
    const auto steps = static_cast<int>(std::lround(30.0 * 86400.0 / dt));
    for (int n = 0; n < steps; ++n) react(t, p, dt, 1);
    return masked_mean(t, Species::new_collagen_I, dermis_weights(t));
  };
  const double reference = trajectory(3600.0 / 64.0);
  const double e1 = std::abs(trajectory(3600.0) - reference);
  const double e2 = std::abs(trajectory(1800.0) - reference);
  const double e4 = std::abs(trajectory(900.0) - reference);
  const double order1 = std::log2(e1 / e2), order2 = std::log2(e2 / e4);
  EXPECT_GT(order1, 0.7);
  EXPECT_LT(order1, 1.5);
  EXPECT_GT(order2, 0.7);
  EXPECT_LT(order2, 1.5);
}

TEST(Cascade, SameResultOnAnyThreadCount) {
  HealingParams p = test::model_data().healing;
  const auto run = [&](int threads) {
    Tissue t = healthy_tissue(cartesian_mesh(40, 40, 30, 20.0, 20.0, 25.0, false), test_skin(),
                              baseline_matrix(p));
    std::vector<double> phi(t.mesh.size(), 0.0);
    for (int k = 0; k < 20; ++k) phi[t.mesh.index(20, 20, k)] = 1.0;
    injure(t, phi, p);
    TransportWorkspace work;
    for (int n = 0; n < 10; ++n) {
      react(t, p, 900.0, threads);
      transport(t, p, 900.0, work, threads);
    }
    return t;
  };
  const Tissue a = run(1), b = run(2);
  for (std::size_t s = 0; s < kSpeciesCount; ++s) ASSERT_EQ(a.c[s], b.c[s]) << s;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// react and deposit_orientation were rewritten to vectorise (cascade.cpp);
// they must give what the first, cell-by-cell version gives, bit for bit:
// every species and orientation component after injuries, transport and
// steps of every length the courses take, on both mesh kinds (rows of odd
// length, so the vector loops' tails run too), on one and two threads.
TEST(Cascade, ReactAndOrientationAreBitIdenticalToTheCellByCellReference) {
  const HealingParams p = test::model_data().healing;
  for (const Mesh& mesh :
       {axisymmetric_mesh(7, 40, 20.0, 25.0), cartesian_mesh(17, 5, 30, 20.0, 20.0, 25.0, true)}) {
    for (int threads : {1, 2}) {
      Tissue fast = healthy_tissue(mesh, test_skin(), baseline_matrix(p));
      std::vector<double> phi(mesh.size(), 0.0);
      for (std::size_t i = 0; i < phi.size(); ++i) {
        phi[i] = static_cast<double>((i * 7919) % 13) / 12.0;  // 0 to 1, every cell different
      }
      injure(fast, phi, p);
      Tissue reference = fast;
      TransportWorkspace work;
      for (double dt : {900.0, 3600.0, 21600.0, 86400.0}) {
        for (int n = 0; n < 6; ++n) {
          react(fast, p, dt, threads);
          detail::react_reference(reference, p, dt, 1);
          deposit_orientation(fast, p, dt);
          detail::deposit_orientation_reference(reference, p, dt);
          for (std::size_t s = 0; s < kSpeciesCount; ++s) {
            ASSERT_TRUE(same_bits(fast.c[s], reference.c[s]))
                << to_string(static_cast<Species>(s)) << " dt " << dt << " step " << n;
          }
          for (std::size_t o = 0; o < fast.orientation.size(); ++o) {
            ASSERT_TRUE(same_bits(fast.orientation[o], reference.orientation[o]))
                << "orientation " << o << " dt " << dt << " step " << n;
          }
          transport(fast, p, dt, work, 1);
          reference = fast;  // transport is not under test: both go on from here
        }
      }
    }
  }
}

}  // namespace
}  // namespace citsim

namespace citsim {
namespace {

double alignment_after(const std::vector<double>& phi, Tissue t, const HealingParams& p) {
  injure(t, phi, p);
  TransportWorkspace work;
  for (int n = 0; n < 14 * 24; ++n) {  // two weeks of hourly steps
    react(t, p, 3600.0, 1);
    transport(t, p, 3600.0, work, 1);
    deposit_orientation(t, p, 3600.0);
  }
  return collagen_alignment(t, dermis_weights(t));
}

// A long straight cut heals with collagen laid across it in one direction
// (scar bundles); scattered punctures leave it random in the plane
// (basket-weave, as after microneedling: SCIENCE.md).
TEST(Cascade, StraightCutAlignsNewCollagenWhilePuncturesLeaveABasketWeave) {
  const HealingParams p = test::model_data().healing;
  const auto fresh = [&] {
    return healthy_tissue(cartesian_mesh(40, 40, 20, 25.0, 25.0, 25.0, true), test_skin(),
                          baseline_matrix(p));
  };
  Tissue cut = fresh(), punctures = fresh();
  std::vector<double> line(cut.mesh.size(), 0.0), dots(cut.mesh.size(), 0.0);
  for (int k = 0; k < 16; ++k) {
    for (int j = 0; j < 40; ++j) line[cut.mesh.index(20, j, k)] = 1.0;  // along y at x = 20
    for (int d = 0; d < 8; ++d) {
      dots[cut.mesh.index((d * 17 + 3) % 40, (d * 11 + 5) % 40, k)] = 1.0;
    }
  }
  const double aligned = alignment_after(line, cut, p);
  const double random = alignment_after(dots, punctures, p);
  // The scale of alignment rests on an estimated parameter; the contrast
  // between the two wounds does not (at least 40x over its whole range).
  EXPECT_GT(aligned, 0.02);
  EXPECT_LT(random, 0.02);
  EXPECT_GT(aligned, 10.0 * random);
}

TEST(Cascade, AlignmentIsZeroAroundAnAxisymmetricChannel) {
  const HealingParams p = test::model_data().healing;
  Tissue t = small_tissue(p);
  std::vector<double> phi(t.mesh.size(), 0.0);
  for (int k = 0; k < 30; ++k) phi[t.mesh.index(0, 0, k)] = 1.0;
  EXPECT_EQ(alignment_after(phi, t, p), 0.0);
}

}  // namespace
}  // namespace citsim
