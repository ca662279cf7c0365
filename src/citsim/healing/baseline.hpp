// The healthy steady state the cascade starts from and returns to: the
// collagen synthesis that balances turnover with the data's I/III split, and
// the small pools of new, not yet matured collagen it implies.
#pragma once

#include "citsim/healing/params.hpp"

namespace citsim {

struct BaselineMatrix {
  double collagen_I = 0.8;  ///< mature fibres, relative to total mature collagen
  double collagen_III = 0.2;
  double new_collagen_I = 0.0;  ///< newly made, not yet matured
  double new_collagen_III = 0.0;
  double synthesis_per_s = 0.0;  ///< fibroblast synthesis rate at baseline
  double III_share = 0.2;        ///< share of collagen III in baseline synthesis
};

/// With collagen III degraded rho times faster than I, an equilibrium III
/// fraction f needs a synthesis share x = f / ((1 - f) / rho + f), and a
/// synthesis rate k_deg / (x / rho + 1 - x) keeps total mature collagen at 1.
BaselineMatrix baseline_matrix(const HealingParams& p);

}  // namespace citsim
