// One consultation, from a validated case to the plan.json object: screening,
// protocol, calendar, costs, alternatives, and (when treatment is not stopped)
// the healing engine's predictions. Shared by `citsim plan` and `citsim serve`.
//
//   const Vocabulary vocabulary = read_vocabulary(data_dir);
//   const Case c = parse_case(toml_text, "request", vocabulary);
//   PlanRequest request;
//   request.case_source = "request";
//   const PlanRun run = run_plan(c, request, data_dir, vocabulary);
//   run.json;          // plan.json (docs/planner.md)
//   run.calendar_ics;  // calendar.ics (RFC 5545)
#pragma once

#include <chrono>
#include <optional>

#include <filesystem>
#include <stop_token>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "citsim/pipeline/budget.hpp"
#include "citsim/pipeline/case.hpp"
#include "citsim/pipeline/unmodelled.hpp"
#include "citsim/planner/plan.hpp"
#include "citsim/planner/vocabulary.hpp"

namespace citsim {

/// The default first-session date: the next working day (Monday to Friday)
/// after `today`, so that a plan made now fills the calendar from now on.
/// Tests pin --start (or inject `today`) to stay reproducible.
std::chrono::sys_days next_working_day(std::chrono::sys_days today);

/// Today's date on this machine's local clock.
std::chrono::sys_days local_today();

struct PlanRequest {
  std::string case_source;  ///< names the case in plan.json and the calendar (a file or "request")
  std::string start;        ///< first session, YYYY-MM-DD; empty: next_working_day(today)
  /// The date a default start counts from; unset: local_today().
  std::optional<std::chrono::sys_days> today;
  std::string rules;   ///< clinic screening rules file; empty: none
  std::string prices;  ///< clinic price book; empty: none
  CourseChoice course = CourseChoice::as_given;
  std::string region;    ///< price region; empty: the book's default
  int threads = 0;       ///< 0: all cores
  bool predict = true;   ///< run the healing engine for the predictions
  RunLimits limits;      ///< what the predictions may cost (checked before they run)
  std::stop_token stop;  ///< cancels the predictions (run_plan throws Cancelled); none by default
};

struct PlanRun {
  Plan plan;
  nlohmann::json json;                 ///< the plan.json object
  std::string calendar_ics;            ///< the calendar.ics text
  std::vector<ModelWarning> warnings;  ///< unmodelled.hpp; also plan.json "warnings"
};

/// Checks the request's own values (the start date) without planning:
/// throws Error naming the option, the value and what is allowed.
void check_plan_request(const PlanRequest& request);

/// Plans the case. Throws Error for a bad request or data file; a stopped
/// patient is a result (json "screening.stopped" true, predictions null).
PlanRun run_plan(const Case& c, const PlanRequest& request, const std::filesystem::path& data_dir,
                 const Vocabulary& vocabulary);

}  // namespace citsim
