#include "citsim/healing/baseline.hpp"

namespace citsim {

BaselineMatrix baseline_matrix(const HealingParams& p) {
  const double f = p[Param::collagen_III_fraction];
  const double rho = p[Param::collagen_III_degradation_ratio];
  const double k_deg = p[Param::collagen_half_life];
  const double k_mat = p[Param::collagen_maturation_half_life];
  BaselineMatrix b;
  b.III_share = f / ((1.0 - f) / rho + f);
  b.synthesis_per_s = k_deg / (b.III_share / rho + 1.0 - b.III_share);
  b.collagen_I = 1.0 - f;
  b.collagen_III = f;
  b.new_collagen_I = (1.0 - b.III_share) * b.synthesis_per_s / k_mat;
  b.new_collagen_III = b.III_share * b.synthesis_per_s / k_mat;
  return b;
}

}  // namespace citsim
