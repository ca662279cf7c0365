#include "citsim/device/pen.hpp"

#include <algorithm>
#include <cmath>

#include "citsim/core/rng.hpp"
#include "citsim/core/units.hpp"
#include "citsim/device/penetration.hpp"
#include "citsim/device/strokes.hpp"

namespace citsim {

double cartridge_diameter_um(const Pen& pen, const DeviceData& data) {
  if (pen.cartridge_diameter_um > 0.0) return pen.cartridge_diameter_um;
  for (const CartridgeSize& size : data.pen_cartridges) {
    if (size.needle_count == pen.needles.count) return size.diameter_um;
  }
  const double n = std::max(pen.needles.count, 1);
  const double packed_um =
      data.pen_needle_pitch_um * std::sqrt(2.0 * std::sqrt(3.0) * n / units::pi);
  return std::max(packed_um, pen.needles.diameter_um);
}

double pen_swath_width_um(const Pen& pen, const DeviceData& data) {
  const double diameter_um = cartridge_diameter_um(pen, data);
  return pen.pattern == PenPattern::circles ? 2.0 * diameter_um : diameter_um;
}

double pen_density_per_um2(const Pen& pen, const DeviceData& data) {
  return pen.needles.count * pen.stroke_rate_hz /
         (pen.glide_speed_um_per_s * pen_swath_width_um(pen, data)) * pen.passes;
}

std::vector<std::pair<double, double>> cartridge_needle_offsets_um(const Pen& pen,
                                                                   const DeviceData& data) {
  const int count = std::max(pen.needles.count, 1);
  const double radius_um =
      std::max(0.0, (cartridge_diameter_um(pen, data) - pen.needles.diameter_um) / 2.0);
  const double golden_angle_rad = units::pi * (3.0 - std::sqrt(5.0));
  std::vector<std::pair<double, double>> offsets;
  offsets.reserve(static_cast<std::size_t>(count));
  for (int k = 0; k < count; ++k) {
    const double r_um = count == 1 ? 0.0 : radius_um * std::sqrt((k + 0.5) / count);
    const double theta = k * golden_angle_rad;
    offsets.emplace_back(r_um * std::cos(theta), r_um * std::sin(theta));
  }
  return offsets;
}

std::vector<Channel> pen_channels(const Pen& pen, const DeviceData& data, const Patch& patch,
                                  std::uint64_t seed, int session, double fraction) {
  const auto step = static_cast<std::uint64_t>(session);
  const double cartridge_um = cartridge_diameter_um(pen, data);
  const double swath_um = pen_swath_width_um(pen, data);
  const double spacing_um = pen.glide_speed_um_per_s / pen.stroke_rate_hz;  // between stamps
  const bool circles = pen.pattern == PenPattern::circles;
  const double circle_radius_um = cartridge_um / 2.0;
  // Circles: the pen advances half a cartridge diameter per circle.
  const double circle_advance_um = cartridge_um / 2.0;
  const double reach_um = cartridge_um / 2.0 + (circles ? circle_radius_um : 0.0);
  const auto offsets = cartridge_needle_offsets_um(pen, data);

  std::vector<Channel> channels;
  channels.reserve(
      static_cast<std::size_t>(pen_density_per_um2(pen, data) * patch.area_um2() * 1.2 + 16.0));
  for (int pass = 0; pass < pen.passes; ++pass) {
    const double angle_rad = cycled_direction_rad(data.pen_directions_rad, pass);
    const StrokeFrame frame(patch, angle_rad);
    CounterRng pass_rng(seed, RngPurpose::stroke_placement, stroke_entity(pass, 0), step);
    const double v_offset_um = pass_rng.uniform(0.0, swath_um);
    const auto s_first =
        static_cast<std::int64_t>(std::floor((frame.v_min() - v_offset_um) / swath_um));
    const auto s_last =
        static_cast<std::int64_t>(std::floor((frame.v_max() - v_offset_um) / swath_um));
    for (std::int64_t s = s_first; s <= s_last; ++s) {
      const std::int64_t index = s - s_first;
      CounterRng stroke_rng(seed, RngPurpose::stroke_placement, stroke_entity(pass, index + 1),
                            step);
      CounterRng jitter_rng(seed, RngPurpose::channel_jitter, stroke_entity(pass, index), step);
      const double phase_um = stroke_rng.uniform(0.0, spacing_um);
      const double v_line_um = v_offset_um + (static_cast<double>(s) + 0.5) * swath_um;
      const auto t_first =
          static_cast<std::int64_t>(std::ceil((frame.u_min() - reach_um - phase_um) / spacing_um));
      const auto t_last =
          static_cast<std::int64_t>(std::floor((frame.u_max() + reach_um - phase_um) / spacing_um));
      for (std::int64_t t = t_first; t <= t_last; ++t) {
        double u_c = phase_um + static_cast<double>(t) * spacing_um;
        double v_c = v_line_um;
        if (circles) {
          const double turn = 2.0 * units::pi * u_c / circle_advance_um;
          u_c += circle_radius_um * std::cos(turn);
          v_c += circle_radius_um * std::sin(turn);
        }
        for (const auto& [du_um, dv_um] : offsets) {
          Channel c;
          if (!frame.to_patch(u_c + du_um, v_c + dv_um, c.x_um, c.y_um)) continue;
          c.depth_um =
              channel_depth_um(fraction, data.pen.channel_cv, pen.needles.length_um, jitter_rng);
          c.diameter_um =
              opening_width_um(c.depth_um, pen.needles.diameter_um, data.needle_tip_half_angle_rad);
          c.length_um = c.diameter_um;
          c.azimuth_rad = std::fmod(angle_rad + units::pi, units::pi);
          c.shape = ChannelShape::cone;
          c.pass = pass;
          channels.push_back(c);
        }
      }
    }
  }
  return channels;
}

}  // namespace citsim
