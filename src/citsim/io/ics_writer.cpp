#include "citsim/io/ics_writer.hpp"

#include <cstdio>

namespace citsim {
namespace detail {

std::string ics_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        // Other control characters are not allowed in TEXT values.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string ics_fold(std::string_view line) {
  constexpr std::size_t kMaxOctets = 75;
  std::string out;
  std::size_t pos = 0;
  bool first = true;
  while (true) {
    const std::size_t room =
        first ? kMaxOctets : kMaxOctets - 1;  // continuation starts with a space
    if (line.size() - pos <= room) {
      if (!first) out += ' ';
      out.append(line.substr(pos));
      out += "\r\n";
      return out;
    }
    std::size_t cut = pos + room;
    // Back off to the start of a UTF-8 sequence (never cut before a continuation byte).
    while (cut > pos && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    if (!first) out += ' ';
    out.append(line.substr(pos, cut - pos));
    out += "\r\n";
    pos = cut;
    first = false;
  }
}

}  // namespace detail

namespace {

std::string ics_date(std::chrono::sys_days day) {
  const std::chrono::year_month_day ymd{day};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string ics_date_time(std::chrono::sys_days day, int minute) {
  day += std::chrono::days{minute / (24 * 60)};
  minute %= 24 * 60;
  char buf[16];
  std::snprintf(buf, sizeof buf, "T%02d%02d00", minute / 60, minute % 60);
  return ics_date(day) + buf;
}

std::string sanitise(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    out += ok ? c : '-';
  }
  return out.empty() ? std::string("citsim") : out;
}

}  // namespace

std::string to_ics(const CareCalendar& calendar, const IcsOptions& options) {
  std::string out;
  auto line = [&](std::string_view l) { out += detail::ics_fold(l); };
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line("PRODID:-//CITSim//citsim plan//EN");
  line("CALSCALE:GREGORIAN");
  line("METHOD:PUBLISH");
  line("X-WR-CALNAME:" + detail::ics_escape(options.calendar_name));
  const std::string stamp = ics_date(calendar.start) + "T000000Z";
  const std::string prefix = sanitise(options.uid_prefix);
  for (std::size_t i = 0; i < calendar.events.size(); ++i) {
    const CareEvent& e = calendar.events[i];
    line("BEGIN:VEVENT");
    line("UID:" + prefix + "-" + std::to_string(i + 1) + "-" + sanitise(e.id) + "@citsim");
    line("DTSTAMP:" + stamp);
    if (e.start_minute) {
      line("DTSTART:" + ics_date_time(e.date, *e.start_minute));
      line("DTEND:" + ics_date_time(e.date, *e.start_minute + e.duration_minutes));
    } else {
      line("DTSTART;VALUE=DATE:" + ics_date(e.date));
      line("DTEND;VALUE=DATE:" + ics_date(e.date + std::chrono::days{e.duration_days}));
      line("TRANSP:TRANSPARENT");
    }
    line("SUMMARY:" + detail::ics_escape(e.title));
    std::string description = e.detail;
    if (!e.source.empty()) description += "\nSource: " + e.source;
    description += "\nDecision support from CITSim: your clinician decides.";
    line("DESCRIPTION:" + detail::ics_escape(description));
    line("CATEGORIES:" + detail::ics_escape(e.phase));
    line("END:VEVENT");
  }
  line("END:VCALENDAR");
  return out;
}

}  // namespace citsim
