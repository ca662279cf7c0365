#include "citsim/planner/plan.hpp"

#include <algorithm>

#include "citsim/healing/course.hpp"

namespace citsim {

std::string_view to_string(CourseChoice choice) {
  return choice == CourseChoice::as_given ? "as_given" : "proposed";
}

Plan make_plan(const PlannerData& data, const Patient& patient, const Site& site,
               const GivenCourse& given, const MedicationClasses& classes,
               const PlanOptions& options) {
  Plan plan;
  plan.screening = screen(data.rules, patient, site, classes);
  plan.given = given;
  plan.course = options.course;
  const bool stopped = plan.screening.outcome == ScreeningOutcome::stop;
  if (!stopped) {
    plan.proposed = propose_course(data.protocols, patient, site);
    plan.differences = compare_course(*plan.proposed, given);
  }
  const bool use_proposed = plan.proposed && options.course == CourseChoice::proposed;
  plan.sessions = use_proposed ? plan.proposed->sessions : given.sessions;
  plan.interval_days = use_proposed ? plan.proposed->interval_days : given.interval_days;
  if (use_proposed) {
    plan.session_days = regular_session_days(plan.sessions, plan.interval_days);
    plan.maintenance_interval_months = plan.proposed->maintenance_interval_months;
    plan.maintenance_days =
        maintenance_days(plan.session_days.back(), plan.maintenance_interval_months,
                         plan.proposed->maintenance_sessions);
  } else {
    plan.session_days = given.session_days.empty()
                            ? regular_session_days(given.sessions, given.interval_days)
                            : given.session_days;
    plan.maintenance_interval_months = given.maintenance_interval_months;
    plan.maintenance_days = maintenance_days(
        plan.session_days.back(), given.maintenance_interval_months, given.maintenance_sessions);
  }
  plan.calendar = build_calendar(data.care, options.start, plan.session_days, plan.maintenance_days,
                                 plan.screening);
  if (!stopped) {
    // Priced add-ons in the total: the proposed adjuvants when the proposed
    // course is followed, and the RF surcharge when the course uses an RF pen.
    // The rest are listed as offered, outside the total.
    std::vector<std::string> wanted;
    if (use_proposed) {
      for (const auto& a : plan.proposed->adjuvants) wanted.push_back(a.id);
    }
    const DeviceKind device = use_proposed ? plan.proposed->device : given.device;
    if (device == DeviceKind::rf_pen) wanted.push_back("rf_microneedling");
    std::vector<std::string> add_ons;
    for (const auto& id : wanted) {
      const bool priced = std::any_of(data.prices.add_ons.begin(), data.prices.add_ons.end(),
                                      [&](const PricedItem& i) { return i.id == id; });
      if (priced) add_ons.push_back(id);
    }
    const std::string region = options.region.empty() ? data.prices.default_region : options.region;
    plan.costs = estimate_costs(
        data.prices, site.zone, plan.sessions, add_ons, region,
        {static_cast<int>(plan.maintenance_days.size()), plan.maintenance_interval_months});
  }
  plan.alternatives = compare_alternatives(data.alternatives, patient, site, plan.screening,
                                           data.protocols.skin_of_colour.fitzpatrick_min);
  return plan;
}

}  // namespace citsim
