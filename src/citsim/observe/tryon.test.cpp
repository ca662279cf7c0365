#include "citsim/observe/tryon.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <gtest/gtest.h>

namespace citsim {
namespace {

// The contract's acne-scar case: rolling, boxcar and icepick groups on the
// cheek, a 192-needle 1.5 mm roller with a 20 mm drum.
Site acne_site() {
  Site site;
  site.zone = Zone::cheek;
  site.area_cm2 = 10.0;  // the 1.44 cm2 patch holds one scar of each type
  site.scars = {{ScarType::rolling, 10, 350.0, 4000.0},
                {ScarType::boxcar, 6, 300.0, 2500.0},
                {ScarType::icepick, 4, 600.0, 1000.0}};
  return site;
}

DeviceData roller_data() {
  DeviceData data;
  data.roller = PenetrationRange{.fraction_min = 0.4,
                                 .fraction_mode = 0.5,
                                 .fraction_max = 0.6,
                                 .channel_cv = 0.1,
                                 .source = ""};
  return data;
}

/// The visible state of a lasting lift `gain` (no session yet, no texture change).
VisibleChange lift(double gain) { return VisibleChange{.day = 0.0, .matrix_lift = gain}; }

TryonModel acne_model(const FilterSpec& filter) {
  Roller roller;
  roller.needles.length_um = 1500.0;
  roller.drum_diameter_um = 20000.0;
  SurfaceSpec spec;
  spec.patch_mm = 12.0;
  spec.pixel_um = 40.0;
  return make_tryon_model(
      acne_site(), LesionShape{}, spec, filter, roller, roller_data(),
      ScarResponseParams{.fill_per_gain = 3.0, .skin_indent_um = 100.0, .visible = VisibleParams{}},
      11);
}

TEST(Tryon, StateAgreesWithMeasuringTheComposedMap) {
  const FilterSpec filter{.s_cutoff_um = 80.0, .l_cutoff_um = 0.0};
  const TryonModel model = acne_model(filter);
  ASSERT_FALSE(model.surface.lesions.empty());
  for (double gain : {0.0, 0.1, 0.3}) {
    const HeightMap map = surface_at(model, lift(gain));
    const SurfaceState s = surface_state(model, lift(gain));
    EXPECT_NEAR(s.scar_depth_um, mean_scar_depth_um(measure_lesions(map, model.surface)), 1e-6)
        << gain;
    EXPECT_NEAR(s.sa_um, areal_parameters(map, filter).sa_um, 1e-6 * s.sa_um + 1e-9) << gain;
  }
}

TEST(Tryon, ScarsGetShallowerAndSmootherAsCollagenIsGained) {
  const TryonModel model = acne_model({});
  const SurfaceState before = surface_state(model, lift(0.0));
  EXPECT_DOUBLE_EQ(before.scar_depth_change_pct, 0.0);
  double last_depth = before.scar_depth_um;
  double last_sa = before.sa_um;
  for (double gain : {0.05, 0.1, 0.2, 0.4}) {
    const SurfaceState s = surface_state(model, lift(gain));
    EXPECT_LT(s.scar_depth_um, last_depth) << gain;
    EXPECT_LT(s.sa_um, last_sa) << gain;
    last_depth = s.scar_depth_um;
    last_sa = s.sa_um;
  }
  // No gain, no change; a loss of collagen does not deepen scars below day 0.
  EXPECT_DOUBLE_EQ(surface_state(model, lift(-0.1)).scar_depth_um, before.scar_depth_um);
}

TEST(Tryon, IcepickScarsImproveLeast) {
  const TryonModel model = acne_model({});
  const std::vector<double> before = lesion_depths_um(model, lift(0.0));
  const std::vector<double> after = lesion_depths_um(model, lift(0.25));
  double worst_other = 0.0, best_icepick = 1.0;
  for (std::size_t k = 0; k < before.size(); ++k) {
    const double kept = after[k] / before[k];
    if (model.surface.lesions[k].kind == LesionKind::icepick) {
      best_icepick = std::min(best_icepick, 1.0 - kept);
    } else {
      worst_other = std::max(worst_other, kept);
    }
  }
  // Every rolling and boxcar scar kept less of its depth than any icepick lost... i.e.
  // the least-improved non-icepick scar still improved more than the best icepick.
  EXPECT_GT(1.0 - worst_other, best_icepick);
}

// Response by scar type after a course, in the order clinical series report
// for needling alone: rolling best (the needles cut the tethers that pull it
// down), boxcar less, icepick least (von Dalwig-Nolda DF, Ablon G 2020
// J Clin Aesthet Dermatol 13(8):17-22: rolling scars improved most; Dogra S
// et al 2014 J Cosmet Dermatol 13(3):180-187: icepick scars least).
TEST(Tryon, ScarTypesRespondRollingThenBoxcarThenIcepick) {
  TryonModel model = acne_model({});
  model.session_days = {0, 30, 60, 90, 120};
  const VisibleChange after{.day = 300.0, .matrix_lift = 0.2};
  const std::vector<double> before = lesion_depths_um(model, lift(0.0));
  const std::vector<double> now = lesion_depths_um(model, after);
  std::map<LesionKind, double> gain;
  for (std::size_t k = 0; k < before.size(); ++k) {
    gain[model.surface.lesions[k].kind] = 1.0 - now[k] / before[k];
  }
  ASSERT_EQ(gain.size(), 3u);
  EXPECT_GT(gain[LesionKind::rolling], gain[LesionKind::boxcar]);
  EXPECT_GT(gain[LesionKind::boxcar], gain[LesionKind::icepick]);
  // Without sessions no tether is cut: rolling falls back towards boxcar.
  model.session_days.clear();
  const std::vector<double> uncut = lesion_depths_um(model, after);
  for (std::size_t k = 0; k < before.size(); ++k) {
    if (model.surface.lesions[k].kind == LesionKind::rolling)
      EXPECT_GT(uncut[k], now[k]);
    else
      EXPECT_DOUBLE_EQ(uncut[k], now[k]);
  }
}

TryonModel lines_model() {
  Roller roller;
  roller.needles.length_um = 1500.0;
  roller.drum_diameter_um = 20000.0;
  SurfaceSpec spec;
  spec.patch_mm = 8.0;
  spec.pixel_um = 40.0;
  spec.fine_lines = FineLineParams{.enabled = true,
                                   .indications = {},
                                   .depth_um = 120.0,
                                   .width_um = 400.0,
                                   .spacing_um = 2000.0};
  Site site;
  site.zone = Zone::cheek;
  site.area_cm2 = 10.0;
  return make_tryon_model(site, LesionShape{}, spec, FilterSpec{}, roller, roller_data(),
                          ScarResponseParams{}, 5);
}

TEST(Tryon, LinesGetShallowerWithTheLiftAndTheReliefWithTheEpidermis) {
  const TryonModel model = lines_model();
  ASSERT_TRUE(model.has_lines());
  ASSERT_FALSE(model.has_lesions());
  const SurfaceState before = surface_state(model, lift(0.0));
  EXPECT_DOUBLE_EQ(before.wrinkle_depth_um, 120.0);
  const SurfaceState lifted = surface_state(model, lift(0.2));
  EXPECT_LT(lifted.wrinkle_depth_um, before.wrinkle_depth_um);
  EXPECT_LT(lifted.wrinkle_depth_change_pct, 0.0);
  EXPECT_LT(lifted.sa_um, before.sa_um);
  // The epidermis smooths the relief, not the lines.
  const SurfaceState smoothed =
      surface_state(model, VisibleChange{.day = 0.0, .matrix_lift = 0.0, .epidermal_gain = 0.1});
  EXPECT_DOUBLE_EQ(smoothed.wrinkle_depth_um, before.wrinkle_depth_um);
  EXPECT_LT(smoothed.sa_um, before.sa_um);
  // The state agrees with the composed map.
  const HeightMap map = surface_at(model, lift(0.2));
  EXPECT_NEAR(lifted.sa_um, areal_parameters(map, FilterSpec{}).sa_um, 1e-6 * lifted.sa_um);
}

TEST(Tryon, ContactFollowsTheDevice) {
  DeviceData data = roller_data();
  Stamp stamp;
  stamp.plate_area_um2 = 25.0e6;
  EXPECT_DOUBLE_EQ(device_contact(stamp, data, 0.0).flat_width_um, 5000.0);
  Roller roller;
  roller.drum_diameter_um = 30000.0;
  EXPECT_DOUBLE_EQ(device_contact(roller, data, 0.0).drum_radius_um, 15000.0);
}

}  // namespace
}  // namespace citsim
