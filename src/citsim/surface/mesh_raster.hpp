// A triangulated surface (a 3D scan) seen from above, as a height map.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "citsim/surface/height_map.hpp"

namespace citsim {

struct TriangleMesh {
  std::vector<std::array<double, 3>> vertex;           ///< x, y, z (z up)
  std::vector<std::array<std::uint32_t, 3>> triangle;  ///< vertex indices
};

/// Rasterises `mesh` (coordinates in um) from above onto `nx` x `ny` pixels
/// of `pixel_um` whose corner is at (ox, oy): each pixel centre takes the
/// highest z of the triangles covering it (barycentric interpolation); a
/// pixel under no triangle is -infinity.
HeightMap rasterise_from_above(const TriangleMesh& mesh, double ox, double oy, int nx, int ny,
                               double pixel_um);

/// The pixel tests rasterise_from_above would make: the pixels of every
/// triangle's bounding box on the grid, summed (what drawing costs).
double raster_work(const TriangleMesh& mesh, double ox, double oy, int nx, int ny, double pixel_um);

/// Pixels of `map` that are -infinity (under no triangle).
std::size_t count_uncovered(const HeightMap& map);

/// Fills every -infinity pixel from its covered 8-neighbours, a ring at a
/// time, in a fixed order. `map` must have at least one covered pixel.
void fill_uncovered(HeightMap& map);

}  // namespace citsim
