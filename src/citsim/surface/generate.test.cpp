// The generated surface: counts scaled to the patch, lesions apart, relief
// with the asked statistics, determinism, and compose's rules.
#include "citsim/surface/generate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "citsim/core/units.hpp"
#include "citsim/surface/metrics.hpp"

namespace citsim {
namespace {

LesionShape shape() { return LesionShape{}; }

ScarGroup scars(ScarType type, int count, double depth_um, double width_um) {
  ScarGroup g;
  g.type = type;
  g.count = count;
  g.depth_um = depth_um;
  g.width_um = width_um;
  return g;
}

SurfaceSpec small_spec() {
  SurfaceSpec spec;
  spec.patch_mm = 10.0;
  spec.pixel_um = 25.0;
  return spec;
}

TEST(PatchCounts, ScarsScaleWithThePatchShareOfTheSite) {
  // 10 mm patch = 1 cm2 of a 20 cm2 site.
  EXPECT_EQ(lesions_in_patch({expected_scars_in_patch(60, 10.0, 20.0)}, {60}), std::vector<int>{3});
  EXPECT_EQ(lesions_in_patch({expected_scars_in_patch(70, 10.0, 20.0)}, {70}),
            std::vector<int>{4});  // 3.5 rounds away from zero
  EXPECT_EQ(lesions_in_patch({expected_scars_in_patch(5, 10.0, 20.0)}, {5}),
            std::vector<int>{1});  // a site with scars shows at least one
  EXPECT_EQ(lesions_in_patch({expected_scars_in_patch(0, 10.0, 20.0)}, {0}), std::vector<int>{0});
  EXPECT_EQ(lesions_in_patch({expected_scars_in_patch(4, 10.0, 0.5)}, {4}),
            std::vector<int>{4});  // patch larger than the site: at most the count
}

TEST(PatchCounts, StriaeCountIsTheCroftonMeetingProbability) {
  // a = 10 mm, L = 50 mm: (100 + 50 * 40 / pi) mm^2 = 736.6 mm^2 of 100 cm^2 -> 7.4 % per stria.
  EXPECT_NEAR(expected_striae_in_patch(40, 50000.0, 10.0, 100.0), 2.95, 0.01);
  EXPECT_EQ(lesions_in_patch({expected_striae_in_patch(2, 50000.0, 10.0, 100.0)}, {2}),
            std::vector<int>{1});
  EXPECT_EQ(expected_striae_in_patch(3, 50000.0, 10.0, 5.0), 3.0);  // at most the count
}

TEST(PatchCounts, ThePatchSamplesTheSiteHoweverItsScarsAreGrouped) {
  // 100 icepick scars on 3,000 cm2: 0.033 on a 1 cm2 patch, shown as one.
  const double one = expected_scars_in_patch(1, 10.0, 3000.0);
  const std::vector<int> apart =
      lesions_in_patch(std::vector<double>(100, one), std::vector<int>(100, 1));
  int total = 0;
  for (int n : apart) total += n;
  EXPECT_EQ(total, 1);
  EXPECT_EQ(lesions_in_patch({expected_scars_in_patch(100, 10.0, 3000.0)}, {100}),
            std::vector<int>{1});
  // 60 scars in three groups of 20 on 20 cm2 give what one group of 60 gives.
  const double third = expected_scars_in_patch(20, 10.0, 20.0);
  const auto split = lesions_in_patch({third, third, third}, {20, 20, 20});
  EXPECT_EQ(split[0] + split[1] + split[2], 3);
}

TEST(PatchCounts, ASiteDenserThanSkinIsRefused) {
  EXPECT_THROW(lesions_in_patch(std::vector<double>(20000, 1.0), std::vector<int>(20000, 1000)),
               Error);
}

TEST(GenerateSurface, PlacesTheScaledCountsWithoutOverlap) {
  Site site;
  site.area_cm2 = 10.0;
  site.scars = {scars(ScarType::boxcar, 50, 300.0, 1500.0),
                scars(ScarType::icepick, 30, 500.0, 800.0),
                scars(ScarType::rolling, 20, 200.0, 3000.0)};
  const SiteSurface s = generate_surface(site, shape(), small_spec(), 7);
  ASSERT_EQ(s.lesions.size(), 5u + 3u + 2u);
  EXPECT_EQ(s.overlapping_lesions, 0);
  for (std::size_t a = 0; a < s.lesions.size(); ++a) {
    const PlacedLesion& p = s.lesions[a];
    // Wholly on the patch.
    EXPECT_GE(p.x_um - 0.5 * p.width_um, 0.0);
    EXPECT_LE(p.x_um + 0.5 * p.width_um, s.relief.width_um());
    for (std::size_t b = a + 1; b < s.lesions.size(); ++b) {
      const PlacedLesion& q = s.lesions[b];
      EXPECT_GE(std::hypot(p.x_um - q.x_um, p.y_um - q.y_um), 0.5 * (p.width_um + q.width_um))
          << a << " and " << b;
    }
  }
  EXPECT_EQ(s.lesions[0].kind, LesionKind::boxcar);
  EXPECT_EQ(s.lesions[5].kind, LesionKind::icepick);
  EXPECT_EQ(s.lesions[9].kind, LesionKind::rolling);
  EXPECT_EQ(s.lesions[9].group, 2);
}

TEST(GenerateSurface, CrowdedPatchReportsOverlapsAndStillPlacesEveryLesion) {
  Site site;
  site.area_cm2 = 1.0;
  site.scars = {scars(ScarType::rolling, 12, 200.0, 4000.0)};  // 12 x 12.6 mm^2 on 100 mm^2
  SurfaceSpec spec = small_spec();
  spec.placement_tries = 20;
  const SiteSurface s = generate_surface(site, shape(), spec, 3);
  EXPECT_EQ(s.lesions.size(), 12u);
  EXPECT_GT(s.overlapping_lesions, 0);
}

TEST(GenerateSurface, IsDeterministicForASeedAndVariesWithIt) {
  Site site;
  site.scars = {scars(ScarType::boxcar, 40, 300.0, 1500.0)};
  const SiteSurface a = generate_surface(site, shape(), small_spec(), 11);
  const SiteSurface b = generate_surface(site, shape(), small_spec(), 11);
  const SiteSurface c = generate_surface(site, shape(), small_spec(), 12);
  ASSERT_EQ(a.lesions.size(), b.lesions.size());
  for (std::size_t k = 0; k < a.lesions.size(); ++k) {
    EXPECT_EQ(a.lesions[k].x_um, b.lesions[k].x_um);
    EXPECT_EQ(a.lesions[k].y_um, b.lesions[k].y_um);
  }
  EXPECT_EQ(a.relief.z_um, b.relief.z_um);
  EXPECT_NE(a.relief.z_um, c.relief.z_um);
  EXPECT_NE(a.lesions[0].x_um, c.lesions[0].x_um);
}

TEST(Microrelief, HasTheAskedSqAndZeroMean) {
  SurfaceSpec spec = small_spec();
  spec.relief.sq_um = 12.0;
  const HeightMap relief = generate_relief(spec, 5);
  EXPECT_EQ(relief.nx, 400);
  double sum = 0.0, sum2 = 0.0;
  for (double z : relief.z_um) {
    sum += z;
    sum2 += z * z;
  }
  EXPECT_NEAR(sum / static_cast<double>(relief.size()), 0.0, 1e-9);
  EXPECT_NEAR(std::sqrt(sum2 / static_cast<double>(relief.size())), 12.0, 1e-9);
}

// Gaussian autocorrelation: C(l) / C(0) = 1/e at the correlation length.
// Estimated along x and y, averaged over 4 seeds. One realisation of M modes
// on a 50 l square spreads by ~0.03 (mode sampling ~ sqrt(0.5 / M), cross
// terms between modes ~ l / edge), so 4 seeds: ~0.015; tolerances 0.04 at l
// and 2 l (e^-4 = 0.018 shows the Gaussian shape), 0.02 at 0.3 l.
TEST(Microrelief, AutocorrelationFallsToOneOverEAtTheCorrelationLength) {
  SurfaceSpec spec = small_spec();
  spec.patch_mm = 7.5;
  spec.pixel_um = 15.0;
  spec.relief.mode_count = 1024;
  spec.relief.correlation_length_um = 150.0;
  double c_l = 0.0, c_2l = 0.0, c_03l = 0.0;
  constexpr int kSeeds = 4;
  for (int seed = 0; seed < kSeeds; ++seed) {
    const HeightMap z = generate_relief(spec, static_cast<std::uint64_t>(100 + seed));
    auto correlation = [&](int lag) {
      double c = 0.0, c0 = 0.0;
      for (int j = 0; j < z.ny - lag; ++j) {
        for (int i = 0; i < z.nx - lag; ++i) {
          c += z.at(i, j) * (z.at(i + lag, j) + z.at(i, j + lag));
          c0 += 2.0 * z.at(i, j) * z.at(i, j);
        }
      }
      return c / c0;
    };
    c_l += correlation(10) / kSeeds;
    c_2l += correlation(20) / kSeeds;
    c_03l += correlation(3) / kSeeds;
  }
  EXPECT_NEAR(c_l, std::exp(-1.0), 0.04);
  EXPECT_NEAR(c_2l, std::exp(-4.0), 0.04);
  EXPECT_NEAR(c_03l, std::exp(-0.09), 0.02);
}

TEST(Microrelief, ZeroSqGivesAFlatPatch) {
  SurfaceSpec spec = small_spec();
  spec.relief.sq_um = 0.0;
  const HeightMap z = generate_relief(spec, 1);
  for (double v : z.z_um) EXPECT_EQ(v, 0.0);
}

TEST(FineLines, AreGroovesOfTheGivenDepthAndSpacing) {
  SurfaceSpec spec = small_spec();
  spec.pixel_um = 10.0;
  spec.relief.sq_um = 0.0;
  spec.fine_lines.enabled = true;
  spec.fine_lines.depth_um = 40.0;
  spec.fine_lines.width_um = 200.0;
  spec.fine_lines.spacing_um = 1000.0;
  EXPECT_EQ(generate_relief(spec, 9).z_um,
            std::vector<double>(generate_relief(spec, 9).size(), 0.0))
      << "the lines are kept apart from the relief";
  const HeightMap z = generate_lines(spec, 9);
  double lowest = 0.0;
  int grooved = 0;
  for (double v : z.z_um) {
    lowest = std::min(lowest, v);
    if (v < 0.0) ++grooved;
  }
  EXPECT_NEAR(lowest, -40.0, 0.5);
  // Grooves cover width / spacing of the area.
  EXPECT_NEAR(static_cast<double>(grooved) / static_cast<double>(z.size()), 0.2, 0.02);
}

TEST(Compose, AddsLesionsToTheReliefScaledAndDeepestWinsWhereTheyOverlap) {
  SiteSurface s;
  s.relief = HeightMap(100, 100, 20.0, 3.0);
  PlacedLesion a;
  a.kind = LesionKind::boxcar;
  a.x_um = 1000.0;
  a.y_um = 1000.0;
  a.width_um = 1200.0;
  a.depth_um = 100.0;
  PlacedLesion b = a;
  b.x_um = 1300.0;
  b.depth_um = 60.0;
  s.lesions = {a, b};
  const std::vector<double> scale = {1.0, 1.0};
  const HeightMap z = compose(s, scale);
  for (int j = 0; j < z.ny; ++j) {
    for (int i = 0; i < z.nx; ++i) {
      const double x = (i + 0.5) * 20.0, y = (j + 0.5) * 20.0;
      const double da = lesion_depth_at_um(a, s.shape, x, y);
      const double db = lesion_depth_at_um(b, s.shape, x, y);
      ASSERT_DOUBLE_EQ(z.at(i, j), 3.0 - std::max(da, db));
    }
  }
  const std::vector<double> half = {0.5, 0.0};
  const HeightMap h = compose(s, half);
  EXPECT_NEAR(h.at(49, 49), 3.0 - 0.5 * lesion_depth_at_um(a, s.shape, 990.0, 990.0), 1e-12);
  EXPECT_DOUBLE_EQ(h.at(80, 49), 3.0);  // b filled, outside a
}

TEST(Compose, StriaIsACapsuleOfItsLengthAndWidth) {
  SiteSurface s;
  s.relief = HeightMap(200, 200, 25.0);
  PlacedLesion st;
  st.kind = LesionKind::striae;
  st.x_um = 2500.0;
  st.y_um = 2500.0;
  st.width_um = 1000.0;
  st.length_um = 4000.0;
  st.depth_um = 80.0;
  st.angle_rad = 0.5 * units::pi;  // along y
  s.lesions = {st};
  const HeightMap z = compose(s);
  EXPECT_NEAR(z.at(99, 99), -80.0 * 0.5 * (1 + std::cos(units::pi * 12.5 / 500.0)), 1e-9);
  EXPECT_LT(z.at(99, 99 + 60), 0.0);  // 1.5 mm along the axis: inside
  EXPECT_EQ(z.at(99, 99 + 82), 0.0);  // 2.06 mm along: past the rounded end
  EXPECT_EQ(z.at(99 + 21, 99), 0.0);  // 0.54 mm across: outside
  const std::vector<std::size_t> fp = lesion_footprint(s, 0);
  // Area of the capsule: 3 mm x 1 mm + pi 0.5^2 mm^2 = 3.785 mm^2 = 6057 pixels.
  EXPECT_NEAR(static_cast<double>(fp.size()), 3.785e6 / 625.0, 60.0);
}

TEST(Compose, FootprintIsThePixelsInsideTheRim) {
  SiteSurface s;
  s.relief = HeightMap(100, 100, 10.0);
  PlacedLesion p;
  p.kind = LesionKind::icepick;
  p.x_um = 500.0;
  p.y_um = 500.0;
  p.width_um = 400.0;
  p.depth_um = 300.0;
  s.lesions = {p};
  const std::vector<std::size_t> fp = lesion_footprint(s, 0);
  EXPECT_NEAR(static_cast<double>(fp.size()), units::pi * 200.0 * 200.0 / 100.0, 20.0);
  const HeightMap z = compose(s);
  std::size_t below = 0;
  for (double v : z.z_um) below += v < 0.0;
  EXPECT_EQ(below, fp.size());
}

// The end-to-end use: a site, its surface, the mean depth measured, filled by half.
TEST(GenerateSurface, MeasuredDepthFollowsTheDepthScale) {
  Site site;
  site.area_cm2 = 10.0;
  site.scars = {scars(ScarType::boxcar, 60, 300.0, 1500.0)};
  SurfaceSpec spec = small_spec();
  spec.relief.sq_um = 0.0;
  const SiteSurface s = generate_surface(site, shape(), spec, 4);
  const std::vector<double> full(s.lesions.size(), 1.0);
  const std::vector<double> half(s.lesions.size(), 0.5);
  const double d1 = mean_scar_depth_um(measure_lesions(compose(s, full), s));
  const double d05 = mean_scar_depth_um(measure_lesions(compose(s, half), s));
  EXPECT_NEAR(d1, 300.0, 3.0);
  EXPECT_NEAR(d05, 150.0, 1.5);
}

}  // namespace
}  // namespace citsim

namespace citsim {
namespace {

TEST(Pores, AreDrawnAtTheirDensityAndFadeFromViewAsTheyTighten) {
  SurfaceSpec spec;
  spec.patch_mm = 10.0;
  spec.pixel_um = 25.0;
  spec.relief.sq_um = 0.0;
  spec.pores = PoreParams{.enabled = true,
                          .indications = {},
                          .per_cm2 = 60.0,
                          .diameter_um = 200.0,
                          .depth_um = 60.0,
                          .depth_cv = 0.3,
                          .visible_depth_um = 20.0};
  Site site;
  site.zone = Zone::cheek;
  site.area_cm2 = 10.0;
  const SiteSurface s = generate_surface(site, LesionShape{}, spec, 3);
  EXPECT_EQ(s.pores.size(), 60u);  // 60 per cm2 on 1 cm2
  EXPECT_EQ(generate_pores(spec, 3).size(), s.pores.size());
  // The deepest pit on the map is the deepest pore (to a pixel's sampling).
  double deepest = 0.0;
  for (const PlacedPore& p : s.pores) deepest = std::max(deepest, p.depth_um);
  double lowest = 0.0;
  for (double z : s.pore_map.z_um) lowest = std::min(lowest, z);
  EXPECT_LE(-lowest, deepest + 1e-9);
  EXPECT_GT(-lowest, 0.8 * deepest);
  // Tightening: smaller and fewer visible pores, none at all when flat.
  const PoreMeasure before = measure_pores(s, 1.0);
  EXPECT_NEAR(before.visible_per_cm2, 60.0, 1e-9);
  double last_size = before.visible_diameter_um, last_count = before.visible_per_cm2;
  for (double scale : {0.8, 0.6, 0.4}) {
    const PoreMeasure m = measure_pores(s, scale);
    EXPECT_LT(m.visible_diameter_um, last_size) << scale;
    EXPECT_LE(m.visible_per_cm2, last_count) << scale;
    last_size = m.visible_diameter_um;
    last_count = m.visible_per_cm2;
  }
  EXPECT_LT(last_count, 60.0);
  EXPECT_EQ(measure_pores(s, 0.0).visible_per_cm2, 0.0);
  EXPECT_EQ(measure_pores(s, 0.0).visible_diameter_um, 0.0);
}

}  // namespace
}  // namespace citsim
