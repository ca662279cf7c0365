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
  GivenCourse given{.device = DeviceKind::pen,
                    .needle_length_um = 1000.0,
                    .passes = 3,
                    .sessions = 5,
                    .interval_days = 21,
                    .follow_up_days = 180,
                    .session_days = {},
                    .maintenance_interval_months = 0,
                    .maintenance_sessions = 0};
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
  // The guides' maintenance every 6-12 months: proposed yearly for four years.
  EXPECT_EQ(q.maintenance_interval_months, 12);
  EXPECT_EQ(q.maintenance_days, (std::vector<int>{56 + 365, 56 + 731, 56 + 1096, 56 + 1461}));
  EXPECT_EQ(q.calendar.session_dates.size(), 7u);
}

TEST(Plan, MaintenanceSessionsAreBookedInTheCalendarAndCostedApart) {
  GivenCourse given{.device = DeviceKind::pen,
                    .needle_length_um = 1000.0,
                    .passes = 3,
                    .sessions = 3,
                    .interval_days = 0,
                    .follow_up_days = 180,
                    .session_days = {0, 21, 70},
                    .maintenance_interval_months = 6,
                    .maintenance_sessions = 2};
  const Plan p = make_plan(data(), Patient{}, cheek(), given, {},
                           PlanOptions{*parse_date("2026-01-05"), CourseChoice::as_given, ""});
  EXPECT_EQ(p.session_days, (std::vector<int>{0, 21, 70}));
  EXPECT_EQ(p.maintenance_days, (std::vector<int>{70 + 183, 70 + 365}));
  ASSERT_EQ(p.calendar.session_dates.size(), 5u);
  EXPECT_EQ(format_date(p.calendar.session_dates[1]), "2026-01-26");
  EXPECT_EQ(format_date(p.calendar.session_dates[3]), "2026-09-15");
  int maintenance_events = 0;
  for (const auto& e : p.calendar.events) {
    if (e.phase != "maintenance") continue;
    ++maintenance_events;
    EXPECT_NE(e.title.find("maintenance session"), std::string::npos) << e.title;
    EXPECT_NE(e.id, "maintenance_window") << "the reminder gives way to booked sessions";
  }
  EXPECT_GT(maintenance_events, 0);
  ASSERT_TRUE(p.costs);
  const ProviderCost& c = p.costs->by_provider[0];
  EXPECT_DOUBLE_EQ(c.course.max, 3 * c.per_session.max * (1.0 - p.costs->package_discount_min));
  EXPECT_DOUBLE_EQ(c.maintenance_per_year.max, 2 * c.per_session.max);
  EXPECT_DOUBLE_EQ(c.maintenance_total.max, 2 * c.per_session.max);
  EXPECT_DOUBLE_EQ(c.total.max, c.course.max + c.add_ons.max) << "the course's total stays apart";
}

TEST(Plan, AStoppedPatientGetsReasonsNotACourse) {
  Patient patient;
  patient.conditions = {"keloid_history"};
  GivenCourse given{.device = DeviceKind::pen,
                    .needle_length_um = 1000.0,
                    .passes = 3,
                    .sessions = 4,
                    .interval_days = 30,
                    .follow_up_days = 180,
                    .session_days = {},
                    .maintenance_interval_months = 0,
                    .maintenance_sessions = 0};
  const Plan p = make_plan(data(), patient, cheek(), given, {},
                           PlanOptions{*parse_date("2026-01-05"), CourseChoice::as_given, ""});
  EXPECT_EQ(p.screening.outcome, ScreeningOutcome::stop);
  EXPECT_FALSE(p.proposed);
  EXPECT_FALSE(p.costs);
  EXPECT_FALSE(p.calendar.scheduled);
}

}  // namespace
}  // namespace citsim
