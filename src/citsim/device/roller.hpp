// A needle roller rolled over the skin: channels from drum geometry and
// rolling without slip. Needles enter and leave at an angle and tear a
// V-shaped channel that is longer along the rolling direction.
//
//   std::vector<Channel> ch = roller_channels(roller, data, patch, seed, session, 0.3);
#pragma once

#include <cstdint>
#include <vector>

#include "citsim/device/channel.hpp"
#include "citsim/device/device.hpp"
#include "citsim/device/device_data.hpp"

namespace citsim {

/// Angle from the skin normal at which a needle tip at radius R + d of a drum
/// of radius R (rolling on the surface) enters and leaves: acos(R / (R + d)).
double roller_entry_angle_rad(double drum_radius_um, double depth_um);

/// Length along the rolling direction that the needle shaft sweeps at the
/// surface while in skin: 2 R (tan phi0 - phi0), about (4/3) d sqrt(2 d / R).
double roller_tear_extent_um(double drum_radius_um, double depth_um);

/// Rings of needles for a drum with `needle_count` needles: the data's layout
/// for that count, else rings spaced like the circumferential needle pitch
/// (square needle spacing, as on the Dermaroller MF8).
int default_roller_rows(const DeviceData& data, int needle_count, double drum_diameter_um,
                        double drum_width_um);

/// Hand formula: needles / (pi D W) per stroke, times passes.
double roller_density_per_um2(const Roller& roller);

/// The channels of one session on `patch`, for a session penetration
/// fraction `fraction`. Each pass rolls parallel strokes in the next of
/// data.roller_directions_rad, with a random lateral offset and drum phase.
std::vector<Channel> roller_channels(const Roller& roller, const DeviceData& data,
                                     const Patch& patch, std::uint64_t seed, int session,
                                     double fraction);

}  // namespace citsim
