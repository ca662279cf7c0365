#include "citsim/thermal/electric.hpp"

#include <numbers>

#include <Eigen/SparseCholesky>

#include "citsim/thermal/conductance.hpp"

#include "citsim/core/error.hpp"

namespace citsim::thermal {
namespace {

/// The electrode conducts like metal: its cells' coefficient far above any
/// tissue's, so a face between the electrode and tissue conducts over the
/// tissue's half cell only, and the electrode's surface lies on the faces of
/// its cells (not at their centres).
std::vector<double> with_metal(const std::vector<double>& sigma,
                               const std::vector<int>& electrode) {
  constexpr double kMetal = 1.0e6;  // S/m, against tissue's 0.01-1
  std::vector<double> c = sigma;
  for (std::size_t p = 0; p < c.size(); ++p) {
    if (electrode[p] != 0) c[p] = kMetal;
  }
  return c;
}

double harmonic_mean(double a, double b) { return a + b > 0.0 ? 2.0 * a * b / (a + b) : 0.0; }

}  // namespace

Potential solve_potential(const AxiGrid& g, const std::vector<double>& sigma,
                          const std::vector<int>& electrode, double volts, const Edges& edges) {
  CITSIM_ASSERT(electrode.size() == g.size(), "one electrode flag per cell");
  const Operator op = conductance_operator(g, with_metal(sigma, electrode), edges);
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
  // The power dissipated across each face, G (phi_P - phi_N)^2, shared
  // equally by two tissue cells, all to the tissue cell where the neighbour
  // is the electrode or a held edge: the cells' heat adds up to V I exactly.
  const std::vector<double> c = with_metal(sigma, electrode);
  std::vector<double> power(g.size(), 0.0);
  const auto face = [&](std::size_t p, std::size_t n, double conductance) {
    const double w = conductance * (phi[p] - phi[n]) * (phi[p] - phi[n]);
    const bool ep = electrode[p] != 0, en = electrode[n] != 0;
    if (ep && en) return;
    if (ep) {
      power[n] += w;
    } else if (en) {
      power[p] += w;
    } else {
      power[p] += 0.5 * w;
      power[n] += 0.5 * w;
    }
  };
  const auto edge = [&](std::size_t p, double conductance, const Edge& e) {
    if (!e.held || electrode[p] != 0) return;
    power[p] += conductance * (phi[p] - e.value) * (phi[p] - e.value);
  };
  const double pi = std::numbers::pi;
  for (int k = 0; k < g.nz; ++k) {
    for (int i = 0; i < g.nr; ++i) {
      const std::size_t p = g.index(i, k);
      const double radial_area = 2.0 * pi * (i + 1.0) * g.dr_m * g.dz_m;
      if (i + 1 < g.nr) {
        const std::size_t n = g.index(i + 1, k);
        face(p, n, harmonic_mean(c[p], c[n]) * radial_area / g.dr_m);
      } else {
        edge(p, c[p] * radial_area / (0.5 * g.dr_m), edges.outer);
      }
      const double axial_area = pi * ((i + 1.0) * (i + 1.0) - 1.0 * i * i) * g.dr_m * g.dr_m;
      if (k + 1 < g.nz) {
        const std::size_t n = g.index(i, k + 1);
        face(p, n, harmonic_mean(c[p], c[n]) * axial_area / g.dz_m);
      } else {
        edge(p, c[p] * axial_area / (0.5 * g.dz_m), edges.bottom);
      }
      if (k == 0) edge(p, c[p] * axial_area / (0.5 * g.dz_m), edges.top);
    }
  }
  std::vector<double> q(g.size(), 0.0);
  for (int k = 0; k < g.nz; ++k)
    for (int i = 0; i < g.nr; ++i) q[g.index(i, k)] = power[g.index(i, k)] / g.volume_m3(i);
  return q;
}

}  // namespace citsim::thermal
