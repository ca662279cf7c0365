// Each grade of the Goodman & Baron estimate fires on a case built for it, and
// its neighbours (one threshold either side) do not.
#include "citsim/surface/grade.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "citsim/surface/generate.hpp"
#include "citsim/surface/metrics.hpp"

namespace citsim {
namespace {

// Thresholds of data/surface/surface.toml, written out so the cases below sit
// on known sides of them.
GradeThresholds thresholds() {
  GradeThresholds t;
  t.contour_depth_um = 50.0;
  t.obvious_depth_um = 250.0;
  t.obvious_area_fraction = 0.02;
  t.deep_boxcar_depth_um = 500.0;
  return t;
}

struct Lesion {
  LesionKind kind;
  double depth_um;
  double area_mm2;
};

/// A 10 mm x 10 mm patch (100 mm^2) and its measures, one per lesion.
struct Case {
  SiteSurface surface;
  std::vector<ScarMeasure> measures;
};

Case make_case(const std::vector<Lesion>& lesions) {
  Case c;
  c.surface.relief = HeightMap(400, 400, 25.0);
  for (std::size_t k = 0; k < lesions.size(); ++k) {
    PlacedLesion p;
    p.kind = lesions[k].kind;
    p.depth_um = lesions[k].depth_um;
    c.surface.lesions.push_back(p);
    ScarMeasure m;
    m.lesion = k;
    m.kind = lesions[k].kind;
    m.depth_um = lesions[k].depth_um;
    m.area_mm2 = lesions[k].area_mm2;
    c.measures.push_back(m);
  }
  return c;
}

ScarGrade grade(const std::vector<Lesion>& lesions) {
  const Case c = make_case(lesions);
  return estimate_goodman_baron_grade(c.surface, c.measures, thresholds());
}

TEST(GoodmanBaronGrade, NoScarIsGradeZero) {
  EXPECT_EQ(grade({}).grade, 0);
  const ScarGrade striae = grade({{LesionKind::striae, 300.0, 20.0}});
  EXPECT_EQ(striae.grade, 0);
  EXPECT_NE(striae.reason.find("striae"), std::string::npos) << striae.reason;
}

TEST(GoodmanBaronGrade, MacularWhenEveryScarIsShallowerThanAContourDefect) {
  const ScarGrade g = grade({{LesionKind::boxcar, 49.0, 3.0}, {LesionKind::rolling, 30.0, 10.0}});
  EXPECT_EQ(g.grade, 1);
  EXPECT_EQ(g.reason.rfind("macular: ", 0), 0u) << g.reason;
  // Neighbour: one scar at the contour threshold is no longer macular.
  EXPECT_EQ(grade({{LesionKind::boxcar, 50.0, 3.0}, {LesionKind::rolling, 30.0, 10.0}}).grade, 2);
}

TEST(GoodmanBaronGrade, MildWhenNothingIsObviousOrTheObviousLoadIsSmall) {
  // Contour defects, none obvious, even covering much of the patch.
  EXPECT_EQ(grade({{LesionKind::rolling, 249.0, 30.0}}).grade, 2);
  // Obvious and rigid, but 1.9 % of the patch: mild.
  const ScarGrade g = grade({{LesionKind::icepick, 600.0, 1.9}});
  EXPECT_EQ(g.grade, 2);
  EXPECT_NE(g.reason.find("1.9 %"), std::string::npos) << g.reason;
  // Neighbours: at the load threshold the grade rises (3 for rolling, 4 for icepick).
  EXPECT_EQ(grade({{LesionKind::rolling, 250.0, 2.0}}).grade, 3);
  EXPECT_EQ(grade({{LesionKind::icepick, 600.0, 2.0}}).grade, 4);
  // Shallow scars do not count towards the obvious load.
  EXPECT_EQ(grade({{LesionKind::rolling, 260.0, 1.0}, {LesionKind::rolling, 200.0, 40.0}}).grade,
            2);
}

TEST(GoodmanBaronGrade, ModerateWhenObviousScarsAllFlattenUnderStretch) {
  const ScarGrade g = grade({{LesionKind::rolling, 300.0, 3.0}, {LesionKind::boxcar, 499.0, 1.0}});
  EXPECT_EQ(g.grade, 3);
  EXPECT_EQ(g.reason.rfind("moderate: ", 0), 0u) << g.reason;
  // Neighbours: the boxcar at the deep-boxcar threshold makes it severe; less load, mild.
  EXPECT_EQ(grade({{LesionKind::rolling, 300.0, 3.0}, {LesionKind::boxcar, 500.0, 1.0}}).grade, 4);
  EXPECT_EQ(grade({{LesionKind::rolling, 300.0, 1.0}, {LesionKind::boxcar, 499.0, 0.5}}).grade, 2);
}

TEST(GoodmanBaronGrade, SevereWhenAnObviousScarDoesNotFlatten) {
  const ScarGrade g = grade({{LesionKind::icepick, 400.0, 0.5}, {LesionKind::rolling, 300.0, 4.0}});
  EXPECT_EQ(g.grade, 4);
  EXPECT_EQ(g.reason.rfind("severe: ", 0), 0u) << g.reason;
  EXPECT_NE(g.reason.find("1 of them"), std::string::npos) << g.reason;
  // Neighbour: the same icepick below the obvious depth leaves the rolling scar: moderate.
  EXPECT_EQ(grade({{LesionKind::icepick, 240.0, 0.5}, {LesionKind::rolling, 300.0, 4.0}}).grade, 3);
}

// Through the whole chain: a severe boxcar site graded from its measured
// height map, and filling the scars never raises the grade.
TEST(GoodmanBaronGrade, FollowsTheMeasuredDepthAsScarsFill) {
  Site site;
  site.area_cm2 = 10.0;
  ScarGroup boxcar;
  boxcar.type = ScarType::boxcar;
  boxcar.count = 80;
  boxcar.depth_um = 600.0;
  boxcar.width_um = 2000.0;
  site.scars = {boxcar};
  SurfaceSpec spec;
  spec.relief.sq_um = 10.0;
  const SiteSurface s = generate_surface(site, LesionShape{}, spec, 17);
  int previous = 5;
  std::vector<int> grades;
  for (double scale : {1.0, 0.7, 0.3, 0.05}) {
    const std::vector<double> scales(s.lesions.size(), scale);
    const HeightMap map = compose(s, scales);
    const ScarGrade g = estimate_goodman_baron_grade(s, measure_lesions(map, s), thresholds());
    EXPECT_LE(g.grade, previous) << "scale " << scale << ": " << g.reason;
    previous = g.grade;
    grades.push_back(g.grade);
  }
  EXPECT_EQ(grades.front(), 4);  // 8 boxcars 600 um deep on 25 % of the patch
  EXPECT_EQ(grades[1], 3);       // ~420 um: obvious, shallow boxcar
  EXPECT_EQ(grades[2], 2);       // ~180 um: not obvious
}

}  // namespace
}  // namespace citsim

namespace citsim {
namespace {

TEST(LemperleGrade, FollowsTheWrittenRule) {
  const GradeThresholds t;  // 20 um perceptible, 200 um a grade
  EXPECT_EQ(estimate_lemperle_grade(10.0, t), 0);
  EXPECT_EQ(estimate_lemperle_grade(150.0, t), 1);  // the published anchor: grade 1 < 0.2 mm
  EXPECT_EQ(estimate_lemperle_grade(250.0, t), 2);
  EXPECT_EQ(estimate_lemperle_grade(650.0, t), 4);
  EXPECT_EQ(estimate_lemperle_grade(5000.0, t), 5);
  EXPECT_EQ(lemperle_grade_name(1), "just perceptible");
  EXPECT_EQ(lemperle_grade_name(5), "very deep");
}

}  // namespace
}  // namespace citsim
