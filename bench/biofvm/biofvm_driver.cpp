// Our driver for BioFVM (not part of BioFVM; built by bench/biofvm-compare
// outside the repository against a BioFVM checkout given by path). Runs the
// problem of problem.hpp with BioFVM's implicit LOD solver
// (diffusion_decay_solver__constant_coefficients_LOD_3D, the one PhysiCell
// uses) and prints one report line.
#include <omp.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "BioFVM.h"
#include "problem.hpp"

int main(int argc, char** argv) {
  const gaussian_problem::Problem p = gaussian_problem::parse(argc, argv);
  omp_set_num_threads(p.threads);
  const auto t_setup = gaussian_problem::Clock::now();

  BioFVM::Microenvironment m;
  m.set_density(0, "s0", "dimensionless", p.diffusivity_um2_per_min, p.decay_per_min);
  for (int s = 1; s < p.species; ++s) {
    m.add_density("s" + std::to_string(s), "dimensionless", p.diffusivity_um2_per_min,
                  p.decay_per_min);
  }
  m.resize_space(0.0, p.edge_um(), 0.0, p.edge_um(), 0.0, p.edge_um(), p.dx_um, p.dx_um, p.dx_um);
  m.diffusion_decay_solver = BioFVM::diffusion_decay_solver__constant_coefficients_LOD_3D;
  const int voxels = static_cast<int>(m.number_of_voxels());
  for (int v = 0; v < voxels; ++v) {
    const std::vector<double>& x = m.mesh.voxels[v].center;
    const double c0 = p.initial(x[0], x[1], x[2]);
    std::vector<double>& c = m.density_vector(v);
    std::fill(c.begin(), c.end(), c0);
  }
  const double setup_s = gaussian_problem::since(t_setup);

  auto t = gaussian_problem::Clock::now();
  m.simulate_diffusion_decay(p.dt_min);  // builds the Thomas coefficients
  const double first_s = gaussian_problem::since(t);
  t = gaussian_problem::Clock::now();
  for (int n = 1; n < p.steps; ++n) m.simulate_diffusion_decay(p.dt_min);
  const double step_s = gaussian_problem::since(t) / (p.steps - 1);

  const double t_end = p.steps * p.dt_min;
  double err = 0.0;
  for (int v = 0; v < voxels; ++v) {
    const std::vector<double>& x = m.mesh.voxels[v].center;
    err = std::max(err, std::abs(m.density_vector(v)[0] - p.exact(x[0], x[1], x[2], t_end)));
  }
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  gaussian_problem::report("biofvm", p, setup_s, first_s, step_s, err / p.exact_peak(t_end),
                           static_cast<double>(u.ru_maxrss) / 1024.0);
  return 0;
}
