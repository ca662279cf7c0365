// The cascade's local steps as first written, cell by cell: kept as the
// oracle that react and deposit_orientation (cascade.cpp, rewritten to
// vectorise) are checked against bit for bit, and as the benchmarks'
// baseline; the engine does not use them.
#pragma once

#include "citsim/healing/params.hpp"
#include "citsim/healing/tissue.hpp"

namespace citsim::detail {

/// The same contract and result as react.
void react_reference(Tissue& tissue, const HealingParams& p, double dt_s, int threads);

/// The same contract and result as deposit_orientation.
void deposit_orientation_reference(Tissue& tissue, const HealingParams& p, double dt_s);

}  // namespace citsim::detail
