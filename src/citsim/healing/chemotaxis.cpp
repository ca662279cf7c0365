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

int chemotaxis_explicit(const Mesh& mesh, double chi_um2_per_s_per_unit,
                        std::span<const double> attractant, double dt_s, std::span<double> cells,
                        ChemotaxisWorkspace& work, int threads) {
  CITSIM_ASSERT(cells.size() == mesh.size(), "one cell density per cell");
  CITSIM_ASSERT(attractant.size() == mesh.size(), "one attractant value per cell");
  CITSIM_ASSERT(dt_s >= 0.0, "time runs forward");
  if (!(dt_s > 0.0) || chi_um2_per_s_per_unit == 0.0) return 0;

  const int workers = mesh.size() < kMinCellsForThreads ? 1 : resolve_threads(threads);
  const double chi = chi_um2_per_s_per_unit;
  const std::size_t n_cells = mesh.size();
  // Every face's coefficient and neighbour, and every cell's volume, depend
  // only on the mesh and chi: kept in the workspace between steps.
  if (!(work.faces_chi == chi && same_mesh(work.faces_mesh, mesh) &&
        work.coef.size() == kFaces * n_cells)) {
    work.coef.resize(kFaces * n_cells);
    work.neighbour.resize(kFaces * n_cells);
    work.volume.resize(n_cells);
    for (int k = 0; k < mesh.nz; ++k) {
      for (int j = 0; j < mesh.ny; ++j) {
        for (int i = 0; i < mesh.nx; ++i) {
          const std::size_t n = mesh.index(i, j, k);
          const Faces f = faces_of(mesh, chi, i, j, k);
          for (std::size_t q = 0; q < kFaces; ++q) {
            work.coef[kFaces * n + q] = f.coef[q];
            work.neighbour[kFaces * n + q] = f.nb[q];
          }
          work.volume[n] = mesh.volume_um3(i, k);
        }
      }
    }
    work.faces_mesh = mesh;
    work.faces_chi = chi;
  }
  const double* coef = work.coef.data();
  const std::size_t* nbs = work.neighbour.data();
  const double* volume = work.volume.data();
  const std::size_t plane = static_cast<std::size_t>(mesh.nx) * static_cast<std::size_t>(mesh.ny);
  // The attractant is held fixed over the step: every face's flow rate once,
  // for the stability limit and every substep. Per plane in parallel, then
  // the planes' limits' minimum (order-independent).
  work.plane_dt_s.resize(static_cast<std::size_t>(mesh.nz));
  work.flow.resize(kFaces * n_cells);
  work.rate_out.resize(n_cells);
  double* flows = work.flow.data();
  double* rate_out = work.rate_out.data();
  const double* a = attractant.data();
  parallel_for(0, mesh.nz, workers, [&](std::int64_t k) {
    const std::size_t lo = static_cast<std::size_t>(k) * plane;
    double dt_max = std::numeric_limits<double>::infinity();
    for (std::size_t n = lo; n < lo + plane; ++n) {
      double out = 0.0;
      for (std::size_t q = 0; q < kFaces; ++q) {
        const double flow = coef[kFaces * n + q] * (a[nbs[kFaces * n + q]] - a[n]);
        flows[kFaces * n + q] = flow;
        out += std::max(0.0, flow);
      }
      // What leaves the cell: its outward flows summed in face order (the
      // zero terms of `out` change nothing).
      rate_out[n] = out;
      if (out > 0.0) dt_max = std::min(dt_max, volume[n] / out);
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
  work.h_per_v.resize(n_cells);
  for (std::size_t n = 0; n < n_cells; ++n) work.h_per_v[n] = h_s / volume[n];
  const double* h_per_v = work.h_per_v.data();

  for (int s = 0; s < substeps; ++s) {
    std::copy(cells.begin(), cells.end(), work.previous.begin());
    const double* prev = work.previous.data();
    parallel_for(0, mesh.nz, workers, [&](std::int64_t kk) {
      const std::size_t lo = static_cast<std::size_t>(kk) * plane;
      for (std::size_t n = lo; n < lo + plane; ++n) {
        // Split into what leaves (proportional to this cell) and what arrives
        // (from upwind neighbours): the new value is a sum of non-negative
        // terms, so it cannot go below zero by round-off.
        double inflow = 0.0;
        for (std::size_t q = 0; q < kFaces; ++q) {
          const double flow = flows[kFaces * n + q];
          if (flow < 0.0) inflow -= flow * prev[nbs[kFaces * n + q]];
        }
        cells[n] = prev[n] * std::max(0.0, 1.0 - h_per_v[n] * rate_out[n]) + h_per_v[n] * inflow;
      }
    });
  }
  return substeps;
}

}  // namespace citsim
