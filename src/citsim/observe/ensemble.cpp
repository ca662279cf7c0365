#include "citsim/observe/ensemble.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <sstream>
#include <string>
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

std::vector<std::vector<std::vector<ObservableRow>>> run_members(
    const std::vector<CourseSpec>& specs, int members, int threads,
    const std::function<void(int)>& progress, std::stop_token stop, const std::vector<int>& trunks,
    const std::vector<int>& member_counts) {
  CITSIM_ASSERT(members >= 1, "an ensemble has members");
  CITSIM_ASSERT(trunks.empty() || trunks.size() == specs.size(), "a trunk (or -1) per course");
  CITSIM_ASSERT(member_counts.empty() || member_counts.size() == specs.size(),
                "a member count per course");
  const auto count = [&](std::size_t c) {
    return static_cast<std::size_t>(member_counts.empty() ? members : member_counts[c]);
  };
  for (std::size_t c = 0; c < specs.size(); ++c) {
    CITSIM_ASSERT(count(c) >= 1 && count(c) <= static_cast<std::size_t>(members),
                  "a course's members are 1 to `members`");
  }
  // Where each course parts from its trunk (-1: it runs whole), and the
  // courses that continue from each course's run.
  std::vector<std::int64_t> fork(specs.size(), -1);
  std::vector<std::vector<std::size_t>> branches(specs.size());
  std::vector<std::size_t> whole;  // the courses run from their first tick
  for (std::size_t c = 0; c < specs.size(); ++c) {
    const int t = trunks.empty() ? -1 : trunks[c];
    CITSIM_ASSERT(t < static_cast<int>(c) && (t < 0 || trunks[static_cast<std::size_t>(t)] < 0),
                  "a trunk is an earlier course that has none itself");
    if (t >= 0) {
      const auto tc = static_cast<std::size_t>(t);
      if (specs[tc].seed == specs[c].seed && count(c) <= count(tc)) {
        fork[c] = course_shared_prefix_tick(specs[tc], specs[c]);
      }
    }
    if (fork[c] > 0) {
      branches[static_cast<std::size_t>(t)].push_back(c);
    } else {
      whole.push_back(c);
    }
  }
  for (auto& b : branches) {
    std::stable_sort(b.begin(), b.end(),
                     [&](std::size_t x, std::size_t y) { return fork[x] < fork[y]; });
  }
  std::vector<std::vector<std::vector<ObservableRow>>> rows(specs.size());
  for (std::size_t c = 0; c < specs.size(); ++c) rows[c].resize(count(c));
  // The work units: (course run whole, member), a course's members together.
  std::vector<std::pair<std::size_t, int>> units;
  for (std::size_t c : whole) {
    for (std::size_t m = 0; m < count(c); ++m) units.emplace_back(c, static_cast<int>(m));
  }
  std::atomic<int> finished{0};
  const auto finish = [&] {
    const int done = ++finished;
    if (progress) progress(done);
  };
  // Courses differ in cost (sessions, follow-up): handed out one at a time,
  // a course with its branches as one.
  parallel_for_dynamic(0, static_cast<std::int64_t>(units.size()), threads, [&](std::int64_t n) {
    if (stop.stop_requested()) throw Cancelled();
    const auto [c, m] = units[static_cast<std::size_t>(n)];
    CourseRun run(member_spec(specs[c], m), 1);
    run.set_stop_token(stop);
    // The branches this member has (a branch may have fewer members).
    std::vector<std::size_t> mine;
    for (std::size_t b : branches[c]) {
      if (static_cast<std::size_t>(m) < count(b)) mine.push_back(b);
    }
    std::vector<std::string> states;
    for (std::size_t b : mine) {
      run.advance_to(fork[b]);
      std::ostringstream state;
      run.save_state(state);
      states.push_back(std::move(state).str());
    }
    run.run_to_end();
    rows[c][static_cast<std::size_t>(m)] = run.rows();
    finish();
    for (std::size_t k = 0; k < mine.size(); ++k) {
      const std::size_t b = mine[k];
      CourseRun branch(member_spec(specs[b], m), 1);
      branch.set_stop_token(stop);
      std::istringstream state(states[k]);
      branch.load_state(state);
      branch.run_to_end();
      rows[b][static_cast<std::size_t>(m)] = branch.rows();
      finish();
    }
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
