// A height map of the treated skin surface: heights on a regular grid.
//
//   HeightMap map(256, 256, 20.0);   // 256 x 256 pixels of 20 um: a 5.12 mm square
//   map.at(i, j) = -120.0;           // 120 um below the unscarred skin level
//   double sa = areal_parameters(map, {}).sa_um;   // surface/metrics.hpp
//
// Heights are in um, positive up; 0 is the unscarred skin level, so an
// atrophic scar is negative. x (column i) runs fastest in memory: the value
// of pixel (i, j) is z_um[j * nx + i], its centre at ((i + 0.5) p, (j + 0.5) p)
// for pixel size p.
#pragma once

#include <cstddef>
#include <vector>

#include "citsim/core/error.hpp"

namespace citsim {

struct HeightMap {
  int nx = 0;                ///< columns (x)
  int ny = 0;                ///< rows (y)
  double pixel_um = 1.0;     ///< pixel edge, > 0, same in x and y
  std::vector<double> z_um;  ///< nx * ny heights, x fastest

  HeightMap() = default;
  HeightMap(int nx_, int ny_, double pixel_um_, double value_um = 0.0)
      : nx(nx_),
        ny(ny_),
        pixel_um(pixel_um_),
        z_um(static_cast<std::size_t>(nx_) * static_cast<std::size_t>(ny_), value_um) {
    CITSIM_ASSERT(nx_ > 0 && ny_ > 0 && pixel_um_ > 0.0,
                  "a height map has pixels of positive size");
  }

  std::size_t size() const { return z_um.size(); }
  std::size_t index(int i, int j) const {
    return static_cast<std::size_t>(j) * static_cast<std::size_t>(nx) + static_cast<std::size_t>(i);
  }
  double& at(int i, int j) { return z_um[index(i, j)]; }
  double at(int i, int j) const { return z_um[index(i, j)]; }
  double width_um() const { return nx * pixel_um; }
  double height_um() const { return ny * pixel_um; }
};

}  // namespace citsim
