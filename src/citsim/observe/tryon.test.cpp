#include "citsim/observe/tryon.hpp"

#include <algorithm>
#include <cmath>

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

TryonModel acne_model(const FilterSpec& filter) {
  Roller roller;
  roller.needles.length_um = 1500.0;
  roller.drum_diameter_um = 20000.0;
  SurfaceSpec spec;
  spec.patch_mm = 12.0;
  spec.pixel_um = 40.0;
  return make_tryon_model(acne_site(), LesionShape{}, spec, filter, roller, roller_data(),
                          ScarResponseParams{.fill_per_gain = 3.0, .skin_indent_um = 100.0}, 11);
}

TEST(Tryon, StateAgreesWithMeasuringTheComposedMap) {
  const FilterSpec filter{.s_cutoff_um = 80.0, .l_cutoff_um = 0.0};
  const TryonModel model = acne_model(filter);
  ASSERT_FALSE(model.surface.lesions.empty());
  for (double gain : {0.0, 0.1, 0.3}) {
    const HeightMap map = surface_at(model, gain);
    const SurfaceState s = surface_state(model, gain);
    EXPECT_NEAR(s.scar_depth_um, mean_scar_depth_um(measure_lesions(map, model.surface)), 1e-6)
        << gain;
    EXPECT_NEAR(s.sa_um, areal_parameters(map, filter).sa_um, 1e-6 * s.sa_um + 1e-9) << gain;
  }
}

TEST(Tryon, ScarsGetShallowerAndSmootherAsCollagenIsGained) {
  const TryonModel model = acne_model({});
  const SurfaceState before = surface_state(model, 0.0);
  EXPECT_DOUBLE_EQ(before.scar_depth_change_pct, 0.0);
  double last_depth = before.scar_depth_um;
  double last_sa = before.sa_um;
  for (double gain : {0.05, 0.1, 0.2, 0.4}) {
    const SurfaceState s = surface_state(model, gain);
    EXPECT_LT(s.scar_depth_um, last_depth) << gain;
    EXPECT_LT(s.sa_um, last_sa) << gain;
    last_depth = s.scar_depth_um;
    last_sa = s.sa_um;
  }
  // No gain, no change; a loss of collagen does not deepen scars below day 0.
  EXPECT_DOUBLE_EQ(surface_state(model, -0.1).scar_depth_um, before.scar_depth_um);
}

TEST(Tryon, IcepickScarsImproveLeast) {
  const TryonModel model = acne_model({});
  const std::vector<double> before = lesion_depths_um(model, 0.0);
  const std::vector<double> after = lesion_depths_um(model, 0.25);
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
