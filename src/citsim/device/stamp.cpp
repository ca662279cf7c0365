#include "citsim/device/stamp.hpp"

#include <algorithm>
#include <cmath>

#include "citsim/core/rng.hpp"
#include "citsim/device/penetration.hpp"
#include "citsim/device/strokes.hpp"

namespace citsim {

double stamp_density_per_um2(const Stamp& stamp) {
  return stamp.needles.count / stamp.plate_area_um2 * stamp.passes;
}

std::vector<Channel> stamp_channels(const Stamp& stamp, const DeviceData& data, const Patch& patch,
                                    std::uint64_t seed, int session, double fraction) {
  const auto step = static_cast<std::uint64_t>(session);
  const int count = std::max(stamp.needles.count, 1);
  const double side_um = std::sqrt(stamp.plate_area_um2);
  const int cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(count))));
  const int grid_rows = (count + cols - 1) / cols;
  const double dx_um = side_um / cols;
  const double dy_um = side_um / grid_rows;

  std::vector<Channel> channels;
  channels.reserve(
      static_cast<std::size_t>(stamp_density_per_um2(stamp) * patch.area_um2() * 1.2 + 16.0));
  for (int pass = 0; pass < stamp.passes; ++pass) {
    CounterRng pass_rng(seed, RngPurpose::stroke_placement, stroke_entity(pass, 0), step);
    const double ox_um = pass_rng.uniform(0.0, side_um);
    const double oy_um = pass_rng.uniform(0.0, side_um);
    const auto i_first = static_cast<std::int64_t>(std::floor(-ox_um / side_um));
    const auto i_last = static_cast<std::int64_t>(std::floor((patch.width_um - ox_um) / side_um));
    const auto j_first = static_cast<std::int64_t>(std::floor(-oy_um / side_um));
    const auto j_last = static_cast<std::int64_t>(std::floor((patch.height_um - oy_um) / side_um));
    const std::int64_t ni = i_last - i_first + 1;
    for (std::int64_t j = j_first; j <= j_last; ++j) {
      for (std::int64_t i = i_first; i <= i_last; ++i) {
        const std::int64_t press = (j - j_first) * ni + (i - i_first);
        CounterRng jitter_rng(seed, RngPurpose::channel_jitter, stroke_entity(pass, press), step);
        const double x0_um = ox_um + static_cast<double>(i) * side_um;
        const double y0_um = oy_um + static_cast<double>(j) * side_um;
        for (int k = 0; k < count; ++k) {
          Channel c;
          c.x_um = x0_um + (k % cols + 0.5) * dx_um;
          c.y_um = y0_um + (k / cols + 0.5) * dy_um;
          if (c.x_um < 0.0 || c.x_um >= patch.width_um || c.y_um < 0.0 ||
              c.y_um >= patch.height_um) {
            continue;
          }
          c.depth_um = channel_depth_um(fraction, data.stamp.channel_cv, stamp.needles.length_um,
                                        jitter_rng);
          c.diameter_um = opening_width_um(c.depth_um, stamp.needles.diameter_um,
                                           data.needle_tip_half_angle_rad);
          c.length_um = c.diameter_um;
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
