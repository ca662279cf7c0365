#include "citsim/surface/response.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "citsim/core/error.hpp"
#include "citsim/core/units.hpp"

namespace citsim {
namespace {

constexpr int kRadialSamples = 400;

/// Deficit-weighted mean access over a profile sampled at s in (0, 1) of the
/// half-width, with measure `weight(s)` (2 pi r for a disc, 1 for a line).
double weighted_access(const std::function<double(double)>& depth_at, double half_width_um,
                       const DeviceContact& contact, double real_depth_um,
                       const std::function<double(double)>& weight) {
  CITSIM_ASSERT(real_depth_um > 0.0, "the needles reach into the skin");
  const double half_face_depth_um =
      contact.flat_width_um > 0.0 ? depth_at(0.5 * contact.flat_width_um) : 0.0;
  double sum = 0.0;
  double norm = 0.0;
  for (int n = 0; n < kRadialSamples; ++n) {
    const double s = (n + 0.5) / kRadialSamples;
    const double r_um = s * half_width_um;
    const double deficit_um = depth_at(r_um);
    const double w = deficit_um * weight(s);
    if (w <= 0.0) continue;
    const double sag_um = contact_sag_um(contact, 2.0 * half_width_um, r_um, half_face_depth_um);
    const double gap_um = std::max(0.0, deficit_um - sag_um - contact.indent_um);
    sum += w * std::clamp((real_depth_um - gap_um) / real_depth_um, 0.0, 1.0);
    norm += w;
  }
  return norm > 0.0 ? sum / norm : 1.0;
}

}  // namespace

DeviceContact roller_contact(double drum_diameter_um, double indent_um) {
  CITSIM_ASSERT(drum_diameter_um > 0.0 && indent_um >= 0.0, "contact sizes are validated");
  return DeviceContact{
      .drum_radius_um = 0.5 * drum_diameter_um, .flat_width_um = 0.0, .indent_um = indent_um};
}

DeviceContact flat_contact(double face_width_um, double indent_um) {
  CITSIM_ASSERT(face_width_um > 0.0 && indent_um >= 0.0, "contact sizes are validated");
  return DeviceContact{
      .drum_radius_um = 0.0, .flat_width_um = face_width_um, .indent_um = indent_um};
}

double contact_sag_um(const DeviceContact& contact, double width_um, double r_um,
                      double depth_at_half_face_um) {
  const double half_um = 0.5 * width_um;
  if (std::abs(r_um) >= half_um) return 0.0;
  if (contact.drum_radius_um > 0.0) {
    // The drum rests on the rims: its lowest line is R - sqrt(R^2 - h^2) below
    // them at the centre, following the circle elsewhere.
    const double radius = contact.drum_radius_um;
    const double h = std::min(half_um, radius);
    const double rim_um = std::sqrt(radius * radius - h * h);
    const double r = std::min(std::abs(r_um), radius);
    return std::sqrt(radius * radius - r * r) - rim_um;
  }
  if (contact.flat_width_um > 0.0 && contact.flat_width_um < width_um) {
    // A flat face narrower than the lesion sinks until its edge meets the wall.
    return depth_at_half_face_um;
  }
  return 0.0;
}

double needle_access(const ScarGroup& scar, const LesionShape& shape, const DeviceContact& contact,
                     double real_depth_um) {
  return weighted_access([&](double r_um) { return scar_depth_um(scar, shape, r_um); },
                         0.5 * scar.width_um, contact, real_depth_um,
                         [](double s) { return 2.0 * units::pi * s; });
}

double needle_access(const StriaeGroup& striae, const DeviceContact& contact,
                     double real_depth_um) {
  return weighted_access([&](double y_um) { return striae_depth_um(striae, y_um); },
                         0.5 * striae.width_um, contact, real_depth_um, [](double) { return 1.0; });
}

double depth_scale(double access, double collagen_gain_fraction, double fill_per_gain) {
  CITSIM_ASSERT(access >= 0.0 && access <= 1.0 && fill_per_gain >= 0.0, "response inputs in range");
  return std::exp(-fill_per_gain * access * std::max(0.0, collagen_gain_fraction));
}

}  // namespace citsim
