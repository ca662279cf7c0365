#include "citsim/surface/level.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "citsim/core/error.hpp"

namespace citsim {

void level_scan(HeightMap& map) {
  CITSIM_ASSERT(
      map.nx > 0 && map.ny > 0 &&
          map.size() == static_cast<std::size_t>(map.nx) * static_cast<std::size_t>(map.ny),
      "a scan to level has pixels");
  // On a full regular grid the centred x and y are orthogonal, so the normal
  // equations of the plane fit decouple.
  const double cx = 0.5 * (map.nx - 1);
  const double cy = 0.5 * (map.ny - 1);
  double sum = 0.0, sxz = 0.0, syz = 0.0, sxx = 0.0, syy = 0.0;
  for (int j = 0; j < map.ny; ++j) {
    for (int i = 0; i < map.nx; ++i) {
      const double z = map.at(i, j);
      sum += z;
      sxz += (i - cx) * z;
      syz += (j - cy) * z;
      sxx += (i - cx) * (i - cx);
      syy += (j - cy) * (j - cy);
    }
  }
  const double mean = sum / static_cast<double>(map.size());
  const double bx = sxx > 0.0 ? sxz / sxx : 0.0;
  const double by = syy > 0.0 ? syz / syy : 0.0;
  for (int j = 0; j < map.ny; ++j) {
    for (int i = 0; i < map.nx; ++i) map.at(i, j) -= mean + bx * (i - cx) + by * (j - cy);
  }
  std::vector<double> sorted = map.z_um;
  const std::size_t half = sorted.size() / 2;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(half),
                   sorted.end());
  double median = sorted[half];
  if (sorted.size() % 2 == 0) {
    const double below =
        *std::max_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(half));
    median = 0.5 * (median + below);
  }
  for (double& z : map.z_um) z -= median;
}

}  // namespace citsim
