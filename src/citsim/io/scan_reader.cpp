#include "citsim/io/scan_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "citsim/core/error.hpp"
#include "citsim/io/scan_format.hpp"
#include "citsim/surface/mesh_raster.hpp"

namespace citsim {
namespace {

using scan::check_pixels;
using scan::check_width;
using scan::fail;
using scan::finish;
using scan::kScaleHint;
using scan::num;

// Rasterises the mesh from above onto a grid of pixel_um: each pixel centre
// takes the highest z of the triangles covering it (barycentric interpolation).
HeightMap rasterise(const std::filesystem::path& path, TriangleMesh mesh, const ScanOptions& o) {
  if (mesh.vertex.empty() || mesh.triangle.empty()) {
    fail(path, "empty mesh: " + std::to_string(mesh.vertex.size()) + " vertices and " +
                   std::to_string(mesh.triangle.size()) +
                   " triangles: a scan needs a triangulated surface");
  }
  const double to_um = o.mesh_unit == MeshUnit::mm ? 1000.0 : 1.0;
  double xmin = std::numeric_limits<double>::infinity(), ymin = xmin;
  double xmax = -xmin, ymax = -xmin;
  double projected_area = 0.0;
  for (auto& p : mesh.vertex) {
    for (double& c : p) {
      if (!std::isfinite(c))
        fail(path,
             "mesh vertex coordinate " + num(c) + ": must be a finite number (no NaN or inf)");
      c *= to_um;
    }
  }
  for (const auto& t : mesh.triangle) {
    const auto& a = mesh.vertex[t[0]];
    const auto& b = mesh.vertex[t[1]];
    const auto& c = mesh.vertex[t[2]];
    for (const auto* p : {&a, &b, &c}) {
      xmin = std::min(xmin, (*p)[0]);
      xmax = std::max(xmax, (*p)[0]);
      ymin = std::min(ymin, (*p)[1]);
      ymax = std::max(ymax, (*p)[1]);
    }
    projected_area += 0.5 * std::abs((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1]));
  }
  const double wx = xmax - xmin;
  const double wy = ymax - ymin;
  if (!(wx > 0.0) || !(wy > 0.0) || !(projected_area > 1e-9 * wx * wy)) {
    fail(path,
         "mesh has no area in x-y (all triangles vertical or degenerate): the scan must be a "
         "surface seen "
         "from above, z up");
  }
  check_width(path, wx, wy);
  const double p = o.pixel_um;
  const double nx_real = std::floor(wx / p + 1e-3);
  const double ny_real = std::floor(wy / p + 1e-3);
  check_pixels(path, static_cast<long long>(std::min(nx_real, 1e9)),
               static_cast<long long>(std::min(ny_real, 1e9)),
               " at pixel_um = " + num(p) + " (" + kScaleHint + ")");
  const int nx = static_cast<int>(nx_real);
  const int ny = static_cast<int>(ny_real);
  // The grid is centred on the mesh, so every pixel centre lies inside its x-y box.
  const double ox = xmin + 0.5 * (wx - nx * p);
  const double oy = ymin + 0.5 * (wy - ny * p);

  const double work = raster_work(mesh, ox, oy, nx, ny, p);
  if (work > kScanMaxRasterWork) {
    fail(path, std::to_string(mesh.triangle.size()) + " triangles over a " + std::to_string(nx) +
                   "x" + std::to_string(ny) + " grid would take " + num(work) +
                   " pixel tests to draw: at most " + num(kScanMaxRasterWork) +
                   " (large triangles on a fine grid; check pixel_um / mesh unit)");
  }
  HeightMap map = rasterise_from_above(mesh, ox, oy, nx, ny, p);
  const std::size_t empty = count_uncovered(map);
  if (static_cast<double>(empty) > o.max_empty_fraction * static_cast<double>(map.size())) {
    fail(path,
         std::to_string(empty) + " of " + std::to_string(map.size()) + " grid pixels (" +
             num(std::round(1000.0 * static_cast<double>(empty) / static_cast<double>(map.size())) /
                 10.0) +
             " %) lie under no triangle: at most " + num(100.0 * o.max_empty_fraction) +
             " % may; the mesh has holes or pixel_um is too small (" + kScaleHint + ")");
  }
  fill_uncovered(map);
  return finish(path, std::move(map));
}

}  // namespace

HeightMap read_scan(const std::filesystem::path& path, const ScanOptions& options) {
  const std::string ext = scan::lower(path.extension().string());
  if (ext == ".png") return scan::read_png_scan(path, options);
  if (ext == ".tif" || ext == ".tiff") return scan::read_tiff_scan(path, options);
  if (ext == ".csv") return scan::read_csv_scan(path, options);
  if (ext == ".obj" || ext == ".ply" || ext == ".stl") {
    scan::require_pixel_um(path, options, "meshes");
    if (!(options.max_empty_fraction >= 0.0 && options.max_empty_fraction <= 1.0)) {
      fail(path,
           "max_empty_fraction = " + num(options.max_empty_fraction) + ": must be between 0 and 1");
    }
    TriangleMesh mesh = ext == ".obj"
                            ? scan::read_obj(path)
                            : (ext == ".ply" ? scan::read_ply(path) : scan::read_stl(path));
    return rasterise(path, std::move(mesh), options);
  }
  fail(path, "unknown scan format '" + (ext.empty() ? std::string("(no extension)") : ext) +
                 "': must be one of " + scan::kAllowedExtensions);
}

}  // namespace citsim
