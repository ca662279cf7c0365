#include "citsim/pipeline/case.hpp"

namespace citsim {

std::vector<int> course_session_days(const Protocol& p) {
  return p.session_days.empty() ? regular_session_days(p.sessions, p.interval_days)
                                : p.session_days;
}

std::vector<int> maintenance_session_days(const Protocol& p) {
  return maintenance_days(course_session_days(p).back(), p.maintenance.interval_months,
                          p.maintenance.sessions);
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
