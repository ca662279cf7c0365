// Reads the device data file (data/devices/devices.toml) into DeviceData,
// checking every value once, here.
//
//   DeviceData data = read_device_data(data_dir / "devices" / "devices.toml");
#pragma once

#include <filesystem>

#include "citsim/device/device_data.hpp"

namespace citsim {

/// Reads and validates `file`. Throws Error with one line naming the file,
/// the key, the value and the allowed range on a missing, mistyped, unknown
/// or out-of-range entry.
DeviceData read_device_data(const std::filesystem::path& file);

}  // namespace citsim
