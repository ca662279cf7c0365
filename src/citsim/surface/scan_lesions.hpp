// Atrophic scars found on a measured scan: the scan split into the skin's
// relief and its lesions, each lesion carrying the depression measured on it,
// so the try-on fills what was measured instead of a drawn profile.
//
//   HeightMap scan = read_scan("cheek.png", options);         // io/scan_reader.hpp
//   ScannedSurface s = split_scan(scan, data.scan_lesions);    // data/surface/surface.toml
//   HeightMap same = compose(s.surface);                       // == scan
//   TryonModel m = make_tryon_model(s.surface, s.scars, {}, filter, device, device_data,
//                                   response);                 // observe/tryon.hpp
//
// The steps:
//  1. A smooth reference surface: the level the skin would have without its
//     scars (scan_reference). The form (a cheek's curvature) is a weighted
//     least-squares quadratic; what is left is smoothed by the areal Gaussian
//     low-pass of metrics.hpp with cut-off reference_cutoff_um (a few times
//     the widest scar), as a weighted mean G(w z) / G(w). Pixels deeper than
//     half the contour depth below the current reference get weight 0 and the
//     fit is repeated, so the scars do not pull their own reference down
//     (the idea of the robust Gaussian regression filter of ISO 16610-71,
//     with 0/1 weights). Why not a morphological closing: a closing with a
//     disc wider than the scars rides on the peaks of the microrelief, so
//     every furrow of normal skin would sit below it by a few Sq and join the
//     scars; the weighted Gaussian stays at the mean skin level.
//     The Gaussian runs on blocks of about reference_cutoff_um / 50 (block
//     means, then bilinear interpolation back), so its cost does not grow with
//     the square of the scan's resolution; the reference varies over
//     millimetres, far more slowly than a block.
//  2. Cores: 8-connected regions of the residual (scan - reference) deeper
//     than contour_depth_um, kept when their area is at least min_area_mm2.
//  3. Walls: each core grows into neighbouring pixels that are still below the
//     reference and no lower than the pixel they are reached from (climbing
//     the wall), at most max_growth_fraction x the core's equivalent radius
//     beyond it, so the lesion reaches up to where it meets the skin without
//     spreading into the furrows of the relief around it. Then, three times,
//     a pixel below the reference with at least 5 of its 8 neighbours in one
//     lesion joins it (the climb stops at every bump of the relief on a wall;
//     this closes the notches it leaves). Lesions do not share pixels.
//  4. Each lesion: centre = centroid of its pixels, width = diameter of the
//     disc of equal area, depth = the largest depth below the reference,
//     fill = mean depth / depth (1 for a flat floor with vertical walls, 1/3
//     for a cone, 0.3 for a cosine bowl), and its type (classify_scan_scar).
//  5. The relief is the scan with every lesion's depression lifted to the
//     reference; each lesion carries its depression (reference - scan) pixel
//     by pixel, so compose() at depth scale 1 gives back the scan and at
//     scale 0 the scan with the lesions filled level with the reference.
#pragma once

#include <vector>

#include "citsim/skin/lesion.hpp"
#include "citsim/surface/generate.hpp"
#include "citsim/surface/height_map.hpp"

namespace citsim {

/// Thresholds of split_scan (defaults as in data/surface/surface.toml,
/// [scan_lesions], where each has its source or reason).
struct ScanLesionSpec {
  double reference_cutoff_um = 15000.0;  ///< > 0; Gaussian cut-off of the reference
  double contour_depth_um = 50.0;        ///< > 0; a core lies deeper than this
  double min_area_mm2 = 0.05;            ///< > 0; smallest core kept
  double max_growth_fraction = 1.0;      ///< >= 0; wall growth / core equivalent radius
  double icepick_max_width_um = 2000.0;  ///< > 0; Jacob 2001: icepick < 2 mm
  double icepick_min_depth_ratio = 0.2;  ///< > 0; depth / width of an icepick at least
  double boxcar_min_fill = 0.55;         ///< in (0, 1); mean / max depth of a flat floor
};

/// A scan split into relief and lesions.
struct ScannedSurface {
  /// relief = the scan without its lesions; lesions[k] carries its measured
  /// depression and group = k; shape is the default (set it from the atlas
  /// for the needle access of make_tryon_model).
  SiteSurface surface;
  /// One group a lesion (count 1, its type, depth and width), in lesion order.
  std::vector<ScarGroup> scars;
};

/// The type of a depression of equivalent width `width_um`, depth `depth_um`
/// and fill (mean depth / depth):
///   fill >= boxcar_min_fill                    -> boxcar  (flat floor, steep walls)
///   width < icepick_max_width_um and
///     depth / width >= icepick_min_depth_ratio -> icepick (narrow and deep, a V)
///   otherwise                                  -> rolling (a smooth bowl, wide or shallow)
ScarType classify_scan_scar(double width_um, double depth_um, double fill,
                            const ScanLesionSpec& spec);

/// The smooth reference of step 1, on the scan's grid.
HeightMap scan_reference(const HeightMap& scan, const ScanLesionSpec& spec);

/// Steps 1-5. Expects a spec with the ranges above (validated where read).
ScannedSurface split_scan(const HeightMap& scan, const ScanLesionSpec& spec);

}  // namespace citsim
