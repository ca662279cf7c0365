// The channels one session opens on a small periodic patch of the site, from
// the device's geometry and how it is moved. Statistics are densities, so a
// 10 mm x 10 mm patch stands for any site.
//
//   SessionChannels s = session_channels(device, data, Patch{}, seed, session);
//   ChannelStats st = channel_stats(s, skin);   // citsim/device/channel_stats.hpp
#pragma once

#include <cstdint>
#include <vector>

#include "citsim/device/channel.hpp"
#include "citsim/device/device.hpp"
#include "citsim/device/device_data.hpp"

namespace citsim {

/// What one session did to one patch.
struct SessionChannels {
  DeviceKind kind = DeviceKind::roller;
  int session = 0;
  Patch patch;
  std::vector<Channel> channels;
  double penetration_fraction = 0.0;      ///< the session's sampled mean (real depth / length)
  double needle_length_um = 0.0;          ///< nominal length or depth setting
  double expected_density_per_cm2 = 0.0;  ///< hand formula, for comparison
};

/// Hand formula for the puncture density of one session (all passes).
double expected_density_per_cm2(const DeviceSpec& device, const DeviceData& data);

/// The channels of session `session` (0, 1, ...). Randomness is keyed by
/// (seed, purpose, stroke, session): the result does not depend on which
/// thread computes it or in which order sessions are computed.
SessionChannels session_channels(const DeviceSpec& device, const DeviceData& data,
                                 const Patch& patch, std::uint64_t seed, int session);

/// The treatment of a course: session_channels of sessions 0 .. sessions - 1.
std::vector<SessionChannels> course_channels(const DeviceSpec& device, const DeviceData& data,
                                             const Patch& patch, std::uint64_t seed, int sessions);

}  // namespace citsim
