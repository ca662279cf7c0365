// Shared by the scan readers (scan_reader.cpp, and one file for each family
// of formats: scan_image.cpp, scan_csv.cpp, scan_mesh.cpp): the checks every
// format makes, with the messages they give.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "citsim/io/scan_reader.hpp"
#include "citsim/surface/mesh_raster.hpp"

namespace citsim::scan {

inline constexpr const char* kAllowedExtensions = ".png, .tif, .tiff, .csv, .obj, .ply, .stl";
inline constexpr const char* kScaleHint = "check pixel_um / mesh unit";

/// Throws Error "path: what".
[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what);
/// A number for messages: shortest form of the value to 6 significant digits.
std::string num(double v);
std::string lower(std::string s);
std::string read_bytes(const std::filesystem::path& path);
std::string_view trim(std::string_view s);
bool parse_double(std::string_view s, double& out);
void require_pixel_um(const std::filesystem::path& path, const ScanOptions& o, const char* what);
void check_pixels(const std::filesystem::path& path, long long nx, long long ny,
                  const std::string& hint);
void check_width(const std::filesystem::path& path, double width_x_um, double width_y_um);
/// The checks every format ends with, then levelling.
HeightMap finish(const std::filesystem::path& path, HeightMap map);

HeightMap read_png_scan(const std::filesystem::path& path, const ScanOptions& o);
HeightMap read_tiff_scan(const std::filesystem::path& path, const ScanOptions& o);
HeightMap read_csv_scan(const std::filesystem::path& path, const ScanOptions& o);
/// Mesh files, coordinates in the file's units.
TriangleMesh read_obj(const std::filesystem::path& path);
TriangleMesh read_ply(const std::filesystem::path& path);
TriangleMesh read_stl(const std::filesystem::path& path);

}  // namespace citsim::scan
