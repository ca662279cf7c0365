// Ensembles: the same course run with parameters drawn from their ranges
// (and each member's own device randomness), summarised as P10/P50/P90 of
// every observable on every reported day.
//
//   EnsembleResult e = run_ensemble(spec, 100, threads);
//   e.band(Observable::collagen_change_pct).p50[row];
#pragma once

#include <array>
#include <functional>
#include <span>
#include <stop_token>
#include <vector>

#include "citsim/healing/course.hpp"
#include "citsim/healing/observables.hpp"

namespace citsim {

/// The q-quantile (0..1) of `values` by linear interpolation between order
/// statistics (Hyndman & Fan type 7, the default of R and NumPy).
double quantile(std::vector<double> values, double q);

/// P10, P50 and P90 of one quantity across the members, at every row.
struct Band {
  std::vector<double> p10, p50, p90;
};

/// The band of `value(member, row)` over `members` members at each of `rows`
/// rows (the one place percentiles across members are taken).
Band band_over_members(std::size_t members, std::size_t rows,
                       const std::function<double(std::size_t member, std::size_t row)>& value);

/// Every member's rows of every course, [course][member][row]. Member m of a
/// course uses sample_params(spec.params, spec.seed, m) and the device seed
/// member_seed(spec.seed, m). All members of all courses run in one parallel
/// loop, one thread each, so results are identical for any `threads`.
/// `progress` (if set) is called with the number of courses finished (over
/// all members). Once `stop` is triggered the members stop between steps and
/// Cancelled is thrown.
///
/// `trunks`, when given, names for each course an earlier course (or -1) that
/// it is the same as except for its session days and follow-up: a course with
/// and without its later sessions, one session fewer or more. Member m of
/// such a course continues from a copy of its trunk's member m where the two
/// part (course_shared_prefix_tick) instead of running the shared part again:
/// bit for bit the rows of running it whole. The caller vouches for "the same
/// except", which the specs cannot show; a trunk has no trunk itself.
///
/// `member_counts`, when given, is each course's number of members (1 to
/// `members`; its members are 0 to count - 1); a course continues from its
/// trunk only if the trunk has at least as many.
std::vector<std::vector<std::vector<ObservableRow>>> run_members(
    const std::vector<CourseSpec>& specs, int members, int threads,
    const std::function<void(int)>& progress = {}, std::stop_token stop = {},
    const std::vector<int>& trunks = {}, const std::vector<int>& member_counts = {});

/// Member `member`'s spec of a course: sample_params(spec.params, spec.seed,
/// member) and the device seed member_seed(spec.seed, member).
CourseSpec member_spec(const CourseSpec& spec, int member);

struct EnsembleResult {
  std::vector<double> days;
  std::array<Band, kObservableCount> bands;  ///< per observable
  int members = 0;
  /// Every member's rows, [member][row], for measures computed beside the course.
  std::vector<std::vector<ObservableRow>> member_rows;

  const Band& band(Observable o) const { return bands[static_cast<std::size_t>(o)]; }
};

/// The ensemble of one course: run_members of `spec`, with the band of every
/// observable.
EnsembleResult run_ensemble(const CourseSpec& spec, int members, int threads,
                            const std::function<void(int)>& progress = {});

/// The seed of ensemble member m's device randomness.
std::uint64_t member_seed(std::uint64_t seed, int member);

}  // namespace citsim
