// The skin surface of a treated site drawn from its case: a square patch of
// normal microrelief with the site's scars and striae placed on it.
//
//   SurfaceSpec spec;                       // 10 mm patch, 25 um pixels
//   (data/surface/surface.toml) SiteSurface s = generate_surface(site, atlas.lesion_shape, spec,
//   seed); std::vector<double> scale(s.lesions.size(), 0.5);   // every lesion half filled
//   HeightMap now = compose(s, scale);      // relief + lesions at half depth
//
// The patch stands for the whole site: it holds the site's expected number
// of scars (each group's count x patch area / site area, summed) and of
// striae meeting it (Crofton: count x (a^2 + L 4a / pi) / site area for a
// patch of side a and striae of length L, uniform position and orientation),
// rounded, at least 1 when the site has any, shared out over the groups by
// largest remainder (lesions_in_patch): the grouping of the lesions in the
// case does not change the picture.
//
// The relief and the lesions are kept apart, so later stages can rescale each
// lesion's depth over time; `compose` adds them. Where lesions overlap the
// deeper one wins (the minimum), never the sum.
//
// A lesion may instead carry its depression as measured on a scan
// (MeasuredDepression, filled by split_scan of surface/scan_lesions.hpp): then
// its depth is that pixel by pixel, its footprint those pixels, and its
// centre and width (centroid, diameter of the disc of equal area) only
// describe it.
//
// Random numbers: CounterRng with RngPurpose::lesion_placement; the step
// separates the uses: step 0 placement (entity = lesion index), step 1 the
// relief modes (entity = mode index), step 2 the fine lines (entity 0).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "citsim/skin/scar.hpp"
#include "citsim/skin/site.hpp"
#include "citsim/surface/height_map.hpp"

namespace citsim {

/// Normal skin microrelief: a Gaussian random field with a Gaussian
/// autocorrelation C(r) = Sq^2 exp(-r^2 / l^2) (l = correlation_length_um, the
/// 1/e length), drawn as a sum of random-phase plane waves whose wave vectors
/// come from the matching spectrum (each component normal with standard
/// deviation sqrt(2) / l), those above the pixel Nyquist limit redrawn. The
/// realised field is shifted to mean 0 and scaled to Sq exactly.
struct MicroreliefParams {
  double sq_um = 15.0;                   ///< >= 0; RMS height of the relief
  double correlation_length_um = 150.0;  ///< > 0; 1/e autocorrelation length
  int mode_count = 256;                  ///< >= 1; plane waves summed
};

/// Optional fine lines: parallel shallow grooves, each with the profile
/// depth (1 + cos(2 pi u / width)) / 2 for |u| < width / 2 across it, their
/// direction and offset drawn from the RNG. Added after the relief is scaled,
/// so they add to its Sq.
struct FineLineParams {
  bool enabled = false;  ///< drawn on every site
  /// Drawn on sites treated for one of these (surface.toml: the
  /// rejuvenation indications, whose lines are what the patient watches).
  std::vector<std::string> indications;
  double depth_um = 50.0;      ///< >= 0
  double width_um = 200.0;     ///< > 0
  double spacing_um = 2000.0;  ///< > width_um; centre to centre
};

/// Optional pores: shallow pits (the cosine bowl of a depth-d pit of rim
/// diameter w: d (1 + cos(2 pi r / w)) / 2 for r < w / 2), placed uniformly at
/// `per_cm2`, each depth lognormal about `depth_um` with `depth_cv`; where two
/// overlap the deeper wins. A pore is visible where its depth exceeds
/// `visible_depth_um`.
struct PoreParams {
  bool enabled = false;
  /// Drawn on sites treated for one of these without scars or striae.
  std::vector<std::string> indications;
  double per_cm2 = 60.0;           ///< > 0
  double diameter_um = 200.0;      ///< > 0, rim
  double depth_um = 60.0;          ///< > 0, median
  double depth_cv = 0.3;           ///< >= 0
  double visible_depth_um = 20.0;  ///< >= 0
};

/// One pore on the patch.
struct PlacedPore {
  double x_um = 0.0, y_um = 0.0;
  double depth_um = 0.0;  ///< as drawn (scale 1)
};

struct SurfaceSpec {
  double patch_mm = 10.0;  ///< edge of the square patch, > 0
  double pixel_um = 25.0;  ///< > 0
  MicroreliefParams relief;
  FineLineParams fine_lines;
  PoreParams pores;
  int placement_tries = 200;  ///< >= 1; rejection-sampling tries per lesion
};

enum class LesionKind { icepick, boxcar, rolling, striae };

std::string_view to_string(LesionKind kind);
LesionKind lesion_kind(ScarType type);

/// A depression measured on a map `nx` pixels wide with pixels of `pixel_um`
/// (the relief's grid): depth_um[k] >= 0 below the surrounding level, at
/// depth_scale 1, at pixel pixels[k] (an index into relief.z_um). Pixels are
/// ascending (memory order) and distinct; empty for a generated lesion.
struct MeasuredDepression {
  int nx = 0;
  double pixel_um = 0.0;
  std::vector<std::size_t> pixels;
  std::vector<double> depth_um;  ///< one per pixel
};

/// One lesion on the patch. Scars are discs of rim diameter width_um centred
/// at (x_um, y_um); a stria is a capsule: every point within width_um / 2 of
/// the segment of length max(0, length_um - width_um) through (x_um, y_um)
/// along angle_rad, so its overall length is length_um and its ends round.
struct PlacedLesion {
  LesionKind kind = LesionKind::boxcar;
  double x_um = 0.0;  ///< centre, from the patch's lower-left corner
  double y_um = 0.0;
  double width_um = 0.0;        ///< rim diameter (scars) or width (striae)
  double depth_um = 0.0;        ///< as generated (depth_scale 1)
  double length_um = 0.0;       ///< striae only: end to end
  double angle_rad = 0.0;       ///< striae only: long axis from +x
  int group = 0;                ///< index in site.scars (scars) or site.striae (striae)
  MeasuredDepression measured;  ///< when not empty, the lesion's depth instead of its profile
};

/// Whether `lesion` carries a measured depression (drawn from it, not from
/// its analytic profile).
bool is_measured(const PlacedLesion& lesion);

struct SiteSurface {
  HeightMap relief;  ///< microrelief only, no lines, no lesions
  /// The fine lines alone (<= 0, the grooves), on the relief's grid; empty
  /// (size 0) when the site has none. Kept apart so they respond on their own.
  HeightMap lines;
  FineLineParams line_params;  ///< as drawn (enabled = false without lines)
  /// The pores alone (<= 0), on the relief's grid; empty without pores.
  HeightMap pore_map;
  std::vector<PlacedPore> pores;
  PoreParams pore_params;             ///< as drawn (enabled = false without pores)
  std::vector<PlacedLesion> lesions;  ///< striae first, then scars, in group order
  LesionShape shape;
  int overlapping_lesions = 0;  ///< lesions placed overlapping after every try failed
};

/// The lesions of `site` on a patch of `spec`, deterministic for `seed`.
/// Expects a validated site (area > 0, lesion sizes > 0).
SiteSurface generate_surface(const Site& site, const LesionShape& shape, const SurfaceSpec& spec,
                             std::uint64_t seed);

/// How many lesions of a group of `count` the patch holds on average: scars
/// count x patch area / site area; striae by the Crofton meeting probability
/// of a segment of `length_um` with the patch (at most `count`).
double expected_scars_in_patch(int count, double patch_mm, double site_area_cm2);
double expected_striae_in_patch(int count, double length_um, double patch_mm, double site_area_cm2);

/// The most lesions a try-on patch may hold (a site far denser than any
/// skin is refused, naming the groups).
inline constexpr double kMaxPatchLesions = 2000.0;

/// Whole lesion counts for groups whose expected counts in the patch are
/// `expected`: the total is the site's expected total rounded (at least one
/// when the site has any), shared out by largest remainder, so the patch
/// samples the site's density however its lesions are grouped: 100 groups
/// of one scar and one group of 100 give the same picture. Each count is at
/// most its group's `limit`. Deterministic.
std::vector<int> lesions_in_patch(const std::vector<double>& expected,
                                  const std::vector<int>& limit);

/// Depth (um, >= 0) of lesion `lesion` at (x_um, y_um), at depth_scale 1: its
/// profile, or for a measured lesion the depth of the pixel holding the point
/// (0 outside its pixels).
double lesion_depth_at_um(const PlacedLesion& lesion, const LesionShape& shape, double x_um,
                          double y_um);

/// Distance (um) from (x_um, y_um) to the lesion's centre (scars) or its
/// centre segment (striae); the lesion's footprint is where this is below
/// width_um / 2.
double lesion_distance_um(const PlacedLesion& lesion, double x_um, double y_um);

/// The pixels (indices into relief.z_um) whose centres lie inside lesion k's
/// rim, in memory order; for a measured lesion its measured pixels.
std::vector<std::size_t> lesion_footprint(const SiteSurface& surface, std::size_t k);

/// relief x relief_scale + lines x line_scale + the lesions, lesion k's depth
/// times depth_scale[k] (1 = as generated, 0 = filled); where lesions
/// overlap the deepest wins. depth_scale.size() must equal
/// surface.lesions.size(); every scale >= 0.
HeightMap compose(const SiteSurface& surface, std::span<const double> depth_scale,
                  double relief_scale = 1.0, double line_scale = 1.0, double pore_scale = 1.0);

/// compose with every scale 1.
HeightMap compose(const SiteSurface& surface);

/// The relief alone, as generate_surface draws it (mean 0, Sq as asked).
HeightMap generate_relief(const SurfaceSpec& spec, std::uint64_t seed);

/// The fine lines of `spec` alone on a map of the relief's size (empty when
/// spec.fine_lines is not enabled).
HeightMap generate_lines(const SurfaceSpec& spec, std::uint64_t seed);

/// The pores of `spec` (none when spec.pores is not enabled), and their map
/// on the relief's grid (empty without pores).
std::vector<PlacedPore> generate_pores(const SurfaceSpec& spec, std::uint64_t seed);
HeightMap pore_map(const SurfaceSpec& spec, const std::vector<PlacedPore>& pores);

/// Pore measures at depth scale `scale`: the mean visible diameter (um) over
/// every pore (0 for one too shallow to see, so a pore fading from view
/// shrinks the mean rather than raising it) and how many are visible per cm2.
struct PoreMeasure {
  double visible_diameter_um = 0.0;
  double visible_per_cm2 = 0.0;
};
PoreMeasure measure_pores(const SiteSurface& surface, double scale);

}  // namespace citsim
