// The care calendar: dated steps before, on and after each session, the
// expected course and the follow-up visits, from the templates in
// data/planner/care.toml. Dates are civil dates (no time zone); timed events
// are local ("floating") times.
//
//   CareCalendar cal = build_calendar(care, *parse_date("2026-01-05"), 4, 30, screening);
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "citsim/planner/screening.hpp"

namespace citsim {

/// Where a template's dates are counted from.
enum class CareAnchor { first_session, each_session, last_session };

std::string_view to_string(CareAnchor anchor);
std::optional<CareAnchor> care_anchor_from_string(std::string_view name);

/// One step of care, as data.
struct CareEventTemplate {
  std::string id;
  std::string phase;  ///< pre, day_of, aftercare, expected, follow_up, maintenance
  CareAnchor anchor = CareAnchor::each_session;
  int offset_days = 0;    ///< from the anchor session's date
  int duration_days = 1;  ///< all-day events: how many days it spans
  /// Timed events: minutes from the session's start time (negative = before)
  /// and length; unset = an all-day event.
  std::optional<int> minutes_from_session;
  int duration_minutes = 0;
  std::string title;
  std::string detail;
  std::string source;
  /// Only when one of these screening rules fired; empty = always.
  std::vector<std::string> if_findings;
};

struct CareData {
  int session_start_minute = 600;  ///< minutes after midnight
  std::string session_time_source;
  std::vector<CareEventTemplate> events;
};

struct CareEvent {
  std::string id;
  std::string phase;
  int session = 0;  ///< 1-based session it belongs to; 0 = the course as a whole
  std::chrono::sys_days date;
  int duration_days = 1;
  std::optional<int> start_minute;  ///< minutes after midnight; unset = all day
  int duration_minutes = 0;
  std::string title;
  std::string detail;
  std::string source;
};

struct CareCalendar {
  std::chrono::sys_days start;
  std::vector<std::chrono::sys_days> session_dates;
  std::vector<CareEvent> events;  ///< by date, then time (all-day first), then template order
  bool scheduled = true;          ///< false when screening stopped treatment
};

/// "YYYY-MM-DD" as a date; nullopt if malformed or not a real date.
std::optional<std::chrono::sys_days> parse_date(std::string_view text);
std::string format_date(std::chrono::sys_days date);

/// The calendar of a course starting on `start`. A stopped screening gives an
/// unscheduled calendar with one consultation event naming the reasons.
CareCalendar build_calendar(const CareData& care, std::chrono::sys_days start, int sessions,
                            int interval_days, const ScreeningResult& screening);

/// The calendar of a course on `session_days` (days from `start`, the first
/// 0) and of its maintenance sessions on `maintenance_days`: each-session
/// events for every session, maintenance ones titled as such; first- and
/// last-session events anchored on the course's; the care data's
/// maintenance reminders (phase "maintenance") only when no maintenance is
/// booked.
CareCalendar build_calendar(const CareData& care, std::chrono::sys_days start,
                            const std::vector<int>& session_days,
                            const std::vector<int>& maintenance_days,
                            const ScreeningResult& screening);

}  // namespace citsim
