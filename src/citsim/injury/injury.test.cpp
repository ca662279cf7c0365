#include "citsim/injury/injury.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "citsim/core/units.hpp"

namespace citsim {
namespace {

constexpr double kPi = units::pi;

SkinColumn test_skin() {
  SkinColumn s;
  s.layers.thickness_um = {15.0, 85.0, 300.0, 1500.0, 3000.0};
  s.plexus_depth_um = 250.0;
  return s;
}

Channel cone(double x, double y, double depth, double diameter) {
  Channel c;
  c.x_um = x;
  c.y_um = y;
  c.depth_um = depth;
  c.diameter_um = diameter;
  c.length_um = diameter;
  c.shape = ChannelShape::cone;
  return c;
}

double disrupted_um3(const InjuryField& f) {
  double sum = 0.0;
  for (double v : f.disruption.values()) sum += v;
  return sum * f.grid.cell_volume_um3();
}

const Patch kPatch{4000.0, 4000.0};

TEST(Injury, ConeVolumeMatchesGeometry) {
  // A cone of radius r and height d holds pi r^2 d / 3.
  const Channel c = cone(500.0, 500.0, 800.0, 200.0);
  const auto f =
      voxelise_injury(std::span(&c, 1), kPatch, test_skin(),
                      {.block_um = 1000, .voxel_um = 5, .depth_um = 1000, .subsamples = 2}, 1);
  const double exact = kPi * 100.0 * 100.0 * 800.0 / 3.0;
  EXPECT_NEAR(disrupted_um3(f), exact, 0.02 * exact);
}

TEST(Injury, VTearVolumeMatchesGeometry) {
  // Section a stadium of half-length A sqrt(t) and half-width B t, t = 1 - z/d:
  // area 4ab - (4 - pi) b^2, volume d (8AB/5 - (4 - pi) B^2 / 3).
  Channel c = cone(500.0, 500.0, 600.0, 120.0);
  c.shape = ChannelShape::v_tear;
  c.length_um = 400.0;
  c.azimuth_rad = 0.7;
  const auto f =
      voxelise_injury(std::span(&c, 1), kPatch, test_skin(),
                      {.block_um = 1000, .voxel_um = 4, .depth_um = 800, .subsamples = 2}, 1);
  const double A = 200.0, B = 60.0;
  const double exact = 600.0 * (8.0 * A * B / 5.0 - (4.0 - kPi) * B * B / 3.0);
  EXPECT_NEAR(disrupted_um3(f), exact, 0.03 * exact);
}

TEST(Injury, VolumeConvergesUnderRefinement) {
  const Channel c = cone(333.0, 417.0, 500.0, 150.0);
  const double exact = kPi * 75.0 * 75.0 * 500.0 / 3.0;
  double previous_error = 1e300;
  for (double voxel : {20.0, 10.0, 5.0}) {
    const auto f =
        voxelise_injury(std::span(&c, 1), kPatch, test_skin(),
                        {.block_um = 800, .voxel_um = voxel, .depth_um = 600, .subsamples = 2}, 1);
    const double error = std::abs(disrupted_um3(f) - exact);
    EXPECT_LT(error, previous_error * 1.05) << voxel;
    previous_error = error;
  }
  EXPECT_LT(previous_error, 0.01 * exact);
}

TEST(Injury, OverlappingChannelsCountOnce) {
  const Channel c = cone(500.0, 500.0, 600.0, 200.0);
  const std::vector<Channel> twice = {c, c};
  const InjuryGridSpec spec{.block_um = 1000, .voxel_um = 10, .depth_um = 800};
  const auto one = voxelise_injury(std::span(&c, 1), kPatch, test_skin(), spec, 1);
  const auto two = voxelise_injury(twice, kPatch, test_skin(), spec, 1);
  EXPECT_DOUBLE_EQ(disrupted_um3(one), disrupted_um3(two));
  for (double v : two.disruption.values()) ASSERT_LE(v, 1.0);
}

TEST(Injury, ChannelsWrapAroundThePeriodicPatch) {
  // A channel centred just beyond the patch's far corner reaches into the
  // block at the origin through its periodic image.
  const Channel c = cone(kPatch.width_um - 20.0, kPatch.height_um - 20.0, 400.0, 100.0);
  const auto f = voxelise_injury(std::span(&c, 1), kPatch, test_skin(),
                                 {.block_um = 500, .voxel_um = 10, .depth_um = 500}, 1);
  EXPECT_GT(f.disruption(0, 0, 0), 0.0);
  EXPECT_GT(disrupted_um3(f), 0.0);
}

TEST(Injury, SameResultOnAnyThreadCount) {
  std::vector<Channel> channels;
  for (int n = 0; n < 50; ++n) {
    Channel c = cone(37.0 * n, 91.0 * n, 200.0 + 13.0 * n, 100.0);
    c.shape = n % 2 ? ChannelShape::v_tear : ChannelShape::cone;
    c.length_um = 300.0;
    c.azimuth_rad = 0.1 * n;
    channels.push_back(c);
  }
  const InjuryGridSpec spec{.block_um = 1500, .voxel_um = 10, .depth_um = 1000};
  const auto a = voxelise_injury(channels, kPatch, test_skin(), spec, 1);
  const auto b = voxelise_injury(channels, kPatch, test_skin(), spec, 3);
  ASSERT_EQ(a.disruption.size(), b.disruption.size());
  for (std::size_t n = 0; n < a.disruption.size(); ++n) ASSERT_EQ(a.disruption[n], b.disruption[n]);
}

TEST(Injury, LayersFollowTheSkinColumn) {
  const auto f = voxelise_injury({}, kPatch, test_skin(),
                                 {.block_um = 100, .voxel_um = 10, .depth_um = 600}, 1);
  EXPECT_EQ(f.layer[f.grid.index(0, 0, 0)], static_cast<std::uint8_t>(Layer::stratum_corneum));
  EXPECT_EQ(f.layer[f.grid.index(0, 0, 5)], static_cast<std::uint8_t>(Layer::viable_epidermis));
  EXPECT_EQ(f.layer[f.grid.index(0, 0, 20)], static_cast<std::uint8_t>(Layer::papillary_dermis));
  EXPECT_EQ(f.layer[f.grid.index(0, 0, 50)], static_cast<std::uint8_t>(Layer::reticular_dermis));
}

TEST(Injury, StatsSeparateBarrierDermisAndVessels) {
  // Four cones of 100 um opening on a 1 mm block: the surface breach is about
  // 4 pi 50^2 / 1e6 = 3.1 % (a little less in the first 10 um slab).
  std::vector<Channel> deep, shallow;
  for (int n = 0; n < 4; ++n) {
    deep.push_back(cone(200.0 + 200.0 * n, 500.0, 600.0, 100.0));
    shallow.push_back(cone(200.0 + 200.0 * n, 500.0, 80.0, 100.0));
  }
  const InjuryGridSpec spec{.block_um = 1000, .voxel_um = 5, .depth_um = 800};
  const auto skin = test_skin();
  const auto d = injury_stats(voxelise_injury(deep, kPatch, skin, spec, 2), skin);
  const auto s = injury_stats(voxelise_injury(shallow, kPatch, skin, spec, 2), skin);
  EXPECT_NEAR(d.barrier_breach_fraction, 4 * kPi * 2500.0 / 1.0e6, 0.004);
  EXPECT_GT(d.dermal_disrupted_mm3_per_cm2, 0.0);
  EXPECT_GT(d.vascular_disrupted_mm3_per_cm2, 0.0);
  // Channels that stay in the epidermis open the barrier but no dermis or vessels.
  EXPECT_GT(s.barrier_breach_fraction, 0.02);
  EXPECT_EQ(s.dermal_disrupted_mm3_per_cm2, 0.0);
  EXPECT_EQ(s.vascular_disrupted_mm3_per_cm2, 0.0);
  EXPECT_LT(s.max_depth_um, 100.0);
  // The last microns of a cone tip are thinner than the sampling step.
  EXPECT_NEAR(d.max_depth_um, 600.0, 30.0);
}

}  // namespace
}  // namespace citsim
