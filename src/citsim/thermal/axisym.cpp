#include "citsim/thermal/conductance.hpp"

#include <complex>
#include <numbers>

#include "citsim/core/error.hpp"

namespace citsim::thermal {
namespace {

template <class T>
T harmonic(T a, T b) {
  return a + b != T(0) ? T(2) * a * b / (a + b) : T(0);
}

}  // namespace

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
  const double pi = std::numbers::pi;
  const auto couple = [&](std::size_t p, std::size_t q, T conductance) {
    const auto ip = static_cast<Eigen::Index>(p), iq = static_cast<Eigen::Index>(q);
    diag[ip] += conductance;
    diag[iq] += conductance;
    t.emplace_back(ip, iq, -conductance);
    t.emplace_back(iq, ip, -conductance);
  };
  const auto hold = [&](std::size_t p, T conductance, const Edge& e) {
    if (!e.held) return;
    diag[static_cast<Eigen::Index>(p)] += conductance;
    b[static_cast<Eigen::Index>(p)] += conductance * e.value;
  };
  for (int k = 0; k < g.nz; ++k) {
    for (int i = 0; i < g.nr; ++i) {
      const std::size_t p = g.index(i, k);
      // Radial face at r = (i + 1) dr: area 2 pi r dz, distance dr.
      const double radial_area = 2.0 * pi * (i + 1.0) * g.dr_m * g.dz_m;
      if (i + 1 < g.nr) {
        couple(p, g.index(i + 1, k), harmonic(c[p], c[g.index(i + 1, k)]) * radial_area / g.dr_m);
      } else {
        hold(p, c[p] * radial_area / (0.5 * g.dr_m), edges.outer);
      }
      // Axial faces: area of the ring, distance dz.
      const double axial_area = pi * ((i + 1.0) * (i + 1.0) - 1.0 * i * i) * g.dr_m * g.dr_m;
      if (k + 1 < g.nz) {
        couple(p, g.index(i, k + 1), harmonic(c[p], c[g.index(i, k + 1)]) * axial_area / g.dz_m);
      } else {
        hold(p, c[p] * axial_area / (0.5 * g.dz_m), edges.bottom);
      }
      if (k == 0) hold(p, c[p] * axial_area / (0.5 * g.dz_m), edges.top);
    }
  }
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
