// Surface metrics of a height map: ISO 25178-2 areal parameters of the
// scale-limited surface, ISO 21920 / ISO 4287 profile Ra and Rz, and the depth
// and volume of each lesion.
//
//   FilterSpec texture{125.0, 2500.0};      // S and L cut-offs, um (data/surface/surface.toml)
//   ArealParams a = areal_parameters(map, texture);     // a.sq_um, a.ssk, ...
//   ProfileParams p = profile_parameters(map, 2500.0);  // p.ra_um, p.rz_um
//   std::vector<ScarMeasure> m = measure_lesions(map, surface);
//   double d_um = mean_scar_depth_um(m);
//
// Scale-limited surface (ISO 25178-2): F-operator = removal of the
// least-squares plane; S-filter = areal Gaussian low-pass with nesting index
// (cut-off) s_cutoff_um; L-filter = subtraction of the areal Gaussian low-pass
// with cut-off l_cutoff_um. The Gaussian is the ISO 16610-61 weighting
//   s(x, y) = 1 / (alpha^2 lc^2) exp(-pi (x^2 + y^2) / (alpha^2 lc^2)),
//   alpha = sqrt(ln 2 / pi),
// which passes 50 % of a sinusoid's amplitude at the cut-off wavelength,
// applied as two 1D passes (it is separable), truncated at +/- lc. Edges:
// where the kernel leaves the map the weights inside are renormalised to sum
// to 1 (no padding), so a constant stays constant up to the border; near the
// border the transmission is not the ideal one, so parameters of small maps
// with long cut-offs carry an edge bias.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "citsim/surface/generate.hpp"
#include "citsim/surface/height_map.hpp"

namespace citsim {

struct FilterSpec {
  double s_cutoff_um = 0.0;  ///< S-filter nesting index, >= 0; 0 = none
  double l_cutoff_um = 0.0;  ///< L-filter nesting index, >= 0; 0 = none (F-operator only)
};

/// ISO 25178-2 height parameters of the scale-limited surface z (heights
/// about its reference surface, A its area):
///   Sa = mean |z|, Sq = sqrt(mean z^2), Sz = max z - min z (maximum peak
///   height + maximum pit height), Ssk = mean z^3 / Sq^3, Sku = mean z^4 / Sq^4.
/// Ssk and Sku are 0 for a surface with Sq = 0.
struct ArealParams {
  double sa_um = 0.0;
  double sq_um = 0.0;
  double sz_um = 0.0;
  double ssk = 0.0;
  double sku = 0.0;
};

/// F-operator: `map` minus its least-squares plane a + b x + c y.
HeightMap remove_least_squares_plane(const HeightMap& map);

/// The areal Gaussian low-pass (ISO 16610-61, see above) with cut-off
/// wavelength `cutoff_um` > 0.
HeightMap gaussian_low_pass(const HeightMap& map, double cutoff_um);

/// The profile Gaussian low-pass (ISO 16610-21: the 1D form of the same
/// weighting) of samples `z` spaced `dx_um`, edges renormalised.
std::vector<double> gaussian_low_pass(std::span<const double> z, double dx_um, double cutoff_um);

/// F-operator, then the S-filter, then the L-filter, as `filter` asks.
HeightMap scale_limited_surface(const HeightMap& map, const FilterSpec& filter);

/// The parameters of the scale-limited surface of `map`.
ArealParams areal_parameters(const HeightMap& map, const FilterSpec& filter);

/// Profile parameters along the rows (x), averaged over rows. Each row: the
/// least-squares line removed, the roughness profile = row minus its Gaussian
/// mean line with cut-off lambda_c_um (ISO 16610-21, edges renormalised); the
/// evaluation length is n sampling lengths of lambda_c_um centred on the row,
/// n = min(5, floor(row length / lambda_c)) (ISO 21920 / ISO 4287 use 5; a
/// shorter map uses as many as fit). Ra = mean |r| over the evaluation length;
/// Rz = mean over the sampling lengths of (max r - min r) in each.
/// Throws Error if a row is shorter than lambda_c_um.
struct ProfileParams {
  double ra_um = 0.0;
  double rz_um = 0.0;
  int sampling_lengths = 0;  ///< n used per row
};

ProfileParams profile_parameters(const HeightMap& map, double lambda_c_um);

/// How a lesion's reference level is found: the mean height of a ring just
/// outside its rim, from the rim out by max(ring_width_fraction x rim radius
/// (half the width for striae), 2 pixels), leaving out pixels inside any
/// lesion and off the map. With no such pixel, the mean of every pixel outside
/// all lesions; with none of those either, 0 (the unscarred level).
struct LesionMeasureSpec {
  double ring_width_fraction = 0.5;  ///< > 0
};

/// One lesion as measured on a height map.
struct ScarMeasure {
  std::size_t lesion = 0;  ///< index in SiteSurface::lesions
  LesionKind kind = LesionKind::boxcar;
  double reference_um = 0.0;   ///< level the depth is measured from
  double depth_um = 0.0;       ///< reference minus the lowest point in the footprint, >= 0
  double volume_mm3 = 0.0;     ///< sum over the footprint of max(0, reference - z) x pixel area
  double area_mm2 = 0.0;       ///< footprint area (pixels inside the rim)
  bool ring_reference = true;  ///< false when the fallback reference was used
};

/// Each lesion of `surface` measured on `map` (same grid as surface.relief).
std::vector<ScarMeasure> measure_lesions(const HeightMap& map, const SiteSurface& surface,
                                         const LesionMeasureSpec& spec = {});

/// Mean depth of the measured lesions (0 when there are none).
double mean_scar_depth_um(std::span<const ScarMeasure> measures);
/// Sum of the measured volumes.
double total_scar_volume_mm3(std::span<const ScarMeasure> measures);

}  // namespace citsim
