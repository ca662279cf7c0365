#include "citsim/io/scan_reader.hpp"

#include <tiffio.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "citsim/core/error.hpp"
#include "citsim/io/png_io.hpp"

namespace citsim {
namespace {

constexpr const char* kAllowedExtensions = ".png, .tif, .tiff, .csv, .obj, .ply, .stl";
constexpr const char* kScaleHint = "check pixel_um / mesh unit";

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

// ---------------------------------------------------------------- images

HeightMap from_levels(const std::filesystem::path& path, int nx, int ny,
                      const std::vector<double>& values, double height_per_level_um,
                      const ScanOptions& o) {
  HeightMap map(nx, ny, o.pixel_um);
  for (std::size_t k = 0; k < map.size(); ++k) map.z_um[k] = values[k] * height_per_level_um;
  return finish(path, std::move(map));
}

void require_height_scale(const std::filesystem::path& path, const ScanOptions& o, int bits) {
  if (!(o.height_per_level_um > 0.0) || !std::isfinite(o.height_per_level_um)) {
    fail(path, "height_per_level_um = " + num(o.height_per_level_um) + ": must be > 0: a " +
                   std::to_string(bits) +
                   "-bit grey image needs the height of one grey level in um");
  }
}

HeightMap read_png_scan(const std::filesystem::path& path, const ScanOptions& o) {
  require_pixel_um(path, o, "images");
  const GrayImage gray = read_png_gray(path);
  require_height_scale(path, o, gray.bit_depth);
  check_pixels(path, gray.width, gray.height, "");
  std::vector<double> values(gray.level.begin(), gray.level.end());
  return from_levels(path, gray.width, gray.height, values, o.height_per_level_um, o);
}

struct TiffErrorSink {
  char message[512] = {};
};

int on_tiff_error(TIFF*, void* user, const char*, const char* fmt, va_list ap) {
  auto* sink = static_cast<TiffErrorSink*>(user);
  if (sink->message[0] == '\0') std::vsnprintf(sink->message, sizeof sink->message, fmt, ap);
  return 1;  // handled: libtiff prints nothing
}

int on_tiff_warning(TIFF*, void*, const char*, const char*, va_list) { return 1; }

class TiffFile {
 public:
  explicit TiffFile(const std::filesystem::path& path) : path_(path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) fail(path, "cannot read: is a folder, not a file");
    if (!std::filesystem::exists(path, ec)) fail(path, "cannot read: no such file");
    TIFFOpenOptions* opts = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(opts, on_tiff_error, &sink_);
    TIFFOpenOptionsSetWarningHandlerExtR(opts, on_tiff_warning, nullptr);
    tif_ = TIFFOpenExt(path.c_str(), "r", opts);
    TIFFOpenOptionsFree(opts);
    if (tif_ == nullptr) fail(path, std::string("cannot read as TIFF: ") + sink_.message);
  }
  ~TiffFile() { TIFFClose(tif_); }
  TiffFile(const TiffFile&) = delete;
  TiffFile& operator=(const TiffFile&) = delete;
  TIFF* get() const { return tif_; }
  [[noreturn]] void broken() const {
    fail(path_, std::string("broken TIFF file: ") + sink_.message);
  }

 private:
  std::filesystem::path path_;
  TiffErrorSink sink_;
  TIFF* tif_ = nullptr;
};

HeightMap read_tiff_scan(const std::filesystem::path& path, const ScanOptions& o) {
  require_pixel_um(path, o, "images");
  TiffFile file(path);
  TIFF* tif = file.get();
  std::uint32_t width = 0, height = 0;
  std::uint16_t spp = 1, bits = 0, format = SAMPLEFORMAT_UINT, photometric = PHOTOMETRIC_MINISBLACK;
  if (TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &width) != 1 ||
      TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &height) != 1) {
    fail(path, "TIFF without image width or length");
  }
  TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
  TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bits);
  TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &format);
  TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric);
  const std::string allowed =
      ": a height scan must be a single-channel min-is-black TIFF of 8- or 16-bit unsigned "
      "integers or 32-bit floats";
  if (photometric == PHOTOMETRIC_PALETTE) fail(path, "a palette (indexed colour) TIFF" + allowed);
  if (spp != 1) fail(path, std::to_string(spp) + " samples a pixel (colour or alpha)" + allowed);
  if (photometric != PHOTOMETRIC_MINISBLACK) {
    fail(path, "photometric interpretation " + std::to_string(photometric) + allowed);
  }
  const bool is_uint = format == SAMPLEFORMAT_UINT && (bits == 8 || bits == 16);
  const bool is_float = format == SAMPLEFORMAT_IEEEFP && bits == 32;
  if (!is_uint && !is_float) {
    const char* kind = format == SAMPLEFORMAT_IEEEFP
                           ? "float"
                           : (format == SAMPLEFORMAT_INT ? "signed integer" : "unsigned integer");
    fail(path, std::to_string(bits) + "-bit " + kind + " samples" + allowed);
  }
  double scale_um = 1.0;
  if (is_uint) {
    require_height_scale(path, o, bits);
    scale_um = o.height_per_level_um;
  } else if (o.height_per_level_um != 0.0) {
    if (!(o.height_per_level_um > 0.0) || !std::isfinite(o.height_per_level_um))
      require_height_scale(path, o, bits);
    scale_um = o.height_per_level_um;
  }
  check_pixels(path, width, height, "");

  const std::size_t bytes_per_sample = bits / 8u;
  std::vector<double> values(static_cast<std::size_t>(width) * height);
  auto sample = [&](const std::uint8_t* p) -> double {
    if (bits == 8) return *p;
    if (bits == 16) {
      std::uint16_t v;
      std::memcpy(&v, p, 2);  // libtiff delivers samples in host byte order
      return v;
    }
    float f;
    std::memcpy(&f, p, 4);
    return f;
  };
  if (TIFFIsTiled(tif) != 0) {
    std::uint32_t tw = 0, th = 0;
    TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tw);
    TIFFGetField(tif, TIFFTAG_TILELENGTH, &th);
    if (tw == 0 || th == 0) fail(path, "tiled TIFF without tile size");
    std::vector<std::uint8_t> tile(static_cast<std::size_t>(TIFFTileSize(tif)));
    if (tile.size() < static_cast<std::size_t>(tw) * th * bytes_per_sample) file.broken();
    for (std::uint32_t ty = 0; ty < height; ty += th) {
      for (std::uint32_t tx = 0; tx < width; tx += tw) {
        if (TIFFReadTile(tif, tile.data(), tx, ty, 0, 0) < 0) file.broken();
        for (std::uint32_t y = ty; y < std::min(height, ty + th); ++y) {
          for (std::uint32_t x = tx; x < std::min(width, tx + tw); ++x) {
            const std::size_t k =
                (static_cast<std::size_t>(y - ty) * tw + (x - tx)) * bytes_per_sample;
            values[static_cast<std::size_t>(y) * width + x] = sample(tile.data() + k);
          }
        }
      }
    }
  } else {
    std::vector<std::uint8_t> row(static_cast<std::size_t>(TIFFScanlineSize(tif)));
    if (row.size() < static_cast<std::size_t>(width) * bytes_per_sample) file.broken();
    for (std::uint32_t y = 0; y < height; ++y) {
      if (TIFFReadScanline(tif, row.data(), y, 0) < 0) file.broken();
      for (std::uint32_t x = 0; x < width; ++x) {
        values[static_cast<std::size_t>(y) * width + x] = sample(row.data() + x * bytes_per_sample);
      }
    }
  }
  return from_levels(path, static_cast<int>(width), static_cast<int>(height), values, scale_um, o);
}

// ---------------------------------------------------------------- CSV

HeightMap read_csv_scan(const std::filesystem::path& path, const ScanOptions& o) {
  const std::string text = read_bytes(path);
  double header_pixel_um = 0.0;
  std::vector<double> values;
  std::size_t columns = 0;
  std::size_t first_row_line = 0;
  int rows = 0;
  std::size_t line_no = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line = trim(std::string_view(text).substr(start, end - start));
    start = end + 1;
    ++line_no;
    const std::string where = "line " + std::to_string(line_no);
    if (line.empty()) continue;
    if (line.front() == '#') {
      std::string_view rest = trim(line.substr(1));
      if (rest.starts_with("pixel_um")) {
        rest = trim(rest.substr(8));
        if (rest.empty() || rest.front() != '=')
          fail(path, where + ": expected '# pixel_um = <number>'");
        const std::string_view value = trim(rest.substr(1));
        if (!parse_double(value, header_pixel_um) || !(header_pixel_um > 0.0) ||
            !std::isfinite(header_pixel_um)) {
          fail(path, where + ": pixel_um = " + std::string(value) + ": must be a number > 0 (um)");
        }
      }
      continue;
    }
    std::size_t count = 0;
    std::size_t field_start = 0;
    while (true) {
      const std::size_t comma = line.find(',', field_start);
      const std::string_view field =
          trim(line.substr(field_start, comma == std::string_view::npos ? std::string_view::npos
                                                                        : comma - field_start));
      ++count;
      double v = 0.0;
      if (!parse_double(field, v)) {
        fail(path, where + ", column " + std::to_string(count) + ": '" + std::string(field) +
                       "' is not a number: a CSV scan holds heights in um, comma separated, one "
                       "row a line");
      }
      if (!std::isfinite(v)) {
        fail(path, where + ", column " + std::to_string(count) + ": " + std::string(field) +
                       ": heights must be finite numbers (no NaN or inf)");
      }
      values.push_back(v);
      if (comma == std::string_view::npos) break;
      field_start = comma + 1;
    }
    if (rows == 0) {
      columns = count;
      first_row_line = line_no;
    } else if (count != columns) {
      fail(path, where + " has " + std::to_string(count) + " values, line " +
                     std::to_string(first_row_line) + " has " + std::to_string(columns) +
                     ": every row must have the same number of values");
    }
    ++rows;
    if (rows > kScanMaxPixels) check_pixels(path, static_cast<long long>(columns), rows, "");
  }
  if (rows == 0)
    fail(path,
         "no rows of heights: a CSV scan holds heights in um, comma separated, one row a line");
  double pixel_um = o.pixel_um;
  if (header_pixel_um > 0.0) {
    if (o.pixel_um > 0.0 && std::abs(o.pixel_um - header_pixel_um) > 1e-9 * header_pixel_um) {
      fail(path, "pixel_um = " + num(header_pixel_um) + " in the file but " + num(o.pixel_um) +
                     " in the options: give one, or the same in both");
    }
    pixel_um = header_pixel_um;
  } else if (!(o.pixel_um > 0.0) || !std::isfinite(o.pixel_um)) {
    fail(path, "pixel_um = " + num(o.pixel_um) +
                   ": must be > 0: give the pixel size in um in the options or as a '# pixel_um = "
                   "20' line");
  }
  check_pixels(path, static_cast<long long>(columns), rows, "");
  HeightMap map(static_cast<int>(columns), rows, pixel_um);
  map.z_um = std::move(values);
  return finish(path, std::move(map));
}

// ---------------------------------------------------------------- meshes

struct Mesh {
  std::vector<std::array<double, 3>> vertex;           // file units
  std::vector<std::array<std::uint32_t, 3>> triangle;  // vertex indices
};

void add_polygon(const std::filesystem::path& path, Mesh& mesh, const std::vector<long long>& poly,
                 const std::string& where) {
  if (poly.size() < 3)
    fail(path,
         where + ": a face has " + std::to_string(poly.size()) + " vertices: needs 3 or more");
  for (const long long v : poly) {
    if (v < 0 || static_cast<std::size_t>(v) >= mesh.vertex.size()) {
      fail(path, where + ": vertex index " + std::to_string(v) + " out of range: the mesh has " +
                     std::to_string(mesh.vertex.size()) + " vertices");
    }
  }
  for (std::size_t k = 1; k + 1 < poly.size(); ++k) {  // a fan: polygons are assumed convex
    mesh.triangle.push_back({static_cast<std::uint32_t>(poly[0]),
                             static_cast<std::uint32_t>(poly[k]),
                             static_cast<std::uint32_t>(poly[k + 1])});
  }
}

std::vector<std::string_view> split_ws(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
    const std::size_t b = i;
    while (i < s.size() && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

Mesh read_obj(const std::filesystem::path& path) {
  const std::string text = read_bytes(path);
  Mesh mesh;
  std::size_t start = 0;
  std::size_t line_no = 0;
  std::vector<long long> poly;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const auto tok = split_ws(std::string_view(text).substr(start, end - start));
    start = end + 1;
    ++line_no;
    if (tok.empty()) continue;
    const std::string where = "line " + std::to_string(line_no);
    if (tok[0] == "v") {
      std::array<double, 3> p{};
      if (tok.size() < 4 || !parse_double(tok[1], p[0]) || !parse_double(tok[2], p[1]) ||
          !parse_double(tok[3], p[2])) {
        fail(path, where + ": expected 'v x y z' with three numbers");
      }
      mesh.vertex.push_back(p);
    } else if (tok[0] == "f") {
      poly.clear();
      for (std::size_t k = 1; k < tok.size(); ++k) {
        const std::string_view ref = tok[k].substr(0, tok[k].find('/'));
        long long idx = 0;
        const auto r = std::from_chars(ref.data(), ref.data() + ref.size(), idx);
        if (r.ec != std::errc() || r.ptr != ref.data() + ref.size() || idx == 0) {
          fail(path, where + ": face vertex '" + std::string(tok[k]) +
                         "': must be a vertex number (1-based, or negative)");
        }
        poly.push_back(idx > 0 ? idx - 1 : static_cast<long long>(mesh.vertex.size()) + idx);
      }
      add_polygon(path, mesh, poly, where);
    }
    // Other statements (vn, vt, g, o, s, usemtl, ...) do not change the shape.
  }
  return mesh;
}

// PLY: a header of elements and their properties, then the body.
enum class PlyType { i8, u8, i16, u16, i32, u32, f32, f64 };

struct PlyProperty {
  std::string name;
  PlyType type = PlyType::f32;
  bool is_list = false;
  PlyType count_type = PlyType::u8;
};

struct PlyElement {
  std::string name;
  std::size_t count = 0;
  std::vector<PlyProperty> properties;
};

bool ply_type(std::string_view s, PlyType& t) {
  static constexpr std::pair<std::string_view, PlyType> kTypes[] = {
      {"char", PlyType::i8},    {"int8", PlyType::i8},     {"uchar", PlyType::u8},
      {"uint8", PlyType::u8},   {"short", PlyType::i16},   {"int16", PlyType::i16},
      {"ushort", PlyType::u16}, {"uint16", PlyType::u16},  {"int", PlyType::i32},
      {"int32", PlyType::i32},  {"uint", PlyType::u32},    {"uint32", PlyType::u32},
      {"float", PlyType::f32},  {"float32", PlyType::f32}, {"double", PlyType::f64},
      {"float64", PlyType::f64}};
  for (const auto& [name, type] : kTypes) {
    if (s == name) {
      t = type;
      return true;
    }
  }
  return false;
}

std::size_t ply_size(PlyType t) {
  switch (t) {
    case PlyType::i8:
    case PlyType::u8:
      return 1;
    case PlyType::i16:
    case PlyType::u16:
      return 2;
    case PlyType::i32:
    case PlyType::u32:
    case PlyType::f32:
      return 4;
    case PlyType::f64:
      return 8;
  }
  return 1;
}

// Reads values from the body of a PLY file, ASCII or binary little-endian.
class PlyBody {
 public:
  PlyBody(const std::filesystem::path& path, std::string_view body, bool binary)
      : path_(path), body_(body), binary_(binary) {}

  double read(PlyType t) {
    if (!binary_) {
      while (pos_ < body_.size() && std::isspace(static_cast<unsigned char>(body_[pos_])) != 0)
        ++pos_;
      const std::size_t b = pos_;
      while (pos_ < body_.size() && std::isspace(static_cast<unsigned char>(body_[pos_])) == 0)
        ++pos_;
      if (b == pos_) fail(path_, "PLY body ends early: fewer values than the header declares");
      double v = 0.0;
      if (!parse_double(body_.substr(b, pos_ - b), v)) {
        fail(path_, "PLY value '" + std::string(body_.substr(b, pos_ - b)) + "' is not a number");
      }
      return v;
    }
    const std::size_t n = ply_size(t);
    if (body_.size() - pos_ < n)
      fail(path_, "PLY body ends early: fewer bytes than the header declares");
    std::uint64_t u = 0;
    for (std::size_t k = 0; k < n; ++k) {
      u |= static_cast<std::uint64_t>(static_cast<unsigned char>(body_[pos_ + k])) << (8 * k);
    }
    pos_ += n;
    switch (t) {
      case PlyType::i8:
        return static_cast<std::int8_t>(static_cast<std::uint8_t>(u));
      case PlyType::u8:
        return static_cast<double>(u);
      case PlyType::i16:
        return static_cast<std::int16_t>(static_cast<std::uint16_t>(u));
      case PlyType::u16:
        return static_cast<double>(u);
      case PlyType::i32:
        return static_cast<std::int32_t>(static_cast<std::uint32_t>(u));
      case PlyType::u32:
        return static_cast<double>(u);
      case PlyType::f32:
        return std::bit_cast<float>(static_cast<std::uint32_t>(u));
      case PlyType::f64:
        return std::bit_cast<double>(u);
    }
    return 0.0;
  }
  std::size_t remaining_bytes() const { return body_.size() - pos_; }

 private:
  const std::filesystem::path& path_;
  std::string_view body_;
  bool binary_;
  std::size_t pos_ = 0;
};

Mesh read_ply(const std::filesystem::path& path) {
  const std::string text = read_bytes(path);
  if (!text.starts_with("ply")) fail(path, "not a PLY file (it must start with 'ply')");
  std::vector<PlyElement> elements;
  bool binary = false;
  bool has_format = false;
  std::size_t start = 0;
  std::size_t body_start = std::string::npos;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) break;
    const auto tok = split_ws(std::string_view(text).substr(start, end - start));
    start = end + 1;
    if (tok.empty()) continue;
    if (tok[0] == "end_header") {
      body_start = start;
      break;
    }
    if (tok[0] == "format") {
      if (tok.size() < 2) fail(path, "PLY 'format' line without a format");
      if (tok[1] == "ascii") {
        binary = false;
      } else if (tok[1] == "binary_little_endian") {
        binary = true;
      } else {
        fail(path,
             "PLY format '" + std::string(tok[1]) + "': must be ascii or binary_little_endian");
      }
      has_format = true;
    } else if (tok[0] == "element") {
      double count = 0.0;
      if (tok.size() < 3 || !parse_double(tok[2], count) || count < 0 ||
          count != std::floor(count)) {
        fail(path, "PLY 'element' line: expected 'element <name> <count>'");
      }
      elements.push_back({std::string(tok[1]), static_cast<std::size_t>(count), {}});
    } else if (tok[0] == "property") {
      if (elements.empty()) fail(path, "PLY 'property' before any 'element'");
      PlyProperty p;
      if (tok.size() >= 5 && tok[1] == "list") {
        p.is_list = true;
        if (!ply_type(tok[2], p.count_type) || !ply_type(tok[3], p.type)) {
          fail(path, "PLY list property '" + std::string(tok[4]) + "' has an unknown type");
        }
        p.name = std::string(tok[4]);
      } else if (tok.size() >= 3) {
        if (!ply_type(tok[1], p.type))
          fail(path, "PLY property '" + std::string(tok[2]) + "' has an unknown type");
        p.name = std::string(tok[2]);
      } else {
        fail(path, "PLY 'property' line: expected 'property <type> <name>'");
      }
      elements.back().properties.push_back(p);
    }
    // comment, obj_info: ignored
  }
  if (body_start == std::string::npos) fail(path, "PLY header without 'end_header'");
  if (!has_format) fail(path, "PLY header without a 'format' line");

  PlyBody body(path, std::string_view(text).substr(body_start), binary);
  Mesh mesh;
  std::vector<long long> poly;
  bool seen_vertex = false;
  for (const PlyElement& e : elements) {
    // A sanity bound before reserving: every item needs at least one byte (or character).
    if (e.count > body.remaining_bytes())
      fail(path, "PLY declares " + std::to_string(e.count) + " " + e.name +
                     " items: more than the file can hold");
    if (e.name == "vertex") {
      seen_vertex = true;
      std::array<int, 3> where = {-1, -1, -1};
      for (std::size_t k = 0; k < e.properties.size(); ++k) {
        const std::string& n = e.properties[k].name;
        if (e.properties[k].is_list) continue;
        if (n == "x") where[0] = static_cast<int>(k);
        if (n == "y") where[1] = static_cast<int>(k);
        if (n == "z") where[2] = static_cast<int>(k);
      }
      if (where[0] < 0 || where[1] < 0 || where[2] < 0)
        fail(path, "PLY vertex element without x, y and z properties");
      mesh.vertex.reserve(e.count);
      for (std::size_t item = 0; item < e.count; ++item) {
        std::array<double, 3> p{};
        for (std::size_t k = 0; k < e.properties.size(); ++k) {
          const PlyProperty& prop = e.properties[k];
          if (prop.is_list) {
            const double n = body.read(prop.count_type);
            for (double m = 0; m < n; ++m) body.read(prop.type);
            continue;
          }
          const double v = body.read(prop.type);
          for (std::size_t c = 0; c < 3; ++c) {
            if (where[c] == static_cast<int>(k)) p[c] = v;
          }
        }
        mesh.vertex.push_back(p);
      }
    } else {
      const bool is_face = e.name == "face";
      int list_index = -1;
      for (std::size_t k = 0; k < e.properties.size() && is_face; ++k) {
        const PlyProperty& prop = e.properties[k];
        if (prop.is_list &&
            (prop.name == "vertex_indices" || prop.name == "vertex_index" || list_index < 0)) {
          list_index = static_cast<int>(k);
        }
      }
      if (is_face && list_index < 0) fail(path, "PLY face element without a vertex_indices list");
      if (is_face && !seen_vertex) fail(path, "PLY face element before the vertex element");
      for (std::size_t item = 0; item < e.count; ++item) {
        for (std::size_t k = 0; k < e.properties.size(); ++k) {
          const PlyProperty& prop = e.properties[k];
          if (!prop.is_list) {
            body.read(prop.type);
            continue;
          }
          const double n = body.read(prop.count_type);
          const bool take = static_cast<int>(k) == list_index;
          if (take) poly.clear();
          for (double m = 0; m < n; ++m) {
            const double v = body.read(prop.type);
            if (take) poly.push_back(static_cast<long long>(v));
          }
          if (take) add_polygon(path, mesh, poly, "face " + std::to_string(item));
        }
      }
    }
  }
  return mesh;
}

Mesh read_stl(const std::filesystem::path& path) {
  const std::string text = read_bytes(path);
  Mesh mesh;
  bool binary = false;
  if (text.size() >= 84) {
    std::uint32_t n = 0;
    for (int k = 0; k < 4; ++k)
      n |= static_cast<std::uint32_t>(
               static_cast<unsigned char>(text[80 + static_cast<std::size_t>(k)]))
           << (8 * k);
    binary = text.size() == 84 + 50 * static_cast<std::size_t>(n);
  }
  if (binary) {
    const std::size_t n = (text.size() - 84) / 50;
    mesh.vertex.reserve(3 * n);
    for (std::size_t t = 0; t < n; ++t) {
      const std::size_t base = 84 + 50 * t + 12;  // after the facet normal
      for (std::size_t v = 0; v < 3; ++v) {
        std::array<double, 3> p{};
        for (std::size_t c = 0; c < 3; ++c) {
          std::uint32_t u = 0;
          for (std::size_t k = 0; k < 4; ++k) {
            u |= static_cast<std::uint32_t>(
                     static_cast<unsigned char>(text[base + 12 * v + 4 * c + k]))
                 << (8 * k);
          }
          p[c] = std::bit_cast<float>(u);
        }
        mesh.vertex.push_back(p);
      }
      const auto b = static_cast<std::uint32_t>(3 * t);
      mesh.triangle.push_back({b, b + 1, b + 2});
    }
    return mesh;
  }
  if (!std::string_view(text).substr(0, 80).starts_with("solid")) {
    fail(path,
         "not an STL file: neither ASCII ('solid ...') nor binary (80-byte header, count, 50 bytes "
         "a triangle)");
  }
  const auto tok = split_ws(text);
  for (std::size_t k = 0; k < tok.size(); ++k) {
    if (tok[k] != "vertex") continue;
    std::array<double, 3> p{};
    if (k + 3 >= tok.size() || !parse_double(tok[k + 1], p[0]) || !parse_double(tok[k + 2], p[1]) ||
        !parse_double(tok[k + 3], p[2])) {
      fail(path, "ASCII STL 'vertex' not followed by three numbers (vertex " +
                     std::to_string(mesh.vertex.size() + 1) + ")");
    }
    mesh.vertex.push_back(p);
    k += 3;
  }
  if (mesh.vertex.size() % 3 != 0) {
    fail(path,
         "ASCII STL has " + std::to_string(mesh.vertex.size()) + " vertices: must be 3 a facet");
  }
  for (std::uint32_t b = 0; b < mesh.vertex.size(); b += 3)
    mesh.triangle.push_back({b, b + 1, b + 2});
  return mesh;
}

// Rasterises the mesh from above onto a grid of pixel_um: each pixel centre
// takes the highest z of the triangles covering it (barycentric interpolation).
HeightMap rasterise(const std::filesystem::path& path, Mesh mesh, const ScanOptions& o) {
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

  std::size_t empty = 0;
  for (const double zz : map.z_um) empty += std::isinf(zz) ? 1u : 0u;
  if (static_cast<double>(empty) > o.max_empty_fraction * static_cast<double>(map.size())) {
    fail(path,
         std::to_string(empty) + " of " + std::to_string(map.size()) + " grid pixels (" +
             num(std::round(1000.0 * static_cast<double>(empty) / static_cast<double>(map.size())) /
                 10.0) +
             " %) lie under no triangle: at most " + num(100.0 * o.max_empty_fraction) +
             " % may; the mesh has holes or pixel_um is too small (" + kScaleHint + ")");
  }
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
  return finish(path, std::move(map));
}

}  // namespace

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

HeightMap read_scan(const std::filesystem::path& path, const ScanOptions& options) {
  const std::string ext = lower(path.extension().string());
  if (ext == ".png") return read_png_scan(path, options);
  if (ext == ".tif" || ext == ".tiff") return read_tiff_scan(path, options);
  if (ext == ".csv") return read_csv_scan(path, options);
  if (ext == ".obj" || ext == ".ply" || ext == ".stl") {
    require_pixel_um(path, options, "meshes");
    if (!(options.max_empty_fraction >= 0.0 && options.max_empty_fraction <= 1.0)) {
      fail(path,
           "max_empty_fraction = " + num(options.max_empty_fraction) + ": must be between 0 and 1");
    }
    Mesh mesh = ext == ".obj" ? read_obj(path) : (ext == ".ply" ? read_ply(path) : read_stl(path));
    return rasterise(path, std::move(mesh), options);
  }
  fail(path, "unknown scan format '" + (ext.empty() ? std::string("(no extension)") : ext) +
                 "': must be one of " + kAllowedExtensions);
}

}  // namespace citsim
