// The try-on on the contract's acne-scar case: the scars the engine's
// remodelling fills, as issue "Try-on" asks: scar depth and roughness fall
// over the course, icepick scars improve least; and a needle too short to
// reach the scars' floors does far less.
#include <algorithm>
#include <cmath>
#include <map>

#include <gtest/gtest.h>

#include "citsim/pipeline/tryon.hpp"
#include "tests/healing/fixtures.hpp"

namespace citsim {
namespace {

const TryonData& tryon_data() {
  static const TryonData data = read_tryon_data(CITSIM_TEST_DATA_DIR);
  return data;
}

struct Course {
  std::vector<ObservableRow> rows;
  TryonModel model;
};

/// The acne example; `area_cm2` > 0 puts its scars on a smaller site, so that
/// the 1 cm2 try-on patch holds every scar type (the example's own 0.8 scars
/// per cm2 give it one).
Course acne_course(double needle_length_um = 0.0, double area_cm2 = 0.0) {
  Case c = test::example_case("roller-acne-scars");
  if (area_cm2 > 0.0) c.site.area_cm2 = area_cm2;
  if (needle_length_um > 0.0) std::get<Roller>(c.device).needles.length_um = needle_length_um;
  return {test::run_rows(course_spec(c, test::model_data())),
          tryon_model(c, test::model_data(), tryon_data())};
}

double at_day(const std::vector<ObservableRow>& rows, const std::vector<SurfaceState>& s,
              double day, double SurfaceState::*field) {
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].day >= day - 1e-9) return s[r].*field;
  }
  return s.back().*field;
}

TEST(Tryon, AcneScarDepthAndRoughnessFallOverTheCourse) {
  const Course course = acne_course();
  ASSERT_FALSE(course.model.surface.lesions.empty());
  const std::vector<SurfaceState> s = surface_series(course.model, course.rows);
  // Sessions at days 0, 30, ..., 120; follow-up to day 180.
  double last_depth = 0.0, last_sa = 0.0;
  for (double day : {29.0, 59.0, 89.0, 119.0, 150.0, 180.0}) {
    const double depth = at_day(course.rows, s, day, &SurfaceState::scar_depth_change_pct);
    const double sa = at_day(course.rows, s, day, &SurfaceState::roughness_sa_change_pct);
    EXPECT_LT(depth, last_depth) << "day " << day;
    EXPECT_LT(sa, last_sa) << "day " << day;
    last_depth = depth;
    last_sa = sa;
  }
  // fill_per_gain is fitted to -44.6 % at day 150 (Dogra 2014): the end is near it.
  EXPECT_NEAR(at_day(course.rows, s, 150.0, &SurfaceState::scar_depth_change_pct), -44.6, 3.0);
}

TEST(Tryon, IcepickScarsImproveLeastOnTheAcneCase) {
  const Course course = acne_course(0.0, 5.0);
  const double gain = course.rows.back()[Observable::collagen_change_pct] / 100.0;
  const std::vector<double> before = lesion_depths_um(course.model, 0.0);
  const std::vector<double> after = lesion_depths_um(course.model, gain);
  std::map<LesionKind, double> b, a;
  for (std::size_t k = 0; k < before.size(); ++k) {
    b[course.model.surface.lesions[k].kind] += before[k];
    a[course.model.surface.lesions[k].kind] += after[k];
  }
  ASSERT_EQ(b.size(), 3u);  // rolling, boxcar and icepick all on the patch
  const auto kept = [&](LesionKind k) { return a[k] / b[k]; };
  EXPECT_GT(kept(LesionKind::icepick), kept(LesionKind::boxcar));
  EXPECT_GT(kept(LesionKind::icepick), kept(LesionKind::rolling));
  EXPECT_LT(kept(LesionKind::icepick), 1.0);  // but they improve too
}

TEST(Tryon, AHomeRollerBarelyFillsTheScars) {
  // The same course with 0.25 mm needles: little dermal collagen, and little of
  // the scars' floors within reach.
  const Course medical = acne_course();
  const Course home = acne_course(250.0);
  const double medical_end =
      surface_series(medical.model, medical.rows).back().scar_depth_change_pct;
  const double home_end = surface_series(home.model, home.rows).back().scar_depth_change_pct;
  EXPECT_LT(medical_end, -20.0);
  EXPECT_GT(home_end, 0.25 * medical_end);  // less than a quarter of the fill
}

}  // namespace
}  // namespace citsim
