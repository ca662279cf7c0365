// Height maps from grey images: 8/16-bit PNG, 8/16-bit and 32-bit float TIFF.
#include "citsim/io/scan_format.hpp"

#include <tiffio.h>

#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "citsim/core/error.hpp"
#include "citsim/io/png_io.hpp"

namespace citsim::scan {

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
  const GrayImage gray = read_png_gray(path, static_cast<std::uint32_t>(kScanMaxPixels));
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

}  // namespace citsim::scan
