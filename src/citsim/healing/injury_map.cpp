#include "citsim/healing/injury_map.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

/// Section area of a channel at depth z: a stadium of half-width b and
/// half-length a (injury/injury.hpp shapes).
double section_area_um2(const Channel& c, double z_um) {
  if (z_um >= c.depth_um || c.depth_um <= 0.0) return 0.0;
  const double t = 1.0 - z_um / c.depth_um;
  const double b = 0.5 * c.diameter_um * t;
  const double a = c.shape == ChannelShape::v_tear
                       ? std::max(0.5 * std::max(c.length_um, c.diameter_um) * std::sqrt(t), b)
                       : b;
  return std::numbers::pi * b * b + 4.0 * b * (a - b);
}

/// Row k of an axisymmetric cell: a column of `radius` at the axis,
/// rescaled so the row's mean is `target` (where the column would exceed 1,
/// the excess is spread evenly over the rest of the row).
void place_column(double radius, double target, const Mesh& mesh, int k, std::vector<double>& out) {
  if (target <= 0.0) return;
  const double cell_area = std::numbers::pi * mesh.extent_x_um() * mesh.extent_x_um();
  std::vector<double> shape(static_cast<std::size_t>(mesh.nx), 0.0);
  double shape_mean = 0.0;
  for (int i = 0; i < mesh.nx; ++i) {
    const double r_in = i * mesh.dx_um, r_out = (i + 1) * mesh.dx_um;
    const double inside = std::clamp(radius, r_in, r_out);
    const double f = (inside * inside - r_in * r_in) / (r_out * r_out - r_in * r_in);
    shape[static_cast<std::size_t>(i)] = f;
    shape_mean += f * std::numbers::pi * (r_out * r_out - r_in * r_in) / cell_area;
  }
  for (int i = 0; i < mesh.nx; ++i) {
    const double f = shape[static_cast<std::size_t>(i)];
    // Where the column does not reach, spread evenly; where the rescaled
    // column would exceed 1, spread the excess evenly.
    double value = shape_mean > 0.0 ? f * target / shape_mean : target;
    if (shape_mean > 0.0 && target / shape_mean > 1.0) {
      const double excess = (target - shape_mean) / (1.0 - shape_mean);
      value = f + (1.0 - f) * excess;
    }
    out[mesh.index(i, 0, k)] = std::clamp(value, 0.0, 1.0);
  }
}

}  // namespace

std::vector<double> mean_disruption_profile(std::span<const Channel> channels, const Patch& patch,
                                            const Mesh& mesh) {
  // The cells' depth spans, each at 4 points, ascending.
  const auto nz = static_cast<std::size_t>(mesh.nz);
  std::vector<double> z(4 * nz);
  for (int k = 0; k < mesh.nz; ++k) {
    for (int q = 0; q < 4; ++q) {
      z[4 * static_cast<std::size_t>(k) + static_cast<std::size_t>(q)] =
          (k + (q + 0.5) / 4.0) * mesh.dz_um;
    }
  }
  // The channels' section areas summed at every point, channel after
  // channel (each point's sum in channel order). A channel adds nothing at
  // and below its tip (section_area_um2 is 0 there, and adding 0 to a sum
  // of areas leaves it unchanged), so its points stop at the tip.
  std::vector<double> area(z.size(), 0.0);
  for (const auto& c : channels) {
    if (c.depth_um <= 0.0) continue;
    for (std::size_t p = 0; p < z.size() && z[p] < c.depth_um; ++p) {
      area[p] += section_area_um2(c, z[p]);
    }
  }
  std::vector<double> profile(nz, 0.0);
  for (std::size_t k = 0; k < nz; ++k) {
    // Average over the cell's depth span at 4 points.
    double sum = 0.0;
    for (std::size_t q = 0; q < 4; ++q) sum += 1.0 - std::exp(-area[4 * k + q] / patch.area_um2());
    profile[k] = sum / 4.0;
  }
  return profile;
}

std::vector<double> axisymmetric_disruption(std::span<const Channel> channels,
                                            std::span<const double> profile, const Mesh& mesh) {
  CITSIM_ASSERT(mesh.geometry == Geometry::axisymmetric, "plan fidelity uses an axisymmetric cell");
  std::vector<double> out(mesh.size(), 0.0);
  double width = 0.0, depth = 0.0;
  for (const auto& c : channels) {
    width += c.diameter_um;
    depth += c.depth_um;
  }
  if (!channels.empty()) {
    width /= static_cast<double>(channels.size());
    depth /= static_cast<double>(channels.size());
  }
  for (int k = 0; k < mesh.nz; ++k) {
    const double z = mesh.cell_depth_um(k);
    const double radius = depth > z ? 0.5 * width * (1.0 - z / depth) : 0.0;
    place_column(radius, profile[static_cast<std::size_t>(k)], mesh, k, out);
  }
  return out;
}

std::vector<double> axisymmetric_column(const std::vector<double>& radius_um, double row_um,
                                        double density_per_um2, const Mesh& mesh) {
  CITSIM_ASSERT(mesh.geometry == Geometry::axisymmetric, "plan fidelity uses an axisymmetric cell");
  std::vector<double> out(mesh.size(), 0.0);
  for (int k = 0; k < mesh.nz; ++k) {
    // The column's mean section over the cell's depth span (4 points), and
    // the union of the randomly placed columns of the session.
    double area = 0.0;
    for (int q = 0; q < 4; ++q) {
      const double r =
          thermal::ThermalLesion::at(radius_um, row_um, (k + (q + 0.5) / 4.0) * mesh.dz_um);
      area += 0.25 * std::numbers::pi * r * r;
    }
    if (area <= 0.0) continue;
    place_column(std::sqrt(area / std::numbers::pi), 1.0 - std::exp(-area * density_per_um2), mesh,
                 k, out);
  }
  return out;
}

std::vector<double> block_column(std::span<const Channel> channels, const Patch& patch,
                                 const std::vector<double>& radius_um, double row_um,
                                 const Mesh& mesh) {
  CITSIM_ASSERT(mesh.geometry == Geometry::cartesian, "full fidelity uses a Cartesian block");
  // Sum of each column's cover of each cell (4 x 4 points across a cell at
  // its centre depth), then the union as for randomly placed columns.
  std::vector<double> cover(mesh.size(), 0.0);
  constexpr int kSub = 4;
  const double r_max = *std::max_element(radius_um.begin(), radius_um.end());
  if (r_max <= 0.0) return cover;
  for (const Channel& c : channels) {
    for (int wx = -1; wx <= 1; ++wx) {
      for (int wy = -1; wy <= 1; ++wy) {
        const double cx = c.x_um + wx * patch.width_um, cy = c.y_um + wy * patch.height_um;
        if (cx + r_max < 0.0 || cx - r_max > mesh.extent_x_um() || cy + r_max < 0.0 ||
            cy - r_max > mesh.ny * mesh.dy_um) {
          continue;
        }
        const int i0 = std::max(0, static_cast<int>(std::floor((cx - r_max) / mesh.dx_um)));
        const int i1 =
            std::min(mesh.nx - 1, static_cast<int>(std::floor((cx + r_max) / mesh.dx_um)));
        const int j0 = std::max(0, static_cast<int>(std::floor((cy - r_max) / mesh.dy_um)));
        const int j1 =
            std::min(mesh.ny - 1, static_cast<int>(std::floor((cy + r_max) / mesh.dy_um)));
        for (int k = 0; k < mesh.nz; ++k) {
          const double r = thermal::ThermalLesion::at(radius_um, row_um, mesh.cell_depth_um(k));
          if (r <= 0.0) continue;
          for (int j = j0; j <= j1; ++j) {
            for (int i = i0; i <= i1; ++i) {
              int inside = 0;
              for (int b = 0; b < kSub; ++b) {
                for (int a = 0; a < kSub; ++a) {
                  const double x = (i + (a + 0.5) / kSub) * mesh.dx_um - cx;
                  const double y = (j + (b + 0.5) / kSub) * mesh.dy_um - cy;
                  if (x * x + y * y <= r * r) ++inside;
                }
              }
              cover[mesh.index(i, j, k)] += static_cast<double>(inside) / (kSub * kSub);
            }
          }
        }
      }
    }
  }
  for (double& v : cover) v = 1.0 - std::exp(-v);
  return cover;
}

std::vector<double> block_disruption(const InjuryField& field, const Mesh& mesh) {
  const Grid& g = field.grid;
  const int fx = std::max(1, static_cast<int>(std::lround(mesh.dx_um / g.dx_um)));
  const int fz = std::max(1, static_cast<int>(std::lround(mesh.dz_um / g.dz_um)));
  std::vector<double> out(mesh.size(), 0.0);
  for (int k = 0; k < mesh.nz; ++k) {
    for (int j = 0; j < mesh.ny; ++j) {
      for (int i = 0; i < mesh.nx; ++i) {
        double sum = 0.0;
        int count = 0;
        for (int kk = k * fz; kk < (k + 1) * fz; ++kk) {
          for (int jj = j * fx; jj < (j + 1) * fx; ++jj) {
            for (int ii = i * fx; ii < (i + 1) * fx; ++ii) {
              ++count;
              if (ii < g.nx && jj < g.ny && kk < g.nz) sum += field.disruption(ii, jj, kk);
            }
          }
        }
        out[mesh.index(i, j, k)] = sum / count;
      }
    }
  }
  return out;
}

}  // namespace citsim
