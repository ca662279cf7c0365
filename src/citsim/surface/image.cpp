#include "citsim/surface/image.hpp"

#include <algorithm>
#include <cstddef>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

// The bitmap font, drawn by hand for CITSim: each glyph is 7 rows of 5 bits,
// top row first, the leftmost pixel in bit 4.
struct Glyph {
  char ch;
  std::array<std::uint8_t, kGlyphHeightPx> rows;
};

constexpr Glyph kFont[] = {
    {'0', {0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110}},
    {'1', {0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110}},
    {'2', {0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111}},
    {'3', {0b11111, 0b00010, 0b00100, 0b00010, 0b00001, 0b10001, 0b01110}},
    {'4', {0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010}},
    {'5', {0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110}},
    {'6', {0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110}},
    {'7', {0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000}},
    {'8', {0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110}},
    {'9', {0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100}},
    {'A', {0b01110, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001}},
    {'B', {0b11110, 0b10001, 0b10001, 0b11110, 0b10001, 0b10001, 0b11110}},
    {'C', {0b01110, 0b10001, 0b10000, 0b10000, 0b10000, 0b10001, 0b01110}},
    {'D', {0b11100, 0b10010, 0b10001, 0b10001, 0b10001, 0b10010, 0b11100}},
    {'E', {0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b11111}},
    {'F', {0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b10000}},
    {'G', {0b01110, 0b10001, 0b10000, 0b10111, 0b10001, 0b10001, 0b01111}},
    {'H', {0b10001, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001}},
    {'I', {0b01110, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110}},
    {'J', {0b00111, 0b00010, 0b00010, 0b00010, 0b00010, 0b10010, 0b01100}},
    {'K', {0b10001, 0b10010, 0b10100, 0b11000, 0b10100, 0b10010, 0b10001}},
    {'L', {0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b11111}},
    {'M', {0b10001, 0b11011, 0b10101, 0b10101, 0b10001, 0b10001, 0b10001}},
    {'N', {0b10001, 0b10001, 0b11001, 0b10101, 0b10011, 0b10001, 0b10001}},
    {'O', {0b01110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110}},
    {'P', {0b11110, 0b10001, 0b10001, 0b11110, 0b10000, 0b10000, 0b10000}},
    {'Q', {0b01110, 0b10001, 0b10001, 0b10001, 0b10101, 0b10010, 0b01101}},
    {'R', {0b11110, 0b10001, 0b10001, 0b11110, 0b10100, 0b10010, 0b10001}},
    {'S', {0b01111, 0b10000, 0b10000, 0b01110, 0b00001, 0b00001, 0b11110}},
    {'T', {0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100}},
    {'U', {0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110}},
    {'V', {0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01010, 0b00100}},
    {'W', {0b10001, 0b10001, 0b10001, 0b10101, 0b10101, 0b10101, 0b01010}},
    {'X', {0b10001, 0b10001, 0b01010, 0b00100, 0b01010, 0b10001, 0b10001}},
    {'Y', {0b10001, 0b10001, 0b01010, 0b00100, 0b00100, 0b00100, 0b00100}},
    {'Z', {0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b10000, 0b11111}},
    {'%', {0b11000, 0b11001, 0b00010, 0b00100, 0b01000, 0b10011, 0b00011}},
    {'.', {0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b01100, 0b01100}},
    {'-', {0b00000, 0b00000, 0b00000, 0b11111, 0b00000, 0b00000, 0b00000}},
    {'+', {0b00000, 0b00100, 0b00100, 0b11111, 0b00100, 0b00100, 0b00000}},
    {'/', {0b00000, 0b00001, 0b00010, 0b00100, 0b01000, 0b10000, 0b00000}},
    {':', {0b00000, 0b01100, 0b01100, 0b00000, 0b01100, 0b01100, 0b00000}},
    {'=', {0b00000, 0b00000, 0b11111, 0b00000, 0b11111, 0b00000, 0b00000}},
    {',', {0b00000, 0b00000, 0b00000, 0b00000, 0b01100, 0b00100, 0b01000}},
    {'(', {0b00010, 0b00100, 0b01000, 0b01000, 0b01000, 0b00100, 0b00010}},
    {')', {0b01000, 0b00100, 0b00010, 0b00010, 0b00010, 0b00100, 0b01000}},
    {' ', {0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b00000}},
};

// Drawn for characters the font lacks: a hollow box, so a missing glyph is
// visible rather than silently dropped.
constexpr Glyph kMissingGlyph = {'?',
                                 {0b11111, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b11111}};

const Glyph& glyph_for(char c) {
  const char upper = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  for (const Glyph& g : kFont) {
    if (g.ch == upper) return g;
  }
  return kMissingGlyph;
}

}  // namespace

RgbImage::RgbImage(int width_px, int height_px, Rgb fill) : width(width_px), height(height_px) {
  CITSIM_ASSERT(width_px >= 0 && height_px >= 0, "an image has a non-negative size");
  const std::size_t n = static_cast<std::size_t>(width_px) * static_cast<std::size_t>(height_px);
  rgb.resize(3 * n);
  for (std::size_t k = 0; k < n; ++k) {
    rgb[3 * k] = fill[0];
    rgb[3 * k + 1] = fill[1];
    rgb[3 * k + 2] = fill[2];
  }
}

void fill_rect(RgbImage& image, int x, int y, int w, int h, Rgb colour) {
  const int x0 = std::max(x, 0);
  const int y0 = std::max(y, 0);
  const int x1 = std::min(x + w, image.width);
  const int y1 = std::min(y + h, image.height);
  for (int yy = y0; yy < y1; ++yy) {
    for (int xx = x0; xx < x1; ++xx) image.set_pixel(xx, yy, colour);
  }
}

RgbImage side_by_side(std::span<const RgbImage> images, int gap_px, Rgb background) {
  CITSIM_ASSERT(gap_px >= 0, "the gap between panels is not negative");
  if (images.empty()) return {};
  int width = gap_px * static_cast<int>(images.size() - 1);
  int height = 0;
  for (const RgbImage& im : images) {
    width += im.width;
    height = std::max(height, im.height);
  }
  RgbImage out(width, height, background);
  int x0 = 0;
  for (const RgbImage& im : images) {
    for (int y = 0; y < im.height; ++y) {
      std::copy_n(im.rgb.begin() + static_cast<std::ptrdiff_t>(im.offset(0, y)),
                  3 * static_cast<std::size_t>(im.width),
                  out.rgb.begin() + static_cast<std::ptrdiff_t>(out.offset(x0, y)));
    }
    x0 += im.width + gap_px;
  }
  return out;
}

int text_width_px(std::string_view text, int scale) {
  if (text.empty()) return 0;
  return (static_cast<int>(text.size()) * kGlyphAdvancePx - (kGlyphAdvancePx - kGlyphWidthPx)) *
         scale;
}

void draw_text(RgbImage& image, int x, int y, std::string_view text, Rgb colour, int scale) {
  CITSIM_ASSERT(scale >= 1, "text is drawn at a scale of at least 1");
  int pen_x = x;
  for (const char c : text) {
    const Glyph& g = glyph_for(c);
    for (int row = 0; row < kGlyphHeightPx; ++row) {
      for (int col = 0; col < kGlyphWidthPx; ++col) {
        const unsigned bits = g.rows[static_cast<std::size_t>(row)];
        if ((bits >> static_cast<unsigned>(kGlyphWidthPx - 1 - col)) & 1U) {
          fill_rect(image, pen_x + col * scale, y + row * scale, scale, scale, colour);
        }
      }
    }
    pen_x += kGlyphAdvancePx * scale;
  }
}

}  // namespace citsim
