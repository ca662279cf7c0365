// How an atrophic scar or a stria responds to the remodelling the healing
// engine predicts: how much of the needles' reach lands under its floor, and
// how far new dermal matrix has filled it.
//
//   DeviceContact contact = roller_contact(20000.0, params.skin_indent_um);
//   double a = needle_access(scar, shape, contact, 800.0);   // 0..1, icepick lowest
//   double s = depth_scale(a, 0.21, params.fill_per_gain);    // depth now / depth before
//
// The model, in two steps (docs/surface.md, "Visible response"):
//
// 1. Access. A device rests on the rims of a depression. A roller's drum of
//    radius R sags into a lesion of width w by R - sqrt(R^2 - r^2) less its
//    rim contact; a flat face (pen tip, stamp plate) of width b sinks to the
//    depth where the lesion is b wide, or not at all when b >= w; the skin
//    yields a further `indent` under the device's pressure. A needle that
//    reaches `real_depth` into flat skin then reaches real_depth - gap(r)
//    below the lesion surface at r, gap(r) = max(0, depth(r) - sag(r) - indent).
//    Access is that reach over real_depth, clamped to 0..1, averaged over the
//    lesion weighted by its depth deficit (the matrix that is missing is
//    where the deficit is): narrow deep icepick scars, whose floors neither a
//    drum nor a flat tip can follow, have the least.
// 2. Fill. New matrix laid down where needles reached fills the deficit as
//    the matrix under the lesion is remodelled: with the matrix lift L (the
//    collagen gain followed on the remodelling clock, surface/visible.hpp)
//    and one fitted constant k: depth(t) / depth(0) = exp(-k * access * L).
//    When the gain fades (ageing, no maintenance) the scar deepens again.
//    Rolling scars also rise as their tethers are cut (observe/tryon.hpp).
#pragma once

#include "citsim/skin/lesion.hpp"
#include "citsim/skin/scar.hpp"
#include "citsim/surface/visible.hpp"

namespace citsim {

/// Parameters of the response (data/surface/response.toml).
struct ScarResponseParams {
  double fill_per_gain = 3.0;       ///< k (calibrated: see data/surface/response.toml)
  double skin_indent_um = 100.0;    ///< how far skin yields under a device (model choice)
  double line_fill_per_gain = 3.0;  ///< k for fine lines (calibrated: response.toml)
  double pore_fill_per_gain = 0.5;  ///< k for pores (a model choice: response.toml)
  /// The neck's fine lines respond with this share of the face's k (from
  /// laser resurfacing of the neck and the face: response.toml).
  double neck_line_response = 1.0;
  VisibleParams visible;  ///< the clocks of the visible response
};

/// k for the fine lines of a site: line_fill_per_gain, times
/// neck_line_response on the neck.
inline double line_fill_of(const ScarResponseParams& r, bool neck) {
  return r.line_fill_per_gain * (neck ? r.neck_line_response : 1.0);
}

/// The face of a device that touches the skin.
struct DeviceContact {
  double drum_radius_um = 0.0;  ///< > 0 for a roller's drum (to the needle bases)
  double flat_width_um = 0.0;   ///< > 0 for a flat face: pen tip, stamp plate
  double indent_um = 0.0;       ///< skin yield under the device
};

DeviceContact roller_contact(double drum_diameter_um, double indent_um);
DeviceContact flat_contact(double face_width_um, double indent_um);

/// How far (um) the contact surface reaches below the rim level at `r_um`
/// from the centre of a depression of width `width_um` whose depth profile at
/// radius r is `depth_at(r)` (without the skin's yield).
double contact_sag_um(const DeviceContact& contact, double width_um, double r_um,
                      double depth_at_half_face_um);

/// Deficit-weighted fraction (0..1) of the needles' reach that lands under
/// the scar's surface; `real_depth_um` > 0 is the needles' mean real depth.
double needle_access(const ScarGroup& scar, const LesionShape& shape, const DeviceContact& contact,
                     double real_depth_um);

/// The same for a stria (a 1D profile across its width).
double needle_access(const StriaeGroup& striae, const DeviceContact& contact, double real_depth_um);

/// Depth now over depth before treatment: exp(-k access max(0, lift)).
double depth_scale(double access, double collagen_gain_fraction, double fill_per_gain);

}  // namespace citsim
