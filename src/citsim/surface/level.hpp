// Levelling a measured surface: the tilt of the scan removed and its typical
// level set to 0, so that scars are negative heights.
#pragma once

#include "citsim/surface/height_map.hpp"

namespace citsim {

/// Removes the least-squares plane z = a + b x + c y and then shifts the map
/// so that its median is 0 (for an even count, the mean of the two middle values).
void level_scan(HeightMap& map);

}  // namespace citsim
