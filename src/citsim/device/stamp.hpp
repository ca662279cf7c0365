// A needle stamp: a square plate of needles pressed vertically, press after
// press, tiling the site once per pass with a random offset.
//
//   std::vector<Channel> ch = stamp_channels(stamp, data, patch, seed, session, 0.5);
#pragma once

#include <cstdint>
#include <vector>

#include "citsim/device/channel.hpp"
#include "citsim/device/device.hpp"
#include "citsim/device/device_data.hpp"

namespace citsim {

/// Hand formula: needles / plate area, times passes.
double stamp_density_per_um2(const Stamp& stamp);

/// The channels of one session on `patch` for a session penetration fraction
/// `fraction`: needles on a square grid filling a square plate; cone
/// channels, tilt 0.
std::vector<Channel> stamp_channels(const Stamp& stamp, const DeviceData& data, const Patch& patch,
                                    std::uint64_t seed, int session, double fraction);

}  // namespace citsim
