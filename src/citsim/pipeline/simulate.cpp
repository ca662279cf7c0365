#include "citsim/pipeline/simulate.hpp"

#include <algorithm>
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
  if (!site_has_surface(c)) return std::nullopt;
  CITSIM_ASSERT(tryon != nullptr, "a site with a surface has its try-on data");
  return tryon_model(c, data, *tryon);
}

}  // namespace

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
      estimate_run_cost(long_view_case(c), data, {shape.ensemble, shape.threads, 2});
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
      course_(spec_, threads, treatment_) {}

SimulateResult Simulation::finish(const SimulateOptions& options) const {
  CITSIM_ASSERT(course_.done(), "the course has run to its end");
  SimulateResult result;
  if (options.ensemble > 0) {
    result.ensemble = run_ensemble(spec_, options.ensemble, threads_, options.ensemble_progress);
  }
  if (wants_long_view(case_value_, options)) {
    result.long_view = long_view(case_value_, data_, options.ensemble, threads_);
  }
  if (!tryon_) return result;

  // The scar depth and roughness through the course, and their bands.
  TryonModel model = *tryon_;
  const std::vector<ObservableRow>& rows = course_.rows();
  const std::vector<SurfaceState> nominal = surface_series(model, rows);
  ExtraColumn depth{"scar_depth_change_pct", {}, {}};
  ExtraColumn sa{"roughness_sa_change_pct", {}, {}};
  for (const SurfaceState& st : nominal) {
    depth.values.push_back(st.scar_depth_change_pct);
    sa.values.push_back(st.roughness_sa_change_pct);
  }
  if (result.ensemble) {
    std::vector<std::vector<SurfaceState>> members;
    for (const auto& member_rows : result.ensemble->member_rows)
      members.push_back(surface_series(model, member_rows));
    depth.band = band_over_members(
        members.size(), nominal.size(),
        [&](std::size_t m, std::size_t r) { return members[m][r].scar_depth_change_pct; });
    sa.band = band_over_members(members.size(), nominal.size(), [&](std::size_t m, std::size_t r) {
      return members[m][r].roughness_sa_change_pct;
    });
  }
  result.surface_columns = {std::move(depth), std::move(sa)};

  // The try-on frames: the bands of the ensemble, or the nominal run.
  std::vector<double> days;
  for (const auto& row : rows) days.push_back(row.day);
  const auto band = [&](Observable o) {
    return result.ensemble ? result.ensemble->band(o) : nominal_band(rows, o);
  };
  std::vector<TryonFrame> frames =
      tryon_frames(days, course_.session_days(), band(Observable::collagen_change_pct),
                   band(Observable::erythema), options.surface_days);
  result.surface = SurfaceCourse{std::move(model), std::move(frames)};
  return result;
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
  if (result.long_view) summary["long_view"] = long_view_json(*result.long_view);
  summary["warnings"] = warnings_json(unmodelled_settings(sim.case_()));
  return summary;
}

}  // namespace citsim
