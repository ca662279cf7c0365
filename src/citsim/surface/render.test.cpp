#include "citsim/surface/render.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <numbers>

#include "citsim/core/error.hpp"
#include "citsim/surface/image.hpp"

namespace citsim {
namespace {

HeightMap plane(int n, double slope_x, double slope_y) {
  HeightMap m(n, n, 20.0);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) m.at(i, j) = slope_x * i * m.pixel_um + slope_y * j * m.pixel_um;
  return m;
}

HeightMap gaussian_pit(int n, double depth_um, double sigma_um) {
  HeightMap m(n, n, 20.0);
  const double c = 0.5 * n * m.pixel_um;
  for (int j = 0; j < n; ++j) {
    for (int i = 0; i < n; ++i) {
      const double x = (i + 0.5) * m.pixel_um - c;
      const double y = (j + 0.5) * m.pixel_um - c;
      m.at(i, j) = -depth_um * std::exp(-(x * x + y * y) / (2 * sigma_um * sigma_um));
    }
  }
  return m;
}

int brightness(Rgb c) { return c[0] + c[1] + c[2]; }

TEST(RenderShaded, FlatMapIsTheSkinColourEverywhere) {
  RenderOptions opt;
  opt.skin_rgb = {200, 150, 120};
  opt.scale = 3;
  const RgbImage im = render_shaded(HeightMap(10, 7, 20.0), opt);
  ASSERT_EQ(im.width, 30);
  ASSERT_EQ(im.height, 21);
  ASSERT_EQ(im.rgb.size(), 30u * 21u * 3u);
  for (int y = 0; y < im.height; ++y)
    for (int x = 0; x < im.width; ++x) ASSERT_EQ(im.pixel(x, y), opt.skin_rgb) << x << "," << y;
}

TEST(RenderShaded, PlaneFacingTheLightIsBrighterThanOneFacingAway) {
  RenderOptions opt;  // light from the upper left: from -x and -y
  const Rgb flat = render_shaded(plane(8, 0, 0), opt).pixel(4, 4);
  const Rgb facing = render_shaded(plane(8, 0.2, 0.0), opt).pixel(4, 4);  // rises to the right
  const Rgb away = render_shaded(plane(8, -0.2, 0.0), opt).pixel(4, 4);
  EXPECT_GT(brightness(facing), brightness(flat));
  EXPECT_LT(brightness(away), brightness(flat));
  // And the same along y: picture up is -y, so a plane rising downwards faces the light.
  EXPECT_GT(brightness(render_shaded(plane(8, 0.0, 0.2), opt).pixel(4, 4)), brightness(flat));
  EXPECT_LT(brightness(render_shaded(plane(8, 0.0, -0.2), opt).pixel(4, 4)), brightness(flat));
}

TEST(RenderShaded, PitIsDarkOnTheLitSideAndBrightOnTheFarSide) {
  const HeightMap pit = gaussian_pit(64, 100.0, 150.0);
  const RgbImage im = render_shaded(pit, RenderOptions{});
  const int flat = brightness(im.pixel(1, 1));
  // The wall nearer the light (upper left) faces away from it; the far wall faces it.
  const int upper_left_wall = brightness(im.pixel(32 - 8, 32 - 8));
  const int lower_right_wall = brightness(im.pixel(32 + 7, 32 + 7));
  EXPECT_LT(upper_left_wall, flat - 30);
  EXPECT_GT(lower_right_wall, flat + 30);
  // Symmetric across the light direction: the other diagonal's walls look alike.
  EXPECT_NEAR(brightness(im.pixel(32 + 7, 32 - 8)), brightness(im.pixel(32 - 8, 32 + 7)), 3);
}

TEST(RenderShaded, ErythemaRaisesRedRelativeToGreen) {
  RenderOptions opt;
  const Rgb plain = render_shaded(plane(8, 0, 0), opt).pixel(3, 3);
  opt.erythema = 0.6;
  const Rgb red = render_shaded(plane(8, 0, 0), opt).pixel(3, 3);
  EXPECT_GT(static_cast<double>(red[0]) / red[1], static_cast<double>(plain[0]) / plain[1]);
}

TEST(RenderShaded, ErythemaIsSlightlyStrongerInAPit) {
  RenderOptions opt;
  opt.erythema = 1.0;
  opt.light_elevation_deg = 90.0;  // overhead light: the pit floor is flat and unshaded
  const RgbImage im = render_shaded(gaussian_pit(64, 100.0, 150.0), opt);
  const Rgb floor = im.pixel(32, 32);
  const Rgb rim = im.pixel(0, 0);
  EXPECT_GT(static_cast<double>(floor[0]) / floor[1], static_cast<double>(rim[0]) / rim[1]);
}

TEST(RenderShaded, RejectsOptionsOutOfRange) {
  RenderOptions opt;
  opt.erythema = 1.5;
  EXPECT_THROW(render_shaded(plane(8, 0, 0), opt), Error);
  opt = {};
  opt.light_elevation_deg = 0.0;
  EXPECT_THROW(render_shaded(plane(8, 0, 0), opt), Error);
  opt = {};
  opt.scale = 0;
  EXPECT_THROW(render_shaded(plane(8, 0, 0), opt), Error);
}

TEST(SkinColour, PhototypesDarkenFromOneToSixWithinTheirItaCategories) {
  // Chardon et al. 1991 ITA bounds, deg: I > 55, II 41..55, III 28..41, IV 10..28, V -30..10, VI <
  // -30.
  const std::array<double, 7> upper = {90, 90, 55, 41, 28, 10, -30};
  const std::array<double, 7> lower = {0, 55, 41, 28, 10, -30, -90};
  int last = 1000;
  for (int p = 1; p <= 6; ++p) {
    const Lab lab = skin_lab_for_phototype(p);
    const double ita_deg = std::atan((lab.l - 50.0) / lab.b) * 180.0 / std::numbers::pi;
    EXPECT_GT(ita_deg, lower[static_cast<std::size_t>(p)]) << p;
    EXPECT_LT(ita_deg, upper[static_cast<std::size_t>(p)]) << p;
    const int b = brightness(skin_rgb_for_phototype(p));
    EXPECT_LT(b, last) << p;
    last = b;
  }
  EXPECT_THROW(skin_rgb_for_phototype(0), Error);
  EXPECT_THROW(skin_rgb_for_phototype(7), Error);
}

TEST(DifferenceImage, IdenticalMapsAreWhiteInTheMapArea) {
  const HeightMap pit = gaussian_pit(40, 80.0, 150.0);
  const RgbImage im = difference_image(pit, pit, 50.0, 2);
  ASSERT_GE(im.width, 80);
  ASSERT_GE(im.height, 80);
  for (int y = 0; y < 80; ++y)
    for (int x = 0; x < 80; ++x) ASSERT_EQ(im.pixel(x, y), (Rgb{255, 255, 255})) << x << "," << y;
}

TEST(DifferenceImage, RaisedIsRedLoweredIsBlueAndTheBarHasBoth) {
  const HeightMap before(32, 32, 20.0);
  HeightMap after = before;
  after.at(5, 5) = 50.0;
  after.at(20, 20) = -50.0;
  const RgbImage im = difference_image(before, after, 50.0);
  const Rgb raised = im.pixel(5, 5);
  const Rgb lowered = im.pixel(20, 20);
  EXPECT_GT(raised[0], raised[2] + 100);
  EXPECT_GT(lowered[2], lowered[0] + 100);
  // Lightness is symmetric: full-scale red and blue have equal L*, so similar luma.
  const Rgb bar_top = im.pixel(32 + 8 + 6, 0);
  const Rgb bar_bottom = im.pixel(32 + 8 + 6, im.height - 1);
  EXPECT_GT(bar_top[0], bar_top[2]);
  EXPECT_GT(bar_bottom[2], bar_bottom[0]);
  EXPECT_THROW(difference_image(before, HeightMap(16, 32, 20.0), 50.0), Error);
  EXPECT_THROW(difference_image(before, after, 0.0), Error);
}

TEST(DivergingColour, LightnessFallsMonotonicallyWithTheSizeOfTheChange) {
  int last = brightness(diverging_colour(0.0));
  EXPECT_EQ(diverging_colour(0.0), (Rgb{255, 255, 255}));
  for (int k = 1; k <= 10; ++k) {
    const int up = brightness(diverging_colour(k / 10.0));
    const int down = brightness(diverging_colour(-k / 10.0));
    EXPECT_LT(up, last);
    EXPECT_LT(down, last + 40);  // the blue side is a little brighter in sRGB sums, but falls too
    last = up;
  }
}

TEST(SideBySide, HasTheSumOfWidthsPlusGapsAndTheLargestHeight) {
  const std::array<RgbImage, 3> panels = {RgbImage(10, 5, {255, 0, 0}), RgbImage(7, 9, {0, 255, 0}),
                                          RgbImage(3, 2, {0, 0, 255})};
  const RgbImage out = side_by_side(panels, 4, {9, 9, 9});
  EXPECT_EQ(out.width, 10 + 7 + 3 + 2 * 4);
  EXPECT_EQ(out.height, 9);
  EXPECT_EQ(out.pixel(0, 0), (Rgb{255, 0, 0}));
  EXPECT_EQ(out.pixel(9, 4), (Rgb{255, 0, 0}));
  EXPECT_EQ(out.pixel(9, 5), (Rgb{9, 9, 9}));   // below the short first panel
  EXPECT_EQ(out.pixel(10, 0), (Rgb{9, 9, 9}));  // gap
  EXPECT_EQ(out.pixel(14, 8), (Rgb{0, 255, 0}));
  EXPECT_EQ(out.pixel(25, 1), (Rgb{0, 0, 255}));
  EXPECT_EQ(side_by_side({}, 4, {0, 0, 0}).width, 0);
}

TEST(DrawText, PutsInkInsideItsBoxAndNowhereElse) {
  const Rgb bg = {0, 0, 0};
  const Rgb ink = {255, 255, 0};
  RgbImage im(120, 40, bg);
  const std::string text = "DAY 180 P50 %.-+/:M";
  const int scale = 1;
  const int x0 = 3;
  const int y0 = 5;
  draw_text(im, x0, y0, text, ink, scale);
  const int w = text_width_px(text, scale);
  const int h = text_height_px(scale);
  EXPECT_EQ(w, static_cast<int>(text.size()) * 6 - 1);
  int inside = 0;
  for (int y = 0; y < im.height; ++y) {
    for (int x = 0; x < im.width; ++x) {
      const bool in_box = x >= x0 && x < x0 + w && y >= y0 && y < y0 + h;
      if (im.pixel(x, y) == ink) {
        EXPECT_TRUE(in_box) << x << "," << y;
        ++inside;
      } else {
        EXPECT_EQ(im.pixel(x, y), bg);
      }
    }
  }
  EXPECT_GT(inside, 50);
  // Ink touches all four sides of the box (D on the left, M on the right, rows 0 and 6).
  bool top = false, bottom = false, left = false, right = false;
  for (int x = x0; x < x0 + w; ++x) {
    top |= im.pixel(x, y0) == ink;
    bottom |= im.pixel(x, y0 + h - 1) == ink;
  }
  for (int y = y0; y < y0 + h; ++y) {
    left |= im.pixel(x0, y) == ink;
    right |= im.pixel(x0 + w - 1, y) == ink;
  }
  EXPECT_TRUE(top && bottom && left && right);
}

TEST(DrawText, ScalesGlyphsAndClipsAtTheEdge) {
  RgbImage small(20, 10);
  draw_text(small, 15, 5, "W", {255, 255, 255}, 3);  // mostly outside: must not crash
  RgbImage a(40, 40), b(40, 40);
  draw_text(a, 0, 0, "8", {255, 255, 255}, 1);
  draw_text(b, 0, 0, "8", {255, 255, 255}, 4);
  int ink_a = 0, ink_b = 0;
  for (int y = 0; y < 40; ++y)
    for (int x = 0; x < 40; ++x) {
      ink_a += a.pixel(x, y)[0] == 255;
      ink_b += b.pixel(x, y)[0] == 255;
    }
  EXPECT_EQ(ink_b, 16 * ink_a);
  // Lower case is drawn as upper case.
  RgbImage lo(12, 8), up(12, 8);
  draw_text(lo, 0, 0, "a", {255, 255, 255});
  draw_text(up, 0, 0, "A", {255, 255, 255});
  EXPECT_EQ(lo.rgb, up.rgb);
}

}  // namespace
}  // namespace citsim
