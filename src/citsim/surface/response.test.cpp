#include "citsim/surface/response.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace citsim {
namespace {

ScarGroup scar(ScarType type, double depth_um, double width_um) {
  return ScarGroup{.type = type, .count = 1, .depth_um = depth_um, .width_um = width_um};
}

const LesionShape kShape{};

TEST(Response, DrumSagIsTheCircleSegmentOverTheRims) {
  // A 20 mm drum over a 4 mm wide depression: R - sqrt(R^2 - (w/2)^2) at the
  // centre = 10000 - sqrt(1e8 - 4e6) = 202.05 um, nothing at the rim.
  const DeviceContact drum = roller_contact(20000.0, 0.0);
  EXPECT_NEAR(contact_sag_um(drum, 4000.0, 0.0, 0.0), 202.05, 0.01);
  EXPECT_NEAR(contact_sag_um(drum, 4000.0, 2000.0, 0.0), 0.0, 1e-9);
  EXPECT_EQ(contact_sag_um(drum, 4000.0, 2500.0, 0.0), 0.0);
}

TEST(Response, FlatFaceBridgesNarrowLesionsAndSinksIntoWideOnes) {
  const DeviceContact tip = flat_contact(3500.0, 0.0);
  EXPECT_EQ(contact_sag_um(tip, 1000.0, 0.0, 123.0), 0.0);    // a 1 mm pit: bridged
  EXPECT_EQ(contact_sag_um(tip, 5000.0, 0.0, 123.0), 123.0);  // a 5 mm bowl: sinks to the wall
}

TEST(Response, ShallowScarUnderALongNeedleIsFullyReached) {
  // A 50 um rolling scar, 4 mm wide, under needles reaching 800 um: the drum
  // sag alone exceeds the depth, nothing is out of reach.
  const double a = needle_access(scar(ScarType::rolling, 50.0, 4000.0), kShape,
                                 roller_contact(20000.0, 0.0), 800.0);
  EXPECT_DOUBLE_EQ(a, 1.0);
}

TEST(Response, IcepickIsReachedLeastThenBoxcarThenRolling) {
  // The contract acne case's groups under a 1.5 mm roller reaching ~800 um
  // (Majid 2009, Harris 2015 review: rolling and boxcar respond better than icepick).
  const DeviceContact drum = roller_contact(20000.0, 100.0);
  const double icepick = needle_access(scar(ScarType::icepick, 600.0, 1000.0), kShape, drum, 800.0);
  const double boxcar = needle_access(scar(ScarType::boxcar, 300.0, 2500.0), kShape, drum, 800.0);
  const double rolling = needle_access(scar(ScarType::rolling, 350.0, 4000.0), kShape, drum, 800.0);
  EXPECT_LT(icepick, boxcar);
  EXPECT_LT(boxcar, rolling);
  EXPECT_GT(icepick, 0.0);
  EXPECT_LE(rolling, 1.0);
}

TEST(Response, ANeedleShorterThanTheScarDepthReachesLittleOfIt) {
  // 0.25 mm home roller (~150 um real depth) over a 600 um icepick: most of
  // the deficit lies deeper than any needle tip.
  const double a = needle_access(scar(ScarType::icepick, 600.0, 1000.0), kShape,
                                 roller_contact(20000.0, 0.0), 150.0);
  EXPECT_LT(a, 0.35);
}

TEST(Response, AccessGrowsWithNeedleDepth) {
  const ScarGroup s = scar(ScarType::boxcar, 400.0, 2000.0);
  const DeviceContact drum = roller_contact(20000.0, 50.0);
  double last = 0.0;
  for (double depth_um : {200.0, 400.0, 800.0, 1600.0}) {
    const double a = needle_access(s, kShape, drum, depth_um);
    EXPECT_GT(a, last) << depth_um;
    last = a;
  }
}

TEST(Response, StriaeAreReachedByAFlatPlateWiderThanThem) {
  const StriaeGroup striae{.stage = StriaeStage::alba,
                           .count = 1,
                           .width_um = 3000.0,
                           .length_um = 50000.0,
                           .depth_um = 100.0};
  // A stamp plate wider than the stria bridges it; 100 um yield of the skin covers the depth.
  EXPECT_DOUBLE_EQ(needle_access(striae, flat_contact(7000.0, 100.0), 500.0), 1.0);
  // Without yield, the deepest part of the stria loses up to 100 um of 500 um reach.
  const double a = needle_access(striae, flat_contact(7000.0, 0.0), 500.0);
  EXPECT_LT(a, 1.0);
  EXPECT_GT(a, 0.8);
}

TEST(Response, DepthScaleFallsWithGainAndAccessAndNeverRisesAboveOne) {
  EXPECT_DOUBLE_EQ(depth_scale(0.8, 0.0, 3.0), 1.0);
  EXPECT_DOUBLE_EQ(depth_scale(0.8, -0.2, 3.0), 1.0);  // a loss of collagen does not dig scars
  EXPECT_NEAR(depth_scale(0.5, 0.2, 3.0), std::exp(-0.3), 1e-15);
  EXPECT_LT(depth_scale(0.9, 0.2, 3.0), depth_scale(0.3, 0.2, 3.0));
  EXPECT_LT(depth_scale(0.5, 0.4, 3.0), depth_scale(0.5, 0.2, 3.0));
}

}  // namespace
}  // namespace citsim
