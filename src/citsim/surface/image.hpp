// 8-bit RGB pictures in memory, panels placed side by side, and labels in a
// small hand-drawn 5x7 bitmap font. No file I/O here (io/png_io.hpp writes them).
//
//   RgbImage panel = render_shaded(map, {});                      // surface/render.hpp
//   draw_text(panel, 4, 4, "BEFORE", {255, 255, 255}, 2);
//   RgbImage both = side_by_side(std::array{panel, after}, 8, {32, 32, 32});
//   write_png("before-after.png", both);                           // io/png_io.hpp
//
// Pixel (x, y) is rgb[3 * (y * width + x) + c], c = 0 red, 1 green, 2 blue;
// row y = 0 is the top of the picture.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace citsim {

using Rgb = std::array<std::uint8_t, 3>;

struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;  ///< 3 * width * height bytes, row-major, top row first

  RgbImage() = default;
  RgbImage(int width_px, int height_px, Rgb fill = {0, 0, 0});

  std::size_t offset(int x, int y) const {
    return 3 * (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                static_cast<std::size_t>(x));
  }
  Rgb pixel(int x, int y) const {
    const std::size_t o = offset(x, y);
    return {rgb[o], rgb[o + 1], rgb[o + 2]};
  }
  void set_pixel(int x, int y, Rgb c) {
    const std::size_t o = offset(x, y);
    rgb[o] = c[0];
    rgb[o + 1] = c[1];
    rgb[o + 2] = c[2];
  }
};

/// Fills the rectangle [x, x + w) x [y, y + h), clipped to the image.
void fill_rect(RgbImage& image, int x, int y, int w, int h, Rgb colour);

/// Places the images left to right, top-aligned, gap_px apart, on background.
/// The result is (sum of widths + gap_px * (n - 1)) by (largest height); an
/// empty list gives an empty image.
RgbImage side_by_side(std::span<const RgbImage> images, int gap_px, Rgb background);

/// Glyph cell of the bitmap font: 5 x 7 pixels of ink, advancing 6 pixels
/// (one blank column), each pixel drawn as a scale x scale block.
inline constexpr int kGlyphWidthPx = 5;
inline constexpr int kGlyphHeightPx = 7;
inline constexpr int kGlyphAdvancePx = 6;

/// Width and height in pixels of text drawn by draw_text at this scale
/// (no trailing blank column).
int text_width_px(std::string_view text, int scale);
inline int text_height_px(int scale) { return kGlyphHeightPx * scale; }

/// Draws text with its top-left corner at (x, y), clipped to the image. The
/// font has digits, upper-case letters (lower case is drawn as upper case),
/// space and % . - + / : = , ( ); any other character is drawn as a hollow box.
/// Only ink pixels are written; the background is left as it is.
void draw_text(RgbImage& image, int x, int y, std::string_view text, Rgb colour, int scale = 1);

}  // namespace citsim
