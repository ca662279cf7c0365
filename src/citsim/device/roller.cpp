#include "citsim/device/roller.hpp"

#include <algorithm>
#include <cmath>

#include "citsim/core/rng.hpp"
#include "citsim/core/units.hpp"
#include "citsim/device/penetration.hpp"
#include "citsim/device/strokes.hpp"

namespace citsim {

double roller_entry_angle_rad(double drum_radius_um, double depth_um) {
  if (depth_um <= 0.0) return 0.0;
  return std::acos(drum_radius_um / (drum_radius_um + depth_um));
}

double roller_tear_extent_um(double drum_radius_um, double depth_um) {
  const double phi0 = roller_entry_angle_rad(drum_radius_um, depth_um);
  // The shaft crosses the surface at x = R (theta - tan theta) for |theta| < phi0.
  return 2.0 * drum_radius_um * (std::tan(phi0) - phi0);
}

int default_roller_rows(const DeviceData& data, int needle_count, double drum_diameter_um,
                        double drum_width_um) {
  for (const RollerLayout& layout : data.roller_layouts) {
    if (layout.needle_count == needle_count) return layout.rows;
  }
  const double area_per_needle_um2 =
      units::pi * drum_diameter_um * drum_width_um / std::max(needle_count, 1);
  const double pitch_um = std::sqrt(area_per_needle_um2);
  const int rows = static_cast<int>(std::lround(drum_width_um / pitch_um));
  return std::clamp(rows, 1, std::max(needle_count, 1));
}

double roller_density_per_um2(const Roller& roller) {
  return roller.needles.count / (units::pi * roller.drum_diameter_um * roller.drum_width_um) *
         roller.passes;
}

std::vector<Channel> roller_channels(const Roller& roller, const DeviceData& data,
                                     const Patch& patch, std::uint64_t seed, int session,
                                     double fraction) {
  const auto step = static_cast<std::uint64_t>(session);
  const double radius_um = roller.drum_diameter_um / 2.0;
  const double circumference_um = 2.0 * units::pi * radius_um;
  const double width_um = roller.drum_width_um;
  const int count = roller.needles.count;
  const int rows = std::clamp(roller.rows, 1, std::max(count, 1));
  const double length_um = roller.needles.length_um;

  std::vector<Channel> channels;
  channels.reserve(
      static_cast<std::size_t>(roller_density_per_um2(roller) * patch.area_um2() * 1.2 + 16.0));
  for (int pass = 0; pass < roller.passes; ++pass) {
    const double angle_rad = cycled_direction_rad(data.roller_directions_rad, pass);
    const double azimuth_rad = std::fmod(angle_rad + units::pi, units::pi);
    const StrokeFrame frame(patch, angle_rad);
    CounterRng pass_rng(seed, RngPurpose::stroke_placement, stroke_entity(pass, 0), step);
    const double v_offset_um = pass_rng.uniform(0.0, width_um);
    const auto s_first =
        static_cast<std::int64_t>(std::floor((frame.v_min() - v_offset_um) / width_um));
    const auto s_last =
        static_cast<std::int64_t>(std::floor((frame.v_max() - v_offset_um) / width_um));
    for (std::int64_t s = s_first; s <= s_last; ++s) {
      const std::int64_t index = s - s_first;
      CounterRng stroke_rng(seed, RngPurpose::stroke_placement, stroke_entity(pass, index + 1),
                            step);
      CounterRng jitter_rng(seed, RngPurpose::channel_jitter, stroke_entity(pass, index), step);
      const double phase_um = stroke_rng.uniform(0.0, circumference_um);
      const double v0_um = v_offset_um + static_cast<double>(s) * width_um;
      for (int k = 0; k < rows; ++k) {
        const int ring_count = count / rows + (k < count % rows ? 1 : 0);
        if (ring_count == 0) continue;
        const double pitch_um = circumference_um / ring_count;
        const double v_um = v0_um + (k + 0.5) * width_um / rows;
        const double u0_um = phase_um + (k % 2 == 1 ? 0.5 * pitch_um : 0.0);
        const auto j_first =
            static_cast<std::int64_t>(std::ceil((frame.u_min() - u0_um) / pitch_um));
        const auto j_last =
            static_cast<std::int64_t>(std::floor((frame.u_max() - u0_um) / pitch_um));
        for (std::int64_t j = j_first; j <= j_last; ++j) {
          Channel c;
          if (!frame.to_patch(u0_um + static_cast<double>(j) * pitch_um, v_um, c.x_um, c.y_um)) {
            continue;
          }
          c.depth_um = channel_depth_um(fraction, data.roller.channel_cv, length_um, jitter_rng);
          c.diameter_um = opening_width_um(c.depth_um, roller.needles.diameter_um,
                                           data.needle_tip_half_angle_rad);
          c.length_um = c.diameter_um + roller_tear_extent_um(radius_um, c.depth_um);
          c.tilt_rad = roller_entry_angle_rad(radius_um, c.depth_um);
          c.azimuth_rad = azimuth_rad;
          c.shape = ChannelShape::v_tear;
          c.pass = pass;
          channels.push_back(c);
        }
      }
    }
  }
  return channels;
}

}  // namespace citsim
