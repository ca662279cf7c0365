#include "citsim/thermal/arrhenius.hpp"

#include <cmath>

#include "citsim/core/error.hpp"

namespace citsim::thermal {

double damage_rate(double t_c, const ArrheniusParams& p) {
  const double kelvin = t_c + 273.15;
  CITSIM_ASSERT(kelvin > 0.0, "a temperature above absolute zero");
  return p.frequency_factor_per_s * std::exp(-p.activation_energy_j_mol / (kGasConstant * kelvin));
}

double time_to_coagulation_s(double t_c, const ArrheniusParams& p) {
  return 1.0 / damage_rate(t_c, p);
}

void accumulate_damage(std::vector<double>& omega, const std::vector<double>& t_before_c,
                       const std::vector<double>& t_after_c, double dt_s,
                       const ArrheniusParams& p) {
  CITSIM_ASSERT(omega.size() == t_before_c.size() && omega.size() == t_after_c.size(),
                "one temperature per cell");
  for (std::size_t i = 0; i < omega.size(); ++i) {
    omega[i] += 0.5 * dt_s * (damage_rate(t_before_c[i], p) + damage_rate(t_after_c[i], p));
  }
}

}  // namespace citsim::thermal
