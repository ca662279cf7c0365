// The care calendar as an iCalendar file (RFC 5545): one VEVENT per event,
// all-day (DTSTART;VALUE=DATE) or timed in floating local time, with
// deterministic UIDs and a DTSTAMP fixed from the start date, so the same
// plan always gives the same bytes.
//
//   write_text(out / "calendar.ics", to_ics(plan.calendar, {.uid_prefix = "pen-cheek"}));
#pragma once

#include <string>
#include <string_view>

#include "citsim/planner/calendar.hpp"

namespace citsim {

struct IcsOptions {
  std::string uid_prefix = "citsim";  ///< usually the case file's stem; sanitised
  std::string calendar_name = "CITSim care calendar";
};

/// The whole VCALENDAR, CRLF line endings, lines folded at 75 octets.
std::string to_ics(const CareCalendar& calendar, const IcsOptions& options);

namespace detail {
/// TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline.
std::string ics_escape(std::string_view text);
/// One content line folded at 75 octets (3.1), never inside a UTF-8
/// sequence, each physical line ending in CRLF.
std::string ics_fold(std::string_view line);
}  // namespace detail

}  // namespace citsim
