// The per-species implicit diffusion solver as it was before the factored
// batch solver (diffusion.cpp): coefficients, harmonic means and elimination
// recomputed on every call. Kept as the oracle the batch solver must match
// bit for bit (diffusion.test.cpp) and as the benchmark's baseline.
//
// Each axis is a set of independent lines. Along a line the finite-volume
// balance of cell p is
//   V_p (c_p' - c_p) = sum over its two faces of K_f (c_nb' - c_p'),
//   K_f = dt * A_f * D_f / h   (D_f the harmonic mean of the two cells),
// a symmetric M-matrix. It is solved by the Thomas algorithm written so that
// only additions of non-negative terms occur (see solve_open_lines), which
// keeps c >= 0 in floating point and stays accurate for very large dt.
#include "citsim/healing/diffusion_reference.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "citsim/core/error.hpp"
#include "citsim/core/parallel.hpp"

namespace citsim::detail {
namespace {

/// Below this many cells a step runs on one thread: starting threads would cost
/// more than the solve.
constexpr std::size_t kMinCellsForThreads = 16384;
/// Columns solved together in a depth sweep (contiguous in memory).
constexpr int kDepthBlock = 64;

/// m lines of n cells: cell p of line l is c[base + l * stride_l + p * stride_p].
struct Lines {
  std::size_t base = 0;
  std::size_t stride_p = 1;
  std::size_t stride_l = 1;
  std::size_t n = 1;
  std::size_t m = 1;
};

double harmonic_mean(double a, double b) {
  const double sum = a + b;
  return sum > 0.0 ? 2.0 * a * b / sum : 0.0;
}

/// Solves the no-flux line systems in place. vol(l, p) is the volume of cell p
/// of line l, kface(l, p) the coefficient K of the face between p and p + 1.
///
/// Thomas algorithm with w_p = s_p + K_{p+1/2}, where s_p (the diagonal less
/// the upper coupling) obeys s_p = V_p + K_{p-1/2} s_{p-1} / w_{p-1}: no
/// subtraction anywhere, so every intermediate is >= 0.
/// Scratch: n * m + 2 * m doubles.
template <typename Vol, typename Face>
void solve_open_lines(double* c, const Lines& ln, const Vol& vol, const Face& kface,
                      double* scratch) {
  const std::size_t n = ln.n;
  const std::size_t m = ln.m;
  double* g = scratch;        // upper-coupling multipliers, n * m
  double* ratio = g + n * m;  // s / w of the previous cell, m
  double* kprev = ratio + m;  // K of the face below the current cell, m
  for (std::size_t p = 0; p < n; ++p) {
    double* row = c + ln.base + p * ln.stride_p;
    const bool last = p + 1 == n;
    for (std::size_t l = 0; l < m; ++l) {
      const double v = vol(l, p);
      const double kr = last ? 0.0 : kface(l, p);
      double s = v;
      double rhs = v * row[l * ln.stride_l];
      if (p > 0) {
        s += kprev[l] * ratio[l];
        rhs += kprev[l] * row[l * ln.stride_l - ln.stride_p];
      }
      const double w = s + kr;
      g[p * m + l] = kr / w;
      row[l * ln.stride_l] = rhs / w;
      ratio[l] = s / w;
      kprev[l] = kr;
    }
  }
  for (std::size_t p = n - 1; p-- > 0;) {
    double* row = c + ln.base + p * ln.stride_p;
    for (std::size_t l = 0; l < m; ++l) {
      row[l * ln.stride_l] += g[p * m + l] * row[l * ln.stride_l + ln.stride_p];
    }
  }
}

/// Solves periodic line systems in place; kface(l, n - 1) is the wrap face
/// between cell n - 1 and cell 0. The last cell is eliminated: with the other
/// L = n - 1 cells as an open system A', x' = y + x_last z where A' y = V c,
/// A' z = (coupling to the last cell), and u = 1 - z solves A' u = V, so
///   x_last = (V c_last + K_a y_{L-1} + K_w y_0) / (V_last + K_a u_{L-1} + K_w u_0)
/// with only non-negative terms (a cyclic Thomas that keeps positivity).
/// Scratch: 3 * n * m + 2 * m doubles.
template <typename Vol, typename Face>
void solve_periodic_lines(double* c, const Lines& ln, const Vol& vol, const Face& kface,
                          double* scratch) {
  const std::size_t n = ln.n;
  const std::size_t m = ln.m;
  if (n < 2) return;  // a single cell is its own neighbour
  const std::size_t nl = n - 1;
  double* g = scratch;
  double* z = g + nl * m;
  double* u = z + nl * m;
  double* ratio = u + nl * m;
  double* kprev = ratio + m;
  for (std::size_t p = 0; p < nl; ++p) {
    double* row = c + ln.base + p * ln.stride_p;
    for (std::size_t l = 0; l < m; ++l) {
      const double v = vol(l, p);
      const double kr = p + 1 < nl ? kface(l, p) : 0.0;
      double s = v;
      double rhs_y = v * row[l * ln.stride_l];
      double rhs_z = 0.0;
      double rhs_u = v;
      if (p == 0) {
        const double kw = kface(l, n - 1);
        s += kw;
        rhs_z += kw;
      }
      if (p + 1 == nl) {
        const double ka = kface(l, nl - 1);
        s += ka;
        rhs_z += ka;
      }
      if (p > 0) {
        const double k = kprev[l];
        s += k * ratio[l];
        rhs_y += k * row[l * ln.stride_l - ln.stride_p];
        rhs_z += k * z[(p - 1) * m + l];
        rhs_u += k * u[(p - 1) * m + l];
      }
      const double w = s + kr;
      g[p * m + l] = kr / w;
      row[l * ln.stride_l] = rhs_y / w;
      z[p * m + l] = rhs_z / w;
      u[p * m + l] = rhs_u / w;
      ratio[l] = s / w;
      kprev[l] = kr;
    }
  }
  for (std::size_t p = nl - 1; p-- > 0;) {
    double* row = c + ln.base + p * ln.stride_p;
    for (std::size_t l = 0; l < m; ++l) {
      const double gp = g[p * m + l];
      row[l * ln.stride_l] += gp * row[l * ln.stride_l + ln.stride_p];
      z[p * m + l] += gp * z[(p + 1) * m + l];
      u[p * m + l] += gp * u[(p + 1) * m + l];
    }
  }
  double* first = c + ln.base;
  double* tail = c + ln.base + (nl - 1) * ln.stride_p;
  double* lastrow = c + ln.base + nl * ln.stride_p;
  for (std::size_t l = 0; l < m; ++l) {
    const std::size_t o = l * ln.stride_l;
    const double vq = vol(l, nl);
    const double ka = kface(l, nl - 1);
    const double kw = kface(l, n - 1);
    const double xq = (vq * lastrow[o] + ka * tail[o] + kw * first[o]) /
                      (vq + ka * u[(nl - 1) * m + l] + kw * u[l]);
    lastrow[o] = xq;
    for (std::size_t p = 0; p < nl; ++p) {
      first[o + p * ln.stride_p] += xq * z[p * m + l];
    }
  }
}

template <typename Vol, typename Face>
void solve_lines(bool periodic, double* c, const Lines& ln, const Vol& vol, const Face& kface,
                 double* scratch) {
  if (periodic) {
    solve_periodic_lines(c, ln, vol, kface, scratch);
  } else {
    solve_open_lines(c, ln, vol, kface, scratch);
  }
}

std::size_t scratch_doubles(std::size_t n, std::size_t m) { return 3 * n * m + 2 * m; }

/// Runs task(t, scratch) for t in [0, tasks) on `workers` threads, each with its
/// own scratch buffer, in fixed contiguous blocks.
template <typename Task>
void run_tasks(std::int64_t tasks, int workers, DiffusionWorkspace& work, const Task& task) {
  const int t = static_cast<int>(std::min<std::int64_t>(workers, tasks));
  if (t <= 1) {
    double* scratch = work.per_thread[0].data();
    for (std::int64_t n = 0; n < tasks; ++n) task(n, scratch);
    return;
  }
  parallel_for(0, t, t, [&](std::int64_t w) {
    double* scratch = work.per_thread[static_cast<std::size_t>(w)].data();
    const std::int64_t lo = tasks * w / t;
    const std::int64_t hi = tasks * (w + 1) / t;
    for (std::int64_t n = lo; n < hi; ++n) task(n, scratch);
  });
}

}  // namespace

void diffuse_implicit_reference(const Mesh& mesh, std::span<const double> diffusivity_um2_per_s,
                                double dt_s, std::span<double> c, DiffusionWorkspace& work,
                                int threads) {
  CITSIM_ASSERT(c.size() == mesh.size(), "one concentration per cell");
  CITSIM_ASSERT(diffusivity_um2_per_s.size() == mesh.size(), "one diffusivity per cell");
  CITSIM_ASSERT(dt_s >= 0.0, "time runs forward");
  if (!(dt_s > 0.0)) return;

  const bool axisymmetric = mesh.geometry == Geometry::axisymmetric;
  const bool periodic = mesh.periodic_xy && !axisymmetric;
  const auto nx = static_cast<std::size_t>(mesh.nx);
  const auto ny = static_cast<std::size_t>(mesh.ny);
  const auto nz = static_cast<std::size_t>(mesh.nz);
  const std::size_t plane = nx * ny;
  const std::size_t block = std::min<std::size_t>(nx, kDepthBlock);

  int workers = mesh.size() < kMinCellsForThreads ? 1 : resolve_threads(threads);
  workers = std::max(workers, 1);
  const std::size_t need =
      std::max({scratch_doubles(nx, 1), scratch_doubles(ny, nx), scratch_doubles(nz, block)});
  if (work.per_thread.size() < static_cast<std::size_t>(workers)) {
    work.per_thread.resize(static_cast<std::size_t>(workers));
  }
  for (auto& s : work.per_thread) {
    if (s.size() < need) s.resize(need);
  }

  const double* d = diffusivity_um2_per_s.data();
  double* cv = c.data();

  // x (or r) lines: one task per line (j, k).
  if (nx > 1) {
    run_tasks(static_cast<std::int64_t>(ny * nz), workers, work,
              [&](std::int64_t task, double* scratch) {
                const auto line = static_cast<std::size_t>(task);
                const int k = static_cast<int>(line / ny);
                const Lines ln{.base = line * nx, .stride_p = 1, .stride_l = 1, .n = nx, .m = 1};
                const double* dl = d + ln.base;
                auto vol = [&](std::size_t, std::size_t p) {
                  return mesh.volume_um3(static_cast<int>(p), k);
                };
                auto kface = [&](std::size_t, std::size_t p) {
                  const std::size_t q = p + 1 == nx ? 0 : p + 1;
                  const double area = mesh.face_area_x_um2(static_cast<int>(p + 1));
                  return dt_s * area / mesh.dx_um * harmonic_mean(dl[p], dl[q]);
                };
                solve_lines(periodic, cv, ln, vol, kface, scratch);
              });
  }

  // y lines (Cartesian only): one task per depth plane, all nx lines together.
  if (!axisymmetric && ny > 1) {
    const double vol_c = mesh.volume_um3(0, 0);
    const double coef = dt_s * mesh.face_area_y_um2() / mesh.dy_um;
    run_tasks(static_cast<std::int64_t>(nz), workers, work,
              [&](std::int64_t task, double* scratch) {
                const Lines ln{.base = static_cast<std::size_t>(task) * plane,
                               .stride_p = nx,
                               .stride_l = 1,
                               .n = ny,
                               .m = nx};
                const double* dl = d + ln.base;
                auto vol = [&](std::size_t, std::size_t) { return vol_c; };
                auto kface = [&](std::size_t l, std::size_t p) {
                  const std::size_t q = p + 1 == ny ? 0 : p + 1;
                  return coef * harmonic_mean(dl[l + p * nx], dl[l + q * nx]);
                };
                solve_lines(periodic, cv, ln, vol, kface, scratch);
              });
  }

  // Depth lines: one task per (j, block of columns), the block solved together.
  if (nz > 1) {
    const std::size_t blocks_per_row = (nx + block - 1) / block;
    run_tasks(static_cast<std::int64_t>(ny * blocks_per_row), workers, work,
              [&](std::int64_t task, double* scratch) {
                const auto t = static_cast<std::size_t>(task);
                const std::size_t j = t / blocks_per_row;
                const std::size_t i0 = (t % blocks_per_row) * block;
                const Lines ln{.base = j * nx + i0,
                               .stride_p = plane,
                               .stride_l = 1,
                               .n = nz,
                               .m = std::min(block, nx - i0)};
                const double* dl = d + ln.base;
                auto vol = [&](std::size_t l, std::size_t p) {
                  return mesh.volume_um3(static_cast<int>(i0 + l), static_cast<int>(p));
                };
                auto kface = [&](std::size_t l, std::size_t p) {
                  const double area = mesh.face_area_z_um2(static_cast<int>(i0 + l));
                  return dt_s * area / mesh.dz_um *
                         harmonic_mean(dl[l + p * plane], dl[l + (p + 1) * plane]);
                };
                solve_open_lines(cv, ln, vol, kface, scratch);
              });
  }
}

}  // namespace citsim::detail
