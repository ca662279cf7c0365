// `simulate`: a case's course of sessions on the patient's skin, with the
// injury statistics of every session, an optional ensemble, and, for a site
// with scars, striae or a scan, the surface through the course. Everything
// the command computes is here; the front drives time (so that it can
// checkpoint and snapshot) and writes the files.
//
//   Simulation sim(c, model_data, threads);
//   sim.course().run_to_end();                 // or step it, checkpointing
//   const SimulateResult r = sim.finish(options, tryon_data);
//   timeseries_csv(sim.course().rows(), r.ensemble_or_null(), r.surface_columns);
//   simulate_summary_json(sim, r, outputs);
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "citsim/healing/course.hpp"
#include "citsim/injury/course.hpp"
#include "citsim/observe/ensemble.hpp"
#include "citsim/pipeline/budget.hpp"
#include "citsim/pipeline/case.hpp"
#include "citsim/pipeline/long_view.hpp"
#include "citsim/pipeline/model_data.hpp"
#include "citsim/pipeline/rf.hpp"
#include "citsim/pipeline/timeseries_csv.hpp"
#include "citsim/pipeline/tryon.hpp"
#include "citsim/pipeline/unmodelled.hpp"

namespace citsim {

struct SimulateOptions {
  int ensemble = 0;               ///< members; 0 = the nominal run only
  std::vector<int> surface_days;  ///< days to add to the try-on frames
  /// --long-view: the long view (long_view.hpp) even without maintenance; a
  /// case with maintenance always has it.
  bool long_view = false;
  /// Whether the caller frees the first session's injury field before the
  /// course runs (Simulation::release_injury_field), for the memory check.
  bool frees_injury_field = false;
  /// Called with the number of ensemble members finished (any thread).
  std::function<void(int)> ensemble_progress;
};

/// Throws Error naming the option when `options` do not fit the case (a
/// surface day after the end of follow-up).
void check_simulate_options(const Case& c, const SimulateOptions& options);

/// Whether `simulate` adds the long view: a case with maintenance, or --long-view.
inline bool wants_long_view(const Case& c, const SimulateOptions& options) {
  return options.long_view || has_maintenance(c.protocol);
}

/// What `simulate` will cost: the course and its ensemble, and the long view
/// (two plan-fidelity courses over five years, with the same ensemble) when
/// it is added. The time key names the long view when it costs the most.
RunCost estimate_simulate_cost(const Case& c, const ModelData& data, const RunShape& shape,
                               const SimulateOptions& options);

/// The surface of the site through the course: the try-on model and the
/// frames shown (P10/P50/P90 with an ensemble, the nominal run otherwise).
struct SurfaceCourse {
  TryonModel model;
  std::vector<TryonFrame> frames;
};

struct SimulateResult {
  std::optional<EnsembleResult> ensemble;
  /// The visible measures of a site with a surface: scar_depth_change_pct
  /// (lesions), roughness_sa_change_pct, wrinkle_depth_change_pct (lines).
  std::vector<ExtraColumn> surface_columns;
  CourseRisks risks;                      ///< of the nominal course
  std::vector<CourseRisks> member_risks;  ///< of each ensemble member
  std::optional<RfSession> rf;            ///< an rf_pen course's pulse
  std::optional<SurfaceCourse> surface;
  std::optional<LongView> long_view;  ///< wants_long_view

  const EnsembleResult* ensemble_or_null() const { return ensemble ? &*ensemble : nullptr; }
};

class Simulation {
 public:
  /// The course of `c` on the data: first the try-on model of a site with a
  /// surface (`tryon` must then be set; a scan is read and checked here,
  /// before any other work), then the device's channels of every session
  /// (made once), their injury on the block of [simulation] (the statistics
  /// of summary.json), and the healing course on the same channels, ready to
  /// run. Throws Error for a case the data cannot run.
  Simulation(const Case& c, const ModelData& data, const TryonData* tryon, int threads);

  const Case& case_() const { return case_value_; }
  const ModelData& data() const { return data_; }
  const CourseSpec& spec() const { return spec_; }
  /// The injury of every session; its first_field is empty once released.
  const CourseInjury& injury() const { return injury_; }
  /// Frees the first session's injury field (its statistics stay), for a
  /// caller that has written it out and runs a large block.
  void release_injury_field() { injury_.first_field = InjuryField{}; }
  /// The case's warnings (unmodelled.hpp), for summary.json.
  const std::vector<ModelWarning>& warnings() const { return warnings_; }
  /// The Goodman & Baron thresholds of the try-on data (for tryon_json).
  const GradeThresholds& grade_thresholds() const { return grade_; }
  /// The nominal course; the caller advances it (run_to_end, or in steps).
  CourseRun& course() { return course_; }
  const CourseRun& course() const { return course_; }

  /// After the course has run to its end: the ensemble (if asked for) and
  /// the surface (if the site has one).
  SimulateResult finish(const SimulateOptions& options) const;

 private:
  Case case_value_;
  ModelData data_;
  std::optional<TryonModel> tryon_;  ///< a site with a surface
  GradeThresholds grade_;
  CourseSpec spec_;
  int threads_;
  std::vector<SessionChannels> treatment_;  ///< channels of every session, made once
  CourseInjury injury_;
  CourseRun course_;
  std::vector<ModelWarning> warnings_;  ///< unmodelled.hpp, for the case and its try-on data
};

/// Everything checked and made before any work, for `citsim simulate` and
/// the Python module: the model data of `data_dir`, the run's cost against
/// `limits` (the course, options.ensemble members on `threads` threads, the
/// long view), the try-on data (a scan read and checked) and the course with
/// its channels and injury. Throws Error naming what is wrong.
std::unique_ptr<Simulation> prepare_simulation(const Case& c, const std::filesystem::path& data_dir,
                                               const SimulateOptions& options, int threads,
                                               const RunLimits& limits);

/// summary.json (summary_json.hpp) with the surface columns' values at the
/// end of follow-up; `outputs` lists the files written beside it.
/// summary.json's "risks": the nominal course's, with _p10/_p50/_p90 over
/// `members` when there are any.
nlohmann::json risks_json(const CourseRisks& nominal, const std::vector<CourseRisks>& members,
                          int fitzpatrick);

nlohmann::json simulate_summary_json(const Simulation& sim, const SimulateResult& result,
                                     const nlohmann::json& outputs);

}  // namespace citsim
