#include "citsim/planner/plan.hpp"

#include <gtest/gtest.h>

namespace citsim {
namespace {

PlannerData data() {
  PlannerData d;
  ScreeningRule keloid;
  keloid.id = "keloid";
  keloid.level = ScreeningLevel::stop;
  keloid.when.conditions = {"keloid_history"};
  keloid.message = "m";
  keloid.source = "s";
  d.rules = {keloid};
  IndicationProtocol fine;
  fine.indication = "fine_lines";
  fine.depth_min_um = 500.0;
  fine.depth_max_um = 1000.0;
  fine.sessions_min = 3;
  fine.sessions_max = 4;
  fine.interval_min_days = 28;
  fine.interval_max_days = 42;
  d.protocols.zones = {{Zone::cheek, 500.0, 2000.0, "z"}};
  d.protocols.indications = {fine};
  d.protocols.passes = {{DeviceKind::pen, 3, 2, 4, "p"}};
  CareEventTemplate session;
  session.id = "session";
  session.phase = "day_of";
  session.title = "Session";
  d.care.events = {session};
  d.prices.providers = {"dermatologist"};
  d.prices.areas = {AreaPrices{"face", {{"dermatologist", {200.0, 400.0}}}, "s"}};
  d.prices.zone_area = {{Zone::cheek, "face"}};
  d.prices.region_factors = {{"us_national", 1.0}};
  d.prices.default_region = "us_national";
  return d;
}

Site cheek() {
  Site s;
  s.zone = Zone::cheek;
  s.indication = "fine_lines";
  return s;
}

TEST(Plan, CalendarAndCostsFollowTheGivenCourseByDefault) {
  GivenCourse given{DeviceKind::pen, 1000.0, 3, 5, 21, 180};
  PlanOptions opt{*parse_date("2026-01-05"), CourseChoice::as_given, ""};
  const Plan p = make_plan(data(), Patient{}, cheek(), given, {}, opt);
  ASSERT_TRUE(p.proposed);
  EXPECT_EQ(p.sessions, 5);
  EXPECT_EQ(p.calendar.session_dates.size(), 5u);
  ASSERT_TRUE(p.costs);
  EXPECT_DOUBLE_EQ(p.costs->by_provider[0].course.max, 5 * 400.0);
  EXPECT_FALSE(p.differences.empty());

  opt.course = CourseChoice::proposed;
  const Plan q = make_plan(data(), Patient{}, cheek(), given, {}, opt);
  EXPECT_EQ(q.sessions, 3);
  EXPECT_EQ(q.interval_days, 28);
}

TEST(Plan, AStoppedPatientGetsReasonsNotACourse) {
  Patient patient;
  patient.conditions = {"keloid_history"};
  GivenCourse given{DeviceKind::pen, 1000.0, 3, 4, 30, 180};
  const Plan p = make_plan(data(), patient, cheek(), given, {},
                           PlanOptions{*parse_date("2026-01-05"), CourseChoice::as_given, ""});
  EXPECT_EQ(p.screening.outcome, ScreeningOutcome::stop);
  EXPECT_FALSE(p.proposed);
  EXPECT_FALSE(p.costs);
  EXPECT_FALSE(p.calendar.scheduled);
}

}  // namespace
}  // namespace citsim
