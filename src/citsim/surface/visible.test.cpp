#include "citsim/surface/visible.hpp"

#include <cmath>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

namespace citsim {
namespace {

TEST(Visible, LiftFollowsAStepOfGainWithTheRemodellingHalfLife) {
  // G jumps to 0.2 at day 0 (a ramp over one hour) and stays: L = 0.2 (1 - 2^(-t / T)).
  std::vector<double> days{0.0, 1.0 / 24.0};
  std::vector<double> gain{0.0, 0.2};
  for (double d = 7.0; d <= 365.0; d += 7.0) {
    days.push_back(d);
    gain.push_back(0.2);
  }
  const std::vector<double> lift = matrix_lift(days, gain, 90.0);
  for (std::size_t i = 2; i < days.size(); ++i) {
    const double expected = 0.2 * (1.0 - std::exp2(-(days[i] - 1.0 / 48.0) / 90.0));
    EXPECT_NEAR(lift[i], expected, 1e-4) << days[i];
  }
  // Half the lift after one half-life: the growth goes on for months.
  EXPECT_NEAR(lift[std::size_t{2} + 12], 0.2 * (1.0 - std::exp2(-(91.0 - 1.0 / 48.0) / 90.0)),
              1e-4);
}

TEST(Visible, LiftIsExactForALinearRampWhateverTheRowSpacing) {
  // G = t / 100: L(t) = t/100 - T'/100 (1 - e^{-t / T'}), T' = T / ln 2.
  const double half_life = 30.0, tau = half_life / std::numbers::ln2;
  const std::vector<double> coarse_days{0.0, 50.0, 100.0};
  const std::vector<double> coarse_gain{0.0, 0.5, 1.0};
  const double exact = 1.0 - tau / 100.0 * (1.0 - std::exp(-100.0 / tau));
  EXPECT_NEAR(matrix_lift(coarse_days, coarse_gain, half_life).back(), exact, 1e-12);
}

TEST(Visible, LossOfCollagenLiftsNothing) {
  const std::vector<double> days{0.0, 10.0, 20.0};
  const std::vector<double> gain{0.0, -0.1, -0.2};
  for (double l : matrix_lift(days, gain, 60.0)) EXPECT_EQ(l, 0.0);
}

TEST(Visible, TethersAreCutAtSessionsAndRiseOnTheRemodellingClock) {
  const std::vector<int> sessions{0, 30, 60};
  EXPECT_EQ(tether_released(0.0, sessions, 0.5, 60.0), 0.0);
  double last = 0.0;
  for (double day : {10.0, 30.0, 61.0, 120.0, 400.0, 4000.0}) {
    const double r = tether_released(day, sessions, 0.5, 60.0);
    EXPECT_GT(r, last) << day;
    last = r;
  }
  // Three sessions cut 1 - 0.5^3 of the bands; all of it has risen after years.
  EXPECT_NEAR(last, 0.875, 1e-9);
  EXPECT_EQ(tether_released(400.0, sessions, 0.0, 60.0), 0.0);
}

TEST(Visible, SwellingFollowsRednessAndFadesWithinDays) {
  std::vector<double> days, redness;
  for (int h = 0; h <= 24 * 10; h += 3) {
    days.push_back(h / 24.0);
    redness.push_back(h <= 12 ? 0.8 : 0.0);
  }
  const std::vector<double> s = swelling_pct(days, redness, 5.0, 1.0);
  double peak = 0.0;
  for (double v : s) peak = std::max(peak, v);
  EXPECT_GT(peak, 0.5);
  EXPECT_LT(peak, 4.0);
  EXPECT_LT(s.back(), 0.01 * peak);  // gone after ten days
}

TEST(Visible, AThickerEpidermisSmoothsTheRelief) {
  EXPECT_EQ(texture_scale(0.0, 2.0), 1.0);
  EXPECT_EQ(texture_scale(-0.1, 2.0), 1.0);
  EXPECT_NEAR(texture_scale(0.1, 2.0), std::exp(-0.2), 1e-15);
}

}  // namespace
}  // namespace citsim
