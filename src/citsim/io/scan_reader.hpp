// Import of a measured skin surface (profilometer, fringe projection,
// photogrammetry, 3D scanner) as a HeightMap in um.
//
//   ScanOptions opt;
//   opt.pixel_um = 25.0;              // images and meshes: the grid step
//   opt.height_per_level_um = 0.1;    // 16-bit PNG/TIFF: um of one grey level
//   HeightMap scan = read_scan("cheek-scar.png", opt);
//   HeightMap mesh = read_scan("cheek-scar.stl", {.pixel_um = 25.0, .mesh_unit = MeshUnit::mm});
//
// The format follows the extension: .png .tif .tiff .csv .obj .ply .stl.
// Every result has its least-squares plane removed and its median set to 0
// (level_scan), so 0 is the typical skin level and scars are negative.
// Any problem is one citsim::Error naming the file, what is wrong and what is
// allowed; sizes that suggest a wrong scale say "check pixel_um / mesh unit".
#pragma once

#include <filesystem>

#include "citsim/surface/height_map.hpp"
#include "citsim/surface/level.hpp"

namespace citsim {

/// Unit of mesh vertex coordinates (x, y and z alike).
enum class MeshUnit { mm, um };

struct ScanOptions {
  /// Grid step in um. Required for images and meshes; for CSV, required
  /// unless the file has a "# pixel_um = ..." line (if both, they must agree).
  double pixel_um = 0.0;
  /// Height of one grey level in um. Required for 8/16-bit PNG and TIFF; for
  /// 32-bit float TIFF optional: samples are um unless this is given, in which
  /// case they are multiplied by it.
  double height_per_level_um = 0.0;
  /// Unit of OBJ/PLY/STL coordinates.
  MeshUnit mesh_unit = MeshUnit::mm;
  /// Meshes: the largest fraction of grid pixels no triangle covers before
  /// the mesh is rejected; fewer are filled from their neighbours.
  double max_empty_fraction = 0.05;
};

/// Limits every imported map must meet.
inline constexpr int kScanMinPixels = 16;            ///< per side
inline constexpr int kScanMaxPixels = 4096;          ///< per side
inline constexpr double kScanMinWidthUm = 1000.0;    ///< 1 mm, each side
inline constexpr double kScanMaxWidthUm = 200000.0;  ///< 200 mm, each side
inline constexpr double kScanMinRangeUm = 0.5;       ///< height range after levelling
inline constexpr double kScanMaxRangeUm = 5000.0;    ///< 5 mm
/// Meshes: the most pixel tests drawing the triangles may take (about a
/// second of work); triangles far larger than a pixel over a large map
/// exceed it. Checked before drawing.
inline constexpr double kScanMaxRasterWork = 2.0e8;

/// Reads a scan; see the file comment.
HeightMap read_scan(const std::filesystem::path& path, const ScanOptions& options);

}  // namespace citsim
