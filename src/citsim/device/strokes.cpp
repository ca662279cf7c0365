#include "citsim/device/strokes.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace citsim {

StrokeFrame::StrokeFrame(const Patch& patch, double angle_rad)
    : patch_(patch), cos_(std::cos(angle_rad)), sin_(std::sin(angle_rad)) {
  const std::array<double, 4> xs = {0.0, patch.width_um, 0.0, patch.width_um};
  const std::array<double, 4> ys = {0.0, 0.0, patch.height_um, patch.height_um};
  u_min_ = v_min_ = HUGE_VAL;
  u_max_ = v_max_ = -HUGE_VAL;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double u = xs[i] * cos_ + ys[i] * sin_;
    const double v = -xs[i] * sin_ + ys[i] * cos_;
    u_min_ = std::min(u_min_, u);
    u_max_ = std::max(u_max_, u);
    v_min_ = std::min(v_min_, v);
    v_max_ = std::max(v_max_, v);
  }
}

bool StrokeFrame::to_patch(double u, double v, double& x_um, double& y_um) const {
  x_um = u * cos_ - v * sin_;
  y_um = u * sin_ + v * cos_;
  return x_um >= 0.0 && x_um < patch_.width_um && y_um >= 0.0 && y_um < patch_.height_um;
}

std::uint64_t stroke_entity(int pass, std::int64_t index) {
  // Strokes of one pass are numbered from the patch edge, so index >= 0 and
  // far below 2^32; passes take the high word.
  return (static_cast<std::uint64_t>(pass) << 32) |
         (static_cast<std::uint64_t>(index) & 0xffffffffULL);
}

double cycled_direction_rad(const std::vector<double>& directions_rad, int pass) {
  if (directions_rad.empty()) return 0.0;
  return directions_rad[static_cast<std::size_t>(pass) % directions_rad.size()];
}

}  // namespace citsim
