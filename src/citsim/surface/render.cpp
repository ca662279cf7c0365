#include "citsim/surface/render.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>
#include <string>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

constexpr double kAmbient = 0.35;          // share of the skin colour left on a slope facing away
constexpr double kHighlightGain = 0.5;     // how fast slopes facing the light go towards white
constexpr double kErythemaMaxBlend = 0.5;  // blend towards red at erythema = 1
constexpr double kErythemaRelief = 0.25;   // +-25 % of the tint from the relief
constexpr Rgb kErythemaRgb = {190, 45, 55};
constexpr Rgb kDiffBackground = {40, 40, 40};
constexpr Rgb kDiffText = {235, 235, 235};

std::uint8_t to_byte(double v) {
  return static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0, 255.0)));
}

double srgb_encode(double linear) {
  const double c = std::clamp(linear, 0.0, 1.0);
  return c <= 0.0031308 ? 12.92 * c : 1.055 * std::pow(c, 1.0 / 2.4) - 0.055;
}

// CIELAB inverse companding: f^-1 of the CIE 1976 definition.
double lab_f_inverse(double t) {
  constexpr double kEpsilon = 216.0 / 24389.0;
  constexpr double kKappa = 24389.0 / 27.0;
  const double t3 = t * t * t;
  return t3 > kEpsilon ? t3 : (116.0 * t - 16.0) / kKappa;
}

std::string format_range(double range_um) {
  char buf[32];
  const int digits = range_um >= 10.0 ? 0 : (range_um >= 1.0 ? 1 : 2);
  const auto r = std::to_chars(buf, buf + sizeof buf, range_um, std::chars_format::fixed, digits);
  return std::string(buf, r.ptr);
}

void check_render_options(const RenderOptions& o) {
  auto fail = [](const char* key, double v, const char* allowed) {
    throw Error(std::string("render_shaded: ") + key + " = " + std::to_string(v) + ": " + allowed);
  };
  if (!(o.exaggeration > 0.0) || !std::isfinite(o.exaggeration))
    fail("exaggeration", o.exaggeration, "must be > 0");
  if (!(o.light_elevation_deg > 0.0 && o.light_elevation_deg <= 90.0))
    fail("light_elevation_deg", o.light_elevation_deg, "must be in (0, 90]");
  if (!std::isfinite(o.light_azimuth_deg))
    fail("light_azimuth_deg", o.light_azimuth_deg, "must be finite");
  if (!(o.erythema >= 0.0 && o.erythema <= 1.0))
    fail("erythema", o.erythema, "must be between 0 and 1");
  if (o.scale < 1 || o.scale > 64) fail("scale", o.scale, "must be an integer from 1 to 64");
}

}  // namespace

Rgb srgb_from_lab(const Lab& lab) {
  // D65 reference white and the sRGB primaries (IEC 61966-2-1).
  const double fy = (lab.l + 16.0) / 116.0;
  const double fx = fy + lab.a / 500.0;
  const double fz = fy - lab.b / 200.0;
  const double x = 0.95047 * lab_f_inverse(fx);
  const double y = lab_f_inverse(fy);
  const double z = 1.08883 * lab_f_inverse(fz);
  const double r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z;
  const double g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z;
  const double b = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z;
  return {to_byte(255.0 * srgb_encode(r)), to_byte(255.0 * srgb_encode(g)),
          to_byte(255.0 * srgb_encode(b))};
}

Lab skin_lab_for_phototype(int fitzpatrick) {
  // Illustrative. ITA = atan((L - 50) / b) of each row, in degrees:
  // 61.6, 48.4, 33.7, 14.0, -14.0, -46.7 (Chardon et al. 1991 categories).
  switch (fitzpatrick) {
    case 1:
      return {74.0, 8.0, 13.0};
    case 2:
      return {68.0, 10.0, 16.0};
    case 3:
      return {62.0, 11.0, 18.0};
    case 4:
      return {55.0, 12.0, 20.0};
    case 5:
      return {45.0, 12.0, 20.0};
    case 6:
      return {33.0, 10.0, 16.0};
    default:
      throw Error("skin colour: fitzpatrick phototype = " + std::to_string(fitzpatrick) +
                  ": must be an integer from 1 to 6");
  }
}

Rgb skin_rgb_for_phototype(int fitzpatrick) {
  return srgb_from_lab(skin_lab_for_phototype(fitzpatrick));
}

RgbImage render_shaded(const HeightMap& map, const RenderOptions& o) {
  check_render_options(o);
  CITSIM_ASSERT(
      map.nx > 0 && map.ny > 0 &&
          map.size() == static_cast<std::size_t>(map.nx) * static_cast<std::size_t>(map.ny),
      "a height map to render has pixels");
  const double az = o.light_azimuth_deg * std::numbers::pi / 180.0;
  const double el = o.light_elevation_deg * std::numbers::pi / 180.0;
  // Picture up is map -y (row 0 at the top).
  const double lx = std::cos(el) * std::cos(az);
  const double ly = -std::cos(el) * std::sin(az);
  const double lz = std::sin(el);

  // Mean and largest deviation, for the mild relief variation of the erythema tint.
  double mean_um = 0.0;
  for (const double z : map.z_um) mean_um += z;
  mean_um /= static_cast<double>(map.size());
  double max_dev_um = 0.0;
  for (const double z : map.z_um) max_dev_um = std::max(max_dev_um, std::abs(z - mean_um));

  const int s = o.scale;
  RgbImage out(map.nx * s, map.ny * s);
  for (int j = 0; j < map.ny; ++j) {
    const int jm = std::max(j - 1, 0);
    const int jp = std::min(j + 1, map.ny - 1);
    for (int i = 0; i < map.nx; ++i) {
      const int im = std::max(i - 1, 0);
      const int ip = std::min(i + 1, map.nx - 1);
      const double dzdx =
          ip > im ? (map.at(ip, j) - map.at(im, j)) / ((ip - im) * map.pixel_um) : 0.0;
      const double dzdy =
          jp > jm ? (map.at(i, jp) - map.at(i, jm)) / ((jp - jm) * map.pixel_um) : 0.0;
      const double nx = -o.exaggeration * dzdx;
      const double ny = -o.exaggeration * dzdy;
      const double dot = (nx * lx + ny * ly + lz) / std::sqrt(nx * nx + ny * ny + 1.0);
      const double f = std::max(dot, 0.0) / lz;

      double w = 0.0;
      if (o.erythema > 0.0) {
        const double c =
            max_dev_um > 0.0 ? std::clamp(-(map.at(i, j) - mean_um) / max_dev_um, -1.0, 1.0) : 0.0;
        w = kErythemaMaxBlend * o.erythema * (1.0 + kErythemaRelief * c);
      }
      Rgb colour{};
      for (std::size_t c = 0; c < 3; ++c) {
        const double skin = (1.0 - w) * o.skin_rgb[c] + w * kErythemaRgb[c];
        const double v = f <= 1.0
                             ? skin * (kAmbient + (1.0 - kAmbient) * f)
                             : skin + (255.0 - skin) * std::min(1.0, kHighlightGain * (f - 1.0));
        colour[c] = to_byte(v);
      }
      fill_rect(out, i * s, j * s, s, s, colour);
    }
  }
  return out;
}

Rgb diverging_colour(double t) {
  const double u = std::clamp(t, -1.0, 1.0);
  const Lab end = u < 0.0 ? Lab{45.0, 20.0, -60.0} : Lab{45.0, 60.0, 40.0};
  const double k = std::abs(u);
  return srgb_from_lab({100.0 + k * (end.l - 100.0), k * end.a, k * end.b});
}

RgbImage difference_image(const HeightMap& before, const HeightMap& after, double range_um,
                          int scale) {
  if (before.nx != after.nx || before.ny != after.ny) {
    throw Error("difference_image: before is " + std::to_string(before.nx) + "x" +
                std::to_string(before.ny) + " pixels, after is " + std::to_string(after.nx) + "x" +
                std::to_string(after.ny) + ": the maps must have the same size");
  }
  if (!(range_um > 0.0) || !std::isfinite(range_um)) {
    throw Error("difference_image: range_um = " + std::to_string(range_um) + ": must be > 0");
  }
  if (scale < 1 || scale > 64) {
    throw Error("difference_image: scale = " + std::to_string(scale) +
                ": must be an integer from 1 to 64");
  }

  // A table of 511 colours over t in [-1, 1]: the map is smooth at that step.
  constexpr int kHalf = 255;
  std::array<Rgb, 2 * kHalf + 1> table{};
  for (int k = 0; k <= 2 * kHalf; ++k)
    table[static_cast<std::size_t>(k)] = diverging_colour((k - kHalf) / double{kHalf});
  auto colour_of = [&](double t) {
    const long k = std::lround(std::clamp(t, -1.0, 1.0) * kHalf) + kHalf;
    return table[static_cast<std::size_t>(k)];
  };

  const std::string top = "+" + format_range(range_um) + " UM";
  const std::string bottom = "-" + format_range(range_um) + " UM";
  constexpr int kGapPx = 8;
  constexpr int kBarWidthPx = 12;
  constexpr int kLabelGapPx = 4;
  const int map_w = before.nx * scale;
  const int map_h = before.ny * scale;
  const int bar_h = std::max(map_h, 5 * text_height_px(1));
  const int bar_x = map_w + kGapPx;
  const int label_x = bar_x + kBarWidthPx + kLabelGapPx;
  const int width =
      label_x + std::max(text_width_px(top, 1), text_width_px(bottom, 1)) + kLabelGapPx;

  RgbImage out(width, bar_h, kDiffBackground);
  for (int j = 0; j < before.ny; ++j) {
    for (int i = 0; i < before.nx; ++i) {
      fill_rect(out, i * scale, j * scale, scale, scale,
                colour_of((after.at(i, j) - before.at(i, j)) / range_um));
    }
  }
  for (int y = 0; y < bar_h; ++y) {
    const double t = 1.0 - 2.0 * (y + 0.5) / bar_h;  // raised at the top
    fill_rect(out, bar_x, y, kBarWidthPx, 1, colour_of(t));
  }
  const int th = text_height_px(1);
  draw_text(out, label_x, 0, top, kDiffText, 1);
  draw_text(out, label_x, (bar_h - th) / 2, "0", kDiffText, 1);
  draw_text(out, label_x, bar_h - th, bottom, kDiffText, 1);
  return out;
}

}  // namespace citsim
