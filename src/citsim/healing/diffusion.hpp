// Implicit diffusion of one solute on the healing mesh: locally one-dimensional
// backward Euler, one tridiagonal solve per grid line, conservative and positive.
//
//   DiffusionWorkspace work;
//   for (std::int64_t n = 0; n < steps; ++n) {
//     diffuse_implicit(mesh, d_um2_per_s, dt_s, c, work, threads);
//     decay_exact(c, lambda_per_s, dt_s);
//   }
#pragma once

#include <span>
#include <vector>

#include "citsim/healing/mesh.hpp"

namespace citsim {

/// Scratch space for diffuse_implicit, one buffer per worker thread. It grows on
/// first use for a mesh and thread count; later steps on the same mesh do not
/// allocate. Reuse one workspace for all species; never share it between
/// concurrent calls.
struct DiffusionWorkspace {
  std::vector<std::vector<double>> per_thread;
};

/// Advances dc/dt = div(D grad c) by dt_s with no-flux boundaries at the skin
/// surface, the bottom, r = 0 and r = R (axisymmetric), and either no-flux or
/// periodic lateral boundaries (Cartesian, mesh.periodic_xy).
///
/// - diffusivity_um2_per_s: one value >= 0 per cell (mesh.size()); the face
///   value is the harmonic mean of the two cells, so a zero-diffusivity cell
///   is a barrier.
/// - dt_s: >= 0, any size: the step is unconditionally stable (backward Euler
///   per axis, axes x then y then z, first order in time).
/// - c: mesh.size() values >= 0, advanced in place. total_amount(mesh, c) is
///   conserved to round-off and c stays >= 0.
/// - threads: worker threads (0 = all cores); the result is bit-identical for
///   any value. Meshes under 16384 cells run on one thread.
void diffuse_implicit(const Mesh& mesh, std::span<const double> diffusivity_um2_per_s, double dt_s,
                      std::span<double> c, DiffusionWorkspace& work, int threads);

/// The amount of solute, sum of c * cell volume, summed in index order.
double total_amount(const Mesh& mesh, std::span<const double> c);

/// Applies first-order decay dc/dt = -lambda c exactly over dt_s: c *= exp(-lambda dt).
void decay_exact(std::span<double> c, double decay_per_s, double dt_s);

}  // namespace citsim
