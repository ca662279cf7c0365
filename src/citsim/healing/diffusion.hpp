// Implicit diffusion of solutes on the healing mesh: locally one-dimensional
// backward Euler, one tridiagonal solve per grid line, conservative and positive.
// Solutes that share a diffusivity field are advanced together, and the
// elimination factors of a (mesh, diffusivity, dt) are computed once and kept
// in the workspace for the steps that follow.
//
//   DiffusionWorkspace work;
//   const Solute batch[] = {{.c = a, .decay_per_s = 1e-3}, {.c = b}};
//   for (std::int64_t n = 0; n < steps; ++n) {
//     diffuse_implicit_batch(mesh, d_um2_per_s, dt_s, batch, work, threads);
//   }
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "citsim/healing/mesh.hpp"

namespace citsim {

/// The part of an implicit step that does not depend on the solute: the
/// elimination factors of every grid line for one mesh, diffusivity field and
/// dt. Built and kept by diffuse_implicit_batch; the layout of x, y and z is
/// described in diffusion.cpp.
struct DiffusionFactors {
  Mesh mesh;
  double dt_s = 0.0;
  /// The field they were built from, the cache key: every value or, when
  /// layered (Cartesian, each depth plane one value), one per plane.
  std::vector<double> diffusivity;
  bool layered = false;
  std::vector<std::size_t> plane_set;  ///< layered: each depth plane's factor set
  std::uint64_t last_use = 0;          ///< when last used, for eviction
  std::vector<double> volume_x;        ///< cell volume by x (or r) index, um^3
  std::vector<double> x, y, z;         ///< factors of the x (r), y and depth lines
  /// volume_x, x, y and z rounded to float, for FloatSolute steps: made on
  /// the first such step with these factors.
  bool has_float = false;
  std::vector<float> volume_x_float, x_float, y_float, z_float;
};

/// Scratch space and cached factors for diffuse_implicit_batch. Scratch grows
/// on first use for a mesh and thread count; factors are kept for the few
/// (mesh, diffusivity, dt) most recently used, so steps that repeat them do no
/// setup and do not allocate. Reuse one workspace for all solutes; never share
/// it between concurrent calls.
struct DiffusionWorkspace {
  std::vector<std::vector<double>> per_thread;
  std::vector<std::vector<float>> per_thread_float;
  std::vector<double> field;  ///< a by-depth field cell by cell, where needed
  std::vector<DiffusionFactors> factors;
  std::uint64_t uses = 0;
};

/// One solute of a batch: its concentrations (mesh.size() values >= 0,
/// advanced in place) and its first-order decay rate.
struct Solute {
  std::span<double> c;
  double decay_per_s = 0.0;  ///< >= 0
};

/// A solute stored in float (4 bytes a cell, half a Solute's): the same step,
/// in float arithmetic with the factors rounded to float, 1.5 to 2.0 times
/// faster with 12 species (docs/performance.md, "Float storage"). Not bit-identical to the
/// double step: over eight steps from 1.5 s to a day, with diffusivities over
/// four decades and barriers, it stays within 1e-6 of the largest value,
/// far below a step's own truncation error; the amount is kept to float
/// round-off and c stays >= 0 (the same additions of non-negative terms).
/// Float's range ends near 1e-38: a value that decays below it loses its
/// digits and then becomes 0, so keep a solute's unit such that the values
/// that matter stay far above it. Diffusion.FloatStorage* measure all this
/// against the double step. The engine keeps double (its outputs are
/// bit-identical from release to release); the BioFVM comparison and the
/// benchmarks use both.
struct FloatSolute {
  std::span<float> c;
  double decay_per_s = 0.0;  ///< >= 0
};

/// Advances dc/dt = div(D grad c) - lambda c by dt_s, for several solutes
/// that share one diffusivity field, with no-flux boundaries at the skin
/// surface, the bottom, r = 0 and r = R (axisymmetric), and either no-flux or
/// periodic lateral boundaries (Cartesian, mesh.periodic_xy).
///
/// - diffusivity_um2_per_s: one value >= 0 per cell (mesh.size()); the face
///   value is the harmonic mean of the two cells, so a zero-diffusivity cell
///   is a barrier.
/// - dt_s: >= 0, any size: the step is unconditionally stable (backward Euler
///   per axis, axes x then y then z, first order in time), then each solute
///   decays exactly, c *= exp(-lambda dt).
/// - total_amount(mesh, c) is conserved to round-off (before decay) and c
///   stays >= 0. Each solute's result is bit-identical to diffuse_implicit
///   followed by decay_exact, whatever the batch it is in.
/// - The factors are looked up in `work` by mesh, dt and the diffusivity's
///   contents (compared exactly), and computed on a miss.
/// - threads: worker threads (0 = all cores); the result is bit-identical for
///   any value. Meshes under 16384 cells run on one thread.
void diffuse_implicit_batch(const Mesh& mesh, std::span<const double> diffusivity_um2_per_s,
                            double dt_s, std::span<const Solute> solutes, DiffusionWorkspace& work,
                            int threads);

/// diffuse_implicit_batch for solutes stored in float (see FloatSolute).
void diffuse_implicit_batch(const Mesh& mesh, std::span<const double> diffusivity_um2_per_s,
                            double dt_s, std::span<const FloatSolute> solutes,
                            DiffusionWorkspace& work, int threads);

/// diffuse_implicit_batch for a diffusivity that is one value per depth
/// plane (plane_um2_per_s, mesh.nz values): the same result, bit for bit, as
/// passing that field cell by cell, without making it on a Cartesian mesh.
void diffuse_implicit_batch_by_depth(const Mesh& mesh, std::span<const double> plane_um2_per_s,
                                     double dt_s, std::span<const Solute> solutes,
                                     DiffusionWorkspace& work, int threads);
void diffuse_implicit_batch_by_depth(const Mesh& mesh, std::span<const double> plane_um2_per_s,
                                     double dt_s, std::span<const FloatSolute> solutes,
                                     DiffusionWorkspace& work, int threads);

/// diffuse_implicit_batch for one solute without decay.
void diffuse_implicit(const Mesh& mesh, std::span<const double> diffusivity_um2_per_s, double dt_s,
                      std::span<double> c, DiffusionWorkspace& work, int threads);

/// The amount of solute, sum of c * cell volume, summed in index order.
double total_amount(const Mesh& mesh, std::span<const double> c);

/// Applies first-order decay dc/dt = -lambda c exactly over dt_s: c *= exp(-lambda dt).
void decay_exact(std::span<double> c, double decay_per_s, double dt_s);

}  // namespace citsim
