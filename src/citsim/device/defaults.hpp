// Fills in what a case may leave to the device data: the needle rows of a
// roller and the cartridge diameter of a pen.
#pragma once

#include "citsim/device/device.hpp"
#include "citsim/device/device_data.hpp"

namespace citsim {

/// The device with every "from data" value (Roller::rows = 0,
/// Pen::cartridge_diameter_um = 0) replaced by the data's value.
DeviceSpec with_device_defaults(DeviceSpec device, const DeviceData& data);

}  // namespace citsim
