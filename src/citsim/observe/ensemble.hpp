// Ensembles: the same course run with parameters drawn from their ranges
// (and each member's own device randomness), summarised as P10/P50/P90 of
// every observable on every reported day.
//
//   EnsembleResult e = run_ensemble(spec, 100, threads);
//   e.p50[index(Observable::collagen_change_pct)][row];
#pragma once

#include <array>
#include <functional>
#include <span>
#include <vector>

#include "citsim/healing/course.hpp"
#include "citsim/healing/observables.hpp"

namespace citsim {

/// The q-quantile (0..1) of `values` by linear interpolation between order
/// statistics (Hyndman & Fan type 7, the default of R and NumPy).
double quantile(std::vector<double> values, double q);

struct EnsembleResult {
  std::vector<double> days;
  /// [observable][row] percentiles across members.
  std::array<std::vector<double>, kObservableCount> p10, p50, p90;
  int members = 0;
  /// Every member's rows, [member][row], for measures computed beside the course.
  std::vector<std::vector<ObservableRow>> member_rows;
};

/// Runs `members` courses; member m uses sample_params(params, seed, m) and
/// device seed mixed from (seed, m). Members run in parallel, one thread
/// each, so results are identical for any `threads`. `progress` (if set) is
/// called with the number of members finished, from the calling thread's
/// point of view in arbitrary order.
EnsembleResult run_ensemble(const CourseSpec& spec, int members, int threads,
                            const std::function<void(int)>& progress = {});

/// The seed of ensemble member m's device randomness.
std::uint64_t member_seed(std::uint64_t seed, int member);

}  // namespace citsim
