#include "citsim/surface/level.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace citsim {
namespace {

TEST(LevelScan, RemovesAPlaneExactly) {
  HeightMap m(20, 17, 10.0);
  for (int j = 0; j < m.ny; ++j)
    for (int i = 0; i < m.nx; ++i) m.at(i, j) = 5.0 + 0.3 * i - 0.7 * j;
  level_scan(m);
  for (const double z : m.z_um) EXPECT_NEAR(z, 0.0, 1e-9);
}

TEST(LevelScan, SetsTheMedianToZeroAndKeepsRelativeHeights) {
  HeightMap m(17, 17, 10.0);  // pits on a level skin, symmetric about the centre: no tilt to remove
  for (int j = 0; j < m.ny; ++j)
    for (int i = 0; i < m.nx; ++i) m.at(i, j) = (i % 2 == 0 && j % 2 == 0) ? -50.0 : 3.0;
  const double step = m.at(1, 0) - m.at(0, 0);
  level_scan(m);
  std::vector<double> z = m.z_um;
  std::sort(z.begin(), z.end());
  EXPECT_NEAR(0.5 * (z[z.size() / 2 - 1] + z[z.size() / 2]), 0.0, 1e-12);
  EXPECT_NEAR(m.at(1, 1), 0.0, 1e-3);  // the skin, not the mean, is the zero level
  EXPECT_NEAR(m.at(1, 0) - m.at(0, 0), step, 1e-3);
}

}  // namespace
}  // namespace citsim
