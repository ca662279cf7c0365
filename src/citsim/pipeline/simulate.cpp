#include "citsim/pipeline/simulate.hpp"

#include <algorithm>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "citsim/core/error.hpp"
#include "citsim/pipeline/summary_json.hpp"
#include "citsim/pipeline/unmodelled.hpp"

namespace citsim {
namespace {

CourseInjury injury_of(const Case& c, const CourseSpec& spec,
                       const std::vector<SessionChannels>& treatment, int threads) {
  CourseSettings settings;
  settings.seed = spec.seed;
  settings.session_days = spec.session_days;
  settings.patch = spec.patch;
  settings.block.block_um = c.simulation.block_um;
  settings.block.voxel_um = c.simulation.voxel_um;
  return injure_course(treatment, spec.device, spec.skin, settings, threads);
}

/// A nominal series as a band of one member (p10 = p50 = p90).
Band nominal_band(const std::vector<ObservableRow>& rows, Observable o) {
  std::vector<double> v;
  v.reserve(rows.size());
  for (const auto& row : rows) v.push_back(row[o]);
  return Band{v, v, v};
}

std::optional<TryonModel> tryon_of(const Case& c, const ModelData& data, const TryonData* tryon) {
  if (tryon == nullptr || !site_has_surface(c, *tryon)) return std::nullopt;
  return tryon_model(c, data, *tryon);
}

}  // namespace

nlohmann::json risks_json(const CourseRisks& nominal, const std::vector<CourseRisks>& members,
                          int fitzpatrick) {
  nlohmann::json j = {
      {"pih_probability", nominal.pih_probability},
      {"pih_grade", pih_grade(nominal.pih_probability)},
      {"prolonged_erythema_probability", nominal.prolonged_erythema_probability},
      {"phototype", fitzpatrick},
      {"erythema_dose_days", nominal.erythema_dose_days},
      {"longest_redness_days", nominal.longest_redness_days},
      {"model",
       "PIH: the phototype's susceptible share x (1 - exp(-hazard x the course's erythema "
       "integrated over time)); "
       "prolonged erythema: redness outlasting 7 days after any session, with a lognormal "
       "spread between patients of how long redness lasts (docs/healing.md, Risks)"}};
  if (!members.empty()) {
    for (const auto& [name, field] : {std::pair{"pih_probability", &CourseRisks::pih_probability},
                                      std::pair{"prolonged_erythema_probability",
                                                &CourseRisks::prolonged_erythema_probability}}) {
      // A copy: structured bindings cannot be captured before C++20's P1091 in clang.
      const auto member_field = field;
      const Band b = band_over_members(
          members.size(), 1, [&](std::size_t m, std::size_t) { return members[m].*member_field; });
      j[std::string(name) + "_p10"] = b.p10.front();
      j[std::string(name) + "_p50"] = b.p50.front();
      j[std::string(name) + "_p90"] = b.p90.front();
    }
  }
  return j;
}

void check_simulate_options(const Case& c, const SimulateOptions& options) {
  const int end_day = end_day_of(c.protocol);
  for (int d : options.surface_days) {
    if (d < 0 || d > end_day) {
      throw Error(
          fmt::format("--surface-days = {}: must be a day between 0 and {} (the end of follow-up)",
                      d, end_day));
    }
  }
}

RunCost estimate_simulate_cost(const Case& c, const ModelData& data, const RunShape& shape,
                               const SimulateOptions& options) {
  RunCost cost = estimate_run_cost(c, data, shape);
  if (!wants_long_view(c, options)) return cost;
  const RunCost view =
      estimate_run_cost(long_view_case(c), data, {shape.ensemble, shape.threads, 2, false});
  if (view.seconds > cost.seconds) {
    cost.time_key = "protocol.maintenance / --long-view (five years of two courses) / --ensemble";
  }
  cost.seconds += view.seconds;
  cost.memory_bytes = std::max(cost.memory_bytes, view.memory_bytes);
  return cost;
}

Simulation::Simulation(const Case& c, const ModelData& data, const TryonData* tryon, int threads)
    : case_value_(c),
      data_(data),
      tryon_(tryon_of(c, data, tryon)),
      grade_(tryon != nullptr ? tryon->surface.grade : GradeThresholds{}),
      spec_(course_spec(c, data)),
      threads_(threads),
      treatment_(course_channels(spec_.device, spec_.device_data, spec_.patch, spec_.seed,
                                 session_count(spec_))),
      injury_(injury_of(c, spec_, treatment_, threads)),
      course_(spec_, threads, treatment_),
      warnings_(unmodelled_settings(c, tryon != nullptr ? *tryon : TryonData{})) {}

SimulateResult Simulation::finish(const SimulateOptions& options) const {
  CITSIM_ASSERT(course_.done(), "the course has run to its end");
  SimulateResult result;
  if (options.ensemble > 0) {
    result.ensemble = run_ensemble(spec_, options.ensemble, threads_, options.ensemble_progress);
  }
  result.rf = rf_session(case_value_, spec_, data_.thermal);
  const std::vector<int> sessions = course_.session_days();
  const int phototype = case_value_.patient.fitzpatrick;
  result.risks = course_risks(course_.rows(), sessions, phototype, data_.risks);
  // Each member with its own sample of the posterior (member_settings): the
  // same sample its healing parameters came from.
  const ModelSettings shipped{data_.healing, tryon_ ? tryon_->response : ScarResponseParams{},
                              data_.risks};
  const auto member = [&](std::size_t m) {
    return member_settings(shipped, data_.posterior.get(), spec_.seed, m);
  };
  if (result.ensemble) {
    const auto& all = result.ensemble->member_rows;
    for (std::size_t m = 0; m < all.size(); ++m)
      result.member_risks.push_back(course_risks(all[m], sessions, phototype, member(m).risks));
  }
  if (wants_long_view(case_value_, options)) {
    result.long_view = long_view(case_value_, data_, options.ensemble, threads_);
  }
  if (!tryon_) return result;

  // The visible measures through the course, and their bands: scar depth
  // where the site has lesions, line depth where it has lines, roughness.
  TryonModel model = *tryon_;
  const std::vector<ObservableRow>& rows = course_.rows();
  const std::vector<SurfaceState> nominal = surface_series(model, rows);
  std::vector<std::vector<SurfaceState>> members;
  if (result.ensemble) {
    const auto& all = result.ensemble->member_rows;
    for (std::size_t m = 0; m < all.size(); ++m) {
      TryonModel own = model;
      own.response = member(m).response;
      members.push_back(surface_series(own, all[m]));
    }
  }
  const auto column = [&](std::string name, double SurfaceState::*field) {
    ExtraColumn c{std::move(name), {}, {}};
    for (const SurfaceState& st : nominal) c.values.push_back(st.*field);
    if (result.ensemble) {
      c.band = band_over_members(members.size(), nominal.size(), [&](std::size_t m, std::size_t r) {
        return members[m][r].*field;
      });
    }
    result.surface_columns.push_back(std::move(c));
  };
  if (model.has_lesions()) column("scar_depth_change_pct", &SurfaceState::scar_depth_change_pct);
  column("roughness_sa_change_pct", &SurfaceState::roughness_sa_change_pct);
  if (model.has_lines())
    column("wrinkle_depth_change_pct", &SurfaceState::wrinkle_depth_change_pct);
  if (model.has_pores()) {
    column("pore_size_change_pct", &SurfaceState::pore_size_change_pct);
    column("visible_pores_change_pct", &SurfaceState::visible_pores_change_pct);
  }
  column("swelling_pct", &SurfaceState::swelling_pct);

  // The try-on frames: the bands of the ensemble, or the nominal run.
  std::vector<double> days;
  for (const auto& row : rows) days.push_back(row.day);
  const VisibleBands visible = result.ensemble
                                   ? ensemble_visible(result.ensemble->member_rows, spec_.seed,
                                                      model.response, data_, model.lines_on_neck)
                                   : nominal_visible(rows, model.response.visible);
  std::vector<TryonFrame> frames =
      tryon_frames(days, course_.session_days(), visible,
                   result.ensemble ? result.ensemble->band(Observable::erythema)
                                   : nominal_band(rows, Observable::erythema),
                   options.surface_days);
  result.surface = SurfaceCourse{std::move(model), std::move(frames)};
  return result;
}

std::unique_ptr<Simulation> prepare_simulation(const Case& c, const std::filesystem::path& data_dir,
                                               const SimulateOptions& options, int threads,
                                               const RunLimits& limits) {
  const ModelData data = read_model_data(data_dir);
  const RunShape shape{.ensemble = options.ensemble,
                       .threads = threads,
                       .courses = 1,
                       .keeps_injury_field = !options.frees_injury_field};
  check_run_cost(estimate_simulate_cost(c, data, shape, options), limits);
  const TryonData tryon = read_tryon_data(data_dir);
  return std::make_unique<Simulation>(c, data, &tryon, threads);
}

nlohmann::json simulate_summary_json(const Simulation& sim, const SimulateResult& result,
                                     const nlohmann::json& outputs) {
  nlohmann::json summary =
      simulate_summary(sim.case_(), sim.spec(), sim.injury(), sim.course().rows(),
                       result.ensemble_or_null(), outputs);
  for (const ExtraColumn& e : result.surface_columns) {
    summary["observables_end_of_follow_up"][e.name] =
        result.ensemble ? nlohmann::json{{"value", e.values.back()},
                                         {"p10", e.band.p10.back()},
                                         {"p50", e.band.p50.back()},
                                         {"p90", e.band.p90.back()}}
                        : nlohmann::json(e.values.back());
  }
  if (result.ensemble)
    summary["healing"]["ensemble_parameters"] =
        ensemble_parameters_note(sim.data().posterior.get());
  if (result.rf) {
    for (auto& session : summary["sessions"]) session["rf"] = rf_json(*result.rf);
  }
  summary["risks"] = risks_json(result.risks, result.member_risks, sim.case_().patient.fitzpatrick);
  if (result.long_view) summary["long_view"] = long_view_json(*result.long_view);
  summary["warnings"] = warnings_json(sim.warnings());
  return summary;
}

}  // namespace citsim
