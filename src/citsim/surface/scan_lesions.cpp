// Splitting a measured scan into relief and scars (see the header for the steps).
#include "citsim/surface/scan_lesions.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <deque>
#include <tuple>
#include <utility>

#include "citsim/core/error.hpp"
#include "citsim/core/units.hpp"
#include "citsim/surface/metrics.hpp"

namespace citsim {
namespace {

// Reweighting rounds of the reference; it settles in two or three (the
// weights stop changing), the rest is margin.
constexpr int kReferenceIterations = 6;
// Pixels deeper than this fraction of the contour depth below the reference
// are left out of it: deeper than the fraction, so the walls of the scars
// are left out too; half leaves the relief's furrows in (for Sq = 15 um, a
// furrow 25 um deep is 1.7 Sq, about 5 % of the pixels).
constexpr double kExcludeFraction = 0.5;
// Blocks per reference cut-off on which the Gaussian of the reference runs.
constexpr double kBlocksPerCutoff = 50.0;
// Ridge on the quadratic's normal equations, relative to their mean diagonal:
// keeps the solve defined when the kept pixels do not span a quadratic.
constexpr double kRidge = 1e-12;

// Rim smoothing after the climb: passes, and how many of a pixel's 8
// neighbours must belong to one lesion for it to join.
constexpr int kNotchPasses = 3;
constexpr int kNotchNeighbours = 5;

constexpr std::array<std::array<int, 2>, 8> kNeighbours = {
    {{-1, -1}, {0, -1}, {1, -1}, {-1, 0}, {1, 0}, {-1, 1}, {0, 1}, {1, 1}}};

/// Calls f(q) for the index q of each 8-connected neighbour of pixel (i, j)
/// that lies on the map.
template <typename F>
void for_each_neighbour(const HeightMap& map, int i, int j, F&& f) {
  for (const auto& [di, dj] : kNeighbours) {
    const int a = i + di;
    const int b = j + dj;
    if (a < 0 || b < 0 || a >= map.nx || b >= map.ny) continue;
    f(map.index(a, b));
  }
}

/// z = c0 + c1 u + c2 v + c3 u^2 + c4 u v + c5 v^2 in centred, scaled pixel
/// coordinates u = (i - xm) / s, v = (j - ym) / s.
struct Quadratic {
  std::array<double, 6> c{};
  double xm = 0.0;
  double ym = 0.0;
  double s = 1.0;

  std::array<double, 6> basis(int i, int j) const {
    const double u = (i - xm) / s;
    const double v = (j - ym) / s;
    return {1.0, u, v, u * u, u * v, v * v};
  }
  double at(int i, int j) const {
    const std::array<double, 6> b = basis(i, j);
    double z = 0.0;
    for (std::size_t k = 0; k < 6; ++k) z += c[k] * b[k];
    return z;
  }
};

/// Weighted least-squares quadratic of `map` (weights 0 or 1).
Quadratic fit_quadratic(const HeightMap& map, const std::vector<double>& w) {
  Quadratic q;
  q.xm = 0.5 * (map.nx - 1);
  q.ym = 0.5 * (map.ny - 1);
  q.s = std::max(1.0, 0.5 * std::max(map.nx, map.ny));
  std::array<std::array<double, 7>, 6> a{};  // normal equations, right-hand side in column 6
  for (int j = 0; j < map.ny; ++j) {
    for (int i = 0; i < map.nx; ++i) {
      const std::size_t p = map.index(i, j);
      if (w[p] == 0.0) continue;
      const std::array<double, 6> b = q.basis(i, j);
      for (std::size_t r = 0; r < 6; ++r) {
        for (std::size_t k = 0; k < 6; ++k) a[r][k] += w[p] * b[r] * b[k];
        a[r][6] += w[p] * b[r] * map.z_um[p];
      }
    }
  }
  double trace = 0.0;
  for (std::size_t r = 0; r < 6; ++r) trace += a[r][r];
  const double ridge = kRidge * std::max(trace / 6.0, 1.0);
  for (std::size_t r = 0; r < 6; ++r) a[r][r] += ridge;
  // Gaussian elimination with partial pivoting (the matrix is symmetric
  // positive definite after the ridge).
  for (std::size_t col = 0; col < 6; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < 6; ++r) {
      if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
    }
    std::swap(a[col], a[pivot]);
    for (std::size_t r = col + 1; r < 6; ++r) {
      const double f = a[r][col] / a[col][col];
      for (std::size_t k = col; k < 7; ++k) a[r][k] -= f * a[col][k];
    }
  }
  for (std::size_t r = 6; r-- > 0;) {
    double sum = a[r][6];
    for (std::size_t k = r + 1; k < 6; ++k) sum -= a[r][k] * q.c[k];
    q.c[r] = sum / a[r][r];
  }
  return q;
}

/// The weighted Gaussian mean G(w z) / G(w) of `z`, computed on blocks of
/// `block` x `block` pixels and interpolated back bilinearly between block
/// centres (held constant beyond the outer centres).
std::vector<double> weighted_smooth(const HeightMap& grid, const std::vector<double>& z,
                                    const std::vector<double>& w, double cutoff_um) {
  const int block =
      std::max(1, static_cast<int>(std::floor(cutoff_um / (kBlocksPerCutoff * grid.pixel_um))));
  const int bx = (grid.nx + block - 1) / block;
  const int by = (grid.ny + block - 1) / block;
  HeightMap wz(bx, by, grid.pixel_um * block);
  HeightMap ww(bx, by, grid.pixel_um * block);
  HeightMap count(bx, by, grid.pixel_um * block);
  for (int j = 0; j < grid.ny; ++j) {
    for (int i = 0; i < grid.nx; ++i) {
      const std::size_t p = grid.index(i, j);
      const std::size_t b = wz.index(i / block, j / block);
      wz.z_um[b] += w[p] * z[p];
      ww.z_um[b] += w[p];
      count.z_um[b] += 1.0;
    }
  }
  for (std::size_t b = 0; b < wz.size(); ++b) {
    wz.z_um[b] /= count.z_um[b];
    ww.z_um[b] /= count.z_um[b];
  }
  const HeightMap num = gaussian_low_pass(wz, cutoff_um);
  const HeightMap den = gaussian_low_pass(ww, cutoff_um);
  HeightMap coarse(bx, by, wz.pixel_um);
  for (std::size_t b = 0; b < coarse.size(); ++b) {
    // Where no kept pixel lies within reach the quadratic alone is the reference.
    coarse.z_um[b] = den.z_um[b] > 1e-9 ? num.z_um[b] / den.z_um[b] : 0.0;
  }
  // Bilinear interpolation: fine pixel centre (i + 0.5) p in block units,
  // minus the block centre offset 0.5.
  std::vector<double> out(grid.size());
  const auto axis = [&](int i, int n) {
    const double t = std::clamp((i + 0.5) / block - 0.5, 0.0, static_cast<double>(n - 1));
    const int k0 = std::min(static_cast<int>(std::floor(t)), std::max(0, n - 2));
    const int k1 = std::min(k0 + 1, n - 1);
    return std::tuple<int, int, double>{k0, k1, t - k0};
  };
  for (int j = 0; j < grid.ny; ++j) {
    const auto [j0, j1, fy] = axis(j, by);
    for (int i = 0; i < grid.nx; ++i) {
      const auto [i0, i1, fx] = axis(i, bx);
      const double top = (1.0 - fx) * coarse.at(i0, j0) + fx * coarse.at(i1, j0);
      const double bottom = (1.0 - fx) * coarse.at(i0, j1) + fx * coarse.at(i1, j1);
      out[grid.index(i, j)] = (1.0 - fy) * top + fy * bottom;
    }
  }
  return out;
}

/// One lesion as its pixels are collected.
struct Region {
  std::vector<std::size_t> core;
  std::size_t pixels = 0;
  double sum_x_um = 0.0;
  double sum_y_um = 0.0;
  double sum_depth_um = 0.0;
  double max_depth_um = 0.0;
  MeasuredDepression depression;
};

}  // namespace

ScarType classify_scan_scar(double width_um, double depth_um, double fill,
                            const ScanLesionSpec& spec) {
  if (fill >= spec.boxcar_min_fill) return ScarType::boxcar;
  if (width_um < spec.icepick_max_width_um && width_um > 0.0 &&
      depth_um / width_um >= spec.icepick_min_depth_ratio) {
    return ScarType::icepick;
  }
  return ScarType::rolling;
}

HeightMap scan_reference(const HeightMap& scan, const ScanLesionSpec& spec) {
  CITSIM_ASSERT(spec.reference_cutoff_um > 0.0 && spec.contour_depth_um > 0.0,
                "scan lesion spec is validated");
  std::vector<double> w(scan.size(), 1.0);
  HeightMap ref(scan.nx, scan.ny, scan.pixel_um);
  const double exclude_um = kExcludeFraction * spec.contour_depth_um;
  for (int round = 0; round < kReferenceIterations; ++round) {
    const Quadratic form = fit_quadratic(scan, w);
    std::vector<double> rest(scan.size());
    for (int j = 0; j < scan.ny; ++j) {
      for (int i = 0; i < scan.nx; ++i) {
        rest[scan.index(i, j)] = scan.at(i, j) - form.at(i, j);
      }
    }
    const std::vector<double> smooth = weighted_smooth(scan, rest, w, spec.reference_cutoff_um);
    for (std::size_t p = 0; p < scan.size(); ++p) ref.z_um[p] = scan.z_um[p] - rest[p] + smooth[p];
    // New weights; stop when they no longer change, or when they would leave
    // too few pixels to fit (a scan that is all scar keeps its last reference).
    std::vector<double> next(scan.size());
    std::size_t kept = 0;
    for (std::size_t p = 0; p < scan.size(); ++p) {
      next[p] = scan.z_um[p] - ref.z_um[p] < -exclude_um ? 0.0 : 1.0;
      if (next[p] > 0.0) ++kept;
    }
    if (next == w || kept < std::max<std::size_t>(6, scan.size() / 100)) break;
    w = std::move(next);
  }
  return ref;
}

ScannedSurface split_scan(const HeightMap& scan, const ScanLesionSpec& spec) {
  CITSIM_ASSERT(spec.min_area_mm2 > 0.0 && spec.max_growth_fraction >= 0.0,
                "scan lesion spec is validated");
  const HeightMap ref = scan_reference(scan, spec);
  std::vector<double> residual(scan.size());
  for (std::size_t p = 0; p < scan.size(); ++p) residual[p] = scan.z_um[p] - ref.z_um[p];
  const double pixel_mm2 = units::um_to_mm(scan.pixel_um) * units::um_to_mm(scan.pixel_um);

  // Step 2: cores, found in memory order.
  constexpr int kNone = -1;
  constexpr int kSeen = -2;  // a core too small to keep
  std::vector<int> owner(scan.size(), kNone);
  std::vector<Region> regions;
  std::vector<std::size_t> stack;
  for (std::size_t start = 0; start < scan.size(); ++start) {
    if (owner[start] != kNone || residual[start] >= -spec.contour_depth_um) continue;
    std::vector<std::size_t> core;
    owner[start] = kSeen;
    stack.assign(1, start);
    while (!stack.empty()) {
      const std::size_t p = stack.back();
      stack.pop_back();
      core.push_back(p);
      const int i = static_cast<int>(p % static_cast<std::size_t>(scan.nx));
      const int j = static_cast<int>(p / static_cast<std::size_t>(scan.nx));
      for_each_neighbour(scan, i, j, [&](std::size_t q) {
        if (owner[q] == kNone && residual[q] < -spec.contour_depth_um) {
          owner[q] = kSeen;
          stack.push_back(q);
        }
      });
    }
    if (static_cast<double>(core.size()) * pixel_mm2 < spec.min_area_mm2) continue;
    const int label = static_cast<int>(regions.size());
    for (std::size_t p : core) owner[p] = label;
    Region r;
    r.core = std::move(core);
    regions.push_back(std::move(r));
  }

  // Step 3: walls, lesion by lesion (breadth first, so the step count is the
  // 8-connected distance from the core).
  for (std::size_t k = 0; k < regions.size(); ++k) {
    const double core_radius_px =
        std::sqrt(static_cast<double>(regions[k].core.size()) / units::pi);
    const auto max_steps = static_cast<int>(std::floor(spec.max_growth_fraction * core_radius_px));
    std::deque<std::pair<std::size_t, int>> queue;
    for (std::size_t p : regions[k].core) queue.emplace_back(p, 0);
    while (!queue.empty()) {
      // Plain names, not a structured binding: the lambda below uses them,
      // and clang 14 cannot capture bindings.
      const std::size_t p = queue.front().first;
      const int steps = queue.front().second;
      queue.pop_front();
      if (steps >= max_steps) continue;
      const int i = static_cast<int>(p % static_cast<std::size_t>(scan.nx));
      const int j = static_cast<int>(p / static_cast<std::size_t>(scan.nx));
      for_each_neighbour(scan, i, j, [&](std::size_t q) {
        if (owner[q] == kNone && residual[q] < 0.0 && residual[q] >= residual[p]) {
          owner[q] = static_cast<int>(k);
          queue.emplace_back(q, steps + 1);
        }
      });
    }
  }

  // Notches: the climb stops at every bump of the relief on a wall, leaving
  // a ragged rim; a pixel still below the reference with most of its
  // neighbours (kNotchNeighbours of 8) in one lesion joins it.
  for (int pass = 0; pass < kNotchPasses; ++pass) {
    std::vector<std::pair<std::size_t, int>> joins;
    for (int j = 0; j < scan.ny; ++j) {
      for (int i = 0; i < scan.nx; ++i) {
        const std::size_t p = scan.index(i, j);
        if (owner[p] != kNone || residual[p] >= 0.0) continue;
        std::array<int, 8> labels{};
        int n = 0;
        for_each_neighbour(scan, i, j, [&](std::size_t q) {
          if (owner[q] >= 0) labels[static_cast<std::size_t>(n++)] = owner[q];
        });
        for (int k = 0; k < n; ++k) {
          if (std::count(labels.begin(), labels.begin() + n, labels[static_cast<std::size_t>(k)]) >=
              kNotchNeighbours) {
            joins.emplace_back(p, labels[static_cast<std::size_t>(k)]);
            break;
          }
        }
      }
    }
    if (joins.empty()) break;
    for (const auto& [p, label] : joins) owner[p] = label;
  }

  // Steps 4 and 5: in memory order, so each lesion's pixels come out sorted.
  ScannedSurface out;
  out.surface.relief = scan;
  for (Region& r : regions) {
    r.depression.nx = scan.nx;
    r.depression.pixel_um = scan.pixel_um;
  }
  for (int j = 0; j < scan.ny; ++j) {
    for (int i = 0; i < scan.nx; ++i) {
      const std::size_t p = scan.index(i, j);
      if (owner[p] < 0) continue;
      Region& r = regions[static_cast<std::size_t>(owner[p])];
      const double depth_um = -residual[p];
      CITSIM_ASSERT(depth_um > 0.0, "lesion pixels lie below the reference");
      r.depression.pixels.push_back(p);
      r.depression.depth_um.push_back(depth_um);
      ++r.pixels;
      r.sum_x_um += (i + 0.5) * scan.pixel_um;
      r.sum_y_um += (j + 0.5) * scan.pixel_um;
      r.sum_depth_um += depth_um;
      r.max_depth_um = std::max(r.max_depth_um, depth_um);
      out.surface.relief.z_um[p] = scan.z_um[p] + depth_um;
    }
  }
  for (std::size_t k = 0; k < regions.size(); ++k) {
    Region& r = regions[k];
    const auto n = static_cast<double>(r.pixels);
    const double area_um2 = n * scan.pixel_um * scan.pixel_um;
    ScarGroup group;
    group.count = 1;
    group.depth_um = r.max_depth_um;
    group.width_um = 2.0 * std::sqrt(area_um2 / units::pi);
    const double fill = r.sum_depth_um / (n * r.max_depth_um);
    group.type = classify_scan_scar(group.width_um, group.depth_um, fill, spec);

    PlacedLesion lesion;
    lesion.kind = lesion_kind(group.type);
    lesion.x_um = r.sum_x_um / n;
    lesion.y_um = r.sum_y_um / n;
    lesion.width_um = group.width_um;
    lesion.depth_um = group.depth_um;
    lesion.group = static_cast<int>(k);
    lesion.measured = std::move(r.depression);
    out.surface.lesions.push_back(std::move(lesion));
    out.scars.push_back(group);
  }
  return out;
}

}  // namespace citsim
