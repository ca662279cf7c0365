#include "citsim/thermal/bioheat.hpp"

#include <Eigen/SparseCholesky>

#include "citsim/thermal/conductance.hpp"

#include "citsim/core/error.hpp"

namespace citsim::thermal {
namespace {

/// Solves (L + D) T = b + s for the diagonal D and source s per cell.
std::vector<double> solve(const AxiGrid& g, const ThermalTissue& tissue, const Edges& edges,
                          const std::vector<double>& diagonal, const std::vector<double>& source) {
  const Operator op = conductance_operator(g, tissue.conductivity, edges);
  const auto n = static_cast<Eigen::Index>(g.size());
  Eigen::SparseMatrix<double> A = op.L;
  Eigen::VectorXd rhs = op.b;
  for (Eigen::Index p = 0; p < n; ++p) {
    A.coeffRef(p, p) += diagonal[static_cast<std::size_t>(p)];
    rhs[p] += source[static_cast<std::size_t>(p)];
  }
  Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> solver(A);
  if (solver.info() != Eigen::Success) throw Error("rf: the bioheat system could not be factored");
  const Eigen::VectorXd t = solver.solve(rhs);
  return std::vector<double>(t.data(), t.data() + n);
}

void check(const AxiGrid& g, const ThermalTissue& tissue) {
  CITSIM_ASSERT(tissue.conductivity.size() == g.size() && tissue.heat_capacity.size() == g.size() &&
                    tissue.perfusion.size() == g.size(),
                "one property per cell");
}

}  // namespace

std::vector<double> bioheat_step(const AxiGrid& g, const ThermalTissue& tissue,
                                 const std::vector<double>& t_c, const std::vector<double>& q,
                                 double dt_s, const Edges& edges) {
  check(g, tissue);
  CITSIM_ASSERT(dt_s > 0.0 && t_c.size() == g.size(), "a step forward from a field");
  std::vector<double> diagonal(g.size()), source(g.size());
  for (int k = 0; k < g.nz; ++k) {
    for (int i = 0; i < g.nr; ++i) {
      const std::size_t p = g.index(i, k);
      const double v = g.volume_m3(i);
      const double storage = tissue.heat_capacity[p] * v / dt_s;
      diagonal[p] = storage + tissue.perfusion[p] * v;
      source[p] = storage * t_c[p] + tissue.perfusion[p] * v * tissue.arterial_c +
                  (q.empty() ? 0.0 : q[p] * v);
    }
  }
  return solve(g, tissue, edges, diagonal, source);
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
  return solve(g, tissue, edges, diagonal, source);
}

}  // namespace citsim::thermal
