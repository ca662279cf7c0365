#include "citsim/thermal/electric.hpp"

#include <complex>

#include <Eigen/SparseCholesky>
#include <Eigen/SparseLU>

#include "citsim/thermal/conductance.hpp"

#include "citsim/core/error.hpp"

namespace citsim::thermal {
namespace {

using Complex = std::complex<double>;

/// The electrode conducts like metal: its cells' coefficient far above any
/// tissue's, so a face between the electrode and tissue conducts over the
/// tissue's half cell only, and the electrode's surface lies on the faces of
/// its cells (not at their centres).
template <class T>
std::vector<T> with_metal(std::vector<T> c, const std::vector<int>& electrode) {
  constexpr double kMetal = 1.0e6;  // S/m, against tissue's 0.01-1
  for (std::size_t p = 0; p < c.size(); ++p) {
    if (electrode[p] != 0) c[p] = T(kMetal);
  }
  return c;
}

double real_part(double v) { return v; }
double real_part(Complex v) { return v.real(); }
double squared_magnitude(double v) { return v * v; }
double squared_magnitude(Complex v) { return std::norm(v); }

/// The potential for coefficient `c` (conductivity, or admittivity): a
/// symmetric system, solved by LDLT when real, by LU when complex.
template <class T>
std::pair<std::vector<T>, T> solve(const AxiGrid& g, const std::vector<T>& coefficient,
                                   const std::vector<int>& electrode, double volts,
                                   const Edges& edges) {
  using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
  CITSIM_ASSERT(electrode.size() == g.size() && coefficient.size() == g.size(),
                "one electrode flag and coefficient per cell");
  const BasicOperator<T> op = conductance_operator(g, with_metal(coefficient, electrode), edges);
  const auto n = static_cast<Eigen::Index>(g.size());
  // Electrode cells are known: move their couplings to the right-hand side
  // and keep their rows as identities (the system stays symmetric).
  Vector known = Vector::Zero(n);
  for (Eigen::Index p = 0; p < n; ++p) {
    if (electrode[static_cast<std::size_t>(p)] != 0) known[p] = T(volts);
  }
  Vector rhs = op.b - op.L * known;
  std::vector<Eigen::Triplet<T>> t;
  for (int col = 0; col < op.L.outerSize(); ++col) {
    for (typename Eigen::SparseMatrix<T>::InnerIterator it(op.L, col); it; ++it) {
      const bool fixed_row = electrode[static_cast<std::size_t>(it.row())] != 0;
      const bool fixed_col = electrode[static_cast<std::size_t>(it.col())] != 0;
      if (!fixed_row && !fixed_col) t.emplace_back(it.row(), it.col(), it.value());
    }
  }
  for (Eigen::Index p = 0; p < n; ++p) {
    if (electrode[static_cast<std::size_t>(p)] != 0) {
      t.emplace_back(p, p, T(1));
      rhs[p] = T(volts);
    }
  }
  Eigen::SparseMatrix<T> A(n, n);
  A.setFromTriplets(t.begin(), t.end());
  Vector phi;
  if constexpr (std::is_same_v<T, double>) {
    Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> solver(A);
    if (solver.info() != Eigen::Success)
      throw Error("rf: the potential's system could not be factored");
    phi = solver.solve(rhs);
  } else {
    Eigen::SparseLU<Eigen::SparseMatrix<T>> solver;
    solver.compute(A);
    if (solver.info() != Eigen::Success)
      throw Error("rf: the potential's system could not be factored");
    phi = solver.solve(rhs);
  }
  // The current: the flux out of the electrode cells into the tissue.
  const Vector flux = op.L * phi - op.b;
  T current = T(0);
  for (Eigen::Index p = 0; p < n; ++p) {
    if (electrode[static_cast<std::size_t>(p)] != 0) current += flux[p];
  }
  return {std::vector<T>(phi.data(), phi.data() + n), current};
}

/// The power dissipated across each face, Re(G) |phi_P - phi_N|^2, shared
/// equally by two tissue cells, all to the tissue cell where the neighbour is
/// the electrode or a held edge: the cells' heat adds up to Re(V I*) exactly.
template <class T>
std::vector<double> heat(const AxiGrid& g, const std::vector<T>& coefficient,
                         const std::vector<T>& phi, const std::vector<int>& electrode,
                         const Edges& edges) {
  const std::vector<T> c = with_metal(coefficient, electrode);
  std::vector<double> power(g.size(), 0.0);
  const auto face = [&](std::size_t p, std::size_t n, T conductance) {
    const double w = real_part(conductance) * squared_magnitude(phi[p] - phi[n]);
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
  const auto edge = [&](std::size_t p, T conductance, const Edge& e) {
    if (electrode[p] != 0) return;
    power[p] += real_part(conductance) * squared_magnitude(phi[p] - T(e.value));
  };
  for_each_face(g, c, edges, face, edge);
  std::vector<double> q(g.size(), 0.0);
  for (int k = 0; k < g.nz; ++k)
    for (int i = 0; i < g.nr; ++i) q[g.index(i, k)] = power[g.index(i, k)] / g.volume_m3(i);
  return q;
}

std::vector<Complex> admittivity(const std::vector<double>& sigma,
                                 const std::vector<double>& omega_eps) {
  std::vector<Complex> y(sigma.size());
  for (std::size_t p = 0; p < y.size(); ++p) y[p] = Complex(sigma[p], omega_eps[p]);
  return y;
}

}  // namespace

Potential solve_potential(const AxiGrid& g, const std::vector<double>& sigma,
                          const std::vector<int>& electrode, double volts, const Edges& edges) {
  auto [phi, current] = solve(g, sigma, electrode, volts, edges);
  return Potential{std::move(phi), current};
}

std::vector<double> joule_heat(const AxiGrid& g, const std::vector<double>& sigma,
                               const std::vector<double>& phi, const std::vector<int>& electrode,
                               const Edges& edges) {
  return heat(g, sigma, phi, electrode, edges);
}

AcPotential solve_potential_ac(const AxiGrid& g, const std::vector<double>& sigma,
                               const std::vector<double>& omega_eps,
                               const std::vector<int>& electrode, double volts,
                               const Edges& edges) {
  auto [phi, current] = solve(g, admittivity(sigma, omega_eps), electrode, volts, edges);
  return AcPotential{std::move(phi), current};
}

std::vector<double> joule_heat_ac(const AxiGrid& g, const std::vector<double>& sigma,
                                  const std::vector<double>& omega_eps,
                                  const std::vector<std::complex<double>>& phi,
                                  const std::vector<int>& electrode, const Edges& edges) {
  return heat(g, admittivity(sigma, omega_eps), phi, electrode, edges);
}

}  // namespace citsim::thermal
