#include "citsim/injury/injury.hpp"

#include <algorithm>
#include <cmath>

#include "citsim/core/error.hpp"
#include "citsim/core/parallel.hpp"
#include "citsim/core/units.hpp"

namespace citsim {
namespace {

/// A channel image that may touch the block, with its section geometry.
struct Placed {
  double x_um, y_um;
  double depth_um;
  double half_length_um;  // along the azimuth at the surface
  double half_width_um;   // across it
  double cos_a, sin_a;
  ChannelShape shape;
};

std::vector<Placed> place_in_block(std::span<const Channel> channels, const Patch& patch,
                                   double block_um) {
  std::vector<Placed> placed;
  for (const auto& c : channels) {
    if (c.depth_um <= 0.0) continue;
    const double half_len = 0.5 * std::max(c.length_um, c.diameter_um);
    const double half_w = 0.5 * c.diameter_um;
    const double reach = std::max(half_len, half_w);
    // Periodic images of the channel whose footprint meets the block.
    for (int iy = -1; iy <= 1; ++iy) {
      for (int ix = -1; ix <= 1; ++ix) {
        const double x = c.x_um + ix * patch.width_um;
        const double y = c.y_um + iy * patch.height_um;
        if (x + reach < 0.0 || x - reach > block_um || y + reach < 0.0 || y - reach > block_um) {
          continue;
        }
        placed.push_back({x, y, c.depth_um, half_len, half_w, std::cos(c.azimuth_rad),
                          std::sin(c.azimuth_rad), c.shape});
      }
    }
  }
  return placed;
}

/// Semi-axes of the channel's section at depth z (0 if the channel is shallower).
void section_at(const Placed& p, double z_um, double& a_um, double& b_um) {
  if (z_um >= p.depth_um) {
    a_um = b_um = 0.0;
    return;
  }
  const double remaining = 1.0 - z_um / p.depth_um;
  b_um = p.half_width_um * remaining;
  a_um = p.shape == ChannelShape::v_tear ? std::max(p.half_length_um * std::sqrt(remaining), b_um)
                                         : b_um;
}

}  // namespace

InjuryField voxelise_injury(std::span<const Channel> channels, const Patch& patch,
                            const SkinColumn& skin, const InjuryGridSpec& spec, int threads) {
  CITSIM_ASSERT(spec.voxel_um > 0.0 && spec.block_um > 0.0 && spec.depth_um > 0.0,
                "the block has a positive size");
  CITSIM_ASSERT(spec.subsamples >= 1, "at least one sample per voxel");
  Grid grid;
  grid.nx = grid.ny = std::max(1, static_cast<int>(std::lround(spec.block_um / spec.voxel_um)));
  grid.nz = std::max(1, static_cast<int>(std::ceil(spec.depth_um / spec.voxel_um)));
  grid.dx_um = grid.dy_um = grid.dz_um = spec.voxel_um;

  InjuryField out{grid, Field(grid), std::vector<std::uint8_t>(grid.size())};
  const std::vector<Placed> placed = place_in_block(channels, patch, grid.extent_x_um());
  const int s = spec.subsamples;
  const int mx = grid.nx * s;
  const int my = grid.ny * s;
  const double h = spec.voxel_um / s;  // subsample spacing
  const double weight = 1.0 / (s * s * s);

  parallel_for(0, grid.nz, threads, [&](std::int64_t k64) {
    const int k = static_cast<int>(k64);
    const auto layer = static_cast<std::uint8_t>(skin.layers.layer_at(grid.z_um(k)));
    std::vector<std::uint8_t> mask(static_cast<std::size_t>(mx) * static_cast<std::size_t>(my));
    std::vector<int> hits(static_cast<std::size_t>(grid.nx) * static_cast<std::size_t>(grid.ny), 0);
    for (int sz = 0; sz < s; ++sz) {
      const double z = k * grid.dz_um + (sz + 0.5) * h;
      std::fill(mask.begin(), mask.end(), std::uint8_t{0});
      for (const auto& p : placed) {
        double a = 0.0, b = 0.0;
        section_at(p, z, a, b);
        if (a <= 0.0 || b <= 0.0) continue;
        // Stadium: points within b of the segment of half-length a - b
        // along the azimuth (a disc when a = b).
        const double half_segment = a - b;
        const double b2 = b * b;
        const double reach = a;
        const int i0 = std::max(0, static_cast<int>(std::floor((p.x_um - reach) / h)));
        const int i1 = std::min(mx - 1, static_cast<int>(std::floor((p.x_um + reach) / h)));
        const int j0 = std::max(0, static_cast<int>(std::floor((p.y_um - reach) / h)));
        const int j1 = std::min(my - 1, static_cast<int>(std::floor((p.y_um + reach) / h)));
        for (int j = j0; j <= j1; ++j) {
          const double dy = (j + 0.5) * h - p.y_um;
          for (int i = i0; i <= i1; ++i) {
            const double dx = (i + 0.5) * h - p.x_um;
            const double u = std::max(0.0, std::abs(dx * p.cos_a + dy * p.sin_a) - half_segment);
            const double v = -dx * p.sin_a + dy * p.cos_a;
            if (u * u + v * v <= b2) {
              mask[static_cast<std::size_t>(j) * static_cast<std::size_t>(mx) +
                   static_cast<std::size_t>(i)] = 1;
            }
          }
        }
      }
      for (int j = 0; j < my; ++j) {
        for (int i = 0; i < mx; ++i) {
          if (mask[static_cast<std::size_t>(j) * static_cast<std::size_t>(mx) +
                   static_cast<std::size_t>(i)]) {
            ++hits[static_cast<std::size_t>(j / s) * static_cast<std::size_t>(grid.nx) +
                   static_cast<std::size_t>(i / s)];
          }
        }
      }
    }
    for (int j = 0; j < grid.ny; ++j) {
      for (int i = 0; i < grid.nx; ++i) {
        const std::size_t n = grid.index(i, j, k);
        out.disruption[n] = hits[static_cast<std::size_t>(j) * static_cast<std::size_t>(grid.nx) +
                                 static_cast<std::size_t>(i)] *
                            weight;
        out.layer[n] = layer;
      }
    }
  });
  return out;
}

InjuryStats injury_stats(const InjuryField& field, const SkinColumn& skin) {
  const Grid& g = field.grid;
  InjuryStats st;
  std::array<double, kLayerCount> layer_volume{};
  std::array<double, kLayerCount> layer_disrupted{};
  double total = 0.0;
  double vascular = 0.0;
  double surface_breach = 0.0;
  for (int k = 0; k < g.nz; ++k) {
    const double z = g.z_um(k);
    const auto layer = static_cast<std::size_t>(skin.layers.layer_at(z));
    double slab = 0.0;
    for (int j = 0; j < g.ny; ++j) {
      for (int i = 0; i < g.nx; ++i) slab += field.disruption(i, j, k);
    }
    layer_volume[layer] += static_cast<double>(g.nx) * g.ny;
    layer_disrupted[layer] += slab;
    total += slab;
    if (z >= skin.plexus_depth_um) vascular += slab;
    if (k == 0) surface_breach = slab / (static_cast<double>(g.nx) * g.ny);
    if (slab > 0.0) st.max_depth_um = z;
  }
  const double cells = static_cast<double>(g.size());
  st.disrupted_volume_fraction = total / cells;
  for (std::size_t l = 0; l < kLayerCount; ++l) {
    st.layer_disrupted_fraction[l] =
        layer_volume[l] > 0.0 ? layer_disrupted[l] / layer_volume[l] : 0.0;
  }
  st.barrier_breach_fraction = surface_breach;
  const double voxel_mm3 = g.cell_volume_um3() / 1.0e9;
  const double area_cm2 = units::um2_to_cm2(g.extent_x_um() * g.extent_y_um());
  const double dermal = layer_disrupted[static_cast<std::size_t>(Layer::papillary_dermis)] +
                        layer_disrupted[static_cast<std::size_t>(Layer::reticular_dermis)];
  st.dermal_disrupted_mm3_per_cm2 = dermal * voxel_mm3 / area_cm2;
  st.vascular_disrupted_mm3_per_cm2 = vascular * voxel_mm3 / area_cm2;
  return st;
}

}  // namespace citsim
