#include "citsim/thermal/conductance.hpp"

#include <numbers>

#include "citsim/core/error.hpp"

namespace citsim::thermal {
namespace {

double harmonic(double a, double b) { return a + b > 0.0 ? 2.0 * a * b / (a + b) : 0.0; }

}  // namespace

double AxiGrid::volume_m3(int i) const {
  return std::numbers::pi * ((i + 1.0) * (i + 1.0) - 1.0 * i * i) * dr_m * dr_m * dz_m;
}

Operator conductance_operator(const AxiGrid& g, const std::vector<double>& c, const Edges& edges) {
  CITSIM_ASSERT(c.size() == g.size() && g.nr > 0 && g.nz > 0, "one coefficient per cell");
  const auto n = static_cast<Eigen::Index>(g.size());
  std::vector<Eigen::Triplet<double>> t;
  t.reserve(g.size() * 5);
  Eigen::VectorXd diag = Eigen::VectorXd::Zero(n);
  Eigen::VectorXd b = Eigen::VectorXd::Zero(n);
  const double pi = std::numbers::pi;
  const auto couple = [&](std::size_t p, std::size_t q, double conductance) {
    const auto ip = static_cast<Eigen::Index>(p), iq = static_cast<Eigen::Index>(q);
    diag[ip] += conductance;
    diag[iq] += conductance;
    t.emplace_back(ip, iq, -conductance);
    t.emplace_back(iq, ip, -conductance);
  };
  const auto hold = [&](std::size_t p, double conductance, const Edge& e) {
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
  Operator op;
  op.L.resize(n, n);
  op.L.setFromTriplets(t.begin(), t.end());
  op.b = std::move(b);
  return op;
}

}  // namespace citsim::thermal
