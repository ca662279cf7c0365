// PNG files through libpng: 8-bit RGB pictures out and in, 8/16-bit
// grayscale scans in and out.
//
//   write_png(out / "before-after.png", side_by_side(panels, 8, {32, 32, 32}));
//   RgbImage back = read_png_rgb(out / "before-after.png");
//   GrayImage scan = read_png_gray(path);   // heights: io/scan_reader.hpp
//
// Writing is deterministic (no time or text chunks, fixed compression
// settings) and goes through a temporary file renamed into place. Errors are
// citsim::Error naming the file; libpng's own messages are caught, never printed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "citsim/surface/image.hpp"

namespace citsim {

/// One-channel image: grey levels as stored in the file, row-major, top row first.
struct GrayImage {
  int width = 0;
  int height = 0;
  int bit_depth = 0;                 ///< 8 or 16
  std::vector<std::uint16_t> level;  ///< width * height levels, 0 .. 2^bit_depth - 1
};

/// Writes an 8-bit RGB PNG (no alpha, not interlaced).
void write_png(const std::filesystem::path& path, const RgbImage& image);

/// Reads any PNG as 8-bit RGB: palette and grey are expanded, 16-bit samples
/// reduced to 8 bits, and an alpha channel dropped (not composited).
RgbImage read_png_rgb(const std::filesystem::path& path);

/// Reads an 8- or 16-bit grayscale PNG without any conversion of the levels.
/// Colour, palette, grey+alpha and 1/2/4-bit files are an error. With
/// `max_side` > 0, an image the header declares wider or taller than that is
/// refused before anything is decoded or allocated.
GrayImage read_png_gray(const std::filesystem::path& path, std::uint32_t max_side = 0);

/// Writes an 8- or 16-bit grayscale PNG (levels as given, no gamma chunk).
void write_png_gray(const std::filesystem::path& path, const GrayImage& image);

}  // namespace citsim
