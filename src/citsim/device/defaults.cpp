#include "citsim/device/defaults.hpp"

#include "citsim/device/pen.hpp"
#include "citsim/device/roller.hpp"

namespace citsim {

DeviceSpec with_device_defaults(DeviceSpec device, const DeviceData& data) {
  if (auto* roller = std::get_if<Roller>(&device); roller && roller->rows == 0) {
    roller->rows = default_roller_rows(data, roller->needles.count, roller->drum_diameter_um,
                                       roller->drum_width_um);
  }
  Pen* pen = std::get_if<Pen>(&device);
  if (auto* rf = std::get_if<RfPen>(&device)) pen = &rf->pen;
  if (pen != nullptr && pen->cartridge_diameter_um <= 0.0) {
    pen->cartridge_diameter_um = cartridge_diameter_um(*pen, data);
  }
  return device;
}

}  // namespace citsim
