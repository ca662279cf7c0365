// The tip of an RF microneedling device: its pin pitch, and a stamped tip as
// the stamp it moves like (pressed once per spot and pass, one pulse per
// press).
//
//   double pitch = pin_pitch_um(rf, data);
//   if (rf.motion == RfMotion::stamp) std::vector<Channel> ch = stamp_channels(tip_stamp(rf, data),
//   ...);
#pragma once

#include "citsim/device/device.hpp"
#include "citsim/device/device_data.hpp"

namespace citsim {

/// The distance between neighbouring pins: as given, or the cartridge's area
/// (the pen's own, or the data's for its pin count) shared by its pins.
double pin_pitch_um(const RfPen& rf, const DeviceData& data);

/// A stamped tip as a stamp: its pins on a square grid of the pitch.
Stamp tip_stamp(const RfPen& rf, const DeviceData& data);

}  // namespace citsim
