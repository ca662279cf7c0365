// The problem of problem.hpp on CITSim's solver: every species one solute of
// a diffuse_implicit_batch (one field, so one factor set for all), or with
// --per-species 1 the old per-species solver then decay_exact, or with
// --float 1 the batch with the species stored in float. Prints the
// report line of problem.hpp; bench/biofvm-compare runs it beside BioFVM.
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include "citsim/healing/diffusion.hpp"
#include "citsim/healing/diffusion_reference.hpp"
#include "citsim/healing/mesh.hpp"
#include "problem.hpp"

int main(int argc, char** argv) {
  // --per-species and --float are ours; the rest is the shared problem's.
  bool per_species = false;
  bool in_float = false;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (i + 1 < argc && std::strcmp(argv[i], "--per-species") == 0) {
      per_species = std::strcmp(argv[i + 1], "0") != 0;
      ++i;
    } else if (i + 1 < argc && std::strcmp(argv[i], "--float") == 0) {
      in_float = std::strcmp(argv[i + 1], "0") != 0;
      ++i;
    } else {
      args.push_back(argv[i]);
    }
  }
  if (per_species && in_float) {
    std::fprintf(stderr, "--per-species 1 and --float 1: choose one\n");
    return 2;
  }
  const gaussian_problem::Problem p =
      gaussian_problem::parse(static_cast<int>(args.size()), args.data());
  const auto t_setup = gaussian_problem::Clock::now();

  // Internal units: um and s.
  const double dt_s = p.dt_min * 60.0;
  const double d_um2_per_s = p.diffusivity_um2_per_min / 60.0;
  const double decay_per_s = p.decay_per_min / 60.0;
  const citsim::Mesh m = citsim::cartesian_mesh(p.n, p.n, p.n, p.dx_um, p.dx_um, p.dx_um, false);
  const std::vector<double> d(m.size(), d_um2_per_s);
  std::vector<double> c0(m.size());
  for (int k = 0; k < m.nz; ++k) {
    for (int j = 0; j < m.ny; ++j) {
      for (int i = 0; i < m.nx; ++i) {
        c0[m.index(i, j, k)] = p.initial(m.cell_x_um(i), m.cell_y_um(j), m.cell_depth_um(k));
      }
    }
  }
  std::vector<std::vector<double>> c(static_cast<std::size_t>(in_float ? 0 : p.species), c0);
  std::vector<std::vector<float>> cf(static_cast<std::size_t>(in_float ? p.species : 0),
                                     std::vector<float>(c0.begin(), c0.end()));
  std::vector<citsim::Solute> batch;
  for (auto& v : c) batch.push_back({.c = v, .decay_per_s = decay_per_s});
  std::vector<citsim::FloatSolute> float_batch;
  for (auto& v : cf) float_batch.push_back({.c = v, .decay_per_s = decay_per_s});
  citsim::DiffusionWorkspace work;
  const auto step = [&] {
    if (in_float) {
      citsim::diffuse_implicit_batch(m, d, dt_s, float_batch, work, p.threads);
    } else if (per_species) {
      for (auto& v : c) {
        citsim::detail::diffuse_implicit_reference(m, d, dt_s, v, work, p.threads);
        citsim::decay_exact(v, decay_per_s, dt_s);
      }
    } else {
      citsim::diffuse_implicit_batch(m, d, dt_s, batch, work, p.threads);
    }
  };
  const double setup_s = gaussian_problem::since(t_setup);

  auto t = gaussian_problem::Clock::now();
  step();  // the batch builds its factors here
  const double first_s = gaussian_problem::since(t);
  t = gaussian_problem::Clock::now();
  for (int n = 1; n < p.steps; ++n) step();
  const double step_s = gaussian_problem::since(t) / (p.steps - 1);

  const double t_end = p.steps * p.dt_min;
  double err = 0.0;
  for (int k = 0; k < m.nz; ++k) {
    for (int j = 0; j < m.ny; ++j) {
      for (int i = 0; i < m.nx; ++i) {
        const double exact = p.exact(m.cell_x_um(i), m.cell_y_um(j), m.cell_depth_um(k), t_end);
        const std::size_t n = m.index(i, j, k);
        const double v = in_float ? static_cast<double>(cf[0][n]) : c[0][n];
        err = std::max(err, std::abs(v - exact));
      }
    }
  }
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const char* solver = in_float ? "citsim-float" : per_species ? "citsim-per-species" : "citsim";
  gaussian_problem::report(solver, p, setup_s, first_s, step_s, err / p.exact_peak(t_end),
                           static_cast<double>(u.ru_maxrss) / 1024.0);
  return 0;
}
