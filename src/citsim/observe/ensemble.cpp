#include "citsim/observe/ensemble.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <sstream>
#include <utility>

#include "citsim/core/error.hpp"
#include "citsim/core/parallel.hpp"
#include "citsim/core/rng.hpp"

namespace citsim {

double quantile(std::vector<double> values, double q) {
  CITSIM_ASSERT(!values.empty(), "a quantile of no values");
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1.0) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
}

std::uint64_t member_seed(std::uint64_t seed, int member) {
  return CounterRng(seed, RngPurpose::ensemble_member, static_cast<std::uint64_t>(member), 1)
      .next_u64();
}

Band band_over_members(std::size_t members, std::size_t rows,
                       const std::function<double(std::size_t, std::size_t)>& value) {
  CITSIM_ASSERT(members >= 1, "a band over members has members");
  Band band;
  band.p10.reserve(rows);
  band.p50.reserve(rows);
  band.p90.reserve(rows);
  std::vector<double> values(members);
  for (std::size_t row = 0; row < rows; ++row) {
    for (std::size_t m = 0; m < members; ++m) values[m] = value(m, row);
    band.p10.push_back(quantile(values, 0.1));
    band.p50.push_back(quantile(values, 0.5));
    band.p90.push_back(quantile(values, 0.9));
  }
  return band;
}

CourseSpec member_spec(const CourseSpec& spec, int member) {
  CourseSpec out = spec;
  out.params = sample_params(spec.params, spec.seed, static_cast<std::uint64_t>(member));
  out.seed = member_seed(spec.seed, member);
  return out;
}

std::vector<std::vector<std::vector<ObservableRow>>> run_forked_members(
    const CourseSpec& a, const CourseSpec& b, int members, int threads,
    const std::function<void(int)>& progress, std::stop_token stop) {
  CITSIM_ASSERT(members >= 1, "an ensemble has members");
  const std::int64_t fork = course_shared_prefix_tick(a, b);
  if (fork <= 0 || a.seed != b.seed) return run_members({a, b}, members, threads, progress, stop);
  const auto n = static_cast<std::size_t>(members);
  std::vector<std::vector<std::vector<ObservableRow>>> rows(
      2, std::vector<std::vector<ObservableRow>>(n));
  std::atomic<int> finished{0};
  parallel_for_dynamic(0, static_cast<std::int64_t>(n), threads, [&](std::int64_t k) {
    if (stop.stop_requested()) throw Cancelled();
    const auto m = static_cast<std::size_t>(k);
    CourseRun first(member_spec(a, static_cast<int>(m)), 1);
    first.set_stop_token(stop);
    first.advance_to(fork);
    std::stringstream state;
    first.save_state(state);
    CourseRun second(member_spec(b, static_cast<int>(m)), 1);
    second.set_stop_token(stop);
    second.load_state(state);
    first.run_to_end();
    second.run_to_end();
    rows[0][m] = first.rows();
    rows[1][m] = second.rows();
    const int done = (finished += 2);
    if (progress) progress(done);
  });
  return rows;
}

std::vector<std::vector<std::vector<ObservableRow>>> run_members(
    const std::vector<CourseSpec>& specs, int members, int threads,
    const std::function<void(int)>& progress, std::stop_token stop) {
  CITSIM_ASSERT(members >= 1, "an ensemble has members");
  const auto per_course = static_cast<std::size_t>(members);
  std::vector<std::vector<std::vector<ObservableRow>>> rows(
      specs.size(), std::vector<std::vector<ObservableRow>>(per_course));
  std::atomic<int> finished{0};
  // Courses differ in cost (sessions, follow-up): handed out one at a time.
  parallel_for_dynamic(0, static_cast<std::int64_t>(specs.size() * per_course), threads,
                       [&](std::int64_t n) {
                         if (stop.stop_requested()) throw Cancelled();
                         const auto c = static_cast<std::size_t>(n) / per_course;
                         const auto m = static_cast<std::size_t>(n) % per_course;
                         CourseRun run(member_spec(specs[c], static_cast<int>(m)), 1);
                         run.set_stop_token(stop);
                         run.run_to_end();
                         rows[c][m] = run.rows();
                         const int done = ++finished;
                         if (progress) progress(done);
                       });
  return rows;
}

EnsembleResult run_ensemble(const CourseSpec& spec, int members, int threads,
                            const std::function<void(int)>& progress) {
  std::vector<std::vector<ObservableRow>> rows =
      std::move(run_members({spec}, members, threads, progress).front());
  EnsembleResult out;
  out.members = members;
  for (const auto& r : rows.front()) out.days.push_back(r.day);
  for (std::size_t o = 0; o < kObservableCount; ++o) {
    out.bands[o] =
        band_over_members(rows.size(), rows.front().size(),
                          [&](std::size_t m, std::size_t row) { return rows[m][row].values[o]; });
  }
  out.member_rows = std::move(rows);
  return out;
}

}  // namespace citsim
