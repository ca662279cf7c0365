#include "citsim/planner/calendar.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace citsim {
namespace {

CareEventTemplate all_day(std::string id, CareAnchor anchor, int offset, int days) {
  CareEventTemplate t;
  t.id = std::move(id);
  t.phase = "aftercare";
  t.anchor = anchor;
  t.offset_days = offset;
  t.duration_days = days;
  t.title = "title " + t.id;
  t.detail = "detail";
  t.source = "src";
  return t;
}

CareData care() {
  CareData c;
  c.session_start_minute = 10 * 60;
  CareEventTemplate numbing = all_day("numbing", CareAnchor::each_session, 0, 1);
  numbing.minutes_from_session = -45;
  numbing.duration_minutes = 45;
  CareEventTemplate session = all_day("session", CareAnchor::each_session, 0, 1);
  session.minutes_from_session = 0;
  session.duration_minutes = 60;
  CareEventTemplate antiviral = all_day("antiviral", CareAnchor::each_session, -1, 7);
  antiviral.if_findings = {"cold_sore_history_face"};
  c.events = {all_day("sun", CareAnchor::first_session, -28, 28),
              numbing,
              session,
              all_day("no_makeup", CareAnchor::each_session, 0, 1),
              antiviral,
              all_day("final", CareAnchor::last_session, 90, 1)};
  return c;
}

std::vector<const CareEvent*> with_id(const CareCalendar& cal, const std::string& id) {
  std::vector<const CareEvent*> out;
  for (const auto& e : cal.events) {
    if (e.id == id) out.push_back(&e);
  }
  return out;
}

TEST(Calendar, ParsesAndFormatsDates) {
  const auto d = parse_date("2026-01-05");
  ASSERT_TRUE(d);
  EXPECT_EQ(format_date(*d), "2026-01-05");
  EXPECT_EQ(format_date(*d + std::chrono::days{30}), "2026-02-04");
  EXPECT_EQ(format_date(*parse_date("2024-02-29")), "2024-02-29");
  for (const char* bad : {"2026-02-30", "2025-02-29", "2026-1-05", "26-01-05", "2026/01/05",
                          "2026-13-01", "2026-01-0x", ""}) {
    EXPECT_FALSE(parse_date(bad)) << bad;
  }
}

TEST(Calendar, SessionsAreSpacedAndEachSessionStepsRepeat) {
  const auto start = *parse_date("2026-01-05");
  const CareCalendar cal = build_calendar(care(), start, 3, 30, ScreeningResult{});
  ASSERT_TRUE(cal.scheduled);
  ASSERT_EQ(cal.session_dates.size(), 3u);
  EXPECT_EQ(format_date(cal.session_dates[2]), "2026-03-06");
  const auto sessions = with_id(cal, "session");
  ASSERT_EQ(sessions.size(), 3u);
  EXPECT_EQ(sessions[1]->session, 2);
  EXPECT_EQ(format_date(sessions[1]->date), "2026-02-04");
  EXPECT_EQ(*sessions[1]->start_minute, 600);
  EXPECT_NE(sessions[1]->title.find("session 2 of 3"), std::string::npos);
  const auto numbing = with_id(cal, "numbing");
  ASSERT_EQ(numbing.size(), 3u);
  EXPECT_EQ(*numbing[0]->start_minute, 9 * 60 + 15) << "numbing 45 min before a 10:00 session";
  EXPECT_EQ(numbing[0]->duration_minutes, 45);
  const auto sun = with_id(cal, "sun");
  ASSERT_EQ(sun.size(), 1u);
  EXPECT_EQ(format_date(sun[0]->date), "2025-12-08");
  EXPECT_EQ(sun[0]->duration_days, 28);
  const auto final_visit = with_id(cal, "final");
  ASSERT_EQ(final_visit.size(), 1u);
  EXPECT_EQ(format_date(final_visit[0]->date), "2026-06-04");
  EXPECT_TRUE(with_id(cal, "antiviral").empty()) << "only when its screening rule fired";
  EXPECT_TRUE(
      std::is_sorted(cal.events.begin(), cal.events.end(),
                     [](const CareEvent& a, const CareEvent& b) { return a.date < b.date; }));
}

TEST(Calendar, ConditionalStepsFollowTheScreening) {
  ScreeningResult r;
  r.outcome = ScreeningOutcome::proceed_with_caution;
  r.findings.push_back(
      ScreeningFinding{"cold_sore_history_face", ScreeningLevel::caution, "m", "s", "", "", {}});
  const CareCalendar cal = build_calendar(care(), *parse_date("2026-01-05"), 2, 28, r);
  const auto antiviral = with_id(cal, "antiviral");
  ASSERT_EQ(antiviral.size(), 2u);
  EXPECT_EQ(format_date(antiviral[0]->date), "2026-01-04");
}

TEST(Calendar, StoppedScreeningSchedulesNoTreatment) {
  ScreeningResult r;
  r.outcome = ScreeningOutcome::stop;
  r.findings.push_back(
      ScreeningFinding{"keloid", ScreeningLevel::stop, "Keloid history.", "s", "", "", {}});
  r.findings.push_back(
      ScreeningFinding{"aspirin", ScreeningLevel::caution, "Aspirin.", "s", "", "", {}});
  const CareCalendar cal = build_calendar(care(), *parse_date("2026-01-05"), 4, 30, r);
  EXPECT_FALSE(cal.scheduled);
  EXPECT_TRUE(cal.session_dates.empty());
  ASSERT_EQ(cal.events.size(), 1u);
  EXPECT_NE(cal.events[0].detail.find("keloid"), std::string::npos);
  EXPECT_NE(cal.events[0].detail.find("aspirin"), std::string::npos);
}

TEST(Calendar, TimedStepBeforeMidnightMovesToThePreviousDay) {
  CareData c = care();
  c.session_start_minute = 30;  // 00:30
  const CareCalendar cal = build_calendar(c, *parse_date("2026-01-05"), 1, 30, ScreeningResult{});
  const auto numbing = with_id(cal, "numbing");
  ASSERT_EQ(numbing.size(), 1u);
  EXPECT_EQ(format_date(numbing[0]->date), "2026-01-04");
  EXPECT_EQ(*numbing[0]->start_minute, 23 * 60 + 45);
}

}  // namespace
}  // namespace citsim
