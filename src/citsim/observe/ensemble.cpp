#include "citsim/observe/ensemble.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
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

EnsembleResult run_ensemble(const CourseSpec& spec, int members, int threads,
                            const std::function<void(int)>& progress) {
  CITSIM_ASSERT(members >= 1, "an ensemble has members");
  std::vector<std::vector<ObservableRow>> rows(static_cast<std::size_t>(members));
  std::atomic<int> finished{0};
  parallel_for(0, members, threads, [&](std::int64_t m) {
    CourseSpec member = spec;
    member.params = sample_params(spec.params, spec.seed, static_cast<std::uint64_t>(m));
    member.seed = member_seed(spec.seed, static_cast<int>(m));
    CourseRun run(std::move(member), 1);
    run.run_to_end();
    rows[static_cast<std::size_t>(m)] = run.rows();
    const int done = ++finished;
    if (progress) progress(done);
  });

  EnsembleResult out;
  out.members = members;
  const auto& first = rows.front();
  for (const auto& r : first) out.days.push_back(r.day);
  std::vector<double> values(static_cast<std::size_t>(members));
  for (std::size_t o = 0; o < kObservableCount; ++o) {
    for (std::size_t row = 0; row < first.size(); ++row) {
      for (std::size_t m = 0; m < rows.size(); ++m) values[m] = rows[m][row].values[o];
      out.p10[o].push_back(quantile(values, 0.1));
      out.p50[o].push_back(quantile(values, 0.5));
      out.p90[o].push_back(quantile(values, 0.9));
    }
  }
  out.member_rows = std::move(rows);
  return out;
}

}  // namespace citsim
