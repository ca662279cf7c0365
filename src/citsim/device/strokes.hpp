// Parallel strokes over a patch: the rotated frame a pass is laid in (u along
// the stroke, v across it) and the key that names each stroke's random stream.
//
//   StrokeFrame frame(patch, angle_rad);
//   for (v over frame.v_min()..frame.v_max()) for (u ...) if (frame.inside(u, v)) ...
#pragma once

#include <cstdint>
#include <vector>

#include "citsim/device/channel.hpp"

namespace citsim {

/// A frame rotated by `angle_rad` from the patch axes, and the (u, v) box
/// that covers the patch in it.
class StrokeFrame {
 public:
  StrokeFrame(const Patch& patch, double angle_rad);

  double u_min() const { return u_min_; }
  double u_max() const { return u_max_; }
  double v_min() const { return v_min_; }
  double v_max() const { return v_max_; }

  /// Patch coordinates of (u, v); true when they fall inside the patch.
  bool to_patch(double u, double v, double& x_um, double& y_um) const;

 private:
  Patch patch_;
  double cos_ = 1.0;
  double sin_ = 0.0;
  double u_min_ = 0.0;
  double u_max_ = 0.0;
  double v_min_ = 0.0;
  double v_max_ = 0.0;
};

/// The random-stream entity of stroke (or press) `index` of pass `pass`: one
/// stream per stroke, whatever order strokes are computed in.
std::uint64_t stroke_entity(int pass, std::int64_t index);

/// The direction of pass `pass` when directions are cycled.
double cycled_direction_rad(const std::vector<double>& directions_rad, int pass);

}  // namespace citsim
