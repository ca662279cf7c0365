#include "citsim/device/strokes.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "citsim/core/units.hpp"

namespace citsim {
namespace {

TEST(StrokeFrame, BoxCoversThePatchAtAnyAngle) {
  const Patch patch{10000.0, 6000.0};
  for (const double deg : {0.0, 30.0, 45.0, 90.0, 135.0}) {
    const StrokeFrame frame(patch, units::deg_to_rad(deg));
    // Sample the box finely: every patch point must be hit by some (u, v).
    int inside = 0;
    const int n = 200;
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < n; ++j) {
        const double u = frame.u_min() + (frame.u_max() - frame.u_min()) * (i + 0.5) / n;
        const double v = frame.v_min() + (frame.v_max() - frame.v_min()) * (j + 0.5) / n;
        double x = 0.0;
        double y = 0.0;
        if (frame.to_patch(u, v, x, y)) {
          ++inside;
          ASSERT_GE(x, 0.0);
          ASSERT_LT(x, patch.width_um);
        }
      }
    }
    const double box = (frame.u_max() - frame.u_min()) * (frame.v_max() - frame.v_min());
    EXPECT_NEAR(inside / double(n * n), patch.area_um2() / box, 0.02) << deg;
  }
}

TEST(StrokeFrame, RotationKeepsDistances) {
  const StrokeFrame frame(Patch{}, 0.7);
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  frame.to_patch(3000.0, 100.0, x1, y1);
  frame.to_patch(3300.0, 500.0, x2, y2);
  EXPECT_NEAR(std::hypot(x2 - x1, y2 - y1), 500.0, 1e-9);
}

TEST(StrokeEntity, DistinctForEveryPassAndStroke) {
  std::set<std::uint64_t> seen;
  for (int p = 0; p < 20; ++p) {
    for (std::int64_t s = 0; s < 100; ++s) seen.insert(stroke_entity(p, s));
  }
  EXPECT_EQ(seen.size(), 2000u);
}

TEST(StrokeDirections, CycleThroughTheList) {
  const std::vector<double> dirs = {0.0, 1.0, 2.0};
  EXPECT_DOUBLE_EQ(cycled_direction_rad(dirs, 4), 1.0);
  EXPECT_DOUBLE_EQ(cycled_direction_rad({}, 4), 0.0);
}

}  // namespace
}  // namespace citsim
