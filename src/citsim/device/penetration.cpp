#include "citsim/device/penetration.hpp"

#include <algorithm>
#include <cmath>

namespace citsim {

const PenetrationRange& penetration_for(DeviceKind kind, const DeviceData& data) {
  switch (kind) {
    case DeviceKind::roller:
      return data.roller;
    case DeviceKind::stamp:
      return data.stamp;
    case DeviceKind::pen:
    case DeviceKind::rf_pen:
      return data.pen;
  }
  return data.pen;
}

double triangular_quantile(double u, double lo, double mode, double hi) {
  const double width = hi - lo;
  if (width <= 0.0) return lo;
  const double split = (mode - lo) / width;
  if (u < split) return lo + std::sqrt(u * width * (mode - lo));
  return hi - std::sqrt((1.0 - u) * width * (hi - mode));
}

double mean_penetration_fraction(const PenetrationRange& range) {
  return (range.fraction_min + range.fraction_mode + range.fraction_max) / 3.0;
}

double session_penetration_fraction(const PenetrationRange& range, std::uint64_t seed,
                                    int session) {
  CounterRng rng(seed, RngPurpose::session_penetration, 0, static_cast<std::uint64_t>(session));
  return triangular_quantile(rng.uniform(), range.fraction_min, range.fraction_mode,
                             range.fraction_max);
}

double channel_depth_um(double fraction, double channel_cv, double length_um, CounterRng& rng) {
  const double depth = fraction * length_um * (1.0 + channel_cv * rng.normal());
  return std::clamp(depth, 0.0, length_um);
}

double opening_width_um(double depth_um, double diameter_um, double tip_half_angle_rad) {
  return std::min(diameter_um, 2.0 * depth_um * std::tan(tip_half_angle_rad));
}

}  // namespace citsim
