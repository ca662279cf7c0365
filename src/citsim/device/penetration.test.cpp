#include "citsim/device/penetration.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "citsim/core/units.hpp"
#include "citsim/device/test_data.hpp"

namespace citsim {
namespace {

TEST(Penetration, TriangularQuantileHitsEndsAndMode) {
  EXPECT_DOUBLE_EQ(triangular_quantile(0.0, 0.2, 0.3, 0.5), 0.2);
  EXPECT_NEAR(triangular_quantile(1.0 / 3.0, 0.2, 0.3, 0.5), 0.3, 1e-12);
  EXPECT_NEAR(triangular_quantile(1.0 - 1e-15, 0.2, 0.3, 0.5), 0.5, 1e-6);
  EXPECT_DOUBLE_EQ(triangular_quantile(0.7, 0.4, 0.4, 0.4), 0.4);
}

TEST(Penetration, SessionFractionStaysInRangeAndAveragesToTheMean) {
  const DeviceData& data = testing::shipped_device_data();
  for (const PenetrationRange* r : {&data.roller, &data.stamp, &data.pen}) {
    double sum = 0.0;
    const int n = 4000;
    for (int s = 0; s < n; ++s) {
      const double f = session_penetration_fraction(*r, 42, s);
      ASSERT_GE(f, r->fraction_min);
      ASSERT_LE(f, r->fraction_max);
      sum += f;
    }
    EXPECT_NEAR(sum / n, mean_penetration_fraction(*r), 0.01);
  }
}

TEST(Penetration, RollerMeanLiesBetweenKalluriAndLam) {
  // Kalluri 2011: 770 um DermaRoller -> 152.5 um (20 %); Lam 2008: < 50 %.
  const DeviceData& data = testing::shipped_device_data();
  const double mean = mean_penetration_fraction(data.roller);
  EXPECT_GT(mean, 152.5 / 770.0);
  EXPECT_LT(mean, 0.5);
}

TEST(Penetration, ChannelDepthIsClippedToTheNeedle) {
  CounterRng rng(1, RngPurpose::test, 0);
  for (int i = 0; i < 10000; ++i) {
    const double d = channel_depth_um(1.0, 0.3, 1500.0, rng);
    ASSERT_GE(d, 0.0);
    ASSERT_LE(d, 1500.0);
  }
}

TEST(Penetration, ChannelDepthSpreadMatchesTheCv) {
  CounterRng rng(2, RngPurpose::test, 0);
  const int n = 20000;
  double sum = 0.0;
  double sum2 = 0.0;
  for (int i = 0; i < n; ++i) {
    const double d = channel_depth_um(0.2, 0.063, 770.0, rng);
    sum += d;
    sum2 += d * d;
  }
  const double mean = sum / n;
  const double sd = std::sqrt(sum2 / n - mean * mean);
  EXPECT_NEAR(mean, 154.0, 1.0);
  EXPECT_NEAR(sd / mean, 0.063, 0.003);
}

TEST(Penetration, OpeningIsNarrowWhenShallowAndNeverWiderThanTheShaft) {
  const double angle = units::deg_to_rad(5.19);
  EXPECT_NEAR(opening_width_um(152.5, 140.0, angle), 2.0 * 152.5 * std::tan(angle), 1e-9);
  EXPECT_DOUBLE_EQ(opening_width_um(3000.0, 250.0, angle), 250.0);
  EXPECT_LT(opening_width_um(50.0, 250.0, angle), opening_width_um(100.0, 250.0, angle));
}

}  // namespace
}  // namespace citsim
