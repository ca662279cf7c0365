// Drawing a site's surface: microrelief, fine lines, lesion placement, and
// composing them into one height map.
#include "citsim/surface/generate.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "citsim/core/error.hpp"
#include "citsim/core/rng.hpp"
#include "citsim/core/units.hpp"

namespace citsim {
namespace {

// Streams of RngPurpose::lesion_placement, told apart by the step.
constexpr std::uint64_t kPlacementStep = 0;
constexpr std::uint64_t kReliefStep = 1;
constexpr std::uint64_t kFineLineStep = 2;
constexpr std::uint64_t kPoreStep = 3;

// Redraws of a relief wave vector beyond the Nyquist limit before it is
// scaled back inside (only reached when the correlation length is near the
// pixel size, which the data reader rejects).
constexpr int kMaxWaveRedraws = 64;

struct Point {
  double x = 0.0;
  double y = 0.0;
};

/// The centre segment of a lesion: a point for a scar, the axis of a stria.
struct Segment {
  Point a;
  Point b;
};

Segment centre_segment(const PlacedLesion& lesion) {
  if (lesion.kind != LesionKind::striae) {
    return {{lesion.x_um, lesion.y_um}, {lesion.x_um, lesion.y_um}};
  }
  const double half = 0.5 * std::max(0.0, lesion.length_um - lesion.width_um);
  const double cx = half * std::cos(lesion.angle_rad);
  const double cy = half * std::sin(lesion.angle_rad);
  return {{lesion.x_um - cx, lesion.y_um - cy}, {lesion.x_um + cx, lesion.y_um + cy}};
}

double point_segment_distance(Point p, const Segment& s) {
  const double dx = s.b.x - s.a.x;
  const double dy = s.b.y - s.a.y;
  const double length2 = dx * dx + dy * dy;
  double t = 0.0;
  if (length2 > 0.0) t = std::clamp(((p.x - s.a.x) * dx + (p.y - s.a.y) * dy) / length2, 0.0, 1.0);
  return std::hypot(p.x - (s.a.x + t * dx), p.y - (s.a.y + t * dy));
}

double cross(Point o, Point a, Point b) {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

bool segments_cross(const Segment& s, const Segment& t) {
  const double d1 = cross(s.a, s.b, t.a);
  const double d2 = cross(s.a, s.b, t.b);
  const double d3 = cross(t.a, t.b, s.a);
  const double d4 = cross(t.a, t.b, s.b);
  return ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0)) &&
         ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0));
}

double segment_distance(const Segment& s, const Segment& t) {
  if (segments_cross(s, t)) return 0.0;
  return std::min({point_segment_distance(s.a, t), point_segment_distance(s.b, t),
                   point_segment_distance(t.a, s), point_segment_distance(t.b, s)});
}

bool overlap(const PlacedLesion& p, const PlacedLesion& q) {
  return segment_distance(centre_segment(p), centre_segment(q)) < 0.5 * (p.width_um + q.width_um);
}

/// Pixel index range [i0, i1] whose centres (i + 0.5) p lie in [lo, hi].
struct IndexRange {
  int first = 0;
  int last = -1;
};

IndexRange pixel_range(double lo_um, double hi_um, double pixel_um, int n) {
  IndexRange r;
  r.first = std::max(0, static_cast<int>(std::ceil(lo_um / pixel_um - 0.5)));
  r.last = std::min(n - 1, static_cast<int>(std::floor(hi_um / pixel_um - 0.5)));
  return r;
}

double pixel_centre_um(int i, double pixel_um) { return (i + 0.5) * pixel_um; }

int map_pixels(const SurfaceSpec& spec) {
  CITSIM_ASSERT(spec.patch_mm > 0.0 && spec.pixel_um > 0.0, "surface spec is validated");
  return std::max(1, static_cast<int>(std::lround(units::mm_to_um(spec.patch_mm) / spec.pixel_um)));
}

void add_microrelief(const MicroreliefParams& relief, std::uint64_t seed, HeightMap& map) {
  if (relief.sq_um <= 0.0) return;
  CITSIM_ASSERT(relief.correlation_length_um > 0.0 && relief.mode_count >= 1,
                "microrelief parameters are validated");
  const double sigma_k = std::sqrt(2.0) / relief.correlation_length_um;
  const double k_nyquist = units::pi / map.pixel_um;
  const auto nx = static_cast<std::size_t>(map.nx);
  const auto ny = static_cast<std::size_t>(map.ny);
  std::vector<double> cos_x(nx), sin_x(nx), cos_y(ny), sin_y(ny);
  for (int m = 0; m < relief.mode_count; ++m) {
    CounterRng rng(seed, RngPurpose::lesion_placement, static_cast<std::uint64_t>(m), kReliefStep);
    double kx = 0.0;
    double ky = 0.0;
    for (int tries = 0; tries < kMaxWaveRedraws; ++tries) {
      kx = sigma_k * rng.normal();
      ky = sigma_k * rng.normal();
      if (std::abs(kx) <= k_nyquist && std::abs(ky) <= k_nyquist) break;
    }
    const double over = std::max(std::abs(kx), std::abs(ky)) / k_nyquist;
    if (over > 1.0) {
      kx /= over;
      ky /= over;
    }
    const double phase = 2.0 * units::pi * rng.uniform();
    // cos(kx x + ky y + phase) = cos(a) cos(b) - sin(a) sin(b), a = kx x + phase, b = ky y.
    for (std::size_t i = 0; i < nx; ++i) {
      const double a = kx * pixel_centre_um(static_cast<int>(i), map.pixel_um) + phase;
      cos_x[i] = std::cos(a);
      sin_x[i] = std::sin(a);
    }
    for (std::size_t j = 0; j < ny; ++j) {
      const double b = ky * pixel_centre_um(static_cast<int>(j), map.pixel_um);
      cos_y[j] = std::cos(b);
      sin_y[j] = std::sin(b);
    }
    for (std::size_t j = 0; j < ny; ++j) {
      double* row = map.z_um.data() + j * nx;
      for (std::size_t i = 0; i < nx; ++i) row[i] += cos_x[i] * cos_y[j] - sin_x[i] * sin_y[j];
    }
  }
  double sum = 0.0;
  for (double z : map.z_um) sum += z;
  const double mean = sum / static_cast<double>(map.size());
  double sum2 = 0.0;
  for (double z : map.z_um) sum2 += (z - mean) * (z - mean);
  const double rms = std::sqrt(sum2 / static_cast<double>(map.size()));
  const double scale = rms > 0.0 ? relief.sq_um / rms : 0.0;
  for (double& z : map.z_um) z = (z - mean) * scale;
}

void add_fine_lines(const FineLineParams& lines, std::uint64_t seed, HeightMap& map) {
  if (!lines.enabled || lines.depth_um <= 0.0) return;
  CITSIM_ASSERT(lines.width_um > 0.0 && lines.spacing_um > lines.width_um,
                "fine line parameters are validated");
  CounterRng rng(seed, RngPurpose::lesion_placement, 0, kFineLineStep);
  const double angle = units::pi * rng.uniform();
  const double offset = lines.spacing_um * rng.uniform();
  const double nx_dir = -std::sin(angle);  // unit normal to the lines
  const double ny_dir = std::cos(angle);
  for (int j = 0; j < map.ny; ++j) {
    const double y = pixel_centre_um(j, map.pixel_um);
    for (int i = 0; i < map.nx; ++i) {
      const double s = pixel_centre_um(i, map.pixel_um) * nx_dir + y * ny_dir - offset;
      const double u = s - lines.spacing_um * std::round(s / lines.spacing_um);
      if (std::abs(u) < 0.5 * lines.width_um) {
        map.at(i, j) -=
            lines.depth_um * 0.5 * (1.0 + std::cos(2.0 * units::pi * u / lines.width_um));
      }
    }
  }
}

/// A candidate position for `lesion` on a square patch of edge `edge_um`.
void draw_position(CounterRng& rng, double edge_um, PlacedLesion& lesion) {
  if (lesion.kind == LesionKind::striae) {
    // The centre anywhere on the patch, the direction uniform: a stria that
    // meets the patch (as counted by striae_in_patch).
    lesion.x_um = rng.uniform(0.0, edge_um);
    lesion.y_um = rng.uniform(0.0, edge_um);
    lesion.angle_rad = rng.uniform(0.0, units::pi);
    return;
  }
  // Scars lie wholly on the patch when they fit, so their rim can be measured.
  const double r = 0.5 * lesion.width_um;
  const double lo = std::min(r, 0.5 * edge_um);
  const double hi = std::max(edge_um - r, 0.5 * edge_um);
  lesion.x_um = rng.uniform(lo, hi);
  lesion.y_um = rng.uniform(lo, hi);
}

/// Pixels whose centres lie within the bounding box of lesion `lesion`.
struct PixelBox {
  IndexRange x;
  IndexRange y;
};

PixelBox bounding_box(const PlacedLesion& lesion, const HeightMap& map) {
  const Segment s = centre_segment(lesion);
  const double r = 0.5 * lesion.width_um;
  return {
      pixel_range(std::min(s.a.x, s.b.x) - r, std::max(s.a.x, s.b.x) + r, map.pixel_um, map.nx),
      pixel_range(std::min(s.a.y, s.b.y) - r, std::max(s.a.y, s.b.y) + r, map.pixel_um, map.ny)};
}

}  // namespace

std::string_view to_string(LesionKind kind) {
  switch (kind) {
    case LesionKind::icepick:
      return "icepick";
    case LesionKind::boxcar:
      return "boxcar";
    case LesionKind::rolling:
      return "rolling";
    case LesionKind::striae:
      return "striae";
  }
  return "?";
}

LesionKind lesion_kind(ScarType type) {
  switch (type) {
    case ScarType::icepick:
      return LesionKind::icepick;
    case ScarType::boxcar:
      return LesionKind::boxcar;
    case ScarType::rolling:
      return LesionKind::rolling;
  }
  return LesionKind::boxcar;
}

double expected_scars_in_patch(int count, double patch_mm, double site_area_cm2) {
  if (count <= 0) return 0.0;
  CITSIM_ASSERT(site_area_cm2 > 0.0 && patch_mm > 0.0, "site and patch sizes are validated");
  const double patch_cm2 = units::um2_to_cm2(units::mm2_to_um2(patch_mm * patch_mm));
  return std::min<double>(count, count * patch_cm2 / site_area_cm2);
}

double expected_striae_in_patch(int count, double length_um, double patch_mm,
                                double site_area_cm2) {
  if (count <= 0) return 0.0;
  CITSIM_ASSERT(site_area_cm2 > 0.0 && patch_mm > 0.0, "site and patch sizes are validated");
  const double a_um = units::mm_to_um(patch_mm);
  const double meet_um2 = a_um * a_um + length_um * 4.0 * a_um / units::pi;
  return std::min<double>(count, count * meet_um2 / units::cm2_to_um2(site_area_cm2));
}

std::vector<int> lesions_in_patch(const std::vector<double>& expected,
                                  const std::vector<int>& limit) {
  CITSIM_ASSERT(expected.size() == limit.size(), "one limit a group");
  std::vector<int> n(expected.size(), 0);
  double total = 0.0;
  for (double e : expected) total += e;
  if (expected.empty() || total <= 0.0) return n;
  if (total > kMaxPatchLesions) {
    throw Error(fmt::format(
        "site: {:.0f} lesions would fall on the try-on patch (each group's count x patch area / "
        "site.area_cm2, summed): at most {:.0f}; check the counts and area_cm2",
        total, kMaxPatchLesions));
  }
  auto wanted = static_cast<int>(std::max(1L, std::lround(total)));
  // Whole parts first, then one more to the largest remainders (ties: the
  // earlier group), never past a group's limit.
  std::vector<std::size_t> order(expected.size());
  for (std::size_t g = 0; g < expected.size(); ++g) {
    n[g] = std::min(limit[g], static_cast<int>(std::floor(expected[g])));
    wanted -= n[g];
    order[g] = g;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return expected[a] - std::floor(expected[a]) > expected[b] - std::floor(expected[b]);
  });
  for (std::size_t k = 0; wanted > 0 && k < order.size(); ++k) {
    if (n[order[k]] < limit[order[k]]) {
      ++n[order[k]];
      --wanted;
    }
  }
  return n;
}

double lesion_distance_um(const PlacedLesion& lesion, double x_um, double y_um) {
  return point_segment_distance({x_um, y_um}, centre_segment(lesion));
}

bool is_measured(const PlacedLesion& lesion) { return !lesion.measured.pixels.empty(); }

double lesion_depth_at_um(const PlacedLesion& lesion, const LesionShape& shape, double x_um,
                          double y_um) {
  if (is_measured(lesion)) {
    const MeasuredDepression& m = lesion.measured;
    CITSIM_ASSERT(m.nx > 0 && m.pixel_um > 0.0 && m.depth_um.size() == m.pixels.size(),
                  "a measured depression knows its grid and has one depth a pixel");
    const double fi = std::floor(x_um / m.pixel_um);
    const double fj = std::floor(y_um / m.pixel_um);
    if (fi < 0.0 || fj < 0.0 || fi >= m.nx) return 0.0;
    const std::size_t p = static_cast<std::size_t>(fj) * static_cast<std::size_t>(m.nx) +
                          static_cast<std::size_t>(fi);
    const auto it = std::lower_bound(m.pixels.begin(), m.pixels.end(), p);
    if (it == m.pixels.end() || *it != p) return 0.0;
    return m.depth_um[static_cast<std::size_t>(it - m.pixels.begin())];
  }
  const double d = lesion_distance_um(lesion, x_um, y_um);
  if (d >= 0.5 * lesion.width_um) return 0.0;
  if (lesion.kind == LesionKind::striae) {
    StriaeGroup g;
    g.count = 1;
    g.width_um = lesion.width_um;
    g.length_um = lesion.length_um;
    g.depth_um = lesion.depth_um;
    return striae_depth_um(g, d);
  }
  ScarGroup g;
  g.type = lesion.kind == LesionKind::icepick   ? ScarType::icepick
           : lesion.kind == LesionKind::rolling ? ScarType::rolling
                                                : ScarType::boxcar;
  g.count = 1;
  g.depth_um = lesion.depth_um;
  g.width_um = lesion.width_um;
  return scar_depth_um(g, shape, d);
}

HeightMap generate_relief(const SurfaceSpec& spec, std::uint64_t seed) {
  const int n = map_pixels(spec);
  HeightMap map(n, n, spec.pixel_um);
  add_microrelief(spec.relief, seed, map);
  return map;
}

std::vector<PlacedPore> generate_pores(const SurfaceSpec& spec, std::uint64_t seed) {
  std::vector<PlacedPore> pores;
  const PoreParams& p = spec.pores;
  if (!p.enabled) return pores;
  CITSIM_ASSERT(p.per_cm2 > 0.0 && p.diameter_um > 0.0 && p.depth_um > 0.0 && p.depth_cv >= 0.0,
                "pore parameters are validated");
  const double edge_um = map_pixels(spec) * spec.pixel_um;
  const double area_cm2 = units::um2_to_cm2(edge_um * edge_um);
  const auto n = static_cast<std::size_t>(std::lround(p.per_cm2 * area_cm2));
  const double sigma = std::sqrt(std::log(1.0 + p.depth_cv * p.depth_cv));
  for (std::size_t k = 0; k < n; ++k) {
    CounterRng rng(seed, RngPurpose::lesion_placement, k, kPoreStep);
    PlacedPore pore;
    pore.x_um = edge_um * rng.uniform();
    pore.y_um = edge_um * rng.uniform();
    pore.depth_um = p.depth_um * std::exp(sigma * rng.normal());
    pores.push_back(pore);
  }
  return pores;
}

HeightMap pore_map(const SurfaceSpec& spec, const std::vector<PlacedPore>& pores) {
  if (pores.empty()) return HeightMap{};
  const int n = map_pixels(spec);
  HeightMap map(n, n, spec.pixel_um);
  const double half = 0.5 * spec.pores.diameter_um;
  for (const PlacedPore& pore : pores) {
    const int i0 = std::max(0, static_cast<int>(std::floor((pore.x_um - half) / spec.pixel_um)));
    const int i1 =
        std::min(n - 1, static_cast<int>(std::floor((pore.x_um + half) / spec.pixel_um)));
    const int j0 = std::max(0, static_cast<int>(std::floor((pore.y_um - half) / spec.pixel_um)));
    const int j1 =
        std::min(n - 1, static_cast<int>(std::floor((pore.y_um + half) / spec.pixel_um)));
    for (int j = j0; j <= j1; ++j) {
      for (int i = i0; i <= i1; ++i) {
        const double r = std::hypot(pixel_centre_um(i, spec.pixel_um) - pore.x_um,
                                    pixel_centre_um(j, spec.pixel_um) - pore.y_um);
        if (r >= half) continue;
        const double d = pore.depth_um * 0.5 * (1.0 + std::cos(units::pi * r / half));
        map.at(i, j) = std::min(map.at(i, j), -d);
      }
    }
  }
  return map;
}

PoreMeasure measure_pores(const SiteSurface& surface, double scale) {
  PoreMeasure m;
  if (surface.pores.empty()) return m;
  const PoreParams& p = surface.pore_params;
  const double edge_um = surface.relief.width_um();
  const double area_cm2 = units::um2_to_cm2(edge_um * edge_um);
  double sum = 0.0;
  int visible = 0;
  for (const PlacedPore& pore : surface.pores) {
    const double d = scale * pore.depth_um;
    if (d <= p.visible_depth_um || d <= 0.0) continue;
    // Where d (1 + cos(pi r / half)) / 2 = visible depth.
    const double half = 0.5 * p.diameter_um;
    const double r =
        half / units::pi * std::acos(std::clamp(2.0 * p.visible_depth_um / d - 1.0, -1.0, 1.0));
    sum += 2.0 * r;
    ++visible;
  }
  m.visible_diameter_um = sum / static_cast<double>(surface.pores.size());
  m.visible_per_cm2 = visible / area_cm2;
  return m;
}

HeightMap generate_lines(const SurfaceSpec& spec, std::uint64_t seed) {
  if (!spec.fine_lines.enabled || spec.fine_lines.depth_um <= 0.0) return HeightMap{};
  const int n = map_pixels(spec);
  HeightMap map(n, n, spec.pixel_um);
  add_fine_lines(spec.fine_lines, seed, map);
  return map;
}

SiteSurface generate_surface(const Site& site, const LesionShape& shape, const SurfaceSpec& spec,
                             std::uint64_t seed) {
  CITSIM_ASSERT(spec.placement_tries >= 1, "surface spec is validated");
  SiteSurface surface;
  surface.shape = shape;
  surface.relief = generate_relief(spec, seed);
  surface.lines = generate_lines(spec, seed);
  if (surface.lines.size() > 0) surface.line_params = spec.fine_lines;
  surface.pores = generate_pores(spec, seed);
  surface.pore_map = pore_map(spec, surface.pores);
  if (!surface.pores.empty()) surface.pore_params = spec.pores;
  const double edge_um = surface.relief.width_um();

  // The patch samples the site's density over all its groups together.
  std::vector<double> expected;
  std::vector<int> limit;
  for (const StriaeGroup& group : site.striae) {
    expected.push_back(
        expected_striae_in_patch(group.count, group.length_um, spec.patch_mm, site.area_cm2));
    limit.push_back(group.count);
  }
  const std::vector<int> striae_n = lesions_in_patch(expected, limit);
  expected.clear();
  limit.clear();
  for (const ScarGroup& group : site.scars) {
    expected.push_back(expected_scars_in_patch(group.count, spec.patch_mm, site.area_cm2));
    limit.push_back(group.count);
  }
  const std::vector<int> scar_n = lesions_in_patch(expected, limit);

  for (std::size_t g = 0; g < site.striae.size(); ++g) {
    const StriaeGroup& group = site.striae[g];
    const int n = striae_n[g];
    for (int k = 0; k < n; ++k) {
      PlacedLesion lesion;
      lesion.kind = LesionKind::striae;
      lesion.width_um = group.width_um;
      lesion.depth_um = group.depth_um;
      lesion.length_um = group.length_um;
      lesion.group = static_cast<int>(g);
      surface.lesions.push_back(lesion);
    }
  }
  for (std::size_t g = 0; g < site.scars.size(); ++g) {
    const ScarGroup& group = site.scars[g];
    const int n = scar_n[g];
    for (int k = 0; k < n; ++k) {
      PlacedLesion lesion;
      lesion.kind = lesion_kind(group.type);
      lesion.width_um = group.width_um;
      lesion.depth_um = group.depth_um;
      lesion.group = static_cast<int>(g);
      surface.lesions.push_back(lesion);
    }
  }

  for (std::size_t k = 0; k < surface.lesions.size(); ++k) {
    PlacedLesion& lesion = surface.lesions[k];
    CounterRng rng(seed, RngPurpose::lesion_placement, k, kPlacementStep);
    bool free = false;
    for (int t = 0; t < spec.placement_tries && !free; ++t) {
      draw_position(rng, edge_um, lesion);
      free = true;
      for (std::size_t q = 0; q < k && free; ++q) free = !overlap(lesion, surface.lesions[q]);
    }
    if (!free) ++surface.overlapping_lesions;  // kept at its last try; compose takes the deeper
  }
  return surface;
}

std::vector<std::size_t> lesion_footprint(const SiteSurface& surface, std::size_t k) {
  CITSIM_ASSERT(k < surface.lesions.size(), "lesion index in range");
  const PlacedLesion& lesion = surface.lesions[k];
  if (is_measured(lesion)) return lesion.measured.pixels;
  const HeightMap& map = surface.relief;
  const PixelBox box = bounding_box(lesion, map);
  std::vector<std::size_t> pixels;
  const double r = 0.5 * lesion.width_um;
  for (int j = box.y.first; j <= box.y.last; ++j) {
    for (int i = box.x.first; i <= box.x.last; ++i) {
      if (lesion_distance_um(lesion, pixel_centre_um(i, map.pixel_um),
                             pixel_centre_um(j, map.pixel_um)) < r) {
        pixels.push_back(map.index(i, j));
      }
    }
  }
  return pixels;
}

HeightMap compose(const SiteSurface& surface, std::span<const double> depth_scale,
                  double relief_scale, double line_scale, double pore_scale) {
  CITSIM_ASSERT(depth_scale.size() == surface.lesions.size(), "one depth scale per lesion");
  CITSIM_ASSERT(relief_scale >= 0.0 && line_scale >= 0.0, "scales are not negative");
  HeightMap map = surface.relief;
  if (relief_scale != 1.0) {
    for (double& z : map.z_um) z *= relief_scale;
  }
  if (surface.lines.size() == map.size()) {
    for (std::size_t p = 0; p < map.size(); ++p) map.z_um[p] += line_scale * surface.lines.z_um[p];
  }
  if (surface.pore_map.size() == map.size()) {
    for (std::size_t p = 0; p < map.size(); ++p)
      map.z_um[p] += pore_scale * surface.pore_map.z_um[p];
  }
  std::vector<double> lesion_depth_um(map.size(), 0.0);
  for (std::size_t k = 0; k < surface.lesions.size(); ++k) {
    CITSIM_ASSERT(depth_scale[k] >= 0.0, "depth scales are not negative");
    const PlacedLesion& lesion = surface.lesions[k];
    if (is_measured(lesion)) {
      const MeasuredDepression& m = lesion.measured;
      CITSIM_ASSERT(
          m.nx == map.nx && m.pixel_um == map.pixel_um && m.depth_um.size() == m.pixels.size(),
          "a measured depression lies on the relief's grid");
      for (std::size_t q = 0; q < m.pixels.size(); ++q) {
        CITSIM_ASSERT(m.pixels[q] < map.size(), "measured pixels lie on the map");
        double& deepest = lesion_depth_um[m.pixels[q]];
        deepest = std::max(deepest, depth_scale[k] * m.depth_um[q]);
      }
      continue;
    }
    const PixelBox box = bounding_box(lesion, map);
    for (int j = box.y.first; j <= box.y.last; ++j) {
      for (int i = box.x.first; i <= box.x.last; ++i) {
        const double d = depth_scale[k] * lesion_depth_at_um(lesion, surface.shape,
                                                             pixel_centre_um(i, map.pixel_um),
                                                             pixel_centre_um(j, map.pixel_um));
        double& deepest = lesion_depth_um[map.index(i, j)];
        deepest = std::max(deepest, d);
      }
    }
  }
  for (std::size_t p = 0; p < map.size(); ++p) map.z_um[p] -= lesion_depth_um[p];
  return map;
}

HeightMap compose(const SiteSurface& surface) {
  const std::vector<double> ones(surface.lesions.size(), 1.0);
  return compose(surface, ones);
}

}  // namespace citsim
