#include "citsim/planner/calendar.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <tuple>

namespace citsim {
namespace {

constexpr std::array<std::string_view, 3> kAnchorNames = {"first_session", "each_session",
                                                          "last_session"};

bool digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
  int x = 0;
  for (char c : s) x = x * 10 + (c - '0');
  return x;
}

}  // namespace

std::string_view to_string(CareAnchor anchor) {
  return kAnchorNames[static_cast<std::size_t>(anchor)];
}

std::optional<CareAnchor> care_anchor_from_string(std::string_view name) {
  for (std::size_t i = 0; i < kAnchorNames.size(); ++i) {
    if (kAnchorNames[i] == name) return static_cast<CareAnchor>(i);
  }
  return std::nullopt;
}

std::optional<std::chrono::sys_days> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!digits(y) || !digits(m) || !digits(d)) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{to_int(y)},
                                        std::chrono::month{static_cast<unsigned>(to_int(m))},
                                        std::chrono::day{static_cast<unsigned>(to_int(d))}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd};
}

std::string format_date(std::chrono::sys_days date) {
  const std::chrono::year_month_day ymd{date};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

CareCalendar build_calendar(const CareData& care, std::chrono::sys_days start, int sessions,
                            int interval_days, const ScreeningResult& screening) {
  std::vector<int> days;
  for (int i = 0; i < sessions; ++i) days.push_back(i * interval_days);
  return build_calendar(care, start, days, {}, screening);
}

CareCalendar build_calendar(const CareData& care, std::chrono::sys_days start,
                            const std::vector<int>& session_days,
                            const std::vector<int>& maintenance_days,
                            const ScreeningResult& screening) {
  const int sessions = static_cast<int>(session_days.size());
  const int all_sessions = sessions + static_cast<int>(maintenance_days.size());
  CareCalendar cal;
  cal.start = start;
  if (screening.outcome == ScreeningOutcome::stop) {
    cal.scheduled = false;
    CareEvent e;
    e.id = "consultation_not_scheduled";
    e.phase = "consultation";
    e.date = start;
    e.title = "Microneedling not scheduled: screening found reasons to stop";
    for (const auto& f : screening.findings) {
      if (!e.detail.empty()) e.detail += "\n";
      e.detail += std::string(to_string(f.level)) + " (" + f.rule_id + "): " + f.message;
    }
    e.source = "CITSim screening rules (data/planner/screening.toml); see plan.json";
    cal.events.push_back(std::move(e));
    return cal;
  }
  for (int d : session_days) cal.session_dates.push_back(start + std::chrono::days{d});
  for (int d : maintenance_days) cal.session_dates.push_back(start + std::chrono::days{d});
  struct Keyed {
    CareEvent event;
    std::size_t order;
  };
  std::vector<Keyed> keyed;
  for (std::size_t t = 0; t < care.events.size(); ++t) {
    const CareEventTemplate& tpl = care.events[t];
    if (!tpl.if_findings.empty() &&
        std::none_of(tpl.if_findings.begin(), tpl.if_findings.end(),
                     [&](const std::string& id) { return screening.fired(id); })) {
      continue;
    }
    if (tpl.phase == "maintenance" && !maintenance_days.empty()) continue;  // booked instead
    std::vector<int> anchors;  // 0-based session indices
    switch (tpl.anchor) {
      case CareAnchor::first_session:
        anchors = {0};
        break;
      case CareAnchor::last_session:
        anchors = {sessions - 1};
        break;
      case CareAnchor::each_session:
        for (int i = 0; i < all_sessions; ++i) anchors.push_back(i);
        break;
    }
    for (int s : anchors) {
      CareEvent e;
      e.id = tpl.id;
      e.phase = tpl.phase;
      e.session = tpl.anchor == CareAnchor::each_session ? s + 1 : 0;
      e.date = cal.session_dates[static_cast<std::size_t>(s)] + std::chrono::days{tpl.offset_days};
      e.duration_days = tpl.duration_days;
      if (tpl.minutes_from_session) {
        int minute = care.session_start_minute + *tpl.minutes_from_session;
        // A timed step that falls before midnight moves to the day before.
        while (minute < 0) {
          minute += 24 * 60;
          e.date -= std::chrono::days{1};
        }
        e.date += std::chrono::days{minute / (24 * 60)};
        e.start_minute = minute % (24 * 60);
        e.duration_minutes = tpl.duration_minutes;
      }
      e.title = tpl.title;
      if (e.session > sessions) {
        e.phase = "maintenance";
        e.title += " (maintenance session " + std::to_string(e.session - sessions) + " of " +
                   std::to_string(all_sessions - sessions) + ")";
      } else if (e.session > 0 && sessions > 1) {
        e.title +=
            " (session " + std::to_string(e.session) + " of " + std::to_string(sessions) + ")";
      }
      e.detail = tpl.detail;
      e.source = tpl.source;
      keyed.push_back({std::move(e), t});
    }
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    const int am = a.event.start_minute.value_or(-1), bm = b.event.start_minute.value_or(-1);
    return std::tie(a.event.date, am, a.order) < std::tie(b.event.date, bm, b.order);
  });
  for (auto& k : keyed) cal.events.push_back(std::move(k.event));
  return cal;
}

}  // namespace citsim
