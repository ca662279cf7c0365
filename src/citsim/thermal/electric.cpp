#include "citsim/thermal/electric.hpp"

#include <Eigen/SparseCholesky>

#include "citsim/thermal/conductance.hpp"

#include "citsim/core/error.hpp"

namespace citsim::thermal {

Potential solve_potential(const AxiGrid& g, const std::vector<double>& sigma,
                          const std::vector<int>& electrode, double volts, const Edges& edges) {
  CITSIM_ASSERT(electrode.size() == g.size(), "one electrode flag per cell");
  const Operator op = conductance_operator(g, sigma, edges);
  const auto n = static_cast<Eigen::Index>(g.size());
  // Electrode cells are known: move their couplings to the right-hand side
  // and keep their rows as identities (the system stays symmetric).
  Eigen::VectorXd known = Eigen::VectorXd::Zero(n);
  for (Eigen::Index p = 0; p < n; ++p) {
    if (electrode[static_cast<std::size_t>(p)] != 0) known[p] = volts;
  }
  Eigen::VectorXd rhs = op.b - op.L * known;
  std::vector<Eigen::Triplet<double>> t;
  for (int col = 0; col < op.L.outerSize(); ++col) {
    for (Eigen::SparseMatrix<double>::InnerIterator it(op.L, col); it; ++it) {
      const bool fixed_row = electrode[static_cast<std::size_t>(it.row())] != 0;
      const bool fixed_col = electrode[static_cast<std::size_t>(it.col())] != 0;
      if (!fixed_row && !fixed_col) t.emplace_back(it.row(), it.col(), it.value());
    }
  }
  for (Eigen::Index p = 0; p < n; ++p) {
    if (electrode[static_cast<std::size_t>(p)] != 0) {
      t.emplace_back(p, p, 1.0);
      rhs[p] = volts;
    }
  }
  Eigen::SparseMatrix<double> A(n, n);
  A.setFromTriplets(t.begin(), t.end());
  Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> solver(A);
  if (solver.info() != Eigen::Success)
    throw Error("rf: the potential's system could not be factored");
  const Eigen::VectorXd phi = solver.solve(rhs);
  Potential out;
  out.phi.assign(phi.data(), phi.data() + n);
  // The current: the flux out of the electrode cells into the tissue.
  const Eigen::VectorXd flux = op.L * phi - op.b;
  for (Eigen::Index p = 0; p < n; ++p) {
    if (electrode[static_cast<std::size_t>(p)] != 0) out.current_a += flux[p];
  }
  return out;
}

std::vector<double> joule_heat(const AxiGrid& g, const std::vector<double>& sigma,
                               const std::vector<double>& phi, const std::vector<int>& electrode,
                               const Edges& edges) {
  std::vector<double> q(g.size(), 0.0);
  for (int k = 0; k < g.nz; ++k) {
    for (int i = 0; i < g.nr; ++i) {
      const std::size_t p = g.index(i, k);
      if (electrode[p] != 0) continue;
      double er = 0.0;
      if (i == 0) {
        er = (phi[g.index(1 < g.nr ? 1 : 0, k)] - phi[p]) / (2.0 * g.dr_m);  // axis: symmetric
      } else if (i + 1 < g.nr) {
        er = (phi[g.index(i + 1, k)] - phi[g.index(i - 1, k)]) / (2.0 * g.dr_m);
      } else {
        er = edges.outer.held ? (edges.outer.value - phi[g.index(i - 1, k)]) / (1.5 * g.dr_m)
                              : (phi[p] - phi[g.index(i - 1, k)]) / g.dr_m;
      }
      double ez = 0.0;
      const double above =
          k > 0 ? phi[g.index(i, k - 1)] : (edges.top.held ? edges.top.value : phi[p]);
      const double below =
          k + 1 < g.nz ? phi[g.index(i, k + 1)] : (edges.bottom.held ? edges.bottom.value : phi[p]);
      const double span = (k > 0 ? g.dz_m : (edges.top.held ? 0.5 * g.dz_m : 0.0)) +
                          (k + 1 < g.nz ? g.dz_m : (edges.bottom.held ? 0.5 * g.dz_m : 0.0));
      if (span > 0.0) ez = (below - above) / span;
      q[p] = sigma[p] * (er * er + ez * ez);
    }
  }
  return q;
}

}  // namespace citsim::thermal
