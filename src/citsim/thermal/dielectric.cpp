#include "citsim/thermal/dielectric.hpp"

#include <cmath>
#include <complex>
#include <numbers>

namespace citsim::thermal {

Dielectric dielectric_at(const ColeCole& t, double frequency_hz) {
  constexpr double kEps0 = 8.8541878128e-12;  // F/m
  const double w = 2.0 * std::numbers::pi * frequency_hz;
  const std::complex<double> j(0.0, 1.0);
  std::complex<double> eps = t.eps_inf + t.sigma_ionic / (j * w * kEps0);
  for (std::size_t n = 0; n < 4; ++n) {
    if (t.delta[n] == 0.0) continue;
    eps += t.delta[n] / (1.0 + std::pow(j * w * t.tau_s[n], 1.0 - t.alpha[n]));
  }
  Dielectric d;
  d.relative_permittivity = eps.real();
  d.conductivity_s_m = -w * kEps0 * eps.imag();
  d.displacement_ratio = w * kEps0 * d.relative_permittivity / d.conductivity_s_m;
  return d;
}

}  // namespace citsim::thermal
