// Locally one-dimensional backward Euler for diffusion on the healing mesh,
// with the elimination factored out of the per-solute work.
//
// Each axis is a set of independent lines. Along a line the finite-volume
// balance of cell p is
//   V_p (c_p' - c_p) = sum over its two faces of K_f (c_nb' - c_p'),
//   K_f = dt * A_f * D_f / h   (D_f the harmonic mean of the two cells),
// a symmetric M-matrix, solved by the Thomas algorithm written so that only
// additions of non-negative terms occur: with w_p = s_p + K_{p+1/2} and
// s_p = V_p + K_{p-1/2} s_{p-1} / w_{p-1}, every intermediate is >= 0, which
// keeps c >= 0 in floating point and stays accurate for very large dt.
//
// Only the right-hand side depends on the solute. The factors of each line
// (K_{p-1/2}, w_p, g_p = K_{p+1/2} / w_p, and for periodic lines the
// solution z of the wrap coupling and the last cell's denominator) are
// computed once per (mesh, diffusivity, dt) with exactly the operations of
// the per-solute solver (diffusion_reference.cpp), so that a solute's step
//   forward:  c_p <- (V_p c_p + K_{p-1/2} c_{p-1}) / w_p
//   back:     c_p <- c_p + g_p c_{p+1}
// performs the same operations on the same operands: the same result, bit
// for bit, with one division per cell and axis instead of about four.
//
// Layout of the factors (L = kLanes):
// - x: lines in tiles of L consecutive lines (within a depth plane when
//   Cartesian), a tile's cell (p, lane) at p * L + lane: K, W, G (and Z when
//   periodic) blocks of nx * L, then for periodic lines ka, kw, den (L each).
//   Padding lanes hold K = G = Z = 0 and W = den = 1, which maps 0 to 0.
// - y (Cartesian): per depth plane, K, W, G (and Z) in cell order, then for
//   periodic lines ka, kw, den per x index.
// - z: K, W, G over the whole mesh in cell order.
//
// A layered field (Cartesian, each depth plane one value, as the engine's
// are) gives every line of a plane the same factors, and every depth column
// the same: its set keeps one x tile and one plane of y factors per distinct
// plane value, and one block of depth columns, so its size does not grow
// with the block's width (the full layout costs nine doubles per cell).
#include "citsim/healing/diffusion.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

#include "citsim/core/error.hpp"
#include "citsim/core/parallel.hpp"

namespace citsim {
namespace {

/// Below this many cells a step runs on one thread: starting threads would cost
/// more than the solve.
constexpr std::size_t kMinCellsForThreads = 16384;
/// x (or r) lines solved together, one per SIMD lane: an x line is contiguous
/// in memory, so a tile of them is transposed into scratch and solved there.
/// Twenty lanes are ten independent division chains of two, which hide the
/// recurrence's latency better than sixteen did (docs/performance.md), and
/// tile the engine's and the benchmarks' 50, 100, 200 and 400 lines evenly
/// or nearly.
constexpr std::size_t kLanes = 20;
/// Depth columns solved together (contiguous in memory).
constexpr std::size_t kDepthBlock = 64;
/// The solutes swept together take at most this much memory (or are one):
/// a third of this machine's 32 MiB last-level cache, which one 100^3 field
/// fills (docs/performance.md). Sizes the machine reports in a virtual
/// machine can be the host's, so it is a constant.
constexpr std::size_t kGroupBytes = std::size_t{10} << 20;
/// Factor sets kept in a workspace: the engine diffuses with three fields.
constexpr std::size_t kCachedSets = 4;

double harmonic_mean(double a, double b) {
  const double sum = a + b;
  return sum > 0.0 ? 2.0 * a * b / sum : 0.0;
}

/// Where the factors of one line go: cell p at index p * stride of each array.
struct LineFactors {
  double* k = nullptr;  // K_{p-1/2}, 0 for the first cell
  double* w = nullptr;  // w_p
  double* g = nullptr;  // K_{p+1/2} / w_p
  double* z = nullptr;  // periodic: the wrap-coupling solution
  std::size_t stride = 1;
};

/// Factors of a no-flux line of n cells; kface(p) is the face between p and
/// p + 1. The statements are those of solve_open_lines in
/// diffusion_reference.cpp, in the same order.
template <typename Vol, typename Face>
void open_line_factors(std::size_t n, const Vol& vol, const Face& kface, const LineFactors& f) {
  double ratio = 0.0;
  double kprev = 0.0;
  for (std::size_t p = 0; p < n; ++p) {
    const bool last = p + 1 == n;
    const double v = vol(p);
    const double kr = last ? 0.0 : kface(p);
    double s = v;
    if (p > 0) s += kprev * ratio;
    const double w = s + kr;
    f.k[p * f.stride] = p > 0 ? kprev : 0.0;
    f.w[p * f.stride] = w;
    f.g[p * f.stride] = kr / w;
    ratio = s / w;
    kprev = kr;
  }
}

/// Per-line constants of a periodic line: the last cell's couplings and
/// denominator.
struct Ring {
  double ka = 0.0;
  double kw = 0.0;
  double den = 1.0;
};

/// Factors of a periodic line of n >= 2 cells (kface(n - 1) is the wrap face),
/// after solve_periodic_lines in diffusion_reference.cpp. u: n scratch doubles.
template <typename Vol, typename Face>
Ring periodic_line_factors(std::size_t n, const Vol& vol, const Face& kface, const LineFactors& f,
                           double* u) {
  const std::size_t nl = n - 1;
  const std::size_t st = f.stride;
  double ratio = 0.0;
  double kprev = 0.0;
  for (std::size_t p = 0; p < nl; ++p) {
    const double v = vol(p);
    const double kr = p + 1 < nl ? kface(p) : 0.0;
    double s = v;
    double rhs_z = 0.0;
    double rhs_u = v;
    if (p == 0) {
      const double kw = kface(n - 1);
      s += kw;
      rhs_z += kw;
    }
    if (p + 1 == nl) {
      const double ka = kface(nl - 1);
      s += ka;
      rhs_z += ka;
    }
    if (p > 0) {
      const double k = kprev;
      s += k * ratio;
      rhs_z += k * f.z[(p - 1) * st];
      rhs_u += k * u[p - 1];
    }
    const double w = s + kr;
    f.k[p * st] = p > 0 ? kprev : 0.0;
    f.w[p * st] = w;
    f.g[p * st] = kr / w;
    f.z[p * st] = rhs_z / w;
    u[p] = rhs_u / w;
    ratio = s / w;
    kprev = kr;
  }
  for (std::size_t p = nl - 1; p-- > 0;) {
    const double gp = f.g[p * st];
    f.z[p * st] += gp * f.z[(p + 1) * st];
    u[p] += gp * u[p + 1];
  }
  Ring r;
  const double vq = vol(nl);
  r.ka = kface(nl - 1);
  r.kw = kface(n - 1);
  r.den = vq + r.ka * u[nl - 1] + r.kw * u[0];
  return r;
}

// One row of m lanes of the forward or backward pass. The rows, factors and
// the previous row never overlap; saying so (restrict) lets the compiler
// vectorise across lanes.
template <typename T, typename VolRow>
void forward_first_row(T* __restrict row, const T* __restrict w, const VolRow& vol, std::size_t m) {
  for (std::size_t l = 0; l < m; ++l) row[l] = vol(l) * row[l] / w[l];
}

template <typename T, typename VolRow>
void forward_row(T* __restrict row, const T* __restrict prev, const T* __restrict k,
                 const T* __restrict w, const VolRow& vol, std::size_t m) {
  for (std::size_t l = 0; l < m; ++l) row[l] = (vol(l) * row[l] + k[l] * prev[l]) / w[l];
}

template <typename T>
void back_row(T* __restrict row, const T* __restrict next, const T* __restrict g, std::size_t m) {
  for (std::size_t l = 0; l < m; ++l) row[l] += g[l] * next[l];
}

/// Eliminates m lines of n cells with their factors: cell (p, l) at
/// c[p * cs + l], its factors at index p * fs + l; vol(p, l) the cell volume.
template <typename T, typename Vol>
void solve_factored(T* c, std::size_t cs, const T* kf, const T* wf, const T* gf, std::size_t fs,
                    std::size_t n, std::size_t m, const Vol& vol) {
  forward_first_row(
      c, wf, [&](std::size_t l) { return vol(0, l); }, m);
  for (std::size_t p = 1; p < n; ++p) {
    forward_row(
        c + p * cs, c + (p - 1) * cs, kf + p * fs, wf + p * fs,
        [&](std::size_t l) { return vol(p, l); }, m);
  }
  for (std::size_t p = n - 1; p-- > 0;) back_row(c + p * cs, c + (p + 1) * cs, gf + p * fs, m);
}

/// solve_factored for `count` solutes sharing the factors, row by row in
/// lockstep: each solute's operations are solve_factored's, in its order,
/// but the solutes' independent division chains interleave (a plan cell's
/// depth lines are few, and one solute alone waits on each division).
template <typename T, typename Vol>
void solve_factored_together(T* const* c, std::size_t count, std::size_t cs, const T* kf,
                             const T* wf, const T* gf, std::size_t fs, std::size_t n, std::size_t m,
                             const Vol& vol) {
  for (std::size_t s = 0; s < count; ++s) {
    forward_first_row(
        c[s], wf, [&](std::size_t l) { return vol(0, l); }, m);
  }
  for (std::size_t p = 1; p < n; ++p) {
    for (std::size_t s = 0; s < count; ++s) {
      forward_row(
          c[s] + p * cs, c[s] + (p - 1) * cs, kf + p * fs, wf + p * fs,
          [&](std::size_t l) { return vol(p, l); }, m);
    }
  }
  for (std::size_t p = n - 1; p-- > 0;) {
    for (std::size_t s = 0; s < count; ++s) {
      back_row(c[s] + p * cs, c[s] + (p + 1) * cs, gf + p * fs, m);
    }
  }
}

/// Closes m periodic lines of n cells after solve_factored on their first
/// n - 1 cells: the last cell from its couplings, then its share added back.
template <typename T>
void close_rings(T* c, std::size_t cs, const T* zf, std::size_t fs, std::size_t n, std::size_t m,
                 const T* ka, const T* kw, const T* den, T vq) {
  const std::size_t nl = n - 1;
  T* last = c + nl * cs;
  const T* tail = c + (nl - 1) * cs;
  for (std::size_t l = 0; l < m; ++l) {
    last[l] = (vq * last[l] + ka[l] * tail[l] + kw[l] * c[l]) / den[l];
  }
  for (std::size_t p = 0; p < nl; ++p) {
    T* row = c + p * cs;
    const T* z = zf + p * fs;
    for (std::size_t l = 0; l < m; ++l) row[l] += last[l] * z[l];
  }
}

/// The sizes of a factor set for one mesh.
struct Shape {
  bool axisymmetric = false;
  bool periodic = false;
  std::size_t nx = 1, ny = 1, nz = 1, plane = 1, cells = 1;
  bool sweep_x = false, sweep_y = false, sweep_z = false;
  std::size_t group = 1;            // x lines per group (a depth plane when Cartesian)
  std::size_t tiles_per_group = 0;  // x tiles per group
  std::size_t tiles = 0;            // x tiles in all
  std::size_t tile_doubles = 0;     // factors per x tile
  std::size_t plane_doubles = 0;    // y factors per depth plane

  std::size_t x_fields() const { return periodic ? 4 : 3; }
};

Shape shape_of(const Mesh& mesh) {
  Shape s;
  s.axisymmetric = mesh.geometry == Geometry::axisymmetric;
  s.periodic = mesh.periodic_xy && !s.axisymmetric;
  s.nx = static_cast<std::size_t>(mesh.nx);
  s.ny = static_cast<std::size_t>(mesh.ny);
  s.nz = static_cast<std::size_t>(mesh.nz);
  s.plane = s.nx * s.ny;
  s.cells = s.plane * s.nz;
  s.sweep_x = s.nx > 1;
  s.sweep_y = !s.axisymmetric && s.ny > 1;
  s.sweep_z = s.nz > 1;
  s.group = s.axisymmetric ? s.ny * s.nz : s.ny;
  s.tiles_per_group = (s.group + kLanes - 1) / kLanes;
  s.tiles = s.tiles_per_group * (s.ny * s.nz / s.group);
  s.tile_doubles = s.x_fields() * s.nx * kLanes + (s.periodic ? 3 * kLanes : 0);
  s.plane_doubles = s.x_fields() * s.plane + (s.periodic ? 3 * s.nx : 0);
  return s;
}

/// The x lines of tile t: the first line's index and how many.
struct Tile {
  std::size_t line0 = 0;
  std::size_t count = 0;
};

Tile tile_of(const Shape& s, std::size_t t) {
  const std::size_t g = t / s.tiles_per_group;
  const std::size_t first = (t % s.tiles_per_group) * kLanes;
  return {.line0 = g * s.group + first, .count = std::min(kLanes, s.group - first)};
}

/// Thread w's scratch buffer of values of type T.
template <typename T>
T* scratch_of(DiffusionWorkspace& work, std::size_t w) {
  if constexpr (std::is_same_v<T, float>) {
    return work.per_thread_float[w].data();
  } else {
    return work.per_thread[w].data();
  }
}

/// Runs task(n, scratch) for n in [0, tasks) on `workers` threads, each with its
/// own scratch buffer (of T), in fixed contiguous blocks.
template <typename T = double, typename Task>
void run_tasks(std::size_t tasks, int workers, DiffusionWorkspace& work, const Task& task) {
  const int t = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(workers), tasks));
  if (t <= 1) {
    T* scratch = scratch_of<T>(work, 0);
    for (std::size_t n = 0; n < tasks; ++n) task(n, scratch);
    return;
  }
  parallel_for(0, t, t, [&](std::int64_t w) {
    T* scratch = scratch_of<T>(work, static_cast<std::size_t>(w));
    const auto lo = static_cast<std::size_t>(static_cast<std::int64_t>(tasks) * w / t);
    const auto hi = static_cast<std::size_t>(static_cast<std::int64_t>(tasks) * (w + 1) / t);
    for (std::size_t n = lo; n < hi; ++n) task(n, scratch);
  });
}

bool same_mesh(const Mesh& a, const Mesh& b) {
  return a.geometry == b.geometry && a.nx == b.nx && a.ny == b.ny && a.nz == b.nz &&
         a.dx_um == b.dx_um && a.dy_um == b.dy_um && a.dz_um == b.dz_um &&
         a.periodic_xy == b.periodic_xy;
}

/// open_line_factors, or on a periodic line periodic_line_factors with its
/// ring constants (ka, kw, den) stored at ring[0], ring[stride], ring[2 stride].
template <typename Vol, typename Face>
void line_factors(bool periodic, std::size_t n, const Vol& vol, const Face& kface,
                  const LineFactors& f, double* u, double* ring, std::size_t stride) {
  if (!periodic) {
    open_line_factors(n, vol, kface, f);
    return;
  }
  const Ring r = periodic_line_factors(n, vol, kface, f, u);
  ring[0] = r.ka;
  ring[stride] = r.kw;
  ring[2 * stride] = r.den;
}

/// The factors of one x (or r) line, diffusivities dl, into lane `lane` of
/// the x tile at `base`; u: nx scratch doubles (periodic lines).
void x_line_factors(const Mesh& mesh, const Shape& s, double dt_s, const double* vx,
                    const double* dl, double* base, std::size_t lane, double* u) {
  const std::size_t nx = s.nx;
  const std::size_t block = nx * kLanes;
  double* ring = base + s.x_fields() * block;
  const LineFactors lf{.k = base + lane,
                       .w = base + block + lane,
                       .g = base + 2 * block + lane,
                       .z = s.periodic ? base + 3 * block + lane : nullptr,
                       .stride = kLanes};
  auto vol = [&](std::size_t p) { return vx[p]; };
  auto kface = [&](std::size_t p) {
    const std::size_t q = p + 1 == nx ? 0 : p + 1;
    const double area = mesh.face_area_x_um2(static_cast<int>(p + 1));
    return dt_s * area / mesh.dx_um * harmonic_mean(dl[p], dl[q]);
  };
  line_factors(s.periodic, nx, vol, kface, lf, u, ring + lane, kLanes);
}

/// The factors of the y line at x index l of a depth plane, diffusivities
/// dp (the plane's), into that plane's y factors at `base`.
void y_line_factors(const Mesh& mesh, const Shape& s, double dt_s, const double* dp, std::size_t l,
                    double* base, double* u) {
  const std::size_t nx = s.nx;
  const std::size_t ny = s.ny;
  const double vol_c = mesh.volume_um3(0, 0);
  const double coef = dt_s * mesh.face_area_y_um2() / mesh.dy_um;
  double* ring = base + s.x_fields() * s.plane;
  const LineFactors lf{.k = base + l,
                       .w = base + s.plane + l,
                       .g = base + 2 * s.plane + l,
                       .z = s.periodic ? base + 3 * s.plane + l : nullptr,
                       .stride = nx};
  auto vol = [&](std::size_t) { return vol_c; };
  auto kface = [&](std::size_t p) {
    const std::size_t q = p + 1 == ny ? 0 : p + 1;
    return coef * harmonic_mean(dp[l + p * nx], dp[l + q * nx]);
  };
  line_factors(s.periodic, ny, vol, kface, lf, u, ring + l, nx);
}

/// The factors of the depth column at x index i, diffusivities dc (one a
/// plane, dc_stride apart), into k, w, g at `stride`.
void z_column_factors(const Mesh& mesh, const Shape& s, double dt_s, const double* vx,
                      std::size_t i, const double* dc, std::size_t dc_stride, double* k, double* w,
                      double* g, std::size_t stride) {
  const LineFactors lf{.k = k, .w = w, .g = g, .stride = stride};
  const double area = mesh.face_area_z_um2(static_cast<int>(i));
  auto vol = [&](std::size_t) { return vx[i]; };
  auto kface = [&](std::size_t p) {
    return dt_s * area / mesh.dz_um * harmonic_mean(dc[p * dc_stride], dc[(p + 1) * dc_stride]);
  };
  open_line_factors(s.nz, vol, kface, lf);
}

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

/// Whether d (one value per cell of a Cartesian mesh) is one value, bit for
/// bit, in every depth plane.
bool is_layered(const Shape& s, const double* d) {
  if (s.axisymmetric) return false;
  for (std::size_t k = 0; k < s.nz; ++k) {
    const double* p = d + k * s.plane;
    for (std::size_t n = 1; n < s.plane; ++n) {
      if (!same_bits(p[n], p[0])) return false;
    }
  }
  return true;
}

/// The factors of a layered field, one diffusivity per depth plane
/// (`planes`, nz values): per distinct plane value, one x tile whose lanes
/// are all that plane's line and the plane's y factors; one block of depth
/// columns. Each value is computed by the same statements on the same
/// operands as in the full layout. Keeps `planes` as the cache key.
void build_layered_factors(DiffusionFactors& f, const Shape& s, std::span<const double> planes,
                           DiffusionWorkspace& work) {
  const Mesh& mesh = f.mesh;
  const double dt_s = f.dt_s;
  const double* vx = f.volume_x.data();
  double* scratch = work.per_thread[0].data();
  f.layered = true;
  f.diffusivity.assign(planes.begin(), planes.end());
  // The distinct plane values, in order of first appearance.
  f.plane_set.assign(s.nz, 0);
  std::vector<double> values;
  for (std::size_t k = 0; k < s.nz; ++k) {
    std::size_t u = 0;
    while (u < values.size() && !same_bits(values[u], planes[k])) ++u;
    if (u == values.size()) values.push_back(planes[k]);
    f.plane_set[k] = u;
  }
  const std::size_t sets = values.size();
  // One plane of a set's value, for the line builders (which read a plane).
  std::vector<double> plane((s.sweep_x || s.sweep_y) ? s.plane : 0);

  f.x.assign(s.sweep_x ? sets * s.tile_doubles : 0, 0.0);
  f.y.assign(s.sweep_y ? sets * s.plane_doubles : 0, 0.0);
  for (std::size_t u = 0; u < sets && (s.sweep_x || s.sweep_y); ++u) {
    std::fill(plane.begin(), plane.end(), values[u]);
    for (std::size_t lane = 0; lane < kLanes && s.sweep_x; ++lane) {
      x_line_factors(mesh, s, dt_s, vx, plane.data(), f.x.data() + u * s.tile_doubles, lane,
                     scratch);
    }
    for (std::size_t l = 0; l < s.nx && s.sweep_y; ++l) {
      y_line_factors(mesh, s, dt_s, plane.data(), l, f.y.data() + u * s.plane_doubles, scratch);
    }
  }
  // Every depth column alike: one block of columns, column 0's.
  const std::size_t lanes = std::min(kDepthBlock, s.nx);
  f.z.assign(s.sweep_z ? 3 * s.nz * lanes : 0, 0.0);
  if (s.sweep_z) {
    double* z = f.z.data();
    for (std::size_t l = 0; l < lanes; ++l) {
      z_column_factors(mesh, s, dt_s, vx, 0, planes.data(), 1, z + l, z + s.nz * lanes + l,
                       z + 2 * s.nz * lanes + l, lanes);
    }
  }
}

/// A diffusivity field: one value per cell, or (Cartesian only) one per
/// depth plane. Exactly one of the two is set.
struct Field {
  std::span<const double> cells = {};
  std::span<const double> planes = {};
};

/// Computes every factor of f for its mesh, field and dt: the layered layout
/// for a field given by plane or one cell by cell that is layered, else the
/// full one (which keeps the field as the cache key; a layered set keeps one
/// value per plane).
void build_factors(DiffusionFactors& f, const Field& field, int workers, DiffusionWorkspace& work) {
  const Mesh& mesh = f.mesh;
  const Shape s = shape_of(mesh);
  const double dt_s = f.dt_s;
  f.volume_x.resize(s.nx);
  for (std::size_t i = 0; i < s.nx; ++i) f.volume_x[i] = mesh.volume_um3(static_cast<int>(i), 0);
  if (!field.planes.empty()) {
    build_layered_factors(f, s, field.planes, work);
    return;
  }
  const double* d = field.cells.data();
  if (is_layered(s, d)) {
    std::vector<double> planes(s.nz);
    for (std::size_t k = 0; k < s.nz; ++k) planes[k] = d[k * s.plane];
    build_layered_factors(f, s, planes, work);
    return;
  }
  const double* vx = f.volume_x.data();
  f.layered = false;
  f.diffusivity.assign(field.cells.begin(), field.cells.end());
  f.plane_set.clear();

  f.x.assign(s.sweep_x ? s.tiles * s.tile_doubles : 0, 0.0);
  if (s.sweep_x) {
    const std::size_t nx = s.nx;
    run_tasks(s.tiles, workers, work, [&](std::size_t t, double* scratch) {
      const Tile tile = tile_of(s, t);
      double* base = f.x.data() + t * s.tile_doubles;
      for (std::size_t lane = 0; lane < kLanes; ++lane) {
        if (lane < tile.count) {
          x_line_factors(mesh, s, dt_s, vx, d + (tile.line0 + lane) * nx, base, lane, scratch);
          continue;
        }
        // A padding lane maps 0 to 0: W = den = 1, K = G = Z = 0.
        for (std::size_t p = 0; p < nx; ++p) base[nx * kLanes + p * kLanes + lane] = 1.0;
        if (s.periodic) base[s.x_fields() * nx * kLanes + 2 * kLanes + lane] = 1.0;
      }
    });
  }

  f.y.assign(s.sweep_y ? s.nz * s.plane_doubles : 0, 0.0);
  if (s.sweep_y) {
    run_tasks(s.nz, workers, work, [&](std::size_t k, double* scratch) {
      for (std::size_t l = 0; l < s.nx; ++l) {
        y_line_factors(mesh, s, dt_s, d + k * s.plane, l, f.y.data() + k * s.plane_doubles,
                       scratch);
      }
    });
  }

  f.z.assign(s.sweep_z ? 3 * s.cells : 0, 0.0);
  if (s.sweep_z) {
    double* z = f.z.data();
    run_tasks(s.ny, workers, work, [&](std::size_t j, double*) {
      for (std::size_t i = 0; i < s.nx; ++i) {
        const std::size_t col = j * s.nx + i;
        z_column_factors(mesh, s, dt_s, vx, i, d + col, s.plane, z + col, z + s.cells + col,
                         z + 2 * s.cells + col, s.plane);
      }
    });
  }
}

/// Whether f was built from exactly this field (f's mesh is the field's).
bool built_from(const DiffusionFactors& f, const Field& field) {
  const auto same = [](std::span<const double> a, std::span<const double> b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
  };
  if (!field.planes.empty()) return f.layered && same(f.diffusivity, field.planes);
  if (!f.layered) return same(f.diffusivity, field.cells);
  const Shape s = shape_of(f.mesh);
  if (field.cells.size() != s.cells) return false;
  for (std::size_t k = 0; k < s.nz; ++k) {
    const double v = f.diffusivity[k];
    const double* p = field.cells.data() + k * s.plane;
    for (std::size_t n = 0; n < s.plane; ++n) {
      if (!same_bits(p[n], v)) return false;
    }
  }
  return true;
}

/// The cached factors for (mesh, field, dt), built on a miss in the least
/// recently used slot.
DiffusionFactors& factors_for(const Mesh& mesh, const Field& field, double dt_s,
                              DiffusionWorkspace& work, int workers) {
  const std::uint64_t now = ++work.uses;
  for (DiffusionFactors& f : work.factors) {
    if (f.dt_s == dt_s && same_mesh(f.mesh, mesh) && built_from(f, field)) {
      f.last_use = now;
      return f;
    }
  }
  DiffusionFactors* slot = nullptr;
  if (work.factors.size() < kCachedSets) {
    slot = &work.factors.emplace_back();
  } else {
    slot = &*std::min_element(work.factors.begin(), work.factors.end(),
                              [](const DiffusionFactors& a, const DiffusionFactors& b) {
                                return a.last_use < b.last_use;
                              });
  }
  slot->mesh = mesh;
  slot->dt_s = dt_s;
  slot->last_use = now;
  slot->has_float = false;
  build_factors(*slot, field, workers, work);
  return *slot;
}

/// The factors of a set as values of T: the set's own (double), or their
/// copy rounded to float, made on first use (float storage).
template <typename T>
struct FactorsOf {
  const T* x = nullptr;
  const T* y = nullptr;
  const T* z = nullptr;
  const T* volume_x = nullptr;
};

FactorsOf<double> factors_of(const DiffusionFactors& f, std::type_identity<double>) {
  return {f.x.data(), f.y.data(), f.z.data(), f.volume_x.data()};
}

FactorsOf<float> factors_of(DiffusionFactors& f, std::type_identity<float>) {
  if (!f.has_float) {
    const auto round = [](const std::vector<double>& from, std::vector<float>& to) {
      to.resize(from.size());
      std::transform(from.begin(), from.end(), to.begin(),
                     [](double v) { return static_cast<float>(v); });
    };
    round(f.x, f.x_float);
    round(f.y, f.y_float);
    round(f.z, f.z_float);
    round(f.volume_x, f.volume_x_float);
    f.has_float = true;
  }
  return {f.x_float.data(), f.y_float.data(), f.z_float.data(), f.volume_x_float.data()};
}

/// Moves `count` x lines of nx cells between their place in the mesh (line l
/// at c + l * nx) and the lanes of a tile (cell p of line l at
/// lanes[p * kLanes + l]): to_lanes true copies into the tile, false back.
/// With SSE2, blocks of 2 x 2 doubles or 4 x 4 floats are transposed in
/// registers (a plain copy: the values are the same either way).
template <typename T>
void transpose_tile(T* c, std::size_t nx, std::size_t count, T* lanes, bool to_lanes) {
  std::size_t l = 0;
#if defined(__SSE2__)
  if constexpr (std::is_same_v<T, double>) {
    for (; l + 2 <= count; l += 2) {
      double* a = c + l * nx;
      double* b = a + nx;
      std::size_t p = 0;
      for (; p + 2 <= nx; p += 2) {
        double* lo = lanes + p * kLanes + l;
        double* hi = lo + kLanes;
        if (to_lanes) {
          const __m128d ra = _mm_loadu_pd(a + p);
          const __m128d rb = _mm_loadu_pd(b + p);
          _mm_storeu_pd(lo, _mm_unpacklo_pd(ra, rb));
          _mm_storeu_pd(hi, _mm_unpackhi_pd(ra, rb));
        } else {
          const __m128d rp = _mm_loadu_pd(lo);
          const __m128d rq = _mm_loadu_pd(hi);
          _mm_storeu_pd(a + p, _mm_unpacklo_pd(rp, rq));
          _mm_storeu_pd(b + p, _mm_unpackhi_pd(rp, rq));
        }
      }
      for (; p < nx; ++p) {
        T* cell = lanes + p * kLanes + l;
        if (to_lanes) {
          cell[0] = a[p];
          cell[1] = b[p];
        } else {
          a[p] = cell[0];
          b[p] = cell[1];
        }
      }
    }
  } else if constexpr (std::is_same_v<T, float>) {
    for (; l + 4 <= count; l += 4) {
      float* r[4] = {c + l * nx, c + (l + 1) * nx, c + (l + 2) * nx, c + (l + 3) * nx};
      std::size_t p = 0;
      for (; p + 4 <= nx; p += 4) {
        float* q[4] = {lanes + p * kLanes + l, lanes + (p + 1) * kLanes + l,
                       lanes + (p + 2) * kLanes + l, lanes + (p + 3) * kLanes + l};
        float* const* from = to_lanes ? r : q;
        float* const* to = to_lanes ? q : r;
        const std::size_t at = to_lanes ? p : 0;
        const std::size_t put = to_lanes ? 0 : p;
        __m128 x0 = _mm_loadu_ps(from[0] + at);
        __m128 x1 = _mm_loadu_ps(from[1] + at);
        __m128 x2 = _mm_loadu_ps(from[2] + at);
        __m128 x3 = _mm_loadu_ps(from[3] + at);
        _MM_TRANSPOSE4_PS(x0, x1, x2, x3);
        _mm_storeu_ps(to[0] + put, x0);
        _mm_storeu_ps(to[1] + put, x1);
        _mm_storeu_ps(to[2] + put, x2);
        _mm_storeu_ps(to[3] + put, x3);
      }
      for (; p < nx; ++p) {
        for (std::size_t k = 0; k < 4; ++k) {
          if (to_lanes) {
            lanes[p * kLanes + l + k] = r[k][p];
          } else {
            r[k][p] = lanes[p * kLanes + l + k];
          }
        }
      }
    }
  }
#endif
  for (; l < count; ++l) {
    T* line = c + l * nx;
    for (std::size_t p = 0; p < nx; ++p) {
      if (to_lanes) {
        lanes[p * kLanes + l] = line[p];
      } else {
        line[p] = lanes[p * kLanes + l];
      }
    }
  }
}

/// One solute's x tile: transposed into scratch (lanes contiguous), solved,
/// written back.
template <typename T>
void solve_x_tile(const Shape& s, const DiffusionFactors& f, const FactorsOf<T>& fv, std::size_t t,
                  T* c, T* scratch) {
  const std::size_t nx = s.nx;
  const Tile tile = tile_of(s, t);
  const std::size_t set = f.layered ? f.plane_set[t / s.tiles_per_group] : t;
  const T* base = fv.x + set * s.tile_doubles;
  const std::size_t block = nx * kLanes;
  T* src = c + tile.line0 * nx;
  transpose_tile(src, nx, tile.count, scratch, true);
  // The next tile's lines follow these in memory (in the next plane after a
  // plane's last tile): ask for them now, so that they arrive while this
  // tile is solved rather than when it is done.
  const std::size_t ahead = std::min(s.cells, (tile.line0 + 2 * kLanes) * nx);
  constexpr std::size_t kLine = 64 / sizeof(T);
  for (std::size_t q = (tile.line0 + kLanes) * nx; q < ahead; q += kLine) {
    __builtin_prefetch(c + q);
  }
  const T* vx = fv.volume_x;
  auto vol = [vx](std::size_t p, std::size_t) { return vx[p]; };
  const std::size_t n_open = s.periodic ? nx - 1 : nx;
  // The tile's lines only (a plane's last tile may have fewer than kLanes).
  solve_factored(scratch, kLanes, base, base + block, base + 2 * block, kLanes, n_open, tile.count,
                 vol);
  if (s.periodic) {
    const T* ring = base + 4 * block;
    close_rings(scratch, kLanes, base + 3 * block, kLanes, nx, tile.count, ring, ring + kLanes,
                ring + 2 * kLanes, vx[nx - 1]);
  }
  transpose_tile(src, nx, tile.count, scratch, false);
}

/// One solute's y lines of depth plane k, all nx of them together.
template <typename T>
void solve_y_plane(const Shape& s, const DiffusionFactors& f, const FactorsOf<T>& fv, std::size_t k,
                   T* c) {
  const std::size_t set = f.layered ? f.plane_set[k] : k;
  const T* base = fv.y + set * s.plane_doubles;
  T* cp = c + k * s.plane;
  const auto vol_c = static_cast<T>(f.mesh.volume_um3(0, 0));
  auto vol = [vol_c](std::size_t, std::size_t) { return vol_c; };
  const std::size_t n_open = s.periodic ? s.ny - 1 : s.ny;
  solve_factored(cp, s.nx, base, base + s.plane, base + 2 * s.plane, s.nx, n_open, s.nx, vol);
  if (s.periodic) {
    const T* ring = base + 4 * s.plane;
    close_rings(cp, s.nx, base + 3 * s.plane, s.nx, s.ny, s.nx, ring, ring + s.nx, ring + 2 * s.nx,
                vol_c);
  }
}

template <typename T>
void scale(T* c, std::size_t cs, std::size_t n, std::size_t m, T factor) {
  for (std::size_t p = 0; p < n; ++p) {
    T* row = c + p * cs;
    for (std::size_t l = 0; l < m; ++l) row[l] *= factor;
  }
}

/// The x, y and z sweeps of `solutes` with the factors f (as fv), each solute
/// then multiplied by its decay[n] (when not 1).
template <typename T, typename S>
void sweep_group(const Shape& s, const DiffusionFactors& f, const FactorsOf<T>& fv,
                 std::span<const S> solutes, std::span<const T> decay, int workers,
                 DiffusionWorkspace& work) {
  // Lateral sweeps. Cartesian: one task per depth plane, its x lines then its
  // y lines (a plane's y lines read only that plane), solute after solute
  // while the plane's factors stay in cache. Axisymmetric: one task per x tile.
  if (!s.axisymmetric && (s.sweep_x || s.sweep_y)) {
    run_tasks<T>(s.nz, workers, work, [&](std::size_t k, T* scratch) {
      for (const S& sol : solutes) {
        T* c = sol.c.data();
        if (s.sweep_x) {
          for (std::size_t t = k * s.tiles_per_group; t < (k + 1) * s.tiles_per_group; ++t) {
            solve_x_tile(s, f, fv, t, c, scratch);
          }
        }
        if (s.sweep_y) solve_y_plane(s, f, fv, k, c);
      }
    });
  } else if (s.sweep_x) {
    run_tasks<T>(s.tiles, workers, work, [&](std::size_t t, T* scratch) {
      for (const S& sol : solutes) solve_x_tile(s, f, fv, t, sol.c.data(), scratch);
    });
  }

  // Depth lines: one task per (j, block of columns), solved together, then
  // decayed while in cache.
  if (s.sweep_z) {
    const std::size_t per_row = (s.nx + kDepthBlock - 1) / kDepthBlock;
    const T* vx = fv.volume_x;
    run_tasks<T>(s.ny * per_row, workers, work, [&](std::size_t task, T*) {
      const std::size_t j = task / per_row;
      const std::size_t i0 = (task % per_row) * kDepthBlock;
      const std::size_t m = std::min(kDepthBlock, s.nx - i0);
      const std::size_t off = j * s.nx + i0;
      auto vol = [vx, i0](std::size_t, std::size_t l) { return vx[i0 + l]; };
      // The factors of these columns: theirs, or a layered set's one block.
      const std::size_t fs = f.layered ? std::min(kDepthBlock, s.nx) : s.plane;
      const T* kf = f.layered ? fv.z : fv.z + off;
      const T* wf = kf + (f.layered ? s.nz * fs : s.cells);
      const T* gf = wf + (f.layered ? s.nz * fs : s.cells);
      // Up to four solutes at once, then each decayed while in cache.
      constexpr std::size_t kTogether = 4;
      for (std::size_t n0 = 0; n0 < solutes.size(); n0 += kTogether) {
        const std::size_t count = std::min(kTogether, solutes.size() - n0);
        T* c[kTogether] = {};
        for (std::size_t q = 0; q < count; ++q) c[q] = solutes[n0 + q].c.data() + off;
        solve_factored_together(c, count, s.plane, kf, wf, gf, fs, s.nz, m, vol);
        for (std::size_t q = 0; q < count; ++q) {
          if (decay[n0 + q] != T{1}) scale(c[q], s.plane, s.nz, m, decay[n0 + q]);
        }
      }
    });
  } else {
    for (std::size_t n = 0; n < solutes.size(); ++n) {
      if (decay[n] != T{1}) scale(solutes[n].c.data(), 0, 1, s.cells, decay[n]);
    }
  }
}

/// A step of `solutes` (Solute or FloatSolute), whose values are of type T.
template <typename S>
void run_batch(const Mesh& mesh, const Field& field, double dt_s, std::span<const S> solutes,
               DiffusionWorkspace& work, int threads) {
  using T = typename decltype(S::c)::value_type;
  CITSIM_ASSERT(dt_s >= 0.0, "time runs forward");
  CITSIM_ASSERT(std::all_of(solutes.begin(), solutes.end(),
                            [&](const S& sol) {
                              return sol.c.size() == mesh.size() && sol.decay_per_s >= 0.0;
                            }),
                "one concentration per cell, decay >= 0");
  if (!(dt_s > 0.0) || solutes.empty()) return;

  const Shape s = shape_of(mesh);
  int workers = mesh.size() < kMinCellsForThreads ? 1 : resolve_threads(threads);
  workers = std::max(workers, 1);
  const std::size_t need = std::max(s.nx * kLanes, std::max(s.nx, s.ny));
  // The factors are built in double whatever T: its scratch is needed too.
  if (work.per_thread.size() < static_cast<std::size_t>(workers)) {
    work.per_thread.resize(static_cast<std::size_t>(workers));
  }
  for (auto& b : work.per_thread) {
    if (b.size() < need) b.resize(need);
  }
  if constexpr (std::is_same_v<T, float>) {
    if (work.per_thread_float.size() < static_cast<std::size_t>(workers)) {
      work.per_thread_float.resize(static_cast<std::size_t>(workers));
    }
    for (auto& b : work.per_thread_float) {
      if (b.size() < need) b.resize(need);
    }
  }
  DiffusionFactors& f = factors_for(mesh, field, dt_s, work, workers);
  const FactorsOf<T> fv = factors_of(f, std::type_identity<T>{});

  // decay_exact's factor, applied where the last sweep leaves each value.
  std::vector<T> decay(solutes.size());
  for (std::size_t n = 0; n < solutes.size(); ++n) {
    decay[n] = static_cast<T>(std::exp(-solutes[n].decay_per_s * dt_s));
  }

  // Solutes in groups whose fields fit well inside a last-level cache, each
  // group swept along x, y and then z before the next: the depth sweep then
  // finds in cache what the lateral sweeps left. Each solute's arithmetic is
  // the same whatever its group.
  const std::size_t per_group = std::max<std::size_t>(1, kGroupBytes / (s.cells * sizeof(T)));
  for (std::size_t g0 = 0; g0 < solutes.size(); g0 += per_group) {
    const std::size_t g = std::min(per_group, solutes.size() - g0);
    sweep_group(s, f, fv, solutes.subspan(g0, g), std::span<const T>(decay).subspan(g0, g), workers,
                work);
  }
}

template <typename S>
void batch_by_depth(const Mesh& mesh, std::span<const double> plane_um2_per_s, double dt_s,
                    std::span<const S> solutes, DiffusionWorkspace& work, int threads) {
  CITSIM_ASSERT(plane_um2_per_s.size() == static_cast<std::size_t>(mesh.nz),
                "one diffusivity per depth plane");
  if (mesh.geometry == Geometry::cartesian) {
    run_batch(mesh, Field{.planes = plane_um2_per_s}, dt_s, solutes, work, threads);
    return;
  }
  // An axisymmetric mesh keeps the full layout: the field cell by cell.
  const std::size_t plane = static_cast<std::size_t>(mesh.nx) * static_cast<std::size_t>(mesh.ny);
  work.field.resize(mesh.size());
  for (std::size_t k = 0; k < plane_um2_per_s.size(); ++k) {
    std::fill_n(work.field.begin() + static_cast<std::ptrdiff_t>(k * plane), plane,
                plane_um2_per_s[k]);
  }
  run_batch(mesh, Field{.cells = work.field}, dt_s, solutes, work, threads);
}

}  // namespace

void diffuse_implicit_batch(const Mesh& mesh, std::span<const double> diffusivity_um2_per_s,
                            double dt_s, std::span<const Solute> solutes, DiffusionWorkspace& work,
                            int threads) {
  CITSIM_ASSERT(diffusivity_um2_per_s.size() == mesh.size(), "one diffusivity per cell");
  run_batch(mesh, Field{.cells = diffusivity_um2_per_s}, dt_s, solutes, work, threads);
}

void diffuse_implicit_batch(const Mesh& mesh, std::span<const double> diffusivity_um2_per_s,
                            double dt_s, std::span<const FloatSolute> solutes,
                            DiffusionWorkspace& work, int threads) {
  CITSIM_ASSERT(diffusivity_um2_per_s.size() == mesh.size(), "one diffusivity per cell");
  run_batch(mesh, Field{.cells = diffusivity_um2_per_s}, dt_s, solutes, work, threads);
}

void diffuse_implicit_batch_by_depth(const Mesh& mesh, std::span<const double> plane_um2_per_s,
                                     double dt_s, std::span<const Solute> solutes,
                                     DiffusionWorkspace& work, int threads) {
  batch_by_depth(mesh, plane_um2_per_s, dt_s, solutes, work, threads);
}

void diffuse_implicit_batch_by_depth(const Mesh& mesh, std::span<const double> plane_um2_per_s,
                                     double dt_s, std::span<const FloatSolute> solutes,
                                     DiffusionWorkspace& work, int threads) {
  batch_by_depth(mesh, plane_um2_per_s, dt_s, solutes, work, threads);
}

void diffuse_implicit(const Mesh& mesh, std::span<const double> diffusivity_um2_per_s, double dt_s,
                      std::span<double> c, DiffusionWorkspace& work, int threads) {
  const Solute one{.c = c};
  diffuse_implicit_batch(mesh, diffusivity_um2_per_s, dt_s, {&one, 1}, work, threads);
}

double total_amount(const Mesh& mesh, std::span<const double> c) {
  CITSIM_ASSERT(c.size() == mesh.size(), "one concentration per cell");
  double sum = 0.0;
  std::size_t n = 0;
  for (int k = 0; k < mesh.nz; ++k) {
    for (int j = 0; j < mesh.ny; ++j) {
      for (int i = 0; i < mesh.nx; ++i) sum += c[n++] * mesh.volume_um3(i, k);
    }
  }
  return sum;
}

void decay_exact(std::span<double> c, double decay_per_s, double dt_s) {
  const double factor = std::exp(-decay_per_s * dt_s);
  for (double& v : c) v *= factor;
}

}  // namespace citsim
