// Geometry of atrophic scars and striae: the depth of the skin surface below
// its unscarred level as a continuous function of position across a lesion.
//
//   LesionShape shape = atlas.lesion_shape;               // data/skin/lesions.toml
//   double d_um = scar_depth_um(site.scars[0], shape, 250.0);  // 250 um from the centre
//   double f = lesion_area_fraction(site);                // 0..1 of the site
//
// Profiles (x = |r| / (width/2), D = depth; every profile is 0 for x >= 1):
//   icepick  D (1 - x)^p          a V (p = 1: straight cone) tapering to a point floor
//   boxcar   D (1 - x^n)          a U: flat floor, steep walls (n large = flatter, steeper)
//   rolling  D (1 + cos(pi x))/2  a wide smooth bowl, zero slope at floor and rim
//                                 (the dermal tether pulls the centre down; the "M" of
//                                 the clinical description comes from neighbouring bowls)
//   striae   D (1 + cos(2 pi y / w))/2 across the width w, for |y| < w/2
#pragma once

#include "citsim/skin/lesion.hpp"
#include "citsim/skin/site.hpp"

namespace citsim {

/// Dimensionless shape constants of the lesion profiles (model choices, read
/// from data/skin/lesions.toml; the defaults are placeholders).
struct LesionShape {
  double icepick_taper_exponent = 1.0;  ///< p >= 1; 1 gives a straight-walled V
  double boxcar_wall_exponent = 8.0;    ///< n >= 2; larger gives a flatter floor
};

/// Depth (um, >= 0) of the surface of a scar of `scar`'s type, depth and width
/// at `r_um` from its centre: scar.depth_um at r = 0, 0 at and beyond the rim.
double scar_depth_um(const ScarGroup& scar, const LesionShape& shape, double r_um);

/// Depth (um, >= 0) of the surface of a stria at `y_um` across it from its
/// midline: striae.depth_um on the midline, 0 at and beyond its edges.
double striae_depth_um(const StriaeGroup& striae, double y_um);

/// Fraction (0..1) of the site's area covered by its lesions: the sum of the
/// scars' rim discs and the striae's width x length rectangles over the site
/// area, ignoring overlap (so an upper bound) and capped at 1.
double lesion_area_fraction(const Site& site);

}  // namespace citsim
