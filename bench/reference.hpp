// What every benchmark here measures against: wall time of a callable, the
// best of several runs, and the reference workload (200 implicit diffusion
// steps on a 40^3 block by the per-species solver, one thread), so each
// timing is also a ratio to work run in the same process.
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

#include "citsim/healing/diffusion_reference.hpp"
#include "citsim/healing/mesh.hpp"

namespace citsim::bench {

inline double seconds(const std::function<void()>& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// Best of `repeats` runs: the least disturbed by the rest of the machine.
inline double best_of(int repeats, const std::function<void()>& f) {
  double best = 1e300;
  for (int i = 0; i < repeats; ++i) best = std::min(best, seconds(f));
  return best;
}

/// The reference workload in seconds (measured once per process), by the
/// per-species solver it was first measured with, so the ratios stay
/// comparable as the engine's solver gets faster.
inline double reference_seconds() {
  static const double ref = [] {
    const Mesh mesh = cartesian_mesh(40, 40, 40, 20.0, 20.0, 20.0, false);
    std::vector<double> c(mesh.size(), 0.0), d(mesh.size(), 15.0);
    c[mesh.index(20, 20, 20)] = 1.0;
    DiffusionWorkspace work;
    return best_of(3, [&] {
      for (int n = 0; n < 200; ++n) detail::diffuse_implicit_reference(mesh, d, 600.0, c, work, 1);
    });
  }();
  return ref;
}

}  // namespace citsim::bench
