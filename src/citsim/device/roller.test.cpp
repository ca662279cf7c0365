#include "citsim/device/roller.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "citsim/core/units.hpp"
#include "citsim/device/penetration.hpp"
#include "citsim/device/test_data.hpp"

namespace citsim {
namespace {

/// Dermaroller MF8 (Schwarz & Laaff 2011): 192 needles in 8 rows, 2 cm x 2 cm drum.
Roller mf8(int passes, double length_um = 1500.0) {
  Roller r;
  r.needles = {192, length_um, 250.0};
  r.drum_diameter_um = 20000.0;
  r.drum_width_um = 20000.0;
  r.rows = 8;
  r.passes = passes;
  return r;
}

TEST(Roller, DoddaballapurFifteenPassesGiveAbout250HolesPerCm2) {
  // Doddaballapur 2009 (J Cutan Aesthet Surg 2:110): 192 needles rolled 15 times
  // -> about 250 holes/cm2; hand calc 192 / (pi 2 cm 2 cm) x 15 = 229/cm2.
  const DeviceData& data = testing::shipped_device_data();
  const Roller roller = mf8(15);
  const double hand_per_cm2 = 192.0 / (units::pi * 2.0 * 2.0) * 15.0;
  EXPECT_NEAR(roller_density_per_um2(roller) * units::um2_per_cm2, hand_per_cm2, 1e-9);
  const Patch patch;  // 1 cm2
  double total = 0.0;
  const int sessions = 8;
  for (int s = 0; s < sessions; ++s) {
    total += static_cast<double>(roller_channels(roller, data, patch, 9, s, 0.3).size());
  }
  const double per_cm2 = total / sessions / units::um2_to_cm2(patch.area_um2());
  EXPECT_NEAR(per_cm2, hand_per_cm2, 0.03 * hand_per_cm2);
  EXPECT_NEAR(per_cm2, 250.0, 0.10 * 250.0);
}

TEST(Roller, TearExtentMatchesTheSmallAngleTrochoid) {
  // Rolling without slip, tip at R + d: extent ~ (4/3) d sqrt(2 d / R).
  const double r_um = 10000.0;
  for (const double d : {50.0, 150.0, 450.0}) {
    const double approx = 4.0 / 3.0 * d * std::sqrt(2.0 * d / r_um);
    EXPECT_NEAR(roller_tear_extent_um(r_um, d), approx, 0.03 * approx) << d;
    EXPECT_NEAR(roller_entry_angle_rad(r_um, d), std::acos(r_um / (r_um + d)), 1e-12);
  }
}

TEST(Roller, TearGrowsWithDepthAndWithSmallerDrum) {
  EXPECT_LT(roller_tear_extent_um(10000.0, 100.0), roller_tear_extent_um(10000.0, 300.0));
  EXPECT_LT(roller_tear_extent_um(10000.0, 300.0), roller_tear_extent_um(5000.0, 300.0));
  EXPECT_LT(roller_entry_angle_rad(10000.0, 300.0), roller_entry_angle_rad(5000.0, 300.0));
  EXPECT_DOUBLE_EQ(roller_tear_extent_um(10000.0, 0.0), 0.0);
}

TEST(Roller, KalluriChannelOpeningMatchesTheTearModel) {
  // Kalluri 2011: 770 um DermaRoller, 152.5 um deep, surface diameter
  // 70.7 +/- 9.9 um. Tear length = cone width at that depth + extent.
  const DeviceData& data = testing::shipped_device_data();
  const RollerChannelReference& ref = data.roller_reference;
  const double width =
      opening_width_um(ref.depth_um, ref.needle_base_width_um, data.needle_tip_half_angle_rad);
  const double length = width + roller_tear_extent_um(ref.drum_diameter_um / 2.0, ref.depth_um);
  EXPECT_GT(length, ref.surface_diameter_um - 2.0 * ref.surface_diameter_sd_um);
  EXPECT_LT(length, ref.surface_diameter_um + 2.0 * ref.surface_diameter_sd_um);
}

TEST(Roller, ChannelsKeepTheGeometryInvariants) {
  const DeviceData& data = testing::shipped_device_data();
  const Roller roller = mf8(16);
  const Patch patch{8000.0, 6000.0};
  const auto channels = roller_channels(roller, data, patch, 3, 1, 0.35);
  ASSERT_FALSE(channels.empty());
  std::set<long> azimuths;
  for (const Channel& c : channels) {
    ASSERT_GE(c.x_um, 0.0);
    ASSERT_LT(c.x_um, patch.width_um);
    ASSERT_GE(c.y_um, 0.0);
    ASSERT_LT(c.y_um, patch.height_um);
    ASSERT_GT(c.depth_um, 0.0);
    ASSERT_LE(c.depth_um, roller.needles.length_um);
    ASSERT_EQ(c.shape, ChannelShape::v_tear);
    ASSERT_GT(c.length_um, c.diameter_um);
    ASSERT_LE(c.diameter_um, roller.needles.diameter_um);
    ASSERT_NEAR(c.tilt_rad, roller_entry_angle_rad(10000.0, c.depth_um), 1e-12);
    ASSERT_GE(c.azimuth_rad, 0.0);
    ASSERT_LT(c.azimuth_rad, units::pi);
    ASSERT_GE(c.pass, 0);
    ASSERT_LT(c.pass, roller.passes);
    azimuths.insert(std::lround(units::rad_to_deg(c.azimuth_rad)));
  }
  EXPECT_EQ(azimuths, (std::set<long>{0, 45, 90, 135}));
}

TEST(Roller, DeeperNeedlesTearLongerChannels) {
  const DeviceData& data = testing::shipped_device_data();
  const auto shallow = roller_channels(mf8(4, 500.0), data, Patch{}, 5, 0, 0.3);
  const auto deep = roller_channels(mf8(4, 1500.0), data, Patch{}, 5, 0, 0.3);
  double ls = 0.0;
  double ld = 0.0;
  for (const Channel& c : shallow) ls += c.length_um;
  for (const Channel& c : deep) ld += c.length_um;
  EXPECT_LT(ls / static_cast<double>(shallow.size()), ld / static_cast<double>(deep.size()));
}

TEST(Roller, DefaultRowsFromDataOrFromSquareSpacing) {
  const DeviceData& data = testing::shipped_device_data();
  EXPECT_EQ(default_roller_rows(data, 192, 20000.0, 20000.0), 8);  // Schwarz & Laaff 2011
  // 540 needles on an 18 mm x 20 mm drum: pitch sqrt(pi 18 20 / 540) = 1.45 mm -> 14 rows.
  EXPECT_EQ(default_roller_rows(data, 540, 18000.0, 20000.0), 14);
}

}  // namespace
}  // namespace citsim
