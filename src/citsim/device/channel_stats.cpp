#include "citsim/device/channel_stats.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "citsim/core/units.hpp"

namespace citsim {
namespace {

/// Linear interpolation between order statistics (sorted input).
double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0.0;
  const double pos = p * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double t = pos - static_cast<double>(lo);
  return sorted[lo] + t * (sorted[hi] - sorted[lo]);
}

std::int64_t wrap(std::int64_t i, std::int64_t n) {
  const std::int64_t r = i % n;
  return r < 0 ? r + n : r;
}

/// Marks the cells whose centres lie in the channel's stadium-shaped opening.
void rasterise(const Channel& c, double cell_x_um, double cell_y_um, std::int64_t nx,
               std::int64_t ny, std::vector<std::uint8_t>& covered) {
  const double half_width = c.diameter_um / 2.0;
  if (half_width <= 0.0) return;
  const double half_core = std::max(0.0, c.length_um / 2.0 - half_width);
  const double ca = std::cos(c.azimuth_rad);
  const double sa = std::sin(c.azimuth_rad);
  const double ex = std::abs(ca) * half_core + half_width;
  const double ey = std::abs(sa) * half_core + half_width;
  const auto i0 = static_cast<std::int64_t>(std::floor((c.x_um - ex) / cell_x_um - 0.5));
  const auto i1 = static_cast<std::int64_t>(std::ceil((c.x_um + ex) / cell_x_um - 0.5));
  const auto j0 = static_cast<std::int64_t>(std::floor((c.y_um - ey) / cell_y_um - 0.5));
  const auto j1 = static_cast<std::int64_t>(std::ceil((c.y_um + ey) / cell_y_um - 0.5));
  const double r2 = half_width * half_width;
  for (std::int64_t j = j0; j <= j1; ++j) {
    const double dy = (static_cast<double>(j) + 0.5) * cell_y_um - c.y_um;
    const std::int64_t row = wrap(j, ny) * nx;
    for (std::int64_t i = i0; i <= i1; ++i) {
      const double dx = (static_cast<double>(i) + 0.5) * cell_x_um - c.x_um;
      const double along = std::clamp(dx * ca + dy * sa, -half_core, half_core);
      const double px = dx - along * ca;
      const double py = dy - along * sa;
      if (px * px + py * py <= r2) {
        covered[static_cast<std::size_t>(row + wrap(i, nx))] = 1;
      }
    }
  }
}

}  // namespace

double opening_area_um2(const Channel& channel) {
  const double w = channel.diameter_um;
  const double core = std::max(0.0, channel.length_um - w);
  return w * core + units::pi * w * w / 4.0;
}

ChannelStats channel_stats(const SessionChannels& session, const SkinColumn& skin,
                           double raster_cell_um) {
  ChannelStats st;
  const auto& channels = session.channels;
  const double area_cm2 = units::um2_to_cm2(session.patch.area_um2());
  st.channel_count = static_cast<std::int64_t>(channels.size());
  st.density_per_cm2 = static_cast<double>(channels.size()) / area_cm2;
  st.expected_density_per_cm2 = session.expected_density_per_cm2;
  if (channels.empty()) return st;

  const double epidermis_um = skin.layers.epidermis_um();
  std::vector<double> depths;
  depths.reserve(channels.size());
  double sum_depth = 0.0;
  double sum_width = 0.0;
  double sum_length = 0.0;
  double sum_area = 0.0;
  std::int64_t dermis = 0;
  std::int64_t plexus = 0;
  for (const Channel& c : channels) {
    depths.push_back(c.depth_um);
    sum_depth += c.depth_um;
    sum_width += c.diameter_um;
    sum_length += c.length_um;
    sum_area += opening_area_um2(c);
    if (c.depth_um > epidermis_um) ++dermis;
    if (c.depth_um >= skin.plexus_depth_um) ++plexus;
  }
  const auto n = static_cast<double>(channels.size());
  std::sort(depths.begin(), depths.end());
  st.mean_depth_um = sum_depth / n;
  st.p10_depth_um = percentile(depths, 0.10);
  st.p90_depth_um = percentile(depths, 0.90);
  st.mean_opening_width_um = sum_width / n;
  st.mean_opening_length_um = sum_length / n;
  st.fraction_reaching_dermis = static_cast<double>(dermis) / n;
  st.fraction_reaching_plexus = static_cast<double>(plexus) / n;
  st.bleeding_points_per_cm2 = static_cast<double>(plexus) / area_cm2;
  st.expected_coverage = 1.0 - std::exp(-(n / session.patch.area_um2()) * (sum_area / n));

  const auto nx = std::max<std::int64_t>(
      1, static_cast<std::int64_t>(std::lround(session.patch.width_um / raster_cell_um)));
  const auto ny = std::max<std::int64_t>(
      1, static_cast<std::int64_t>(std::lround(session.patch.height_um / raster_cell_um)));
  const double cell_x_um = session.patch.width_um / static_cast<double>(nx);
  const double cell_y_um = session.patch.height_um / static_cast<double>(ny);
  std::vector<std::uint8_t> covered(static_cast<std::size_t>(nx * ny), 0);
  for (const Channel& c : channels) rasterise(c, cell_x_um, cell_y_um, nx, ny, covered);
  std::int64_t count = 0;
  for (const std::uint8_t v : covered) count += v;
  st.coverage = static_cast<double>(count) / static_cast<double>(nx * ny);
  return st;
}

}  // namespace citsim
