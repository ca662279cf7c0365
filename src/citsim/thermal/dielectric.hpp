// Tissue dielectric properties at a frequency from the four-term Cole-Cole
// dispersion of Gabriel, Lau & Gabriel 1996 (Phys Med Biol 41:2271, the
// relations the IT'IS database's values come from):
//
//   eps*(w) = eps_inf + sum_n d_n / (1 + (j w tau_n)^(1 - a_n)) + sigma_i / (j w eps0)
//
// The conductivity is w eps0 (-Im eps*), the relative permittivity Re eps*.
//
//   Dielectric d = dielectric_at(wet_skin, 1.0e6);  // d.conductivity_s_m = 0.221
#pragma once

#include <array>

namespace citsim::thermal {

struct ColeCole {
  double eps_inf = 1.0;
  std::array<double, 4> delta{};  ///< d_n
  std::array<double, 4> tau_s{};  ///< tau_n, s
  std::array<double, 4> alpha{};  ///< a_n
  double sigma_ionic = 0.0;       ///< S/m
};

struct Dielectric {
  double conductivity_s_m = 0.0;
  double relative_permittivity = 1.0;
  /// omega eps0 eps_r / sigma: the displacement current against the conduction current.
  double displacement_ratio = 0.0;
};

Dielectric dielectric_at(const ColeCole& tissue, double frequency_hz);

}  // namespace citsim::thermal
