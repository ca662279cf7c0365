#include "citsim/device/channel_stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "citsim/core/units.hpp"
#include "citsim/device/roller.hpp"
#include "citsim/device/test_data.hpp"

namespace citsim {
namespace {

/// A hand-built skin column: epidermis 100 um, papillary plexus at 300 um
/// (round numbers of the order of facial skin; independent of data/skin).
SkinColumn test_skin() {
  SkinColumn skin;
  skin.layers.thickness_um = {15.0, 85.0, 300.0, 1200.0, 3000.0};
  skin.plexus_depth_um = 300.0;
  return skin;
}

SessionChannels one_patch(std::vector<Channel> channels, double side_um = 1000.0) {
  SessionChannels s;
  s.patch = Patch{side_um, side_um};
  s.channels = std::move(channels);
  return s;
}

Channel cone(double x, double y, double depth, double diameter) {
  Channel c;
  c.x_um = x;
  c.y_um = y;
  c.depth_um = depth;
  c.diameter_um = diameter;
  c.length_um = diameter;
  return c;
}

TEST(ChannelStats, CoverageOfOneDiscIsItsArea) {
  const auto st = channel_stats(one_patch({cone(500.0, 500.0, 200.0, 100.0)}), test_skin());
  const double area = units::pi * 50.0 * 50.0 / 1.0e6;
  EXPECT_NEAR(st.coverage, area, 0.05 * area);
  EXPECT_NEAR(st.expected_coverage, 1.0 - std::exp(-area), 1e-12);
}

TEST(ChannelStats, OpeningsWrapAcrossThePatchEdge) {
  const auto inside = channel_stats(one_patch({cone(500.0, 500.0, 200.0, 100.0)}), test_skin());
  const auto corner = channel_stats(one_patch({cone(1.0, 999.0, 200.0, 100.0)}), test_skin());
  EXPECT_NEAR(corner.coverage, inside.coverage, 0.03 * inside.coverage);
}

TEST(ChannelStats, OverlapsAreCountedOnce) {
  const auto one = channel_stats(one_patch({cone(500.0, 500.0, 200.0, 100.0)}), test_skin());
  const auto two = channel_stats(
      one_patch({cone(500.0, 500.0, 200.0, 100.0), cone(500.0, 500.0, 250.0, 100.0)}), test_skin());
  EXPECT_DOUBLE_EQ(two.coverage, one.coverage);
  EXPECT_GT(two.expected_coverage, one.expected_coverage);
}

TEST(ChannelStats, TearCoverageIsAStadium) {
  Channel c = cone(500.0, 500.0, 300.0, 60.0);
  c.shape = ChannelShape::v_tear;
  c.length_um = 260.0;
  c.azimuth_rad = units::pi / 4.0;
  const double area = 60.0 * 200.0 + units::pi * 30.0 * 30.0;
  EXPECT_DOUBLE_EQ(opening_area_um2(c), area);
  const auto st = channel_stats(one_patch({c}), test_skin());
  EXPECT_NEAR(st.coverage, area / 1.0e6, 0.05 * area / 1.0e6);
}

TEST(ChannelStats, DepthsAndLayerFractions) {
  std::vector<Channel> channels;
  for (int i = 0; i < 10; ++i)
    channels.push_back(cone(50.0 + 90.0 * i, 500.0, 50.0 * (i + 1), 20.0));
  const auto st = channel_stats(one_patch(channels), test_skin());  // depths 50..500
  EXPECT_EQ(st.channel_count, 10);
  EXPECT_DOUBLE_EQ(st.density_per_cm2, 10.0 / 0.01);
  EXPECT_DOUBLE_EQ(st.mean_depth_um, 275.0);
  EXPECT_DOUBLE_EQ(st.p10_depth_um, 95.0);
  EXPECT_DOUBLE_EQ(st.p90_depth_um, 455.0);
  EXPECT_DOUBLE_EQ(st.fraction_reaching_dermis, 0.8);  // > 100 um
  EXPECT_DOUBLE_EQ(st.fraction_reaching_plexus, 0.5);  // >= 300 um
  EXPECT_DOUBLE_EQ(st.bleeding_points_per_cm2, 5.0 / 0.01);
  EXPECT_DOUBLE_EQ(st.mean_opening_width_um, 20.0);
}

TEST(ChannelStats, CoverageAgreesWithTheBooleanModelForARoller) {
  const DeviceData& data = testing::shipped_device_data();
  Roller roller;
  roller.needles = {192, 1500.0, 250.0};
  roller.passes = 16;
  const auto st = channel_stats(session_channels(roller, data, Patch{}, 12, 0), test_skin());
  EXPECT_GT(st.coverage, 0.0);
  EXPECT_NEAR(st.coverage, st.expected_coverage, 0.15 * st.expected_coverage);
  EXPECT_NEAR(st.density_per_cm2, st.expected_density_per_cm2, 0.03 * st.expected_density_per_cm2);
}

TEST(ChannelStats, HomeRollerMostlyStaysInTheEpidermisWhileMedicalRollerReachesDermis) {
  // Contract case home-roller.toml: 0.25 mm, 540 needles, 18 mm drum; against
  // the Dermaroller MF8 1.5 mm (Schwarz & Laaff 2011). Roller penetration
  // 20-50 % of length, most likely 20 % (Kalluri 2011, Lam 2008). A 0.25 mm
  // needle passes a 100 um epidermis only in sessions that draw more than
  // 40 %: (0.1 / 0.3)^2 = 11 % of sessions; with the channel spread about a
  // quarter of sessions put at least a few channels into the dermis.
  const DeviceData& data = testing::shipped_device_data();
  Roller home;
  home.needles = {540, 250.0, 120.0};
  home.drum_diameter_um = 18000.0;
  home.drum_width_um = 20000.0;
  home.rows = default_roller_rows(data, 540, 18000.0, 20000.0);
  home.passes = 8;
  Roller medical;
  medical.needles = {192, 1500.0, 250.0};
  medical.passes = 16;
  const SkinColumn skin = test_skin();
  const Patch patch{3000.0, 3000.0};
  const int sessions = 200;
  double home_dermis = 0.0;
  double home_depth = 0.0;
  double medical_dermis = 0.0;
  double medical_plexus = 0.0;
  int home_sessions_clear = 0;
  for (int s = 0; s < sessions; ++s) {
    const auto h = channel_stats(session_channels(home, data, patch, 3, s), skin);
    const auto m = channel_stats(session_channels(medical, data, patch, 11, s), skin);
    home_dermis += h.fraction_reaching_dermis;
    home_depth += h.mean_depth_um;
    medical_dermis += m.fraction_reaching_dermis;
    medical_plexus += m.fraction_reaching_plexus;
    if (h.fraction_reaching_dermis < 0.01) ++home_sessions_clear;
    EXPECT_EQ(h.bleeding_points_per_cm2, 0.0);  // never reaches the plexus
  }
  EXPECT_LT(home_depth / sessions, skin.layers.epidermis_um());
  EXPECT_LT(home_dermis / sessions, 0.20);
  EXPECT_GE(home_sessions_clear, sessions * 2 / 3);
  EXPECT_GT(medical_dermis / sessions, 0.99);
  EXPECT_GT(medical_plexus / sessions, 0.8);
}

}  // namespace
}  // namespace citsim
