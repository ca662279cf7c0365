// Chemotaxis: cells drift up the gradient of an attractant, dn/dt = -div(chi n grad a),
// by explicit first-order upwind finite volumes, sub-stepped to stay positive.
//
//   ChemotaxisWorkspace work;
//   int substeps = chemotaxis_explicit(mesh, chi, attractant, dt_s, cells, work, threads);
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "citsim/healing/mesh.hpp"

namespace citsim {

/// Scratch for chemotaxis_explicit, grown once: the face coefficients
/// chi A / h and cell volumes by column for the mesh and chi last used, and
/// per step a copy of the cell field, the per-plane stability limits, each
/// cell's outflow rate and each column's substep over volume. Faces'
/// neighbours and flows are recomputed where used, so the per-cell scratch
/// is two doubles.
struct ChemotaxisWorkspace {
  Mesh faces_mesh;
  double faces_chi = 0.0;
  std::vector<double> coef_x_lo;  ///< the face at x (or r) = i dx, by column i
  std::vector<double> coef_x_hi;  ///< the face at (i + 1) dx
  std::vector<double> coef_z;     ///< the faces above and below
  double coef_y = 0.0;
  std::vector<double> volume;  ///< by column
  std::vector<double> previous;
  std::vector<double> plane_dt_s;
  std::vector<double> rate_out;
  std::vector<double> h_per_v;  ///< by column
};

/// The largest step for which one explicit upwind step keeps every cell >= 0:
/// min over cells of V / (sum of outward face flow rates chi * A * grad a).
/// +infinity when nothing moves.
///
/// - chi_um2_per_s_per_unit: chemotactic sensitivity (um^2/s per unit of
///   attractant), >= 0.
/// - attractant: one value per cell.
double chemotaxis_max_stable_dt_s(const Mesh& mesh, double chi_um2_per_s_per_unit,
                                  std::span<const double> attractant);

/// Advances cells by dt_s under dn/dt = -div(chi n grad a) with no-flux
/// boundaries (periodic lateral faces when mesh.periodic_xy), attractant held
/// fixed. Face velocity chi (a_nb - a) / h, flux taken from the upwind cell, so
/// total_amount(mesh, cells) is conserved to round-off. When dt_s exceeds
/// chemotaxis_max_stable_dt_s the step is split into the fewest equal substeps
/// that do not; cells >= 0 stay >= 0. Returns the number of substeps taken.
/// Bit-identical for any `threads` (0 = all cores).
int chemotaxis_explicit(const Mesh& mesh, double chi_um2_per_s_per_unit,
                        std::span<const double> attractant, double dt_s, std::span<double> cells,
                        ChemotaxisWorkspace& work, int threads);

/// chemotaxis_explicit with the attractant of every cell above depth plane
/// top_plane read at top_plane in its column (so no gradient, and no flux,
/// crosses the plane above it): the same as passing that field whole,
/// without making it.
int chemotaxis_explicit(const Mesh& mesh, double chi_um2_per_s_per_unit,
                        std::span<const double> attractant, int top_plane, double dt_s,
                        std::span<double> cells, ChemotaxisWorkspace& work, int threads);

}  // namespace citsim
