#include "citsim/device/stamp.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "citsim/core/units.hpp"
#include "citsim/device/test_data.hpp"

namespace citsim {
namespace {

/// The stamp of the contract case stamp-striae.toml: 35 needles on 50 mm2.
Stamp striae_stamp(int passes) {
  Stamp s;
  s.needles = {35, 1500.0, 250.0};
  s.plate_area_um2 = 50.0e6;
  s.passes = passes;
  return s;
}

TEST(Stamp, DensityIsNeedlesPerPlateAreaTimesPasses) {
  // Hand calc: 35 / 0.5 cm2 x 4 = 280 /cm2.
  const DeviceData& data = testing::shipped_device_data();
  const Stamp stamp = striae_stamp(4);
  EXPECT_NEAR(stamp_density_per_um2(stamp) * units::um2_per_cm2, 280.0, 1e-9);
  const Patch patch{20000.0, 20000.0};
  double total = 0.0;
  const int sessions = 20;
  for (int s = 0; s < sessions; ++s) {
    total += static_cast<double>(stamp_channels(stamp, data, patch, 4, s, 0.5).size());
  }
  const double per_cm2 = total / sessions / units::um2_to_cm2(patch.area_um2());
  EXPECT_NEAR(per_cm2, 280.0, 0.03 * 280.0);
}

TEST(Stamp, ChannelsAreVerticalConesInsideThePatch) {
  const DeviceData& data = testing::shipped_device_data();
  const Stamp stamp = striae_stamp(4);
  const Patch patch;
  const auto channels = stamp_channels(stamp, data, patch, 8, 2, 0.5);
  ASSERT_FALSE(channels.empty());
  for (const Channel& c : channels) {
    ASSERT_GE(c.x_um, 0.0);
    ASSERT_LT(c.x_um, patch.width_um);
    ASSERT_GE(c.y_um, 0.0);
    ASSERT_LT(c.y_um, patch.height_um);
    ASSERT_EQ(c.shape, ChannelShape::cone);
    ASSERT_DOUBLE_EQ(c.tilt_rad, 0.0);
    ASSERT_DOUBLE_EQ(c.length_um, c.diameter_um);
    ASSERT_LE(c.depth_um, stamp.needles.length_um);
    ASSERT_LE(c.diameter_um, stamp.needles.diameter_um);
  }
}

TEST(Stamp, PressesOfOnePassDoNotOverlap) {
  // One pass tiles the plane with presses: no two needles closer than the grid pitch.
  const DeviceData& data = testing::shipped_device_data();
  const Stamp stamp = striae_stamp(1);
  const auto channels = stamp_channels(stamp, data, Patch{}, 1, 0, 0.5);
  const double pitch = std::sqrt(50.0e6) / 6.0;  // 35 needles on a 6 x 6 grid
  for (std::size_t a = 0; a < channels.size(); ++a) {
    for (std::size_t b = a + 1; b < channels.size(); ++b) {
      const double d =
          std::hypot(channels[a].x_um - channels[b].x_um, channels[a].y_um - channels[b].y_um);
      ASSERT_GT(d, 0.99 * pitch);
    }
  }
}

}  // namespace
}  // namespace citsim
