// Care calendar: the session dates and the dated steps around them.
#include "citsim/report/sections.hpp"

#include <chrono>
#include <string>

namespace citsim::report_detail {

void calendar_section(std::string& out, Context& ctx) {
  out +=
      "<section id=\"calendar\" aria-labelledby=\"calendar-h\"><h2 id=\"calendar-h\"><span "
      "class=\"num\">4</span>Care calendar</h2>\n";
  const json* cal = get(ctx.plan, "calendar");
  if (cal == nullptr) {
    out += "<p class=\"none\">No calendar in this plan.</p></section>\n";
    return;
  }
  const json* scheduled = get(*cal, "scheduled");
  const bool is_scheduled = scheduled && scheduled->is_boolean() && scheduled->get<bool>();
  const std::string ics = text(*cal, "ics_file");
  if (is_scheduled) {
    std::string dates;
    if (const json* s = get(*cal, "session_dates"); s && s->is_array()) {
      int n = 0;
      for (const auto& d : *s) {
        dates += "<li><span class=\"session-no\">Session " + std::to_string(++n) + "</span> " +
                 esc(long_date(d.is_string() ? d.get<std::string>() : "")) + "</li>";
      }
    }
    out += "<div class=\"sessions-strip\"><h3>Sessions</h3><ol class=\"sessions\">" + dates +
           "</ol></div>\n";
  } else {
    out += "<p class=\"none\">No sessions are scheduled.</p>\n";
  }
  if (!ics.empty()) {
    out += "<p class=\"muted small\">The same events are in <code>" + esc(ics) +
           "</code> (iCalendar) beside this report, for import into a calendar app." +
           (is_scheduled ? " Times are placeholders around a 10:00 session; the clinic sets the "
                           "real time."
                         : "") +
           "</p>\n";
  }
  const json* events = get(*cal, "events");
  if (events == nullptr || !events->is_array() || events->empty()) {
    out += "</section>\n";
    return;
  }
  out +=
      std::string("<table class=\"calendar\"><caption>") +
      (is_scheduled ? "Dated steps before, on the day of and after each session" : "Dated events") +
      "</caption><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">When</th>"
      "<th scope=\"col\">Phase</th><th scope=\"col\">Step</th><th scope=\"col\">Source"
      "</th></tr></thead><tbody>\n";
  std::string last_date;
  for (const auto& e : *events) {
    const std::string date = text(e, "date");
    const std::string phase = text(e, "phase");
    std::string when;
    if (const std::string time = text(e, "time"); !time.empty()) {
      when = esc(time);
      if (const std::string mins = text(e, "duration_minutes"); !mins.empty()) {
        when += ", " + esc(mins) + " min";
      }
    } else if (const json* days = get(e, "duration_days"); days && days->is_number_integer()) {
      const auto n = days->get<int>();
      if (n <= 1) {
        when = "that day";
      } else if (const auto start = parse_date(date)) {
        when = std::to_string(n) + " days, to " + long_date(*start + std::chrono::days{n - 1});
      } else {
        when = std::to_string(n) + " days";
      }
    }
    const bool new_date = date != last_date;
    last_date = date;
    out += std::string("<tr class=\"phase-") + esc(phase) + (new_date ? " new-date" : "") +
           "\"><td class=\"date\">" + (new_date ? esc(long_date(date)) : "") + "</td><td>" + when +
           "</td><td><span class=\"phase phase-tag-" + esc(phase) + "\">" + esc(words(phase)) +
           "</span></td><td><strong>" + esc(text(e, "title")) +
           "</strong><br><span class=\"detail\">" + esc_lines(text(e, "detail")) +
           "</span></td><td>" + ctx.sources.ref(text(e, "source")) + "</td></tr>\n";
  }
  out += "</tbody></table></section>\n";
}

}  // namespace citsim::report_detail
