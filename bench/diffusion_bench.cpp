// Throughput of the healing engine's transport kernels: one implicit diffusion
// step on the "full" 3D block and the "plan" axisymmetric cell, and one
// chemotaxis step. Counter cell_updates_per_s = cells * steps / wall time.
//
//   build/release/bench/citsim_diffusion_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "citsim/healing/chemotaxis.hpp"
#include "citsim/healing/diffusion.hpp"
#include "citsim/healing/mesh.hpp"

namespace citsim {
namespace {

/// Dermis-like layering: fast in the top quarter, slower below.
std::vector<double> layered_diffusivity(const Mesh& m) {
  std::vector<double> d(m.size());
  for (int k = 0; k < m.nz; ++k) {
    const double v = k < m.nz / 4 ? 60.0 : 15.0;
    for (int j = 0; j < m.ny; ++j) {
      for (int i = 0; i < m.nx; ++i) d[m.index(i, j, k)] = v;
    }
  }
  return d;
}

std::vector<double> scattered(const Mesh& m, std::uint64_t seed) {
  std::vector<double> c(m.size());
  std::uint64_t s = seed;
  for (double& v : c) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    v = static_cast<double>(s >> 11) * 0x1p-53;
  }
  return c;
}

void report(benchmark::State& state, const Mesh& m) {
  state.counters["cell_updates_per_s"] =
      benchmark::Counter(static_cast<double>(m.size()) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}

/// Args: threads, periodic (0/1). 50 x 50 x 60 cells of 10 um, dt = 1 h.
void BM_DiffuseCartesian(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  const Mesh m = cartesian_mesh(50, 50, 60, 10.0, 10.0, 10.0, state.range(1) != 0);
  const auto d = layered_diffusivity(m);
  auto c = scattered(m, 1);
  DiffusionWorkspace work;
  for (auto _ : state) {
    diffuse_implicit(m, d, 3600.0, c, work, threads);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  report(state, m);
}
BENCHMARK(BM_DiffuseCartesian)
    ->ArgNames({"threads", "periodic"})
    ->Args({1, 0})
    ->Args({2, 0})
    ->Args({1, 1})
    ->Args({2, 1})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

/// 16 radial x 60 depth cells of 10 um (a small mesh: runs on one thread).
void BM_DiffuseAxisymmetric(benchmark::State& state) {
  const Mesh m = axisymmetric_mesh(16, 60, 10.0, 10.0);
  const auto d = layered_diffusivity(m);
  auto c = scattered(m, 2);
  DiffusionWorkspace work;
  for (auto _ : state) {
    diffuse_implicit(m, d, 3600.0, c, work, 1);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  report(state, m);
}
BENCHMARK(BM_DiffuseAxisymmetric)->UseRealTime()->Unit(benchmark::kMicrosecond);

/// One chemotaxis step at the stable limit (one substep) on the 3D block.
void BM_ChemotaxisCartesian(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  const Mesh m = cartesian_mesh(50, 50, 60, 10.0, 10.0, 10.0, false);
  const auto a = scattered(m, 3);
  auto cells = scattered(m, 4);
  const double dt = chemotaxis_max_stable_dt_s(m, 10.0, a);
  ChemotaxisWorkspace work;
  for (auto _ : state) {
    chemotaxis_explicit(m, 10.0, a, dt, cells, work, threads);
    benchmark::DoNotOptimize(cells.data());
    benchmark::ClobberMemory();
  }
  report(state, m);
}
BENCHMARK(BM_ChemotaxisCartesian)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace citsim

BENCHMARK_MAIN();
