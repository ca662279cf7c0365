// VTK XML image data (.vti) for ParaView: cell data on a Grid, written as
// appended raw binary (little-endian, UInt64 block headers).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "citsim/core/grid.hpp"

namespace citsim {

/// One named cell array, one value per grid cell in Grid::index order.
struct VtkArray {
  std::string name;
  std::variant<std::span<const double>, std::span<const std::uint8_t>> values;
};

/// Writes the arrays as CellData of an ImageData file. Coordinates are in mm
/// (ParaView's usual scale for skin blocks), z pointing down into the skin
/// as depth. Doubles are stored as Float32. Throws Error on I/O failure.
void write_vti(const std::filesystem::path& file, const Grid& grid,
               const std::vector<VtkArray>& arrays);

}  // namespace citsim
