// The planner stage as one call: screening, proposed course, care calendar,
// costs and alternatives for one patient and site. Predictions from the
// healing engine are added by the caller (plan.json "predictions").
//
//   Plan p = make_plan(data, c.patient, c.site, given, classes, PlanOptions{start});
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "citsim/planner/alternatives.hpp"
#include "citsim/planner/calendar.hpp"
#include "citsim/planner/costs.hpp"
#include "citsim/planner/protocol_design.hpp"
#include "citsim/planner/screening.hpp"

namespace citsim {

/// Everything the planner reads from data/planner/ (and clinic files).
struct PlannerData {
  std::vector<ScreeningRule> rules;
  ProtocolData protocols;
  CareData care;
  PriceBook prices;
  std::vector<Alternative> alternatives;
};

/// Which course the calendar and the costs follow.
enum class CourseChoice {
  as_given,  ///< the case file's device and protocol: the clinician's choice
  proposed,  ///< the planner's proposal
};

std::string_view to_string(CourseChoice choice);

struct PlanOptions {
  std::chrono::sys_days start;  ///< first session
  CourseChoice course = CourseChoice::as_given;
  std::string region;  ///< empty: the price book's default
};

struct Plan {
  ScreeningResult screening;
  /// Absent when screening stops treatment.
  std::optional<ProposedCourse> proposed;
  GivenCourse given;
  std::vector<std::string> differences;  ///< given vs proposed
  CourseChoice course = CourseChoice::as_given;
  int sessions = 0;  ///< of the course the calendar and costs follow
  int interval_days = 0;
  std::vector<int> session_days;        ///< of that course, days from the first session
  int maintenance_interval_months = 0;  ///< of that course; 0: none
  std::vector<int> maintenance_days;    ///< days from the first session
  CareCalendar calendar;
  std::optional<CostEstimate> costs;  ///< absent when screening stops treatment
  std::vector<AlternativeAssessment> alternatives;
};

Plan make_plan(const PlannerData& data, const Patient& patient, const Site& site,
               const GivenCourse& given, const MedicationClasses& classes,
               const PlanOptions& options);

}  // namespace citsim
