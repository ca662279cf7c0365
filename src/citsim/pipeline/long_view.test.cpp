// The long view's members run the course once up to the first maintenance
// session and fork there: the rows must be those of running both courses
// whole, bit for bit.
#include "citsim/pipeline/long_view.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "citsim/healing/course.hpp"
#include "citsim/observe/ensemble.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/pipeline/model_data.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;

TEST(ForkedMembers, GiveTheRowsOfRunningBothCoursesWhole) {
  const fs::path data_dir(CITSIM_TEST_DATA_DIR);
  const ModelData data = read_model_data(data_dir);
  const Case c = read_case(fs::path(CITSIM_TEST_EXAMPLES_DIR) / "pen-cheek-maintenance.toml",
                           read_vocabulary(data_dir));
  const Case with = long_view_case(c);
  Case without = with;
  without.protocol = without_maintenance(with.protocol, true);
  const CourseSpec a = course_spec(with, data), b = course_spec(without, data);

  // They part at the first maintenance session, not before and not after.
  const std::int64_t fork = course_shared_prefix_tick(a, b);
  const std::int64_t first_maintenance =
      static_cast<std::int64_t>(a.session_days[b.session_days.size()]) * kTicksPerDay;
  EXPECT_GT(fork, static_cast<std::int64_t>(b.session_days.back()) * kTicksPerDay);
  EXPECT_LT(fork, first_maintenance);
  EXPECT_EQ(course_shared_prefix_tick(a, a),
            static_cast<std::int64_t>(course_end_day(a)) * kTicksPerDay)
      << "a course shares all of itself";

  const auto whole = run_members({a, b}, 2, 2);
  const auto forked = run_members({a, b}, 2, 2, {}, {}, {-1, 0});
  ASSERT_EQ(forked.size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    ASSERT_EQ(forked[k].size(), 2u);
    for (std::size_t m = 0; m < 2; ++m) {
      ASSERT_EQ(forked[k][m].size(), whole[k][m].size()) << "course " << k << " member " << m;
      for (std::size_t r = 0; r < whole[k][m].size(); ++r) {
        ASSERT_EQ(forked[k][m][r].day, whole[k][m][r].day);
        for (std::size_t o = 0; o < kObservableCount; ++o)
          ASSERT_EQ(forked[k][m][r].values[o], whole[k][m][r].values[o])
              << "course " << k << " member " << m << " row " << r << " observable " << o;
      }
    }
  }
  const auto collagen = static_cast<std::size_t>(Observable::collagen_change_pct);
  EXPECT_NE(forked[0][0].back().values[collagen], forked[1][0].back().values[collagen])
      << "the maintenance still changes the course";
}

}  // namespace
}  // namespace citsim
