#include "citsim/thermal/conductance.hpp"

#include <numbers>

#include "citsim/core/error.hpp"

namespace citsim::thermal {

double AxiGrid::volume_m3(int i) const {
  return std::numbers::pi * ((i + 1.0) * (i + 1.0) - 1.0 * i * i) * dr_m * dr_m * dz_m;
}

template <class T>
BasicOperator<T> build_operator(const AxiGrid& g, const std::vector<T>& c, const Edges& edges) {
  CITSIM_ASSERT(c.size() == g.size() && g.nr > 0 && g.nz > 0, "one coefficient per cell");
  const auto n = static_cast<Eigen::Index>(g.size());
  std::vector<Eigen::Triplet<T>> t;
  t.reserve(g.size() * 5);
  Eigen::Matrix<T, Eigen::Dynamic, 1> diag = Eigen::Matrix<T, Eigen::Dynamic, 1>::Zero(n);
  Eigen::Matrix<T, Eigen::Dynamic, 1> b = Eigen::Matrix<T, Eigen::Dynamic, 1>::Zero(n);
  const auto couple = [&](std::size_t p, std::size_t q, T conductance) {
    const auto ip = static_cast<Eigen::Index>(p), iq = static_cast<Eigen::Index>(q);
    diag[ip] += conductance;
    diag[iq] += conductance;
    t.emplace_back(ip, iq, -conductance);
    t.emplace_back(iq, ip, -conductance);
  };
  const auto hold = [&](std::size_t p, T conductance, const Edge& e) {
    diag[static_cast<Eigen::Index>(p)] += conductance;
    b[static_cast<Eigen::Index>(p)] += conductance * e.value;
  };
  for_each_face(g, c, edges, couple, hold);
  for (Eigen::Index p = 0; p < n; ++p) t.emplace_back(p, p, diag[p]);
  BasicOperator<T> op;
  op.L.resize(n, n);
  op.L.setFromTriplets(t.begin(), t.end());
  op.b = std::move(b);
  return op;
}

Operator conductance_operator(const AxiGrid& g, const std::vector<double>& c, const Edges& edges) {
  return build_operator(g, c, edges);
}

ComplexOperator conductance_operator(const AxiGrid& g, const std::vector<std::complex<double>>& c,
                                     const Edges& edges) {
  return build_operator(g, c, edges);
}

}  // namespace citsim::thermal
