// The conductance operator of the axisymmetric grid (axisym.hpp), as an
// Eigen sparse matrix: included by the solvers' sources only.
//
//   Operator op = conductance_operator(g, sigma, edges);   // (L u)_P = sum_f G_f (u_P - u_f)
#pragma once

#include <vector>

#include <Eigen/SparseCore>

#include "citsim/thermal/axisym.hpp"

namespace citsim::thermal {

/// L (symmetric, positive semi-definite; definite once an edge is held) and
/// the right-hand side b of the held edges: the balance of cell P is
/// (L u)_P - b_P = sum over faces of the flux out of P.
struct Operator {
  Eigen::SparseMatrix<double> L;
  Eigen::VectorXd b;
};

/// The operator of div(c grad u) on `grid` for the cell coefficient `c`
/// (one per cell, >= 0) and `edges`.
Operator conductance_operator(const AxiGrid& grid, const std::vector<double>& c,
                              const Edges& edges);

}  // namespace citsim::thermal
