// Test fixture: the values of data/devices/devices.toml as a DeviceData, for
// device tests that cannot link the io reader. The io reader's test checks
// that the file and this fixture agree, so the two cannot drift apart.
#pragma once

#include "citsim/core/units.hpp"
#include "citsim/device/device_data.hpp"

namespace citsim::testing {

inline DeviceData device_data_fixture() {
  DeviceData d;
  d.roller = {0.20, 0.20, 0.50, 0.063, ""};
  d.stamp = {0.20, 0.485, 0.77, 0.063, ""};
  d.pen = {0.90, 1.00, 1.00, 0.05, ""};
  d.needle_tip_half_angle_rad = units::deg_to_rad(5.19);
  d.pen_needle_pitch_um = 1000.0;
  d.pen_cartridges = {{9, 3150.0},  {11, 3480.0}, {12, 3640.0}, {14, 3930.0},
                      {16, 4200.0}, {24, 5140.0}, {36, 6300.0}, {42, 6810.0}};
  d.roller_layouts = {{192, 8}};
  const double deg = units::pi / 180.0;
  d.roller_directions_rad = {0.0, 90.0 * deg, 45.0 * deg, 135.0 * deg};
  d.pen_directions_rad = d.roller_directions_rad;
  d.roller_reference = {770.0, 140.0, 152.5, 9.6, 70.7, 9.9, 20000.0, ""};
  return d;
}

}  // namespace citsim::testing
