// An automated microneedling pen: a cartridge of needles stamping vertically
// at the stroke rate while the pen glides along parallel lines (or small
// circles), each pass in a new direction. RF pens use the same geometry.
//
//   std::vector<Channel> ch = pen_channels(pen, data, patch, seed, session, 0.95);
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "citsim/device/channel.hpp"
#include "citsim/device/device.hpp"
#include "citsim/device/device_data.hpp"

namespace citsim {

/// The cartridge's needle-array diameter: the pen's own if set, else the
/// data's size for its needle count, else hexagonal packing at the data's
/// pitch: p sqrt(2 sqrt(3) N / pi), and never less than one needle.
double cartridge_diameter_um(const Pen& pen, const DeviceData& data);

/// Width of the band one glide line treats: the cartridge diameter for
/// lines, twice it for circles (circles of the cartridge radius around the line).
double pen_swath_width_um(const Pen& pen, const DeviceData& data);

/// Hand formula: needles x stroke rate / (glide speed x swath width), times passes.
double pen_density_per_um2(const Pen& pen, const DeviceData& data);

/// Offsets of the cartridge's needles from its centre (x, y pairs), spread
/// evenly over the cartridge on a Vogel (sunflower) spiral.
std::vector<std::pair<double, double>> cartridge_needle_offsets_um(const Pen& pen,
                                                                   const DeviceData& data);

/// The channels of one session on `patch` for a session penetration fraction
/// `fraction` (of the depth setting); cone channels, tilt 0.
std::vector<Channel> pen_channels(const Pen& pen, const DeviceData& data, const Patch& patch,
                                  std::uint64_t seed, int session, double fraction);

}  // namespace citsim
