#include "citsim/pipeline/plan_run.hpp"

#include "citsim/pipeline/rf.hpp"

#include <ctime>
#include <optional>

#include <fmt/format.h>

#include "citsim/core/error.hpp"
#include "citsim/core/parallel.hpp"
#include "citsim/io/ics_writer.hpp"
#include "citsim/pipeline/case_json.hpp"
#include "citsim/pipeline/long_view.hpp"
#include "citsim/pipeline/model_data.hpp"
#include "citsim/pipeline/plan_json.hpp"
#include "citsim/pipeline/predictions.hpp"
#include "citsim/pipeline/rf.hpp"
#include "citsim/pipeline/tryon.hpp"
#include "citsim/pipeline/unmodelled.hpp"
#include "citsim/planner/calendar.hpp"
#include "citsim/planner/data_reader.hpp"
#include "citsim/planner/protocol_design.hpp"
#include "citsim/planner/screening_rules_reader.hpp"

namespace citsim {
namespace {

std::chrono::sys_days start_date(const PlanRequest& request) {
  if (request.start.empty()) return next_working_day(request.today.value_or(local_today()));
  const auto date = parse_date(request.start);
  if (!date) {
    throw Error(fmt::format("--start = \"{}\": must be a date YYYY-MM-DD (e.g. 2026-01-05)",
                            printable(request.start, 40)));
  }
  return *date;
}

/// The try-on of the planned course (the first predicted course).
nlohmann::json planned_tryon(const Case& c, const ModelData& model, const TryonData& data,
                             const CoursePrediction& planned) {
  const TryonModel site = tryon_model(c, model, data);
  const std::vector<TryonFrame> frames = tryon_frames(
      planned.days, planned.session_days(),
      ensemble_visible(planned.member_rows, planned.seed, data.response, model, site.lines_on_neck),
      planned.band(Observable::erythema));
  nlohmann::json tryon = tryon_json(site, frames, c.patient.fitzpatrick, data.surface.grade);
  tryon["course"] = planned.variant.id;
  tryon["note"] = tryon_note_prefix(c) + tryon["note"].get<std::string>();
  return tryon;
}

}  // namespace

std::chrono::sys_days next_working_day(std::chrono::sys_days today) {
  std::chrono::sys_days day = today + std::chrono::days{1};
  while (std::chrono::weekday{day} == std::chrono::Saturday ||
         std::chrono::weekday{day} == std::chrono::Sunday) {
    day += std::chrono::days{1};
  }
  return day;
}

std::chrono::sys_days local_today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return std::chrono::sys_days{std::chrono::year{local.tm_year + 1900} /
                               std::chrono::month{static_cast<unsigned>(local.tm_mon + 1)} /
                               std::chrono::day{static_cast<unsigned>(local.tm_mday)}};
}

void check_plan_request(const PlanRequest& request) { (void)start_date(request); }

PlanRun run_plan(const Case& c, const PlanRequest& request, const std::filesystem::path& data_dir,
                 const Vocabulary& vocabulary) {
  const auto start = start_date(request);
  const PlannerData data = read_planner_data(data_dir, vocabulary, {request.rules, request.prices});
  const TryonData tryon_data = read_tryon_data(data_dir);
  PlanOptions options;
  options.start = start;
  options.course = request.course;
  options.region = request.region;
  GivenCourse given = given_course(c.device, c.protocol.sessions, c.protocol.interval_days,
                                   c.protocol.follow_up_days);
  given.session_days = c.protocol.session_days;
  if (has_maintenance(c.protocol)) {
    given.maintenance_interval_months = c.protocol.maintenance.interval_months;
    given.maintenance_sessions = c.protocol.maintenance.sessions;
  }
  PlanRun run;
  run.plan = make_plan(data, c.patient, c.site, given, medication_classes(vocabulary), options);

  PlanJsonContext ctx;
  ctx.case_file = request.case_source;
  ctx.case_as_read = case_to_json(c);
  ctx.start_date_source = request.start.empty() ? "next working day" : "--start";
  // Named relative to the data folder: outputs never carry this machine's paths.
  for (const char* f :
       {"screening.toml", "protocols.toml", "care.toml", "prices.toml", "alternatives.toml"}) {
    ctx.data_files.push_back(std::string("planner/") + f);
  }
  if (!request.rules.empty()) ctx.data_files.push_back(request.rules + " (clinic rules)");
  if (!request.prices.empty()) ctx.data_files.push_back(request.prices + " (clinic prices)");
  run.json = plan_to_json(run.plan, ctx);
  run.warnings = unmodelled_settings(c, tryon_data);
  run.json["warnings"] = warnings_json(run.warnings);
  if (!run.plan.costs) {
    run.json["predictions_status"] = "not computed: screening stopped treatment";
  } else if (!request.predict) {
    run.json["predictions_status"] = "not computed: predictions were not requested";
  } else {
    const ModelData model = read_model_data(data_dir);
    PredictionSettings settings;
    settings.threads = request.threads;
    settings.stop = request.stop;
    settings.parameters = ensemble_parameters_note(model.posterior.get());
    const bool given_days =
        request.course == CourseChoice::as_given && !c.protocol.session_days.empty();
    auto variants = planning_variants(c, run.plan.sessions, run.plan.interval_days,
                                      given_days ? c.protocol.session_days : std::vector<int>{});
    for (CourseVariant& v : rf_variants(variants.front().course, model,
                                        resolve_threads(request.threads), request.stop))
      variants.push_back(std::move(v));
    // What the predictions cost: every variant's members at plan fidelity.
    Case planned = variants.front().course;
    planned.simulation.fidelity = Fidelity::plan;
    check_run_cost(estimate_run_cost(planned, model,
                                     {settings.members - 1, resolve_threads(request.threads),
                                      static_cast<int>(variants.size())}),
                   request.limits);
    // The years after: the planned course with its maintenance, without it,
    // and untreated, over five years. The maintenance the calendar follows,
    // or else the one proposed (what the clinic would weigh it against).
    int interval_months = run.plan.maintenance_interval_months;
    int maintenance_sessions = static_cast<int>(run.plan.maintenance_days.size());
    if ((interval_months <= 0 || maintenance_sessions <= 0) && run.plan.proposed) {
      interval_months = run.plan.proposed->maintenance_interval_months;
      maintenance_sessions = run.plan.proposed->maintenance_sessions;
    }
    std::optional<LongViewCourses> years;
    CoursesBeside beside;
    if (interval_months > 0 && maintenance_sessions > 0) {
      Case kept = variants.front().course;
      kept.protocol.maintenance.interval_months = interval_months;
      kept.protocol.maintenance.sessions = maintenance_sessions;
      years = long_view_courses(kept, model, kLongViewMembers, resolve_threads(request.threads),
                                LongViewCell{settings.radial_cells, settings.cell_um});
      // Its members run beside the predictions', continuing from the
      // planned course's (the same course up to its end, bit for bit).
      beside.specs = {years->specs[0], years->specs[1]};
      beside.members = kLongViewMembers;
    }
    const std::vector<CoursePrediction> predicted =
        predict_courses(variants, model, settings, years ? &beside : nullptr);
    run.json["predictions"] = predictions_json(predicted, settings);
    if (const auto rf = rf_session(variants.front().course,
                                   course_spec(variants.front().course, model), model.thermal)) {
      run.json["rf"] = rf_json(*rf);
    }
    run.json["predictions_status"] = "computed by the healing engine (plan fidelity ensemble)";
    if (years) {
      long_view_bands(years->view, beside.rows[0], beside.rows[1]);
      run.json["long_view"] = long_view_series_json(years->view);
    }
    if (site_has_surface(c, tryon_data)) {
      run.json["tryon"] = planned_tryon(c, model, tryon_data, predicted.front());
    }
  }
  std::string stem = std::filesystem::path(request.case_source).stem().string();
  if (stem.empty()) stem = "case";
  run.calendar_ics = to_ics(run.plan.calendar, IcsOptions{stem, "CITSim care calendar"});
  return run;
}

}  // namespace citsim
