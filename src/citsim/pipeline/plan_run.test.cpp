#include "citsim/pipeline/plan_run.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "citsim/pipeline/case_reader.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;

std::chrono::sys_days date(const char* text) { return *parse_date(text); }

TEST(PlanStart, TheDefaultIsTheNextWorkingDayAfterToday) {
  EXPECT_EQ(next_working_day(date("2026-03-04")), date("2026-03-05"));  // Wednesday: Thursday
  EXPECT_EQ(next_working_day(date("2026-03-05")), date("2026-03-06"));  // Thursday: Friday
  EXPECT_EQ(next_working_day(date("2026-03-06")), date("2026-03-09"));  // Friday: Monday
  EXPECT_EQ(next_working_day(date("2026-03-07")), date("2026-03-09"));  // Saturday: Monday
  EXPECT_EQ(next_working_day(date("2026-03-08")), date("2026-03-09"));  // Sunday: Monday
  EXPECT_EQ(next_working_day(date("2026-12-31")), date("2027-01-01"));  // across the year
}

TEST(PlanStart, APlanWithoutStartDatesItsCalendarFromTheNextWorkingDayAndSaysSo) {
  const fs::path data(CITSIM_TEST_DATA_DIR);
  const Vocabulary vocab = read_vocabulary(data);
  const Case c =
      read_case(fs::path(CITSIM_TEST_EXAMPLES_DIR) / "pen-cheek-maintenance.toml", vocab);
  PlanRequest request;
  request.case_source = "pen-cheek-maintenance.toml";
  request.predict = false;
  request.today = date("2026-05-29");  // a Friday
  const PlanRun run = run_plan(c, request, data, vocab);
  EXPECT_EQ(run.json["start_date"], "2026-06-01");
  EXPECT_EQ(run.json["start_date_source"], "next working day");
  EXPECT_EQ(run.json["calendar"]["session_dates"][0], "2026-06-01");
  // The maintenance sessions a year apart follow the course's last session.
  EXPECT_EQ(run.json["calendar"]["session_dates"].size(), 8u);

  request.start = "2026-01-05";
  const PlanRun pinned = run_plan(c, request, data, vocab);
  EXPECT_EQ(pinned.json["start_date"], "2026-01-05");
  EXPECT_EQ(pinned.json["start_date_source"], "--start");
}

}  // namespace
}  // namespace citsim
