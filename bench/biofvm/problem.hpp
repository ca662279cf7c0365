// The problem bench/biofvm-compare runs on CITSim and on BioFVM: BioFVM's
// published performance test (dx = 10 um, D = 1e5 um^2/min, decay 0.1 /min,
// dt = 0.01 min, no-flux boundaries) on an n^3 block, every species started
// from the same Gaussian so that the error against the analytic solution
// shows the two solvers' accuracy side by side. Plain C++17, header only:
// the BioFVM driver is built outside the project with BioFVM's sources.
//
//   gaussian_problem::Problem p = gaussian_problem::parse(argc, argv);
//   double c0 = p.initial(x, y, z);           // at cell centres, um
//   double c = p.exact(x, y, z, steps * p.dt_min);
#pragma once

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace gaussian_problem {

struct Problem {
  int n = 100;      ///< cells per edge
  int species = 1;  ///< all alike: same D, decay and start
  int steps = 10;   ///< time steps (the first is timed apart: solver setup)
  int threads = 1;  ///< worker threads
  double dx_um = 10.0;
  double diffusivity_um2_per_min = 1e5;
  double decay_per_min = 0.1;
  double dt_min = 0.01;
  double sigma0_um = 50.0;  ///< width of the starting Gaussian

  double edge_um() const { return n * dx_um; }
  double centre_um() const { return 0.5 * edge_um(); }
  /// The Gaussian of width sigma0 is the point source at age t0 = sigma0^2 / 2D.
  double t0_min() const { return sigma0_um * sigma0_um / (2.0 * diffusivity_um2_per_min); }
  double r2(double x, double y, double z) const {
    const double c = centre_um();
    return (x - c) * (x - c) + (y - c) * (y - c) + (z - c) * (z - c);
  }
  /// Starting concentration, peak 1.
  double initial(double x, double y, double z) const {
    return std::exp(-r2(x, y, z) / (4.0 * diffusivity_um2_per_min * t0_min()));
  }
  /// The free-space solution at time t_min (the no-flux walls are 10 sigma
  /// away at the start, 2.4 sigma after 10 steps: their effect is part of
  /// both solvers' error alike).
  double exact(double x, double y, double z, double t_min) const {
    const double t = t0_min() + t_min;
    return std::pow(t0_min() / t, 1.5) *
           std::exp(-r2(x, y, z) / (4.0 * diffusivity_um2_per_min * t) - decay_per_min * t_min);
  }
  /// The exact solution's peak at t_min, for relative errors.
  double exact_peak(double t_min) const {
    return exact(centre_um(), centre_um(), centre_um(), t_min);
  }
};

/// Reads --n, --species, --steps, --threads; exits 2 on anything else.
inline Problem parse(int argc, char** argv) {
  Problem p;
  for (int i = 1; i + 1 < argc; i += 2) {
    const int v = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--n") == 0) {
      p.n = v;
    } else if (std::strcmp(argv[i], "--species") == 0) {
      p.species = v;
    } else if (std::strcmp(argv[i], "--steps") == 0) {
      p.steps = v;
    } else if (std::strcmp(argv[i], "--threads") == 0) {
      p.threads = v;
    } else {
      std::fprintf(stderr, "usage: %s [--n N] [--species S] [--steps K] [--threads T]\n", argv[0]);
      std::exit(2);
    }
  }
  if (argc % 2 == 0 || p.n < 2 || p.species < 1 || p.steps < 2 || p.threads < 1) {
    std::fprintf(stderr, "%s: --n >= 2, --species >= 1, --steps >= 2, --threads >= 1\n", argv[0]);
    std::exit(2);
  }
  return p;
}

using Clock = std::chrono::steady_clock;

inline double since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// The one line both drivers print, parsed by bench/biofvm-compare.
inline void report(const char* solver, const Problem& p, double setup_s, double first_step_s,
                   double step_s, double max_rel_error, double peak_rss_mib) {
  std::printf(
      "solver=%s n=%d species=%d threads=%d steps=%d setup_s=%.4f first_step_s=%.5f "
      "step_s=%.5f max_rel_error=%.4e peak_rss_mib=%.0f\n",
      solver, p.n, p.species, p.threads, p.steps, setup_s, first_step_s, step_s, max_rel_error,
      peak_rss_mib);
}

}  // namespace gaussian_problem
