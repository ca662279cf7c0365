#include "citsim/io/ics_writer.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace citsim {
namespace {

std::vector<std::string> physical_lines(const std::string& ics) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < ics.size()) {
    const std::size_t end = ics.find("\r\n", pos);
    if (end == std::string::npos) {
      lines.push_back(ics.substr(pos));
      break;
    }
    lines.push_back(ics.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

std::string unfold(const std::string& ics) {
  std::string out;
  for (const auto& l : physical_lines(ics)) {
    if (!l.empty() && l[0] == ' ') {
      out += l.substr(1);
    } else {
      if (!out.empty()) out += "\n";
      out += l;
    }
  }
  return out;
}

CareCalendar calendar() {
  CareCalendar c;
  c.start = *parse_date("2026-01-05");
  c.session_dates = {c.start};
  CareEvent all_day;
  all_day.id = "no_actives";
  all_day.phase = "aftercare";
  all_day.date = c.start;
  all_day.duration_days = 7;
  all_day.title = "No actives; retinoids, acids, vitamin C";
  all_day.detail =
      "Line one\nLine two with a backslash \\ and a very long tail that needs folding "
      "because it goes on and on — with non-ASCII text: crème, é, 日本語 — past 75 octets.";
  all_day.source = "Ecosystem 4.6";
  CareEvent timed;
  timed.id = "numbing";
  timed.phase = "day_of";
  timed.date = c.start;
  timed.start_minute = 9 * 60 + 15;
  timed.duration_minutes = 45;
  timed.title = "Numbing";
  c.events = {all_day, timed};
  return c;
}

TEST(IcsWriter, EscapesTextValues) {
  EXPECT_EQ(detail::ics_escape("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
}

TEST(IcsWriter, FoldsAt75OctetsWithoutSplittingUtf8) {
  std::string line = "DESCRIPTION:";
  for (int i = 0; i < 40; ++i) line += "é日";  // 2- and 3-byte sequences
  const std::string folded = detail::ics_fold(line);
  const auto lines = physical_lines(folded);
  ASSERT_GT(lines.size(), 2u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (i + 1 == lines.size() && l.empty()) continue;
    EXPECT_LE(l.size(), 75u);
    if (i > 0 && !l.empty()) {
      EXPECT_EQ(l[0], ' ');
      EXPECT_NE(static_cast<unsigned char>(l[1]) & 0xC0, 0x80u) << "starts mid-sequence";
    }
  }
  EXPECT_EQ(unfold(folded), line);
  EXPECT_EQ(detail::ics_fold("SHORT"), "SHORT\r\n");
  const std::string exactly(75, 'x');
  EXPECT_EQ(detail::ics_fold(exactly), exactly + "\r\n");
}

TEST(IcsWriter, WritesAValidCalendarWithCrlfEverywhere) {
  const std::string ics = to_ics(calendar(), IcsOptions{"pen cheek", "CITSim care calendar"});
  EXPECT_EQ(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 0), 0u);
  EXPECT_EQ(ics.substr(ics.size() - 15), "END:VCALENDAR\r\n");
  for (std::size_t i = 0; i < ics.size(); ++i) {
    if (ics[i] == '\n') {
      ASSERT_GT(i, 0u);
      EXPECT_EQ(ics[i - 1], '\r') << "bare LF at " << i;
    }
  }
  for (const auto& l : physical_lines(ics)) EXPECT_LE(l.size(), 75u) << l;
  const std::string u = unfold(ics);
  EXPECT_NE(u.find("CALSCALE:GREGORIAN"), std::string::npos);
  EXPECT_NE(u.find("UID:pen-cheek-1-no_actives@citsim"), std::string::npos);
  EXPECT_NE(u.find("UID:pen-cheek-2-numbing@citsim"), std::string::npos);
  EXPECT_NE(u.find("DTSTAMP:20260105T000000Z"), std::string::npos);
  EXPECT_NE(u.find("DTSTART;VALUE=DATE:20260105\nDTEND;VALUE=DATE:20260112"), std::string::npos);
  EXPECT_NE(u.find("DTSTART:20260105T091500\nDTEND:20260105T100000"), std::string::npos);
  EXPECT_NE(u.find("SUMMARY:No actives\\; retinoids\\, acids\\, vitamin C"), std::string::npos);
  EXPECT_NE(u.find("Line one\\nLine two with a backslash \\\\ and"), std::string::npos);
}

TEST(IcsWriter, SamePlanGivesTheSameBytes) {
  EXPECT_EQ(to_ics(calendar(), IcsOptions{}), to_ics(calendar(), IcsOptions{}));
}

}  // namespace
}  // namespace citsim
