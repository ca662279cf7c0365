// A plan's variants that change only the sessions of the planned course
// continue from its members' runs where they part: the rows must be those of
// running every variant whole, bit for bit.
#include "citsim/pipeline/predictions.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>

#include "citsim/observe/ensemble.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/pipeline/model_data.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;

TEST(PredictionTrunks, VariantsThatChangeOnlySessionsGiveTheRowsOfRunningThemWhole) {
  const fs::path data_dir(CITSIM_TEST_DATA_DIR);
  const ModelData data = read_model_data(data_dir);
  Case c = read_case(fs::path(CITSIM_TEST_EXAMPLES_DIR) / "pen-cheek-rejuvenation.toml",
                     read_vocabulary(data_dir));
  c.protocol.follow_up_days = 30;  // short: the variants still part within it
  const std::vector<CourseVariant> variants = planning_variants(c, 3, 30, {});
  std::vector<CourseSpec> specs;
  std::vector<int> trunks;
  int branches = 0;
  for (const CourseVariant& v : variants) {
    CourseSpec spec = course_spec(v.course, data);
    spec.plan_radial_cells = 4;
    spec.plan_cell_um = 50.0;
    specs.push_back(std::move(spec));
    trunks.push_back(v.trunk);
    if (v.trunk >= 0) {
      ++branches;
      const std::int64_t fork = course_shared_prefix_tick(specs.front(), specs.back());
      EXPECT_GT(fork, 0) << v.id << " shares the first session with the planned course";
    }
  }
  EXPECT_EQ(branches, 3) << "fewer, more and two-week spacing continue from the planned course";

  // And a course beside them with fewer members: the planned course
  // followed for longer, one member (CoursesBeside, the long view's way).
  CourseSpec longer = specs.front();
  longer.follow_up_days += 60;
  specs.push_back(longer);
  trunks.push_back(0);
  std::vector<int> counts(specs.size(), 2);
  counts.back() = 1;
  EXPECT_GT(course_shared_prefix_tick(specs.front(), longer), 0);

  auto whole = run_members(specs, 2, 2);
  whole.back().resize(1);
  std::atomic<int> finished{0};
  const auto forked = run_members(
      specs, 2, 2,
      [&](int done) {
        int seen = finished.load();
        while (seen < done && !finished.compare_exchange_weak(seen, done)) {
        }
      },
      {}, trunks, counts);
  EXPECT_EQ(finished.load(), static_cast<int>(specs.size()) * 2 - 1)
      << "progress counts every course of every member";
  ASSERT_EQ(forked.size(), whole.size());
  for (std::size_t k = 0; k < whole.size(); ++k) {
    ASSERT_EQ(forked[k].size(), whole[k].size()) << "course " << k;
    const std::string id = k < variants.size() ? variants[k].id : "the course beside";
    for (std::size_t m = 0; m < whole[k].size(); ++m) {
      ASSERT_EQ(forked[k][m].size(), whole[k][m].size()) << id << " member " << m;
      for (std::size_t r = 0; r < whole[k][m].size(); ++r) {
        ASSERT_EQ(forked[k][m][r].day, whole[k][m][r].day);
        for (std::size_t o = 0; o < kObservableCount; ++o)
          ASSERT_EQ(forked[k][m][r].values[o], whole[k][m][r].values[o])
              << id << " member " << m << " row " << r << " observable " << o;
      }
    }
  }
}

}  // namespace
}  // namespace citsim
