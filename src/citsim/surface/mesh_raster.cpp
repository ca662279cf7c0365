#include "citsim/surface/mesh_raster.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "citsim/core/error.hpp"

namespace citsim {

HeightMap rasterise_from_above(const TriangleMesh& mesh, double ox, double oy, int nx, int ny,
                               double pixel_um) {
  const double p = pixel_um;
  HeightMap map(nx, ny, p, -std::numeric_limits<double>::infinity());
  constexpr double kEdgeTolerance = 1e-9;  // shared edges and vertices cover their pixel centres
  for (const auto& t : mesh.triangle) {
    std::array<double, 3> u{}, v{}, z{};
    for (std::size_t k = 0; k < 3; ++k) {
      u[k] = (mesh.vertex[t[k]][0] - ox) / p - 0.5;  // pixel i has its centre at u = i
      v[k] = (mesh.vertex[t[k]][1] - oy) / p - 0.5;
      z[k] = mesh.vertex[t[k]][2];
    }
    const double area2 = (u[1] - u[0]) * (v[2] - v[0]) - (u[2] - u[0]) * (v[1] - v[0]);
    if (std::abs(area2) < 1e-12) continue;  // seen edge-on from above
    const int i0 = std::max(0, static_cast<int>(std::ceil(std::min({u[0], u[1], u[2]}) - 1e-6)));
    const int i1 =
        std::min(nx - 1, static_cast<int>(std::floor(std::max({u[0], u[1], u[2]}) + 1e-6)));
    const int j0 = std::max(0, static_cast<int>(std::ceil(std::min({v[0], v[1], v[2]}) - 1e-6)));
    const int j1 =
        std::min(ny - 1, static_cast<int>(std::floor(std::max({v[0], v[1], v[2]}) + 1e-6)));
    for (int j = j0; j <= j1; ++j) {
      for (int i = i0; i <= i1; ++i) {
        const double w0 = ((u[1] - i) * (v[2] - j) - (u[2] - i) * (v[1] - j)) / area2;
        const double w1 = ((u[2] - i) * (v[0] - j) - (u[0] - i) * (v[2] - j)) / area2;
        const double w2 = 1.0 - w0 - w1;
        if (w0 < -kEdgeTolerance || w1 < -kEdgeTolerance || w2 < -kEdgeTolerance) continue;
        double& cell = map.at(i, j);
        cell = std::max(cell, w0 * z[0] + w1 * z[1] + w2 * z[2]);
      }
    }
  }

  return map;
}

double raster_work(const TriangleMesh& mesh, double ox, double oy, int nx, int ny,
                   double pixel_um) {
  double work = 0.0;
  for (const auto& t : mesh.triangle) {
    double u0 = std::numeric_limits<double>::infinity(), v0 = u0, u1 = -u0, v1 = -u0;
    for (std::size_t k = 0; k < 3; ++k) {
      const double u = (mesh.vertex[t[k]][0] - ox) / pixel_um - 0.5;
      const double v = (mesh.vertex[t[k]][1] - oy) / pixel_um - 0.5;
      u0 = std::min(u0, u);
      u1 = std::max(u1, u);
      v0 = std::min(v0, v);
      v1 = std::max(v1, v);
    }
    const double w = std::clamp(std::floor(u1) - std::ceil(u0) + 1.0, 0.0, double(nx));
    const double h = std::clamp(std::floor(v1) - std::ceil(v0) + 1.0, 0.0, double(ny));
    work += w * h;
  }
  return work;
}

std::size_t count_uncovered(const HeightMap& map) {
  std::size_t empty = 0;
  for (const double zz : map.z_um) empty += std::isinf(zz) ? 1u : 0u;
  return empty;
}

void fill_uncovered(HeightMap& map) {
  CITSIM_ASSERT(count_uncovered(map) < map.size(), "a map to fill has a covered pixel");
  const int nx = map.nx, ny = map.ny;
  std::size_t empty = count_uncovered(map);
  // Fill holes from the covered 8-neighbours, a ring at a time, in a fixed order.
  while (empty > 0) {
    HeightMap next = map;
    for (int j = 0; j < ny; ++j) {
      for (int i = 0; i < nx; ++i) {
        if (!std::isinf(map.at(i, j))) continue;
        double sum = 0.0;
        int n = 0;
        for (int dj = -1; dj <= 1; ++dj) {
          for (int di = -1; di <= 1; ++di) {
            const int a = i + di, b = j + dj;
            if (a < 0 || b < 0 || a >= nx || b >= ny || std::isinf(map.at(a, b))) continue;
            sum += map.at(a, b);
            ++n;
          }
        }
        if (n > 0) {
          next.at(i, j) = sum / n;
          --empty;
        }
      }
    }
    map = std::move(next);
  }
}

}  // namespace citsim
