// Scars found on a scan: known pits of each type on a rough relief are found
// where they are, as deep as they are and of their type; the split composes
// back to the scan and fills level at scale 0; normal skin holds no scar; and
// the measured lesions draw as measured.
#include "citsim/surface/scan_lesions.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "citsim/core/units.hpp"
#include "citsim/surface/metrics.hpp"

namespace citsim {
namespace {

struct Pit {
  ScarType type;
  double x_um, y_um, radius_um, depth_um;
};

/// Depth of a pit at distance r: a Gaussian (sigma = radius / 3) for
/// icepicks, D (1 - x^8) for boxcars, a cosine bowl for rolling scars.
double pit_depth_um(const Pit& pit, double r_um) {
  const double x = r_um / pit.radius_um;
  switch (pit.type) {
    case ScarType::icepick: {
      const double sigma = pit.radius_um / 3.0;
      return pit.depth_um * std::exp(-0.5 * r_um * r_um / (sigma * sigma));
    }
    case ScarType::boxcar:
      return x < 1.0 ? pit.depth_um * (1.0 - std::pow(x, 8.0)) : 0.0;
    case ScarType::rolling:
      return x < 1.0 ? pit.depth_um * 0.5 * (1.0 + std::cos(units::pi * x)) : 0.0;
  }
  return 0.0;
}

/// A 12 mm rough relief (Sq = sq_um, l = 150 um) at 40 um pixels.
HeightMap rough_relief(double sq_um, std::uint64_t seed) {
  SurfaceSpec spec;
  spec.patch_mm = 12.0;
  spec.pixel_um = 40.0;
  spec.relief.sq_um = sq_um;
  spec.relief.correlation_length_um = 150.0;
  return generate_relief(spec, seed);
}

HeightMap with_pits(HeightMap map, const std::vector<Pit>& pits) {
  for (int j = 0; j < map.ny; ++j) {
    for (int i = 0; i < map.nx; ++i) {
      const double x = (i + 0.5) * map.pixel_um;
      const double y = (j + 0.5) * map.pixel_um;
      for (const Pit& pit : pits) {
        map.at(i, j) -= pit_depth_um(pit, std::hypot(x - pit.x_um, y - pit.y_um));
      }
    }
  }
  return map;
}

// Icepicks 0.9 mm across (3 sigma), boxcars 2.5 mm, a rolling scar 4.5 mm.
const std::vector<Pit> kPits = {
    {ScarType::rolling, 3500.0, 3500.0, 2250.0, 200.0},
    {ScarType::boxcar, 9000.0, 3000.0, 1250.0, 300.0},
    {ScarType::boxcar, 9000.0, 8500.0, 1250.0, 250.0},
    {ScarType::icepick, 2500.0, 9500.0, 450.0, 400.0},
    {ScarType::icepick, 5500.0, 10000.0, 450.0, 500.0},
    {ScarType::icepick, 6000.0, 7000.0, 450.0, 350.0},
};

TEST(ClassifyScanScar, FlatFloorsAreBoxcarsNarrowDeepVsIcepicksTheRestRolling) {
  const ScanLesionSpec spec;
  EXPECT_EQ(classify_scan_scar(2500.0, 300.0, 0.8, spec), ScarType::boxcar);
  EXPECT_EQ(classify_scan_scar(1000.0, 600.0, 0.8, spec), ScarType::boxcar);  // flat wins
  EXPECT_EQ(classify_scan_scar(1000.0, 600.0, 0.33, spec), ScarType::icepick);
  EXPECT_EQ(classify_scan_scar(1999.0, 400.0, 0.3, spec), ScarType::icepick);
  EXPECT_EQ(classify_scan_scar(2000.0, 400.0, 0.3, spec), ScarType::rolling);  // not narrow
  EXPECT_EQ(classify_scan_scar(1000.0, 150.0, 0.3, spec), ScarType::rolling);  // shallow
  EXPECT_EQ(classify_scan_scar(4500.0, 200.0, 0.3, spec), ScarType::rolling);
}

TEST(SplitScan, FindsEachPitWhereItIsAsDeepAsItIsOfItsType) {
  const HeightMap scan = with_pits(rough_relief(10.0, 3), kPits);
  const ScannedSurface s = split_scan(scan, ScanLesionSpec{});
  ASSERT_EQ(s.surface.lesions.size(), kPits.size());
  ASSERT_EQ(s.scars.size(), kPits.size());
  std::vector<bool> matched(kPits.size(), false);
  for (std::size_t k = 0; k < s.surface.lesions.size(); ++k) {
    const PlacedLesion& l = s.surface.lesions[k];
    std::size_t best = 0;
    for (std::size_t t = 1; t < kPits.size(); ++t) {
      if (std::hypot(l.x_um - kPits[t].x_um, l.y_um - kPits[t].y_um) <
          std::hypot(l.x_um - kPits[best].x_um, l.y_um - kPits[best].y_um)) {
        best = t;
      }
    }
    const Pit& pit = kPits[best];
    EXPECT_FALSE(matched[best]) << "two lesions on pit " << best;
    matched[best] = true;
    EXPECT_LT(std::hypot(l.x_um - pit.x_um, l.y_um - pit.y_um), 120.0) << "lesion " << k;
    EXPECT_NEAR(l.depth_um, pit.depth_um, 0.12 * pit.depth_um + 20.0) << "lesion " << k;
    EXPECT_EQ(s.scars[k].type, pit.type) << "lesion " << k << " at " << l.x_um << ", " << l.y_um
                                         << " width " << l.width_um << " depth " << l.depth_um;
    EXPECT_EQ(l.kind, lesion_kind(pit.type));
    EXPECT_EQ(l.group, static_cast<int>(k));
    EXPECT_EQ(s.scars[k].count, 1);
    EXPECT_DOUBLE_EQ(s.scars[k].depth_um, l.depth_um);
    EXPECT_DOUBLE_EQ(s.scars[k].width_um, l.width_um);
    // The rim reaches most of the way out (the bowl's shallow rim stays in
    // the relief) and no further (a Gaussian has no rim: up to where its
    // depth sinks into the relief, about 3.5 sigma).
    EXPECT_LT(l.width_um, 2.0 * pit.radius_um * (pit.type == ScarType::icepick ? 1.25 : 1.1))
        << "lesion " << k;
    EXPECT_GT(l.width_um, 2.0 * pit.radius_um * (pit.type == ScarType::boxcar ? 0.85 : 0.55))
        << "lesion " << k;
  }
}

TEST(SplitScan, ComposesBackToTheScanAndFillsLevelWithTheReference) {
  const ScanLesionSpec spec;
  const HeightMap scan = with_pits(rough_relief(10.0, 5), kPits);
  const ScannedSurface s = split_scan(scan, spec);
  ASSERT_FALSE(s.surface.lesions.empty());
  const HeightMap same = compose(s.surface);
  for (std::size_t p = 0; p < scan.size(); ++p) ASSERT_NEAR(same.z_um[p], scan.z_um[p], 1e-9);

  const std::vector<double> zero(s.surface.lesions.size(), 0.0);
  const HeightMap filled = compose(s.surface, zero);
  const HeightMap ref = scan_reference(scan, spec);
  double lowest = 0.0;
  for (std::size_t p = 0; p < scan.size(); ++p) {
    lowest = std::min(lowest, filled.z_um[p] - ref.z_um[p]);
  }
  EXPECT_GE(lowest, -spec.contour_depth_um) << "nothing left deeper than the contour depth";
  for (const Pit& pit : kPits) {
    const int i = static_cast<int>(pit.x_um / scan.pixel_um);
    const int j = static_cast<int>(pit.y_um / scan.pixel_um);
    EXPECT_LT(scan.at(i, j), -0.8 * pit.depth_um);
    EXPECT_NEAR(filled.at(i, j), 0.0, 20.0) << "pit at " << pit.x_um << ", " << pit.y_um;
  }
  // Half filled: half as deep, as measured around the lesion.
  const std::vector<double> half(s.surface.lesions.size(), 0.5);
  const std::vector<ScarMeasure> full = measure_lesions(scan, s.surface);
  const std::vector<ScarMeasure> halfway = measure_lesions(compose(s.surface, half), s.surface);
  for (std::size_t k = 0; k < full.size(); ++k) {
    EXPECT_NEAR(full[k].depth_um, s.surface.lesions[k].depth_um, 20.0);
    EXPECT_NEAR(halfway[k].depth_um, 0.5 * full[k].depth_um, 20.0);
  }
}

TEST(SplitScan, NormalSkinHoldsNoScar) {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const HeightMap scan = rough_relief(15.0, seed);
    const ScannedSurface s = split_scan(scan, ScanLesionSpec{});
    EXPECT_TRUE(s.surface.lesions.empty()) << "seed " << seed;
    EXPECT_EQ(s.surface.relief.z_um, scan.z_um);
  }
}

TEST(SplitScan, FollowsTheFormOfACurvedSite) {
  // A cheek-like bulge of radius 50 mm (about 360 um of sag over 12 mm) with
  // one boxcar: the form is no scar, and the boxcar's depth is its own.
  HeightMap scan =
      with_pits(rough_relief(10.0, 8), {{ScarType::boxcar, 6000.0, 6000.0, 1250.0, 300.0}});
  for (int j = 0; j < scan.ny; ++j) {
    for (int i = 0; i < scan.nx; ++i) {
      const double x = (i + 0.5) * scan.pixel_um - 6000.0;
      const double y = (j + 0.5) * scan.pixel_um - 6000.0;
      scan.at(i, j) -= (x * x + y * y) / (2.0 * 50000.0);
    }
  }
  const ScannedSurface s = split_scan(scan, ScanLesionSpec{});
  ASSERT_EQ(s.surface.lesions.size(), 1u);
  EXPECT_EQ(s.scars[0].type, ScarType::boxcar);
  EXPECT_NEAR(s.surface.lesions[0].depth_um, 300.0, 40.0);
}

TEST(MeasuredLesion, DrawsItsDepressionPixelByPixel) {
  SiteSurface surface;
  surface.relief = HeightMap(4, 3, 10.0, 5.0);
  PlacedLesion l;
  l.kind = LesionKind::boxcar;
  l.x_um = 20.0;
  l.y_um = 15.0;
  l.width_um = 25.0;
  l.depth_um = 40.0;
  l.measured = {4, 10.0, {5, 6, 10}, {10.0, 40.0, 20.0}};
  surface.lesions.push_back(l);
  EXPECT_TRUE(is_measured(surface.lesions[0]));
  EXPECT_EQ(lesion_footprint(surface, 0), (std::vector<std::size_t>{5, 6, 10}));
  // Pixel 6 is (2, 1): x in [20, 30), y in [10, 20).
  EXPECT_DOUBLE_EQ(lesion_depth_at_um(l, surface.shape, 25.0, 15.0), 40.0);
  EXPECT_DOUBLE_EQ(lesion_depth_at_um(l, surface.shape, 15.0, 15.0), 10.0);
  EXPECT_DOUBLE_EQ(lesion_depth_at_um(l, surface.shape, 5.0, 5.0), 0.0);
  EXPECT_DOUBLE_EQ(lesion_depth_at_um(l, surface.shape, -5.0, 15.0), 0.0);
  EXPECT_DOUBLE_EQ(lesion_depth_at_um(l, surface.shape, 45.0, 15.0), 0.0);
  const std::vector<double> half{0.5};
  const HeightMap m = compose(surface, half);
  EXPECT_DOUBLE_EQ(m.z_um[5], 0.0);
  EXPECT_DOUBLE_EQ(m.z_um[6], -15.0);
  EXPECT_DOUBLE_EQ(m.z_um[10], -5.0);
  EXPECT_DOUBLE_EQ(m.z_um[0], 5.0);
  EXPECT_DOUBLE_EQ(m.z_um[11], 5.0);
  PlacedLesion drawn = l;
  drawn.measured = {};
  EXPECT_FALSE(is_measured(drawn));
}

}  // namespace
}  // namespace citsim
