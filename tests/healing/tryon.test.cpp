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
  // fill_per_gain is fitted to -44.6 % at day 150 (Dogra 2014) on the same
  // course over every scar type (examples/trials/dogra2014-roller-acne-scars.toml);
  // this patch holds one rolling scar, the type that improves most.
  const double day150 = at_day(course.rows, s, 150.0, &SurfaceState::scar_depth_change_pct);
  EXPECT_LT(day150, -44.6);
  EXPECT_GT(day150, -70.0);
}

// Clinical series report the order rolling > boxcar > icepick for needling
// alone (von Dalwig-Nolda DF, Ablon G 2020 J Clin Aesthet Dermatol
// 13(8):17-22: rolling scars improved most, 1.06 against 0.91 Goodman and
// Baron grades for all scars; Dogra S et al. 2014 J Cosmet Dermatol
// 13(3):180-187: icepick scars least), with a spread of tens of percent
// between the best and the worst type, not a factor of ten.
TEST(Tryon, ScarTypesRespondInThePublishedOrderOnTheAcneCase) {
  const Course course = acne_course(0.0, 5.0);
  const std::vector<VisibleChange> v = visible_course(course.rows, course.model.response.visible);
  const std::vector<double> before = lesion_depths_um(course.model, VisibleChange{});
  const std::vector<double> after = lesion_depths_um(course.model, v.back());
  std::map<LesionKind, double> b, a;
  for (std::size_t k = 0; k < before.size(); ++k) {
    b[course.model.surface.lesions[k].kind] += before[k];
    a[course.model.surface.lesions[k].kind] += after[k];
  }
  ASSERT_EQ(b.size(), 3u);  // rolling, boxcar and icepick all on the patch
  const auto improved = [&](LesionKind k) { return 1.0 - a[k] / b[k]; };
  EXPECT_GT(improved(LesionKind::rolling), improved(LesionKind::boxcar));
  EXPECT_GT(improved(LesionKind::boxcar), improved(LesionKind::icepick));
  EXPECT_GT(improved(LesionKind::icepick), 0.0);  // but they improve too
  EXPECT_LT(improved(LesionKind::rolling), 3.0 * improved(LesionKind::icepick));
}

// The visible improvement keeps growing for months after the course: Alam M
// et al. 2014 JAMA Dermatol 150(8):844-849 (three roller sessions two weeks
// apart) report a scar score 2.4 lower at 3 months and 3.4 lower at 6 months
// after the course. The model is fitted to that ratio (1.42); the test asks
// that 6 months clearly exceed 3 months, and that the collagen itself has
// levelled off by then (the growth is the remodelling, not new synthesis).
TEST(Tryon, ImprovementAtSixMonthsClearlyExceedsThatAtThree) {
  const Case c = test::example_case("trials/alam2014-roller-acne-scars");
  const std::vector<ObservableRow> rows = test::run_rows(course_spec(c, test::model_data()));
  const TryonModel model = tryon_model(c, test::model_data(), tryon_data());
  const std::vector<SurfaceState> s = surface_series(model, rows);
  const double last_session = 28.0;
  const double at3 = at_day(rows, s, last_session + 91.0, &SurfaceState::scar_depth_change_pct);
  const double at6 = at_day(rows, s, last_session + 182.0, &SurfaceState::scar_depth_change_pct);
  EXPECT_LT(at3, 0.0);
  EXPECT_LT(at6, 1.2 * at3) << "3 months " << at3 << " %, 6 months " << at6 << " %";
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
