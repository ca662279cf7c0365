#include "citsim/pipeline/case.hpp"

#include <cmath>

namespace citsim {

std::vector<int> course_session_days(const Protocol& p) {
  return p.session_days.empty() ? regular_session_days(p.sessions, p.interval_days)
                                : p.session_days;
}

std::vector<int> maintenance_session_days(const Protocol& p) {
  const int last = course_session_days(p).back();
  std::vector<int> days;
  for (int k = 1; k <= p.maintenance.sessions; ++k) {
    days.push_back(
        last + static_cast<int>(std::lround(k * p.maintenance.interval_months * kDaysPerMonth)));
  }
  return days;
}

std::vector<int> session_days_of(const Protocol& p) {
  std::vector<int> days = course_session_days(p);
  for (int d : maintenance_session_days(p)) days.push_back(d);
  return days;
}

int end_day_of(const Protocol& p) { return session_days_of(p).back() + p.follow_up_days; }

Protocol without_maintenance(const Protocol& p, bool same_end) {
  Protocol course = p;
  course.maintenance.sessions = 0;
  if (same_end) course.follow_up_days = end_day_of(p) - course_session_days(p).back();
  return course;
}

}  // namespace citsim
