#include "citsim/skin/scar.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "citsim/core/units.hpp"

namespace citsim {
namespace {

// The shape constants of data/skin/lesions.toml (model choices, not measurements).
LesionShape shape() {
  LesionShape s;
  s.icepick_taper_exponent = 1.0;
  s.boxcar_wall_exponent = 8.0;
  return s;
}

ScarGroup scar(ScarType type, double depth_um, double width_um) {
  ScarGroup g;
  g.type = type;
  g.depth_um = depth_um;
  g.width_um = width_um;
  return g;
}

constexpr ScarType kTypes[] = {ScarType::icepick, ScarType::boxcar, ScarType::rolling};

TEST(ScarProfile, DepthAtCentreIsScarDepthAndZeroAtAndBeyondRim) {
  for (ScarType type : kTypes) {
    const ScarGroup g = scar(type, 400.0, 2000.0);
    EXPECT_DOUBLE_EQ(scar_depth_um(g, shape(), 0.0), 400.0) << to_string(type);
    EXPECT_NEAR(scar_depth_um(g, shape(), 1000.0), 0.0, 1e-12) << to_string(type);
    EXPECT_EQ(scar_depth_um(g, shape(), 1500.0), 0.0) << to_string(type);
    EXPECT_EQ(scar_depth_um(g, shape(), -5000.0), 0.0) << to_string(type);
  }
}

TEST(ScarProfile, IsSymmetricNonNegativeAndFallsOutward) {
  for (ScarType type : kTypes) {
    const ScarGroup g = scar(type, 300.0, 3000.0);
    double previous = scar_depth_um(g, shape(), 0.0);
    for (double r = 10.0; r <= 1600.0; r += 10.0) {
      const double d = scar_depth_um(g, shape(), r);
      EXPECT_GE(d, 0.0);
      EXPECT_LE(d, previous + 1e-9) << to_string(type) << " at r = " << r;
      EXPECT_DOUBLE_EQ(d, scar_depth_um(g, shape(), -r));
      previous = d;
    }
  }
}

TEST(ScarProfile, IsContinuousAcrossTheRim) {
  for (ScarType type : kTypes) {
    const ScarGroup g = scar(type, 500.0, 2000.0);
    EXPECT_NEAR(scar_depth_um(g, shape(), 999.999), 0.0, 0.05) << to_string(type);
  }
}

// Jacob, Dover & Kaminer 2001: icepick narrow and deep (V), boxcar U with a
// flat floor, rolling a wide shallow bowl.
// The floor: where the scar is at least 90 % of its depth.
TEST(ScarProfile, IcepickHasTheNarrowestFloorBoxcarTheWidestForEqualRim) {
  auto floor_radius = [](const ScarGroup& g) {
    double r = 0.0;
    while (scar_depth_um(g, shape(), r) >= 0.9 * g.depth_um) r += 1.0;
    return r;
  };
  const double icepick = floor_radius(scar(ScarType::icepick, 500.0, 2000.0));
  const double rolling = floor_radius(scar(ScarType::rolling, 500.0, 2000.0));
  const double boxcar = floor_radius(scar(ScarType::boxcar, 500.0, 2000.0));
  EXPECT_LT(icepick, rolling);
  EXPECT_LT(rolling, boxcar);
}

TEST(ScarProfile, BoxcarFloorIsFlatterThanRolling) {
  const ScarGroup boxcar = scar(ScarType::boxcar, 300.0, 3000.0);
  const ScarGroup rolling = scar(ScarType::rolling, 300.0, 3000.0);
  // Halfway to the rim the boxcar floor is still within 1 % of its depth.
  EXPECT_GT(scar_depth_um(boxcar, shape(), 750.0), 0.99 * 300.0);
  EXPECT_LT(scar_depth_um(rolling, shape(), 750.0), 0.6 * 300.0);
}

TEST(ScarProfile, BoxcarWallIsSteeperThanRollingEdge) {
  const ScarGroup boxcar = scar(ScarType::boxcar, 300.0, 3000.0);
  const ScarGroup rolling = scar(ScarType::rolling, 300.0, 3000.0);
  const double r = 1400.0, dr = 10.0;  // just inside the rim
  const double boxcar_slope =
      (scar_depth_um(boxcar, shape(), r - dr) - scar_depth_um(boxcar, shape(), r)) / dr;
  const double rolling_slope =
      (scar_depth_um(rolling, shape(), r - dr) - scar_depth_um(rolling, shape(), r)) / dr;
  EXPECT_GT(boxcar_slope, 5.0 * rolling_slope);
}

TEST(ScarProfile, IcepickIsAStraightVWithTaperExponentOne) {
  const ScarGroup g = scar(ScarType::icepick, 800.0, 1000.0);
  EXPECT_DOUBLE_EQ(scar_depth_um(g, shape(), 250.0), 400.0);
  EXPECT_DOUBLE_EQ(scar_depth_um(g, shape(), 125.0), 600.0);
}

TEST(StriaeProfile, DeepestOnMidlineZeroAtEdgesSymmetric) {
  StriaeGroup s;
  s.depth_um = 100.0;
  s.width_um = 3000.0;
  EXPECT_DOUBLE_EQ(striae_depth_um(s, 0.0), 100.0);
  EXPECT_NEAR(striae_depth_um(s, 1500.0), 0.0, 1e-12);
  EXPECT_EQ(striae_depth_um(s, 2000.0), 0.0);
  EXPECT_DOUBLE_EQ(striae_depth_um(s, 750.0), 50.0);
  EXPECT_DOUBLE_EQ(striae_depth_um(s, -600.0), striae_depth_um(s, 600.0));
}

TEST(LesionArea, SumsDiscsAndRectanglesOverSiteArea) {
  Site site;
  site.area_cm2 = 10.0;  // 1e9 um2
  EXPECT_DOUBLE_EQ(lesion_area_fraction(site), 0.0);
  site.scars.push_back(scar(ScarType::boxcar, 300.0, 2000.0));
  site.scars.back().count = 10;  // 10 x pi x 1e6 um2
  const double scars = 10.0 * units::pi * 1e6 / 1e9;
  EXPECT_NEAR(lesion_area_fraction(site), scars, 1e-12);
  StriaeGroup s;
  s.count = 2;
  s.width_um = 3000.0;
  s.length_um = 50000.0;  // 2 x 1.5e8 um2
  site.striae.push_back(s);
  EXPECT_NEAR(lesion_area_fraction(site), scars + 0.3, 1e-12);
}

TEST(LesionArea, IsCappedAtOne) {
  Site site;
  site.area_cm2 = 1.0;
  StriaeGroup s;
  s.count = 100;
  site.striae.push_back(s);
  EXPECT_DOUBLE_EQ(lesion_area_fraction(site), 1.0);
}

}  // namespace
}  // namespace citsim
