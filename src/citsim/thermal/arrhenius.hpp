// Thermal damage: the Henriques-Moritz integral
//
//   Omega(t) = integral of A exp(-Ea / (R T(t))) dt
//
// (T in kelvin); Omega >= 1 is coagulation (63 % of the protein denatured).
// A and Ea for skin from SCIENCE.md: A = 3.1e98 1/s, Ea = 6.28e5 J/mol
// (Henriques 1947 as used by Diller; Omega = 1 after about 0.95 s at 60 C,
// 1.3 ms at 70 C).
#pragma once

#include <vector>

namespace citsim::thermal {

struct ArrheniusParams {
  double frequency_factor_per_s = 3.1e98;   ///< A
  double activation_energy_j_mol = 6.28e5;  ///< Ea
};

inline constexpr double kGasConstant = 8.314462618;  ///< J/mol/K

/// dOmega/dt at `t_c` (deg C).
double damage_rate(double t_c, const ArrheniusParams& p = {});

/// The time (s) to Omega = 1 held at `t_c`.
double time_to_coagulation_s(double t_c, const ArrheniusParams& p = {});

/// Adds one step of `dt_s` to `omega` (per cell), the rate taken as the mean
/// of its values at the step's two ends (trapezoid).
void accumulate_damage(std::vector<double>& omega, const std::vector<double>& t_before_c,
                       const std::vector<double>& t_after_c, double dt_s,
                       const ArrheniusParams& p = {});

}  // namespace citsim::thermal
