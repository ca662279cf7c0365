#include "citsim/device/treatment.hpp"

#include <gtest/gtest.h>

#include "citsim/core/units.hpp"
#include "citsim/device/penetration.hpp"
#include "citsim/device/test_data.hpp"

namespace citsim {
namespace {

Pen small_pen() {
  Pen p;
  p.needles = {12, 1000.0, 250.0};
  p.passes = 2;
  return p;
}

std::vector<DeviceSpec> all_devices() {
  Roller roller;
  roller.needles = {192, 1500.0, 250.0};
  roller.passes = 4;
  Stamp stamp;
  stamp.needles = {35, 1500.0, 250.0};
  stamp.passes = 2;
  RfPen rf;
  rf.pen = small_pen();
  return {roller, stamp, small_pen(), rf};
}

bool same(const std::vector<Channel>& a, const std::vector<Channel>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].x_um != b[i].x_um || a[i].y_um != b[i].y_um || a[i].depth_um != b[i].depth_um ||
        a[i].diameter_um != b[i].diameter_um || a[i].length_um != b[i].length_um ||
        a[i].tilt_rad != b[i].tilt_rad || a[i].azimuth_rad != b[i].azimuth_rad ||
        a[i].shape != b[i].shape || a[i].pass != b[i].pass) {
      return false;
    }
  }
  return true;
}

TEST(SessionChannels, SameSeedAndSessionGiveIdenticalChannels) {
  const DeviceData& data = testing::shipped_device_data();
  const Patch patch{4000.0, 4000.0};
  for (const DeviceSpec& device : all_devices()) {
    const auto a = session_channels(device, data, patch, 17, 3);
    const auto b = session_channels(device, data, patch, 17, 3);
    EXPECT_TRUE(same(a.channels, b.channels)) << to_string(kind_of(device));
    EXPECT_EQ(a.penetration_fraction, b.penetration_fraction);
  }
}

TEST(SessionChannels, OtherSessionOrSeedGivesOtherChannels) {
  const DeviceData& data = testing::shipped_device_data();
  const Patch patch{4000.0, 4000.0};
  for (const DeviceSpec& device : all_devices()) {
    const auto a = session_channels(device, data, patch, 17, 3);
    EXPECT_FALSE(same(a.channels, session_channels(device, data, patch, 17, 4).channels));
    EXPECT_FALSE(same(a.channels, session_channels(device, data, patch, 18, 3).channels));
  }
}

TEST(SessionChannels, OrderOfComputationDoesNotMatter) {
  // Session 5 computed alone equals session 5 computed after sessions 0..4.
  const DeviceData& data = testing::shipped_device_data();
  const Patch patch{3000.0, 3000.0};
  const DeviceSpec device = all_devices()[0];
  const auto alone = session_channels(device, data, patch, 1, 5);
  for (int s = 0; s < 5; ++s) session_channels(device, data, patch, 1, s);
  EXPECT_TRUE(same(alone.channels, session_channels(device, data, patch, 1, 5).channels));
}

TEST(SessionChannels, RfPenUsesItsPensGeometry) {
  const DeviceData& data = testing::shipped_device_data();
  RfPen rf;
  rf.pen = small_pen();
  rf.rf.power_w = 20.0;
  const Patch patch{3000.0, 3000.0};
  EXPECT_TRUE(same(session_channels(rf, data, patch, 4, 0).channels,
                   session_channels(DeviceSpec{rf.pen}, data, patch, 4, 0).channels));
}

TEST(SessionChannels, MeanPenetrationOverSessionsLiesInTheDataRange) {
  // Kalluri 2011, Lam 2008, Donnelly 2010, Sasaki 2019: see data/devices/devices.toml.
  const DeviceData& data = testing::shipped_device_data();
  const Patch patch{6000.0, 6000.0};
  for (const DeviceSpec& device : all_devices()) {
    const PenetrationRange& range = penetration_for(kind_of(device), data);
    double sum_fraction = 0.0;
    double sum_real = 0.0;
    const int sessions = 200;
    for (int s = 0; s < sessions; ++s) {
      const auto sc = session_channels(device, data, patch, 99, s);
      ASSERT_GE(sc.penetration_fraction, range.fraction_min);
      ASSERT_LE(sc.penetration_fraction, range.fraction_max);
      sum_fraction += sc.penetration_fraction;
      ASSERT_FALSE(sc.channels.empty());
      double depth = 0.0;
      for (const Channel& c : sc.channels) depth += c.depth_um;
      sum_real += depth / static_cast<double>(sc.channels.size()) / sc.needle_length_um;
    }
    const double mean_fraction = sum_fraction / sessions;
    const double mean_real = sum_real / sessions;
    EXPECT_NEAR(mean_fraction, mean_penetration_fraction(range), 0.02);
    EXPECT_GE(mean_real, range.fraction_min - 0.01);
    EXPECT_LE(mean_real, range.fraction_max);
  }
}

TEST(SessionChannels, CarriesTheHandFormulaDensity) {
  const DeviceData& data = testing::shipped_device_data();
  Roller roller;
  roller.needles = {192, 1500.0, 250.0};
  roller.passes = 15;
  const auto sc = session_channels(roller, data, Patch{}, 1, 0);
  EXPECT_NEAR(sc.expected_density_per_cm2, 192.0 / (units::pi * 4.0) * 15.0, 1e-9);
  EXPECT_EQ(sc.kind, DeviceKind::roller);
  EXPECT_DOUBLE_EQ(sc.needle_length_um, 1500.0);
}

}  // namespace
}  // namespace citsim
