// The plan as JSON (plan.json): screening with every reason, the proposed
// course beside the one the case gives, the care calendar, costs and
// alternatives, each with its sources; "predictions" is left null for the
// healing engine to fill (never faked here).
//
//   nlohmann::json j = plan_to_json(plan, context);
//   j["predictions"] = ...;   // by the caller that runs the engine
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "citsim/planner/plan.hpp"

namespace citsim {

/// What the plan was made from, for the record.
struct PlanJsonContext {
  std::string case_file;
  nlohmann::json case_as_read;    ///< case_to_json(c)
  std::string start_date_source;  ///< "--start" or the default's explanation
  std::vector<std::string> data_files;
  std::string calendar_file = "calendar.ics";
};

inline constexpr const char* kPlanDisclaimer =
    "Decision support only: the clinician decides. CITSim proposes and cites; it does not "
    "diagnose or prescribe. "
    "The treating clinician examines the patient and decides whether and how to treat.";

nlohmann::json plan_to_json(const Plan& plan, const PlanJsonContext& context);

}  // namespace citsim
