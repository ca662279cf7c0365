// The Goodman & Baron grade estimate: the rule of grade.hpp, in order.
#include "citsim/surface/grade.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "citsim/core/error.hpp"
#include "citsim/core/units.hpp"

namespace citsim {
namespace {

std::string fmt_um(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.0f um", x);
  return buffer;
}

std::string fmt_percent(double fraction) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f %%", 100.0 * fraction);
  return buffer;
}

bool flattens_under_stretch(LesionKind kind, double depth_um, const GradeThresholds& t) {
  switch (kind) {
    case LesionKind::rolling:
      return true;
    case LesionKind::boxcar:
      return depth_um < t.deep_boxcar_depth_um;
    case LesionKind::icepick:
      return false;
    case LesionKind::striae:
      return true;  // not graded; see the header
  }
  return true;
}

ScarGrade make(int grade, std::string reason) {
  ScarGrade g;
  g.grade = grade;
  g.reason = std::string(goodman_baron_grade_name(grade)) + ": " + reason;
  return g;
}

}  // namespace

std::string_view goodman_baron_grade_name(int grade) {
  switch (grade) {
    case 0:
      return "none";
    case 1:
      return "macular";
    case 2:
      return "mild";
    case 3:
      return "moderate";
    case 4:
      return "severe";
    default:
      return "?";
  }
}

ScarGrade estimate_goodman_baron_grade(const SiteSurface& surface,
                                       std::span<const ScarMeasure> measures,
                                       const GradeThresholds& t) {
  const HeightMap& map = surface.relief;
  const double patch_mm2 = units::um_to_mm(map.width_um()) * units::um_to_mm(map.height_um());
  int scars = 0;
  int striae = 0;
  double deepest_um = 0.0;
  int obvious = 0;
  int obvious_rigid = 0;
  double obvious_area_mm2 = 0.0;
  for (const ScarMeasure& m : measures) {
    CITSIM_ASSERT(m.lesion < surface.lesions.size(), "measure of a lesion of this surface");
    if (m.kind == LesionKind::striae) {
      ++striae;
      continue;
    }
    ++scars;
    deepest_um = std::max(deepest_um, m.depth_um);
    if (m.depth_um >= t.obvious_depth_um) {
      ++obvious;
      obvious_area_mm2 += m.area_mm2;
      if (!flattens_under_stretch(m.kind, m.depth_um, t)) ++obvious_rigid;
    }
  }
  const std::string n_scars = std::to_string(scars) + (scars == 1 ? " scar" : " scars");
  if (scars == 0) {
    return make(0,
                striae > 0
                    ? "the patch has striae but no acne scar; Goodman & Baron grade acne scars only"
                    : "no scar on the patch");
  }
  if (deepest_um < t.contour_depth_um) {
    return make(1, "the deepest of " + n_scars + " is " + fmt_um(deepest_um) + ", under the " +
                       fmt_um(t.contour_depth_um) + " of a contour defect");
  }
  const double load = obvious_area_mm2 / patch_mm2;
  const std::string obvious_text = std::to_string(obvious) + " of " + n_scars + " at least " +
                                   fmt_um(t.obvious_depth_um) + " deep";
  if (obvious == 0 || load < t.obvious_area_fraction) {
    return make(2, obvious_text + ", covering " + fmt_percent(load) +
                       " of the patch (obvious at 50 cm from " +
                       fmt_percent(t.obvious_area_fraction) + ")");
  }
  const std::string load_text = obvious_text + ", covering " + fmt_percent(load) + " of the patch";
  if (obvious_rigid > 0) {
    return make(4, load_text + "; " + std::to_string(obvious_rigid) +
                       " of them do not flatten under stretch (icepick, or boxcar at least " +
                       fmt_um(t.deep_boxcar_depth_um) + " deep)");
  }
  return make(3, load_text + "; all flatten under stretch (rolling, or boxcar under " +
                     fmt_um(t.deep_boxcar_depth_um) + " deep)");
}

int estimate_lemperle_grade(double depth_um, const GradeThresholds& t) {
  if (depth_um < t.lemperle_perceptible_depth_um) return 0;
  const int grade = 1 + static_cast<int>(std::floor(depth_um / t.lemperle_grade_step_um));
  return std::min(grade, 5);
}

std::string_view lemperle_grade_name(int grade) {
  static constexpr std::string_view kNames[] = {
      "no wrinkles", "just perceptible", "shallow", "moderately deep", "deep", "very deep"};
  return kNames[std::clamp(grade, 0, 5)];
}

}  // namespace citsim
