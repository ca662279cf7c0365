// Reads the skin-surface parameters, data/surface/surface.toml: the generated
// patch and its microrelief, the metric filters, the lesion measures, the
// grade thresholds and how scars are found on a measured scan.
//
//   SurfaceData data = read_surface_data(find_data_dir());
//   SiteSurface s = generate_surface(site, atlas.lesion_shape, data.spec, seed);
//   ArealParams texture = areal_parameters(compose(s), data.texture_filter);
//   ScarGrade g = estimate_goodman_baron_grade(s, measure_lesions(compose(s), s), data.grade);
#pragma once

#include <filesystem>

#include "citsim/surface/generate.hpp"
#include "citsim/surface/grade.hpp"
#include "citsim/surface/metrics.hpp"
#include "citsim/surface/scan_lesions.hpp"

namespace citsim {

struct SurfaceData {
  SurfaceSpec spec;                   ///< [patch], [microrelief], [fine_lines]
  FilterSpec texture_filter;          ///< [filters.texture]: skin texture apart from scars
  FilterSpec contour_filter;          ///< [filters.contour]: the whole contour, scars included
  double profile_cutoff_um = 2500.0;  ///< [profile] lambda_c of Ra and Rz
  LesionMeasureSpec measures;         ///< [measures]
  GradeThresholds grade;              ///< [grade]
  ScanLesionSpec scan_lesions;        ///< [scan_lesions]: scars found on a measured scan
  /// [typical_striae]: drawn for a site treated for striae whose case gives
  /// none (count = per_100cm2 x area / 100), labelled as typical, not measured.
  StriaeGroup typical_striae;
  double typical_striae_per_100cm2 = 10.0;
};

/// Reads `data_dir`/surface/surface.toml (see read_surface_data_file).
SurfaceData read_surface_data(const std::filesystem::path& data_dir);

/// Reads and validates `file`. Every quantity is { value, unit, source } with
/// an optional range; a missing, mistyped, out-of-range or unknown entry, a
/// wrong unit or an empty source throws Error with one line naming the file,
/// the key, the value and what is allowed.
SurfaceData read_surface_data_file(const std::filesystem::path& file);

}  // namespace citsim
