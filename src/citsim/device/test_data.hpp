// For the device tests: data/devices/devices.toml as the reader gives it, so
// that the tests run on the shipped numbers, not on a copy of them.
#pragma once

#include <filesystem>

#include "citsim/device/data_reader.hpp"

namespace citsim::testing {

/// The shipped device data, read once (CITSIM_TEST_DATA_DIR is set for tests).
inline const DeviceData& shipped_device_data() {
  static const DeviceData d =
      read_device_data(std::filesystem::path(CITSIM_TEST_DATA_DIR) / "devices" / "devices.toml");
  return d;
}

}  // namespace citsim::testing
