// The conductance operator of the axisymmetric grid (axisym.hpp), as an
// Eigen sparse matrix: included by the solvers' sources only.
//
//   Operator op = conductance_operator(g, sigma, edges);   // (L u)_P = sum_f G_f (u_P - u_f)
#pragma once

#include <complex>
#include <numbers>
#include <vector>

#include <Eigen/SparseCore>

#include "citsim/thermal/axisym.hpp"

namespace citsim::thermal {

/// L (symmetric, positive semi-definite; definite once an edge is held) and
/// the right-hand side b of the held edges: the balance of cell P is
/// (L u)_P - b_P = sum over faces of the flux out of P.
template <class T>
struct BasicOperator {
  Eigen::SparseMatrix<T> L;
  Eigen::Matrix<T, Eigen::Dynamic, 1> b;
};
using Operator = BasicOperator<double>;
/// With complex coefficients (admittivity sigma + j omega eps): symmetric,
/// not Hermitian.
using ComplexOperator = BasicOperator<std::complex<double>>;

/// Visits every face of the grid once with its conductance: `couple(p, q, G)`
/// for a face between cells p and q (the harmonic mean of their
/// coefficients times the face's area over the distance between their
/// centres), `hold(p, G, edge)` for a face on a held edge (the half cell's
/// conductance). The one place the grid's geometry meets the coefficients.
template <class T, class Couple, class Hold>
void for_each_face(const AxiGrid& g, const std::vector<T>& c, const Edges& edges, Couple&& couple,
                   Hold&& hold) {
  const auto harmonic = [](T a, T b) { return a + b != T(0) ? T(2) * a * b / (a + b) : T(0); };
  const auto held = [&](std::size_t p, T conductance, const Edge& e) {
    if (e.held) hold(p, conductance, e);
  };
  const double pi = std::numbers::pi;
  for (int k = 0; k < g.nz; ++k) {
    for (int i = 0; i < g.nr; ++i) {
      const std::size_t p = g.index(i, k);
      // Radial face at r = (i + 1) dr: area 2 pi r dz, distance dr.
      const double radial_area = 2.0 * pi * (i + 1.0) * g.dr_m * g.dz_m;
      if (i + 1 < g.nr) {
        const std::size_t q = g.index(i + 1, k);
        couple(p, q, harmonic(c[p], c[q]) * radial_area / g.dr_m);
      } else {
        held(p, c[p] * radial_area / (0.5 * g.dr_m), edges.outer);
      }
      // Axial faces: area of the ring, distance dz.
      const double axial_area = pi * ((i + 1.0) * (i + 1.0) - 1.0 * i * i) * g.dr_m * g.dr_m;
      if (k + 1 < g.nz) {
        const std::size_t q = g.index(i, k + 1);
        couple(p, q, harmonic(c[p], c[q]) * axial_area / g.dz_m);
      } else {
        held(p, c[p] * axial_area / (0.5 * g.dz_m), edges.bottom);
      }
      if (k == 0) held(p, c[p] * axial_area / (0.5 * g.dz_m), edges.top);
    }
  }
}

/// The operator of div(c grad u) on `grid` for the cell coefficient `c`
/// (one per cell, >= 0) and `edges`.
Operator conductance_operator(const AxiGrid& grid, const std::vector<double>& c,
                              const Edges& edges);
ComplexOperator conductance_operator(const AxiGrid& grid,
                                     const std::vector<std::complex<double>>& c,
                                     const Edges& edges);

}  // namespace citsim::thermal
