#include "citsim/device/rf_tip.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "citsim/device/pen.hpp"

namespace citsim {

double pin_pitch_um(const RfPen& rf, const DeviceData& data) {
  if (rf.rf.pin_pitch_um > 0.0) return rf.rf.pin_pitch_um;
  const double d = cartridge_diameter_um(rf.pen, data);
  return std::sqrt(std::numbers::pi / 4.0 * d * d / std::max(1, rf.pen.needles.count));
}

Stamp tip_stamp(const RfPen& rf, const DeviceData& data) {
  const double pitch = pin_pitch_um(rf, data);
  Stamp s;
  s.needles = rf.pen.needles;
  s.plate_area_um2 = rf.pen.needles.count * pitch * pitch;
  s.passes = rf.pen.passes;
  return s;
}

}  // namespace citsim
