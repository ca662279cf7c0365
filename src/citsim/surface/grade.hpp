// An ESTIMATE of the Goodman & Baron qualitative global acne-scar grade
// (Goodman GJ, Baron JA. Postacne scarring: a qualitative global scarring
// grading system. Dermatol Surg 2006;32:1458-1466) from measured lesions.
//
//   std::vector<ScarMeasure> m = measure_lesions(compose(surface), surface);
//   ScarGrade g = estimate_goodman_baron_grade(surface, m, data.grade);
//   g.grade;   // 0..4       g.reason;  // why, in one sentence
//
// Goodman & Baron grade by eye: 1 macular (flat marks, a problem of colour not
// contour), 2 mild (atrophy not obvious at social distances of 50 cm or more,
// covered by make-up or beard shadow), 3 moderate (obvious at 50 cm, not
// easily covered, but flattened by manually stretching the skin), 4 severe
// (obvious at 50 cm and not flattened by stretching: punched-out "deep
// boxcar", icepick). The paper gives no numbers; this rule stands in for the
// eye with measurable quantities. Thresholds (GradeThresholds, read from
// data/surface/surface.toml, each marked there with its source or as a model
// choice):
//
//   Only scars are graded (icepick, boxcar, rolling); striae are not acne scars.
//   0  (outside the scale) no scar on the patch.
//   1  macular   every scar shallower than contour_depth_um: no contour defect.
//   Obvious scars O: depth >= obvious_depth_um. Obvious load: the summed
//   footprint area of O over the patch area.
//   2  mild      otherwise, when O is empty or its load < obvious_area_fraction.
//   4  severe    otherwise, when O holds a scar that does not flatten under
//                stretch: an icepick, or a boxcar at least deep_boxcar_depth_um
//                deep (Jacob 2001: deep boxcar >= 0.5 mm). Rolling scars and
//                shallower boxcars flatten (Goodman & Baron list "shallow
//                boxcar" under grade 3).
//   3  moderate  otherwise.
//
// The depths are those measured on the current height map (so the grade
// follows remodelling); kinds and footprints come from the surface.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "citsim/surface/generate.hpp"
#include "citsim/surface/metrics.hpp"

namespace citsim {

struct GradeThresholds {
  double contour_depth_um = 50.0;       ///< > 0; below: no contour defect (macular)
  double obvious_depth_um = 250.0;      ///< >= contour_depth_um; obvious at 50 cm
  double obvious_area_fraction = 0.02;  ///< 0..1; obvious scars' share of the patch
  double deep_boxcar_depth_um = 500.0;  ///< boxcars this deep do not flatten under stretch
  /// Lemperle wrinkle grade estimate: lines shallower than this are grade 0
  /// (within the depth of the normal skin lines)...
  double lemperle_perceptible_depth_um = 20.0;
  /// ...then one grade per this much depth, grade 1 below it, at most 5.
  double lemperle_grade_step_um = 200.0;
};

/// The Lemperle grade (0..5) of a line `depth_um` deep: 0 below the
/// perceptible depth, else 1 + floor(depth / step), at most 5 (the rule and
/// its one published anchor in docs/surface.md).
int estimate_lemperle_grade(double depth_um, const GradeThresholds& thresholds);

/// "no wrinkles", "just perceptible", "shallow", "moderately deep", "deep",
/// "very deep" for 0..5.
std::string_view lemperle_grade_name(int grade);

struct ScarGrade {
  int grade = 0;       ///< 0 (no scar) .. 4
  std::string reason;  ///< one sentence: which rule fired and the numbers
};

/// "none", "macular", "mild", "moderate", "severe" for 0..4.
std::string_view goodman_baron_grade_name(int grade);

/// The grade of the scars of `surface`, measured as `measures` (one per lesion,
/// as measure_lesions returns them).
ScarGrade estimate_goodman_baron_grade(const SiteSurface& surface,
                                       std::span<const ScarMeasure> measures,
                                       const GradeThresholds& thresholds);

}  // namespace citsim
