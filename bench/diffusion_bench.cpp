// Throughput of the healing engine's transport kernels: one implicit diffusion
// step on the "full" 3D block and the "plan" axisymmetric cell, one
// chemotaxis step, and diffusion-decay of 1 and 12 species on 100^3 and 200^3
// (BioFVM's test problem), old per-species path against the batch solver,
// with a STREAM triad for the bandwidth bound. Counter cell_updates_per_s =
// cells * steps / wall time; the diffusion-decay cases also give the time
// as a ratio to a reference workload run in this process (x_reference), the
// bytes per voxel-update their kernel must move at least, the fraction of the
// triad's bandwidth that makes (of_stream) and the process's peak memory.
// BM_React times the cascade's reaction step against its cell-by-cell
// reference.
//
//   build/release/bench/citsim_diffusion_bench --benchmark_counters_tabular=true
//   build/release/bench/citsim_diffusion_bench --benchmark_filter='DiffusionDecay|Triad'
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "citsim/core/parallel.hpp"
#include "citsim/healing/baseline.hpp"
#include "citsim/healing/cascade.hpp"
#include "citsim/healing/cascade_reference.hpp"
#include "citsim/healing/chemotaxis.hpp"
#include "citsim/healing/diffusion.hpp"
#include "citsim/healing/diffusion_reference.hpp"
#include "citsim/healing/mesh.hpp"
#include "citsim/healing/params_reader.hpp"
#include "reference.hpp"

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

// --- diffusion-decay, old path against the batch solver -----------------------

using bench::best_of;
using bench::reference_seconds;
using bench::seconds;

/// STREAM triad a = b + s c on `threads` threads over arrays far larger than
/// the caches, counted as STREAM counts it (24 bytes per element).
constexpr std::size_t kTriadElements = std::size_t{1} << 24;  // 3 x 128 MiB

struct Triad {
  std::vector<double> a, b, c;
  Triad() : a(kTriadElements, 0.0), b(kTriadElements, 1.0), c(kTriadElements, 2.0) {}
  void run(int threads) {
    const auto blocks = static_cast<std::int64_t>(threads);
    parallel_for(0, blocks, threads, [&](std::int64_t w) {
      const std::size_t lo =
          kTriadElements * static_cast<std::size_t>(w) / static_cast<std::size_t>(blocks);
      const std::size_t hi =
          kTriadElements * static_cast<std::size_t>(w + 1) / static_cast<std::size_t>(blocks);
      for (std::size_t i = lo; i < hi; ++i) a[i] = b[i] + 3.0 * c[i];
    });
  }
};

/// Triad bandwidth in bytes per second (best of 5), measured once per thread count.
double stream_bytes_per_s(int threads) {
  static double measured[3] = {0.0, 0.0, 0.0};
  const auto t = static_cast<std::size_t>(std::clamp(threads, 1, 2));
  if (measured[t] == 0.0) {
    Triad triad;
    triad.run(threads);
    measured[t] =
        24.0 * static_cast<double>(kTriadElements) / best_of(5, [&] { triad.run(threads); });
  }
  return measured[t];
}

void BM_StreamTriad(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  Triad triad;
  triad.run(threads);
  for (auto _ : state) {
    triad.run(threads);
    benchmark::DoNotOptimize(triad.a.data());
    benchmark::ClobberMemory();
  }
  state.counters["bytes_per_s"] = benchmark::Counter(
      24.0 * static_cast<double>(kTriadElements) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_StreamTriad)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

/// The division bound: one thread dividing L1-resident arrays elementwise,
/// a[i] = c[i] / b[i] (the operation the bit-identical solver keeps per cell
/// and axis). Reports divisions per second.
void BM_Division(benchmark::State& state) {
  constexpr std::size_t kN = 2048;
  std::vector<double> a(kN), b(kN), c(kN);
  for (std::size_t i = 0; i < kN; ++i) {
    b[i] = 1.0 + 1e-3 * static_cast<double>(i);
    c[i] = 2.0 + 1e-4 * static_cast<double>(i);
  }
  for (auto _ : state) {
    for (std::size_t i = 0; i < kN; ++i) a[i] = c[i] / b[i];
    benchmark::DoNotOptimize(a.data());
    benchmark::ClobberMemory();
  }
  state.counters["divisions_per_s"] =
      benchmark::Counter(static_cast<double>(kN) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Division);

/// BioFVM's test problem in internal units: dx = 10 um, D = 1e5 um^2/min,
/// lambda = 0.1 /min, dt = 0.01 min, no-flux boundaries.
constexpr double kBioDiffusivity = 1e5 / 60.0;  // um^2/s
constexpr double kBioDecay = 0.1 / 60.0;        // 1/s
constexpr double kBioDt = 0.01 * 60.0;          // s

/// Bytes a step must move per voxel and species, at least, with a cache that
/// holds a line block but not the mesh:
/// - old path, per axis: c read and written (16) and the diffusivity read for
///   the face means (8); then decay reads and writes c (16): 3 * 24 + 16 = 88.
/// - batch: c read and written by the fused x-y plane task (16) and by the
///   depth task, decay included (16): 32. The problem's diffusivity is one
///   value, so its factors are layered (one tile, one plane, one block of
///   columns) and stay in cache; a field that varies within a plane would add
///   K, W, G of each axis (72) per voxel, read once per step for the batch.
/// - batch in float storage: the same traffic in 4-byte values: 16.
double bytes_per_update(int path) {
  if (path == 0) return 88.0;
  return path == 1 ? 32.0 : 16.0;
}

double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // KiB on Linux
}

/// Args: cells per edge, species, threads, path (0 = old per-species solver
/// then decay_exact per species, 1 = diffuse_implicit_batch, 2 = the batch
/// with the species stored in float).
void BM_DiffusionDecay(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const int species = static_cast<int>(state.range(1));
  const int threads = static_cast<int>(state.range(2));
  const int path = static_cast<int>(state.range(3));
  const bool batch = path != 0;
  const double ref = reference_seconds();
  const double stream = stream_bytes_per_s(threads);
  const Mesh m = cartesian_mesh(n, n, n, 10.0, 10.0, 10.0, false);
  const std::vector<double> d(m.size(), kBioDiffusivity);
  std::vector<std::vector<double>> c;
  std::vector<Solute> solutes;
  for (int s = 0; s < species; ++s) c.push_back(scattered(m, static_cast<std::uint64_t>(10 + s)));
  for (auto& v : c) solutes.push_back({.c = v, .decay_per_s = kBioDecay});
  std::vector<std::vector<float>> cf;
  std::vector<FloatSolute> float_solutes;
  if (path == 2) {
    for (const auto& v : c) cf.emplace_back(v.begin(), v.end());
    c.clear();
    solutes.clear();
    for (auto& v : cf) float_solutes.push_back({.c = v, .decay_per_s = kBioDecay});
  }
  DiffusionWorkspace work;
  auto step = [&] {
    if (path == 2) {
      diffuse_implicit_batch(m, d, kBioDt, float_solutes, work, threads);
    } else if (batch) {
      diffuse_implicit_batch(m, d, kBioDt, solutes, work, threads);
    } else {
      for (auto& v : c) {
        detail::diffuse_implicit_reference(m, d, kBioDt, v, work, threads);
        decay_exact(v, kBioDecay, kBioDt);
      }
    }
  };
  const double setup = seconds(step);  // the batch builds its factors here
  for (auto _ : state) {
    step();
    benchmark::ClobberMemory();
  }
  const double updates = static_cast<double>(m.size()) * species;
  const double bytes = bytes_per_update(path);
  const auto iters = static_cast<double>(state.iterations());
  state.counters["voxel_updates_per_s"] =
      benchmark::Counter(updates * iters, benchmark::Counter::kIsRate);
  state.counters["x_reference"] = benchmark::Counter(
      ref, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["bytes_per_update"] = bytes;
  state.counters["of_stream"] =
      benchmark::Counter(bytes * updates * iters / stream, benchmark::Counter::kIsRate);
  state.counters["first_step_s"] = setup;
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}
BENCHMARK(BM_DiffusionDecay)
    ->ArgNames({"n", "species", "threads", "batch"})
    ->ArgsProduct({{100}, {1, 12}, {1, 2}, {0, 1, 2}})
    ->ArgsProduct({{200}, {1, 12}, {1, 2}, {0, 1, 2}})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

/// Args: mesh (0 = the plan unit cell `simulate` uses, 10 x 60 cells; 1 =
/// the full-fidelity block, 50 x 50 x 38), path (0 = the cell-by-cell
/// detail::react_reference, 1 = react). One reaction step of an hour on
/// tissue a session injured, one thread; both paths give the same bits.
void BM_React(benchmark::State& state) {
  const bool full = state.range(0) != 0;
  const bool fast = state.range(1) != 0;
  const double ref = reference_seconds();
  const HealingParams p =
      read_healing_params(std::string(CITSIM_BENCH_DATA_DIR) + "/healing/parameters.toml");
  SkinColumn skin;
  skin.layers.thickness_um = {15.0, 60.0, 250.0, 1500.0, 3000.0};
  skin.plexus_depth_um = 300.0;
  const Mesh m = full ? cartesian_mesh(50, 50, 38, 40.0, 40.0, 40.0, true)
                      : axisymmetric_mesh(10, 60, 15.0, 25.0);
  Tissue t = healthy_tissue(m, skin, baseline_matrix(p));
  std::vector<double> phi(m.size(), 0.0);
  for (std::size_t i = 0; i < phi.size(); i += 3) phi[i] = 0.5;
  injure(t, phi, p);
  const Tissue injured = t;
  std::int64_t n = 0;
  for (auto _ : state) {
    if (++n % 48 == 0) t = injured;  // stay in the healing phase, where every term works
    if (fast) {
      react(t, p, 3600.0, 1);
    } else {
      detail::react_reference(t, p, 3600.0, 1);
    }
    benchmark::ClobberMemory();
  }
  state.counters["cell_updates_per_s"] =
      benchmark::Counter(static_cast<double>(m.size()) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
  state.counters["x_reference"] = benchmark::Counter(
      ref, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_React)
    ->ArgNames({"full", "fast"})
    ->ArgsProduct({{0, 1}, {0, 1}})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace citsim

BENCHMARK_MAIN();
