// The course's time steps: the steps lengthen months after a session, where
// only the matrix remodels, and that must add no time step error to what the
// faster phases give. The reference is a run with steps three times shorter.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/healing/fixtures.hpp"

namespace citsim {
namespace {

using test::example_spec;
using test::run_rows;

/// The schedule before the day and week steps: 6 hours from day 14 on.
StepSchedule six_hour_tail() {
  return {
      {kTicksPerDay, 15}, {14 * kTicksPerDay, 60}, {std::numeric_limits<std::int64_t>::max(), 360}};
}

TEST(CourseSteps, DayAndWeekStepsMonthsAfterASessionAddNoTimeStepError) {
  // Three sessions a month apart and a year and a half of follow-up: most of
  // the course is in the slow tiers.
  const CourseSpec shipped = example_spec(
      "pen-cheek-rejuvenation", {.sessions = 3, .interval_days = 30, .follow_up_days = 540});
  CourseSpec before = shipped, fine = shipped;
  before.steps = six_hour_tail();
  fine.steps = refined_schedule(six_hour_tail(), 3);
  const auto rows = run_rows(shipped), rows_before = run_rows(before), rows_fine = run_rows(fine);
  ASSERT_EQ(rows.size(), rows_fine.size());
  ASSERT_EQ(rows.size(), rows_before.size());

  const double slow_from = shipped.session_days.back() + 60.0;
  double worst_change = 0.0, worst_added = -1e9;
  int compared = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    ASSERT_EQ(rows[r].day, rows_fine[r].day);
    if (rows[r].day < slow_from) continue;
    for (Observable o :
         {Observable::collagen_change_pct, Observable::collagen_I_change_pct,
          Observable::collagen_III_change_pct, Observable::elastin_change_pct,
          Observable::epidermal_thickness_change_pct, Observable::dermal_thickness_change_pct,
          Observable::papillary_collagen_change_pct}) {
      const double now = rows[r][o], then = rows_before[r][o], ref = rows_fine[r][o];
      // Percentage points: the outputs are changes in percent.
      worst_change = std::max(worst_change, std::abs(now - then));
      worst_added = std::max(worst_added, std::abs(now - ref) - std::abs(then - ref));
      ++compared;
    }
  }
  EXPECT_GT(compared, 300);
  EXPECT_LT(worst_change, 0.1) << "percentage points against 6-hour steps";
  EXPECT_LT(worst_added, 0.05) << "percentage points of error added against the reference";
  // And they are what makes it cheaper: under half the steps.
  EXPECT_LT(course_step_count(shipped), course_step_count(before) / 2);
  std::printf("largest change %.4f pp, largest added error %.4f pp, steps %lld against %lld\n",
              worst_change, worst_added, static_cast<long long>(course_step_count(shipped)),
              static_cast<long long>(course_step_count(before)));
}

TEST(CourseSteps, ARefinedScheduleDividesEveryStepAndKeepsTheTiers) {
  const StepSchedule s = course_step_schedule();
  const StepSchedule r = refined_schedule(s, 3);
  ASSERT_EQ(r.size(), s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    EXPECT_EQ(r[i].until, s[i].until);
    EXPECT_EQ(r[i].ticks * 3, s[i].ticks);
  }
  EXPECT_EQ(step_ticks_after_session(s, 0), 15);
  EXPECT_EQ(step_ticks_after_session(s, 13 * kTicksPerDay), 60);
  EXPECT_EQ(step_ticks_after_session(s, 59 * kTicksPerDay), 360);
  EXPECT_EQ(step_ticks_after_session(s, 179 * kTicksPerDay), kTicksPerDay);
  EXPECT_EQ(step_ticks_after_session(s, 400 * kTicksPerDay), 7 * kTicksPerDay);
}

}  // namespace
}  // namespace citsim
