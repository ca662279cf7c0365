// One model, two fidelities; reproducibility on any thread count; exact
// restart from a checkpoint; ensembles.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <stop_token>

#include "citsim/core/error.hpp"
#include "citsim/observe/ensemble.hpp"
#include "tests/healing/fixtures.hpp"

namespace citsim {
namespace {

using test::example_spec;
using test::row_at;
using test::run_rows;

CourseSpec full_spec(CourseSpec spec) {
  spec.fidelity = Fidelity::full;
  spec.block_um = 1000.0;
  spec.full_cell_um = 50.0;
  return spec;
}

// The plan fidelity (axisymmetric unit cell around a representative channel)
// must agree with the full 3D block holding the session's real channels.
// Tolerance: 3 percentage points or 20 % of the value for the contract's
// matrix observables, and 0.05 for the fractions.
TEST(Fidelity, PlanAgreesWithFullOnTheContractObservables) {
  const auto plan = example_spec("pen-cheek-rejuvenation", {.sessions = 2, .follow_up_days = 60});
  const auto plan_rows = run_rows(plan);
  const auto full_rows = run_rows(full_spec(plan), 2);
  ASSERT_EQ(plan_rows.size(), full_rows.size());
  for (double day : {1.0, 7.0, 30.0, 45.0, 90.0}) {
    const auto& p = row_at(plan_rows, day);
    const auto& f = row_at(full_rows, day);
    for (Observable o :
         {Observable::collagen_change_pct, Observable::collagen_I_change_pct,
          Observable::collagen_III_change_pct, Observable::elastin_change_pct,
          Observable::epidermal_thickness_change_pct, Observable::dermal_thickness_change_pct}) {
      EXPECT_NEAR(f[o], p[o], std::max(3.0, 0.2 * std::abs(p[o])))
          << observable_names()[static_cast<std::size_t>(o)] << " day " << day;
    }
    EXPECT_NEAR(f[Observable::erythema], p[Observable::erythema], 0.05) << day;
    EXPECT_NEAR(f[Observable::open_channels_fraction], p[Observable::open_channels_fraction], 0.05)
        << day;
  }
}

TEST(Fidelity, FullFidelityGivesTheSameRowsOnOneAndTwoThreads) {
  const auto spec = full_spec(example_spec("stamp-striae", {.sessions = 1, .follow_up_days = 10}));
  const auto a = run_rows(spec, 1);
  const auto b = run_rows(spec, 2);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_EQ(a[i].values, b[i].values) << a[i].day;
}

TEST(Fidelity, ResumingFromACheckpointIsBitIdentical) {
  const auto spec = example_spec("roller-acne-scars", {.sessions = 2, .follow_up_days = 30});
  const auto uninterrupted = run_rows(spec);
  for (std::int64_t stop_day : {0, 3, 31, 45}) {
    CourseRun first(spec, 1);
    first.advance_to(stop_day * kTicksPerDay);
    std::stringstream state;
    first.save_state(state);
    CourseRun second(spec, 1);
    second.load_state(state);
    second.run_to_end();
    ASSERT_EQ(second.rows().size(), uninterrupted.size());
    for (std::size_t i = 0; i < uninterrupted.size(); ++i) {
      ASSERT_EQ(second.rows()[i].values, uninterrupted[i].values) << "stopped at day " << stop_day;
    }
  }
}

TEST(Fidelity, CheckpointOfAnotherCaseIsRejected) {
  CourseRun a(example_spec("roller-acne-scars"), 1);
  std::stringstream state;
  a.save_state(state);
  CourseRun b(example_spec("pen-cheek-rejuvenation"), 1);
  EXPECT_THROW(b.load_state(state), Error);
  std::stringstream junk("not a checkpoint");
  EXPECT_THROW(b.load_state(junk), Error);
}

TEST(Ensemble, PercentilesAreOrderedAndTheSameOnAnyThreadCount) {
  const auto spec = example_spec("pen-cheek-rejuvenation", {.sessions = 1, .follow_up_days = 60});
  const auto a = run_ensemble(spec, 8, 1);
  const auto b = run_ensemble(spec, 8, 2);
  for (std::size_t o = 0; o < kObservableCount; ++o) {
    ASSERT_EQ(a.bands[o].p50, b.bands[o].p50);
    for (std::size_t r = 0; r < a.days.size(); ++r) {
      ASSERT_LE(a.bands[o].p10[r], a.bands[o].p50[r]);
      ASSERT_LE(a.bands[o].p50[r], a.bands[o].p90[r]);
    }
  }
  // Parameters with wide ranges give a real spread at the end.
  const auto c = static_cast<std::size_t>(Observable::collagen_change_pct);
  EXPECT_GT(a.bands[c].p90.back() - a.bands[c].p10.back(), 2.0);
}

TEST(Ensemble, AStopTokenCancelsTheMembersAndAnUntriggeredOneChangesNothing) {
  const auto spec = example_spec("pen-cheek-rejuvenation", {.sessions = 1, .follow_up_days = 20});
  std::stop_source stopped;
  stopped.request_stop();
  EXPECT_THROW(run_members({spec}, 4, 2, {}, stopped.get_token()), Cancelled);

  // Stopped part-way: the run ends at its next step, not at its end.
  std::stop_source midway;
  CourseRun run(spec, 1);
  run.set_stop_token(midway.get_token());
  run.advance_to(run.next_report_tick());
  const auto tick = run.tick();
  midway.request_stop();
  EXPECT_THROW(run.run_to_end(), Cancelled);
  EXPECT_EQ(run.tick(), tick);

  std::stop_source untouched;
  const auto plain = run_members({spec}, 4, 2);
  const auto with_token = run_members({spec}, 4, 2, {}, untouched.get_token());
  ASSERT_EQ(plain.size(), with_token.size());
  for (std::size_t m = 0; m < plain.front().size(); ++m) {
    ASSERT_EQ(plain[0][m].size(), with_token[0][m].size());
    for (std::size_t r = 0; r < plain[0][m].size(); ++r) {
      EXPECT_EQ(plain[0][m][r].values, with_token[0][m][r].values);
    }
  }
}

}  // namespace
}  // namespace citsim

namespace citsim {
namespace {

// The planner predicts with a coarser unit cell (6 radial cells, 40 um) to
// stay interactive; it must tell the same story as the default cell.
TEST(Fidelity, CoarsePlanCellAgreesWithTheDefault) {
  for (const char* name : {"pen-cheek-rejuvenation", "roller-acne-scars", "stamp-striae"}) {
    const auto spec = test::example_spec(name);
    auto coarse = spec;
    coarse.plan_radial_cells = 6;
    coarse.plan_cell_um = 40.0;
    const auto a = test::run_rows(spec).back();
    const auto b = test::run_rows(coarse).back();
    for (Observable o :
         {Observable::collagen_change_pct, Observable::epidermal_thickness_change_pct}) {
      EXPECT_NEAR(b[o], a[o], std::max(3.0, 0.2 * std::abs(a[o])))
          << name << " " << observable_names()[static_cast<std::size_t>(o)];
    }
  }
}

}  // namespace
}  // namespace citsim

namespace citsim {
namespace {

TEST(Treatment, ACourseGivenItsChannelsRunsAsOneThatMakesThem) {
  CourseSpec spec = test::example_spec("home-roller", {.sessions = 3, .follow_up_days = 20});
  const auto treatment =
      course_channels(spec.device, spec.device_data, spec.patch, spec.seed, session_count(spec));
  ASSERT_EQ(treatment.size(), 3u);
  CourseRun given(spec, 1, treatment);
  given.run_to_end();
  const auto made = test::run_rows(spec);
  ASSERT_EQ(given.rows().size(), made.size());
  for (std::size_t r = 0; r < made.size(); ++r) {
    for (std::size_t o = 0; o < kObservableCount; ++o) {
      ASSERT_EQ(given.rows()[r].values[o], made[r].values[o]) << "row " << r << " observable " << o;
    }
  }
  // The given channels are the ones used: another layout gives another course.
  CourseRun other(spec, 1,
                  course_channels(spec.device, spec.device_data, spec.patch, spec.seed + 1,
                                  session_count(spec)));
  other.run_to_end();
  EXPECT_NE(other.rows().back()[Observable::collagen_change_pct],
            made.back()[Observable::collagen_change_pct]);
}

}  // namespace
}  // namespace citsim
