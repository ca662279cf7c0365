// The conductance operator of the axisymmetric grid (axisym.hpp), as an
// Eigen sparse matrix: included by the solvers' sources only.
//
//   Operator op = conductance_operator(g, sigma, edges);   // (L u)_P = sum_f G_f (u_P - u_f)
#pragma once

#include <complex>
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

/// The operator of div(c grad u) on `grid` for the cell coefficient `c`
/// (one per cell, >= 0) and `edges`.
Operator conductance_operator(const AxiGrid& grid, const std::vector<double>& c,
                              const Edges& edges);
ComplexOperator conductance_operator(const AxiGrid& grid,
                                     const std::vector<std::complex<double>>& c,
                                     const Edges& edges);

}  // namespace citsim::thermal
