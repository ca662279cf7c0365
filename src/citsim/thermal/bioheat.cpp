#include "citsim/thermal/bioheat.hpp"

#include <Eigen/SparseCholesky>

#include "citsim/thermal/conductance.hpp"

#include "citsim/core/error.hpp"

namespace citsim::thermal {
namespace {

using Solver = Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>>;

/// Factors L + D for the diagonal D per cell.
void factor(Solver& solver, const Operator& op, const std::vector<double>& diagonal) {
  Eigen::SparseMatrix<double> A = op.L;
  for (Eigen::Index p = 0; p < A.rows(); ++p) {
    A.coeffRef(p, p) += diagonal[static_cast<std::size_t>(p)];
  }
  solver.compute(A);
  if (solver.info() != Eigen::Success) throw Error("rf: the bioheat system could not be factored");
}

/// Solves (L + D) T = b + s with (L + D) factored, for the source s per cell.
std::vector<double> solve(const Solver& solver, const Operator& op,
                          const std::vector<double>& source) {
  const auto n = static_cast<Eigen::Index>(source.size());
  Eigen::VectorXd rhs = op.b;
  for (Eigen::Index p = 0; p < n; ++p) rhs[p] += source[static_cast<std::size_t>(p)];
  const Eigen::VectorXd t = solver.solve(rhs);
  return std::vector<double>(t.data(), t.data() + n);
}

void check(const AxiGrid& g, const ThermalTissue& tissue) {
  CITSIM_ASSERT(tissue.conductivity.size() == g.size() && tissue.heat_capacity.size() == g.size() &&
                    tissue.perfusion.size() == g.size(),
                "one property per cell");
}

/// The diagonal of a backward-Euler step of dt_s: storage plus perfusion.
std::vector<double> step_diagonal(const AxiGrid& g, const ThermalTissue& tissue, double dt_s) {
  std::vector<double> diagonal(g.size());
  for (int k = 0; k < g.nz; ++k) {
    for (int i = 0; i < g.nr; ++i) {
      const std::size_t p = g.index(i, k);
      const double v = g.volume_m3(i);
      const double storage = tissue.heat_capacity[p] * v / dt_s;
      diagonal[p] = storage + tissue.perfusion[p] * v;
    }
  }
  return diagonal;
}

/// The source of a backward-Euler step of dt_s from t_c with heat q.
std::vector<double> step_source(const AxiGrid& g, const ThermalTissue& tissue,
                                const std::vector<double>& t_c, const std::vector<double>& q,
                                double dt_s) {
  std::vector<double> source(g.size());
  for (int k = 0; k < g.nz; ++k) {
    for (int i = 0; i < g.nr; ++i) {
      const std::size_t p = g.index(i, k);
      const double v = g.volume_m3(i);
      const double storage = tissue.heat_capacity[p] * v / dt_s;
      source[p] = storage * t_c[p] + tissue.perfusion[p] * v * tissue.arterial_c +
                  (q.empty() ? 0.0 : q[p] * v);
    }
  }
  return source;
}

}  // namespace

struct BioheatStepper::Factored {
  Operator op;
  double dt_s = 0.0;  ///< the step the solver is factored for; 0: none yet
  Solver solver;
};

BioheatStepper::BioheatStepper(const AxiGrid& grid, const ThermalTissue& tissue, const Edges& edges)
    : grid_(grid), tissue_(tissue), factored_(std::make_unique<Factored>()) {
  check(grid_, tissue_);
  factored_->op = conductance_operator(grid_, tissue_.conductivity, edges);
}

BioheatStepper::~BioheatStepper() = default;

std::vector<double> BioheatStepper::step(const std::vector<double>& t_c,
                                         const std::vector<double>& q, double dt_s) {
  CITSIM_ASSERT(dt_s > 0.0 && t_c.size() == grid_.size(), "a step forward from a field");
  Factored& f = *factored_;
  if (f.dt_s != dt_s) {
    f.dt_s = 0.0;  // until factored: a failed factorisation leaves none
    factor(f.solver, f.op, step_diagonal(grid_, tissue_, dt_s));
    f.dt_s = dt_s;
  }
  return solve(f.solver, f.op, step_source(grid_, tissue_, t_c, q, dt_s));
}

std::vector<double> bioheat_step(const AxiGrid& g, const ThermalTissue& tissue,
                                 const std::vector<double>& t_c, const std::vector<double>& q,
                                 double dt_s, const Edges& edges) {
  return BioheatStepper(g, tissue, edges).step(t_c, q, dt_s);
}

std::vector<double> bioheat_steady(const AxiGrid& g, const ThermalTissue& tissue,
                                   const std::vector<double>& q, const Edges& edges) {
  check(g, tissue);
  std::vector<double> diagonal(g.size()), source(g.size());
  for (int k = 0; k < g.nz; ++k) {
    for (int i = 0; i < g.nr; ++i) {
      const std::size_t p = g.index(i, k);
      const double v = g.volume_m3(i);
      diagonal[p] = tissue.perfusion[p] * v;
      source[p] = tissue.perfusion[p] * v * tissue.arterial_c + (q.empty() ? 0.0 : q[p] * v);
    }
  }
  const Operator op = conductance_operator(g, tissue.conductivity, edges);
  Solver solver;
  factor(solver, op, diagonal);
  return solve(solver, op, source);
}

}  // namespace citsim::thermal
