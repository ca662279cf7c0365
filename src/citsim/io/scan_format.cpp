#include "citsim/io/scan_format.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>

#include "citsim/core/error.hpp"
#include "citsim/surface/level.hpp"

namespace citsim::scan {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what) {
  throw Error(path.string() + ": " + what);
}

/// A number for messages: shortest form of the value to 6 significant digits.
std::string num(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 6);
  return std::string(buf, r.ptr);
}

std::string lower(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return s;
}

std::string read_bytes(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail(path, "cannot read: is a folder, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, std::string("cannot read: ") + std::generic_category().message(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) fail(path, "cannot read: input error");
  return std::move(ss).str();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool parse_double(std::string_view s, double& out) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && !s.empty();
}

void require_pixel_um(const std::filesystem::path& path, const ScanOptions& o, const char* what) {
  if (!(o.pixel_um > 0.0) || !std::isfinite(o.pixel_um)) {
    fail(path,
         "pixel_um = " + num(o.pixel_um) + ": must be > 0: " + what + " need the pixel size in um");
  }
}

void check_pixels(const std::filesystem::path& path, long long nx, long long ny,
                  const std::string& hint) {
  if (nx < kScanMinPixels || ny < kScanMinPixels || nx > kScanMaxPixels || ny > kScanMaxPixels) {
    fail(path, "map of " + std::to_string(nx) + "x" + std::to_string(ny) +
                   " pixels: each side must be " + std::to_string(kScanMinPixels) + " to " +
                   std::to_string(kScanMaxPixels) + " pixels" + hint);
  }
}

void check_width(const std::filesystem::path& path, double width_x_um, double width_y_um) {
  const double small = std::min(width_x_um, width_y_um);
  const double large = std::max(width_x_um, width_y_um);
  if (small < kScanMinWidthUm || large > kScanMaxWidthUm) {
    fail(path, "map of " + num(width_x_um / 1000.0) + " x " + num(width_y_um / 1000.0) +
                   " mm: each side must be 1 to 200 mm (" + kScaleHint + ")");
  }
}

// The checks every format ends with, then levelling.
HeightMap finish(const std::filesystem::path& path, HeightMap map) {
  for (std::size_t k = 0; k < map.size(); ++k) {
    if (!std::isfinite(map.z_um[k])) {
      const std::size_t nx = static_cast<std::size_t>(map.nx);
      fail(path, "height at pixel (" + std::to_string(k % nx) + ", " + std::to_string(k / nx) +
                     ") is " + num(map.z_um[k]) +
                     ": heights must be finite numbers (no NaN or inf)");
    }
  }
  check_width(path, map.width_um(), map.height_um());
  level_scan(map);
  const auto [lo, hi] = std::minmax_element(map.z_um.begin(), map.z_um.end());
  const double range_um = *hi - *lo;
  if (range_um < kScanMinRangeUm || range_um > kScanMaxRangeUm) {
    fail(path, "height range " + num(range_um) +
                   " um after removing the tilt: must be 0.5 um to 5 mm (" + kScaleHint +
                   ", height_per_level_um)");
  }
  return map;
}

}  // namespace citsim::scan
