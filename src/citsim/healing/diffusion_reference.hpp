// The per-species implicit diffusion solver that the factored batch solver of
// diffusion.hpp replaced: it rebuilds face coefficients and eliminates every
// line on every call. Kept as the oracle the batch solver is checked against,
// bit for bit, and as the benchmarks' baseline; the engine does not use it.
#pragma once

#include <span>

#include "citsim/healing/diffusion.hpp"
#include "citsim/healing/mesh.hpp"

namespace citsim::detail {

/// The same contract and result as diffuse_implicit, computed the old way
/// (one start and join of threads per axis; uses only work.per_thread).
void diffuse_implicit_reference(const Mesh& mesh, std::span<const double> diffusivity_um2_per_s,
                                double dt_s, std::span<double> c, DiffusionWorkspace& work,
                                int threads);

}  // namespace citsim::detail
