// Pictures of a height map: hill-shaded skin under raking light, and the
// change between two maps on a diverging colour scale with a labelled bar.
//
//   RenderOptions opt;                               // light from the upper left, 25 deg high
//   opt.skin_rgb = skin_rgb_for_phototype(4);
//   opt.erythema = 0.3;                              // a few days after a session
//   opt.scale = 2;
//   RgbImage before = render_shaded(scan, opt);
//   RgbImage change = difference_image(scan, predicted, 50.0);   // +-50 um full scale
//
// Image row 0 is map row j = 0 and image column x is map column i, so "up" in
// the picture is towards j = 0. Colours are sRGB; the skin colours are
// illustrative (see skin_lab_for_phototype), not a colorimetric prediction.
#pragma once

#include "citsim/surface/height_map.hpp"
#include "citsim/surface/image.hpp"

namespace citsim {

/// A CIE 1976 L*a*b* colour (D65 white).
struct Lab {
  double l = 0.0;  ///< lightness, 0 (black) to 100 (white)
  double a = 0.0;  ///< green (-) to red (+)
  double b = 0.0;  ///< blue (-) to yellow (+)
};

/// CIELAB (D65) to 8-bit sRGB; out-of-gamut colours are clipped per channel.
Rgb srgb_from_lab(const Lab& lab);

/// An illustrative constitutive skin colour for Fitzpatrick phototype 1..6
/// (anything else throws citsim::Error). L* and b* are chosen so that the
/// individual typology angle ITA = atan((L* - 50) / b*) falls inside the
/// skin-colour category of Chardon et al. 1991 that is commonly paired with the
/// phototype (I very light > 55 deg, II light 41..55, III intermediate 28..41,
/// IV tan 10..28, V brown -30..10, VI dark < -30); L* and a* within the
/// category are our choice. Phototype is a sun-reaction scale, not a colour, so
/// the pairing is loose: use these for pictures, not for colour science.
Lab skin_lab_for_phototype(int fitzpatrick);
Rgb skin_rgb_for_phototype(int fitzpatrick);

struct RenderOptions {
  Rgb skin_rgb = skin_rgb_for_phototype(3);  ///< albedo of unshaded, flat skin
  double exaggeration = 2.0;  ///< vertical exaggeration of the relief, > 0 (1 = true slopes)
  double light_azimuth_deg =
      135.0;  ///< where the light comes from, counter-clockwise from
              ///< picture right (0) through picture up (90): 135 = upper left
  double light_elevation_deg = 25.0;  ///< above the skin plane, in (0, 90]; low = raking light
  double erythema = 0.0;              ///< 0..1: blend of the skin colour towards red
  int scale = 1;  ///< each map pixel becomes scale x scale picture pixels, 1..64
};

/// Lambertian hill-shading. Normals come from central differences of z_um (in
/// um, one-sided at the border) with the slopes multiplied by exaggeration.
/// With f = (n . light) / sin(elevation), so that flat skin has f = 1 and shows
/// exactly skin_rgb: f < 1 darkens, colour = skin * (0.35 + 0.65 f); f > 1
/// brightens towards white, colour = skin + (255 - skin) * min(1, 0.5 (f - 1)).
/// Erythema tints the skin colour before shading, towards sRGB (190, 45, 55),
/// by a weight 0.5 * erythema * v, where v = 1 + 0.25 c, c in [-1, 1] being the
/// pixel's depth below the map mean divided by the largest deviation from the
/// mean: a uniform tint, a little stronger in channels and pits.
/// Throws citsim::Error for options out of range.
RgbImage render_shaded(const HeightMap& map, const RenderOptions& options);

/// The colour of a change t = dz / range in [-1, 1] (clamped): linear in
/// CIELAB from white (t = 0) to a blue L* = 45 (t = -1, lowered) or a red
/// L* = 45 (t = +1, raised), so lightness falls linearly with |t| and both
/// sides are equally dark at full scale.
Rgb diverging_colour(double t);

/// after - before, pixel by pixel, coloured by diverging_colour(dz / range_um),
/// each map pixel drawn scale x scale, with a vertical colour bar to its right
/// labelled "+R UM", "0" and "-R UM" on a dark grey background. The map sits at
/// the top-left corner (0, 0) of the picture. Throws citsim::Error if the maps
/// differ in size or range_um <= 0.
RgbImage difference_image(const HeightMap& before, const HeightMap& after, double range_um,
                          int scale = 1);

}  // namespace citsim
