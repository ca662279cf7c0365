#include "citsim/device/pen.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "citsim/core/units.hpp"
#include "citsim/device/test_data.hpp"

namespace citsim {
namespace {

/// The pen of the contract case pen-cheek-rejuvenation.toml.
Pen cheek_pen(PenPattern pattern = PenPattern::lines) {
  Pen p;
  p.needles = {12, 1000.0, 250.0};
  p.stroke_rate_hz = 100.0;
  p.glide_speed_um_per_s = 10000.0;
  p.passes = 3;
  p.pattern = pattern;
  return p;
}

double measured_per_cm2(const Pen& pen, const DeviceData& data) {
  const Patch patch;
  double total = 0.0;
  const int sessions = 4;
  for (int s = 0; s < sessions; ++s) {
    total += static_cast<double>(pen_channels(pen, data, patch, 21, s, 0.95).size());
  }
  return total / sessions / units::um2_to_cm2(patch.area_um2());
}

TEST(Pen, CartridgeDiameterFromPenThenDataThenPacking) {
  const DeviceData& data = testing::shipped_device_data();
  Pen pen = cheek_pen();
  EXPECT_DOUBLE_EQ(cartridge_diameter_um(pen, data), 3640.0);  // data table, 12 needles
  pen.cartridge_diameter_um = 5000.0;
  EXPECT_DOUBLE_EQ(cartridge_diameter_um(pen, data), 5000.0);
  pen.cartridge_diameter_um = 0.0;
  pen.needles.count = 20;  // not in the table: hexagonal packing at 1 mm pitch
  EXPECT_NEAR(cartridge_diameter_um(pen, data),
              1000.0 * std::sqrt(2.0 * std::sqrt(3.0) * 20.0 / units::pi), 1e-9);
}

TEST(Pen, CartridgeTableAgreesWithThePackingFormula) {
  const DeviceData& data = testing::shipped_device_data();
  for (const CartridgeSize& size : data.pen_cartridges) {
    const double packed =
        data.pen_needle_pitch_um * std::sqrt(2.0 * std::sqrt(3.0) * size.needle_count / units::pi);
    EXPECT_NEAR(size.diameter_um, packed, 10.0) << size.needle_count;
  }
}

TEST(Pen, NeedlesLieWithinTheCartridge) {
  const DeviceData& data = testing::shipped_device_data();
  const Pen pen = cheek_pen();
  const auto offsets = cartridge_needle_offsets_um(pen, data);
  ASSERT_EQ(offsets.size(), 12u);
  for (const auto& [x, y] : offsets) {
    EXPECT_LE(std::hypot(x, y) + pen.needles.diameter_um / 2.0,
              cartridge_diameter_um(pen, data) / 2.0 + 1e-9);
  }
}

TEST(Pen, LineDensityMatchesNeedlesTimesRateOverSpeedTimesSwath) {
  // 12 x 100 Hz / (1 cm/s x 0.364 cm) = 3297 /cm2 a pass; 3 passes -> 9890 /cm2.
  const DeviceData& data = testing::shipped_device_data();
  const Pen pen = cheek_pen();
  const double hand = 12.0 * 100.0 / (1.0 * 0.364) * 3.0;
  EXPECT_NEAR(pen_density_per_um2(pen, data) * units::um2_per_cm2, hand, 1e-6 * hand);
  EXPECT_NEAR(measured_per_cm2(pen, data), hand, 0.03 * hand);
}

TEST(Pen, CircleDensityMatchesItsSwath) {
  const DeviceData& data = testing::shipped_device_data();
  const Pen pen = cheek_pen(PenPattern::circles);
  const double hand = pen_density_per_um2(pen, data) * units::um2_per_cm2;
  EXPECT_NEAR(hand, 12.0 * 100.0 / (1.0 * 2.0 * 0.364) * 3.0, 1e-6 * hand);
  EXPECT_NEAR(measured_per_cm2(pen, data), hand, 0.04 * hand);
}

TEST(Pen, ChannelsAreVerticalConesNoDeeperThanTheSetting) {
  const DeviceData& data = testing::shipped_device_data();
  const Pen pen = cheek_pen();
  const Patch patch{5000.0, 5000.0};
  const auto channels = pen_channels(pen, data, patch, 2, 0, 1.0);
  ASSERT_FALSE(channels.empty());
  for (const Channel& c : channels) {
    ASSERT_GE(c.x_um, 0.0);
    ASSERT_LT(c.x_um, patch.width_um);
    ASSERT_GE(c.y_um, 0.0);
    ASSERT_LT(c.y_um, patch.height_um);
    ASSERT_EQ(c.shape, ChannelShape::cone);
    ASSERT_DOUBLE_EQ(c.tilt_rad, 0.0);
    ASSERT_LE(c.depth_um, pen.needles.length_um);
    ASSERT_DOUBLE_EQ(c.length_um, c.diameter_um);
  }
}

}  // namespace
}  // namespace citsim
