#include "citsim/pipeline/rf_fields.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "citsim/core/grid.hpp"
#include "citsim/io/vtk.hpp"

namespace citsim {
namespace {

/// The cross-section's cells: column c in [0, 2 nr) mirrors the pulse's ring
/// |c - nr + 0.5| - 0.5 (left of the axis, then right).
struct Section {
  const RfSession& rf;
  int nr, nz;
  double cell_um;
  int needle_cells, bare_top, tip;

  explicit Section(const RfSession& s)
      : rf(s),
        nr(s.result.grid.nr),
        nz(s.result.grid.nz),
        cell_um(s.result.grid.dr_m * 1e6),
        needle_cells(std::max(1, static_cast<int>(std::lround(s.geometry.needle_radius_um /
                                                              (s.result.grid.dr_m * 1e6))))),
        bare_top(
            static_cast<int>(std::lround(s.geometry.insulated_um / (s.result.grid.dr_m * 1e6)))),
        tip(static_cast<int>(
            std::lround(s.geometry.needle_length_um / (s.result.grid.dz_m * 1e6)))) {}

  int ring(int c) const { return c < nr ? nr - 1 - c : c - nr; }
  std::size_t cell(int c, int k) const { return rf.result.grid.index(ring(c), k); }
  bool needle(int c, int k) const { return ring(c) < needle_cells && k < tip; }
  RfZone zone(int c, int k, double shock_omega) const {
    if (needle(c, k)) return RfZone::needle;
    const double omega = rf.result.damage[cell(c, k)];
    if (omega >= 1.0) return RfZone::coagulated;
    if (omega >= shock_omega) return RfZone::heat_shocked;
    return RfZone::tissue;
  }
  int layer(int k) const {
    const double z = (k + 0.5) * cell_um;
    return z < rf.epidermis_um ? 0 : (z < rf.epidermis_um + rf.dermis_um ? 1 : 2);
  }
};

double shock_of(const RfSession& rf) { return rf.heat_shock_omega; }

Rgb mix(Rgb a, Rgb b, double t) {
  t = std::clamp(t, 0.0, 1.0);
  Rgb out{};
  for (std::size_t i = 0; i < 3; ++i)
    out[i] = static_cast<std::uint8_t>(std::lround(a[i] + (b[i] - a[i]) * t));
  return out;
}

/// 37 C to 100 C: dark blue, purple, red, orange, pale yellow.
Rgb temperature_colour(double c) {
  static const std::array<Rgb, 5> stops = {Rgb{20, 20, 60}, Rgb{110, 30, 120}, Rgb{200, 40, 40},
                                           Rgb{245, 150, 30}, Rgb{255, 250, 200}};
  const double t = std::clamp((c - 37.0) / 63.0, 0.0, 1.0) * (stops.size() - 1);
  const auto i = std::min(stops.size() - 2, static_cast<std::size_t>(t));
  return mix(stops[i], stops[i + 1], t - static_cast<double>(i));
}

}  // namespace

void write_rf_fields(const std::filesystem::path& file, const RfSession& rf) {
  const Section s(rf);
  Grid g;
  g.nx = 2 * s.nr;
  g.ny = 1;
  g.nz = s.nz;
  g.dx_um = g.dy_um = s.cell_um;
  g.dz_um = rf.result.grid.dz_m * 1e6;
  g.origin_x_um = -s.nr * s.cell_um;
  std::vector<double> temperature(g.size()), omega(g.size());
  std::vector<std::uint8_t> zone(g.size()), layer(g.size());
  for (int k = 0; k < s.nz; ++k) {
    for (int c = 0; c < 2 * s.nr; ++c) {
      const std::size_t out = g.index(c, 0, k), in = s.cell(c, k);
      temperature[out] = rf.result.peak_temperature_c[in];
      omega[out] = rf.result.damage[in];
      zone[out] = static_cast<std::uint8_t>(s.zone(c, k, shock_of(rf)));
      layer[out] = static_cast<std::uint8_t>(s.layer(k));
    }
  }
  write_vti(file, g,
            {{"peak_temperature_c", std::span<const double>(temperature)},
             {"damage_omega", std::span<const double>(omega)},
             {"zone", std::span<const std::uint8_t>(zone)},
             {"layer", std::span<const std::uint8_t>(layer)}});
}

RgbImage rf_cross_section(const RfSession& rf, int px) {
  px = std::max(px, 1);
  const Section s(rf);
  constexpr int kHeader = 48, kFooter = 40;
  const int w = 2 * s.nr * px, h = s.nz * px;
  RgbImage image(w, kHeader + h + kFooter, {255, 255, 255});
  const std::array<Rgb, 3> layer_shade = {Rgb{236, 214, 190}, Rgb{244, 196, 196},
                                          Rgb{250, 236, 170}};
  for (int k = 0; k < s.nz; ++k) {
    for (int c = 0; c < 2 * s.nr; ++c) {
      Rgb colour{};
      if (s.needle(c, k)) {
        colour = k < s.bare_top ? Rgb{90, 90, 90} : Rgb{170, 170, 170};
      } else if (c < s.nr) {
        colour = temperature_colour(rf.result.peak_temperature_c[s.cell(c, k)]);
      } else {
        switch (s.zone(c, k, shock_of(rf))) {
          case RfZone::coagulated:
            colour = {140, 20, 20};
            break;
          case RfZone::heat_shocked:
            colour = {240, 140, 40};
            break;
          default:
            colour = layer_shade[static_cast<std::size_t>(s.layer(k))];
            break;
        }
      }
      fill_rect(image, c * px, kHeader + k * px, px, px, colour);
    }
  }
  // Layer boundaries across the whole width.
  for (double z : {rf.epidermis_um, rf.epidermis_um + rf.dermis_um}) {
    const int y = kHeader + static_cast<int>(std::lround(z / s.cell_um * px));
    if (y < kHeader + h) fill_rect(image, 0, y, w, 1, {60, 60, 60});
  }
  const Rgb ink{20, 20, 20};
  draw_text(image, 4, 4, "RF PULSE, ONE NEEDLE", ink, 2);
  draw_text(image, 4, 24, "LEFT: PEAK TEMPERATURE", ink, 1);
  draw_text(image, 4, 34, "RIGHT: COAGULATED (RED), HEAT-SHOCKED (ORANGE)", ink, 1);
  // Under the section: a 500 um scale bar and the temperature scale.
  const int base = kHeader + h;
  const int bar = static_cast<int>(std::lround(500.0 / s.cell_um * px));
  fill_rect(image, 4, base + 10, bar, 4, ink);
  draw_text(image, bar + 10, base + 8, "500 UM", ink, 1);
  const int ramp = std::min(w - 80, 200);
  for (int x = 0; x < ramp; ++x)
    fill_rect(image, 40 + x, base + 24, 1, 10, temperature_colour(37.0 + 63.0 * x / ramp));
  draw_text(image, 4, base + 26, "37 C", ink, 1);
  draw_text(image, 44 + ramp, base + 26, "100 C", ink, 1);
  return image;
}

}  // namespace citsim
