// What a run may cost, estimated from the case before any work starts, and
// refused when it is more than the limits allow (docs/user-guide.md,
// "Limits"): memory for the injury blocks, the healing mesh, the channels
// and the ensemble's members at once; time from the same counts and the
// cost of each, measured on this project's reference machine.
//
//   const RunCost cost = estimate_run_cost(c, model_data, {.ensemble = 20, .threads = 8});
//   check_run_cost(cost, RunLimits{});   // throws Error naming the key and the limit
#pragma once

#include <string>

#include "citsim/pipeline/case.hpp"
#include "citsim/pipeline/model_data.hpp"

namespace citsim {

struct RunLimits {
  double memory_gib = 4.0;  ///< --max-memory-gib
  double minutes = 60.0;    ///< --max-minutes (estimated, one core)
};

struct RunShape {
  int ensemble = 0;  ///< members besides the nominal run
  int threads = 1;   ///< members run at once
  int courses = 1;   ///< courses of the same size (a plan's alternatives)
  /// Whether the summary's injury field (the first session's, made before the
  /// course) is kept while the course runs; the command line writes it out
  /// and frees it first (Simulation::release_injury_field).
  bool keeps_injury_field = true;
};

struct RunCost {
  double memory_bytes = 0.0;
  double seconds = 0.0;        ///< on one core
  double channels = 0.0;       ///< per session, on the patch
  double injury_voxels = 0.0;  ///< the summary's injury block
  double healing_cells = 0.0;
  double steps = 0.0;
  std::string memory_key;       ///< the case key that drives the memory most
  std::string time_key;         ///< ... and the time
  std::string summary() const;  ///< "about 120 MiB and 3 s"
};

RunCost estimate_run_cost(const Case& c, const ModelData& data, const RunShape& shape);

/// Throws Error when `cost` exceeds `limits`: one line naming the key that
/// drives the cost, the estimate, the limit and the option that raises it.
void check_run_cost(const RunCost& cost, const RunLimits& limits);

}  // namespace citsim
