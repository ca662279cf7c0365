// Explicit upwind chemotaxis on the healing mesh, sub-stepped under its CFL limit.
#include "citsim/healing/chemotaxis.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "citsim/core/error.hpp"
#include "citsim/core/parallel.hpp"

namespace citsim {
namespace {

constexpr std::size_t kMinCellsForThreads = 16384;
constexpr std::size_t kFaces = 6;

/// Neighbours and face coefficients of one cell, in a fixed order. A face
/// absent at a no-flux boundary has coefficient 0. coef = chi * A / h, so that
/// the volumetric flow out through the face is coef * (a_nb - a).
struct Faces {
  std::size_t nb[kFaces] = {0, 0, 0, 0, 0, 0};
  double coef[kFaces] = {0, 0, 0, 0, 0, 0};
};

bool same_mesh(const Mesh& a, const Mesh& b) {
  return a.geometry == b.geometry && a.nx == b.nx && a.ny == b.ny && a.nz == b.nz &&
         a.dx_um == b.dx_um && a.dy_um == b.dy_um && a.dz_um == b.dz_um &&
         a.periodic_xy == b.periodic_xy;
}

Faces faces_of(const Mesh& mesh, double chi, int i, int j, int k) {
  Faces f;
  const bool axisymmetric = mesh.geometry == Geometry::axisymmetric;
  const bool periodic = mesh.periodic_xy && !axisymmetric;
  const std::size_t self = mesh.index(i, j, k);
  for (std::size_t s = 0; s < 6; ++s) f.nb[s] = self;
  // x (r): face i (below) and i + 1 (above).
  if (mesh.nx > 1) {
    const double cx_lo = chi * mesh.face_area_x_um2(i) / mesh.dx_um;
    const double cx_hi = chi * mesh.face_area_x_um2(i + 1) / mesh.dx_um;
    if (i > 0 || periodic) {
      f.nb[0] = mesh.index(i > 0 ? i - 1 : mesh.nx - 1, j, k);
      f.coef[0] = cx_lo;
    }
    if (i + 1 < mesh.nx || periodic) {
      f.nb[1] = mesh.index(i + 1 < mesh.nx ? i + 1 : 0, j, k);
      f.coef[1] = cx_hi;
    }
  }
  if (!axisymmetric && mesh.ny > 1) {
    const double cy = chi * mesh.face_area_y_um2() / mesh.dy_um;
    if (j > 0 || periodic) {
      f.nb[2] = mesh.index(i, j > 0 ? j - 1 : mesh.ny - 1, k);
      f.coef[2] = cy;
    }
    if (j + 1 < mesh.ny || periodic) {
      f.nb[3] = mesh.index(i, j + 1 < mesh.ny ? j + 1 : 0, k);
      f.coef[3] = cy;
    }
  }
  const double cz = chi * mesh.face_area_z_um2(i) / mesh.dz_um;
  if (k > 0) {
    f.nb[4] = mesh.index(i, j, k - 1);
    f.coef[4] = cz;
  }
  if (k + 1 < mesh.nz) {
    f.nb[5] = mesh.index(i, j, k + 1);
    f.coef[5] = cz;
  }
  return f;
}

}  // namespace

namespace {

/// The stability limit of depth plane k (+infinity when nothing leaves a cell).
double plane_max_stable_dt_s(const Mesh& mesh, double chi, std::span<const double> attractant,
                             int k) {
  double dt_max = std::numeric_limits<double>::infinity();
  for (int j = 0; j < mesh.ny; ++j) {
    for (int i = 0; i < mesh.nx; ++i) {
      const std::size_t n = mesh.index(i, j, k);
      const Faces f = faces_of(mesh, chi, i, j, k);
      double out = 0.0;
      for (std::size_t s = 0; s < 6; ++s) {
        out += std::max(0.0, f.coef[s] * (attractant[f.nb[s]] - attractant[n]));
      }
      if (out > 0.0) dt_max = std::min(dt_max, mesh.volume_um3(i, k) / out);
    }
  }
  return dt_max;
}

}  // namespace

double chemotaxis_max_stable_dt_s(const Mesh& mesh, double chi_um2_per_s_per_unit,
                                  std::span<const double> attractant) {
  CITSIM_ASSERT(attractant.size() == mesh.size(), "one attractant value per cell");
  double dt_max = std::numeric_limits<double>::infinity();
  for (int k = 0; k < mesh.nz; ++k) {
    dt_max = std::min(dt_max, plane_max_stable_dt_s(mesh, chi_um2_per_s_per_unit, attractant, k));
  }
  return dt_max;
}

namespace {

/// Calls visit(coef, neighbour, neighbour's attractant index) for each face
/// of cell n = (i, j, k) that exists, in faces_of's order: the same
/// coefficients (chi * A / h, by column i from the workspace's tables) and
/// neighbours. A face absent at a no-flux boundary carries nothing (faces_of's
/// coefficient 0 there), so skipping it changes no sum. lift(k) is how far
/// down plane k's cells read their attractant.
template <typename Lift, typename Visit>
void visit_faces(const Mesh& mesh, const ChemotaxisWorkspace& w, int i, int j, int k, std::size_t n,
                 std::size_t plane, const Lift& lift, const Visit& visit) {
  const bool axisymmetric = mesh.geometry == Geometry::axisymmetric;
  const bool periodic = mesh.periodic_xy && !axisymmetric;
  const auto nx = static_cast<std::size_t>(mesh.nx);
  const auto ny = static_cast<std::size_t>(mesh.ny);
  const auto c = static_cast<std::size_t>(i);
  const std::size_t here = lift(k);
  const auto same_plane = [&](double coef, std::size_t nb) { visit(coef, nb, nb + here); };
  if (mesh.nx > 1) {
    if (i > 0 || periodic) same_plane(w.coef_x_lo[c], i > 0 ? n - 1 : n + (nx - 1));
    if (i + 1 < mesh.nx || periodic) {
      same_plane(w.coef_x_hi[c], i + 1 < mesh.nx ? n + 1 : n - (nx - 1));
    }
  }
  if (!axisymmetric && mesh.ny > 1) {
    if (j > 0 || periodic) same_plane(w.coef_y, j > 0 ? n - nx : n + (ny - 1) * nx);
    if (j + 1 < mesh.ny || periodic) {
      same_plane(w.coef_y, j + 1 < mesh.ny ? n + nx : n - (ny - 1) * nx);
    }
  }
  if (k > 0) visit(w.coef_z[c], n - plane, n - plane + lift(k - 1));
  if (k + 1 < mesh.nz) visit(w.coef_z[c], n + plane, n + plane + lift(k + 1));
}

}  // namespace

int chemotaxis_explicit(const Mesh& mesh, double chi_um2_per_s_per_unit,
                        std::span<const double> attractant, double dt_s, std::span<double> cells,
                        ChemotaxisWorkspace& work, int threads) {
  return chemotaxis_explicit(mesh, chi_um2_per_s_per_unit, attractant, 0, dt_s, cells, work,
                             threads);
}

int chemotaxis_explicit(const Mesh& mesh, double chi_um2_per_s_per_unit,
                        std::span<const double> attractant, int top_plane, double dt_s,
                        std::span<double> cells, ChemotaxisWorkspace& work, int threads) {
  CITSIM_ASSERT(cells.size() == mesh.size(), "one cell density per cell");
  CITSIM_ASSERT(attractant.size() == mesh.size(), "one attractant value per cell");
  CITSIM_ASSERT(top_plane >= 0 && top_plane < std::max(1, mesh.nz), "the top plane is in the mesh");
  CITSIM_ASSERT(dt_s >= 0.0, "time runs forward");
  if (!(dt_s > 0.0) || chi_um2_per_s_per_unit == 0.0) return 0;

  const int workers = mesh.size() < kMinCellsForThreads ? 1 : resolve_threads(threads);
  const double chi = chi_um2_per_s_per_unit;
  const std::size_t n_cells = mesh.size();
  const auto nx = static_cast<std::size_t>(mesh.nx);
  // The face coefficients and cell volumes depend only on the column i, the
  // mesh and chi: kept by column in the workspace between steps.
  if (!(work.faces_chi == chi && same_mesh(work.faces_mesh, mesh) && work.volume.size() == nx)) {
    work.coef_x_lo.resize(nx);
    work.coef_x_hi.resize(nx);
    work.coef_z.resize(nx);
    work.volume.resize(nx);
    for (int i = 0; i < mesh.nx; ++i) {
      const auto c = static_cast<std::size_t>(i);
      work.coef_x_lo[c] = chi * mesh.face_area_x_um2(i) / mesh.dx_um;
      work.coef_x_hi[c] = chi * mesh.face_area_x_um2(i + 1) / mesh.dx_um;
      work.coef_z[c] = chi * mesh.face_area_z_um2(i) / mesh.dz_um;
      work.volume[c] = mesh.volume_um3(i, 0);
    }
    work.coef_y = chi * mesh.face_area_y_um2() / mesh.dy_um;
    work.faces_mesh = mesh;
    work.faces_chi = chi;
  }
  const double* volume = work.volume.data();
  const std::size_t plane = nx * static_cast<std::size_t>(mesh.ny);
  // Above top_plane a cell reads its column's attractant at top_plane.
  const auto lift = [plane, top_plane](int k) {
    return k < top_plane ? static_cast<std::size_t>(top_plane - k) * plane : std::size_t{0};
  };
  // The attractant is held fixed over the step: every cell's outflow rate
  // once, for the stability limit and every substep. Per plane in parallel,
  // then the planes' limits' minimum (order-independent).
  work.plane_dt_s.resize(static_cast<std::size_t>(mesh.nz));
  work.rate_out.resize(n_cells);
  double* rate_out = work.rate_out.data();
  const double* a = attractant.data();
  parallel_for(0, mesh.nz, workers, [&](std::int64_t kk) {
    const int k = static_cast<int>(kk);
    double dt_max = std::numeric_limits<double>::infinity();
    for (int j = 0; j < mesh.ny; ++j) {
      for (int i = 0; i < mesh.nx; ++i) {
        const std::size_t n = mesh.index(i, j, k);
        const double an = a[n + lift(k)];
        // What leaves the cell: its outward flows summed in face order.
        double out = 0.0;
        visit_faces(mesh, work, i, j, k, n, plane, lift,
                    [&](double coef, std::size_t, std::size_t anb) {
                      out += std::max(0.0, coef * (a[anb] - an));
                    });
        rate_out[n] = out;
        if (out > 0.0) dt_max = std::min(dt_max, volume[static_cast<std::size_t>(i)] / out);
      }
    }
    work.plane_dt_s[static_cast<std::size_t>(k)] = dt_max;
  });
  const double dt_max = *std::min_element(work.plane_dt_s.begin(), work.plane_dt_s.end());
  if (!std::isfinite(dt_max)) return 0;  // a flat attractant moves nothing
  const double ratio = std::ceil(dt_s / dt_max);
  CITSIM_ASSERT(ratio < 1e8, "chemotaxis would need over 1e8 substeps: check chi and dt");
  int substeps = std::max(1, static_cast<int>(ratio));
  while (dt_s / substeps > dt_max) ++substeps;
  const double h_s = dt_s / substeps;

  if (work.previous.size() < cells.size()) work.previous.resize(cells.size());
  work.h_per_v.resize(nx);
  for (std::size_t i = 0; i < nx; ++i) work.h_per_v[i] = h_s / volume[i];
  const double* h_per_v = work.h_per_v.data();

  for (int s = 0; s < substeps; ++s) {
    std::copy(cells.begin(), cells.end(), work.previous.begin());
    const double* prev = work.previous.data();
    parallel_for(0, mesh.nz, workers, [&](std::int64_t kk) {
      const int k = static_cast<int>(kk);
      for (int j = 0; j < mesh.ny; ++j) {
        for (int i = 0; i < mesh.nx; ++i) {
          const std::size_t n = mesh.index(i, j, k);
          const double an = a[n + lift(k)];
          // Split into what leaves (proportional to this cell) and what
          // arrives (from upwind neighbours): the new value is a sum of
          // non-negative terms, so it cannot go below zero by round-off.
          double inflow = 0.0;
          visit_faces(mesh, work, i, j, k, n, plane, lift,
                      [&](double coef, std::size_t nb, std::size_t anb) {
                        const double flow = coef * (a[anb] - an);
                        if (flow < 0.0) inflow -= flow * prev[nb];
                      });
          const double hv = h_per_v[static_cast<std::size_t>(i)];
          cells[n] = prev[n] * std::max(0.0, 1.0 - hv * rate_out[n]) + hv * inflow;
        }
      }
    });
  }
  return substeps;
}

}  // namespace citsim
