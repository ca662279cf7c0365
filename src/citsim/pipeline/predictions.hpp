// Predictions for the planner: the planned course and the alternatives worth
// weighing, each run as a plan-fidelity ensemble, as the "predictions"
// object of plan.json (docs/planner.md).
#pragma once

#include <array>
#include <stop_token>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "citsim/healing/observables.hpp"
#include "citsim/observe/ensemble.hpp"
#include "citsim/pipeline/case.hpp"
#include "citsim/pipeline/model_data.hpp"

namespace citsim {

/// One course to predict: the case with its device and protocol changed.
struct CourseVariant {
  std::string id;
  std::string label;
  Case course;
  /// The index of an earlier variant whose course this one is except for its
  /// sessions, interval and follow-up (-1: none): its members continue from
  /// that variant's where the two part (run_members' trunks).
  int trunk = -1;
};

/// The shortest follow-up (days after the last session) a plan predicts: the
/// final result of a course is judged at least 3 months after the last
/// session, better at 6 to 12 (Minutilli E 2024 J Drugs Dermatol 23(3):e79),
/// so a plan shows 6 months whatever the case's own follow-up.
inline constexpr int kPlanFollowUpDays = 182;

/// The planned course (the case as given, with `sessions` and
/// `interval_days`), one session fewer, two sessions more, sessions two weeks
/// apart, and an at-home 0.25 mm roller used weekly for twelve weeks. With
/// `session_days` (a course on given days) the planned course keeps them and
/// the others are regular courses at the mean spacing. Maintenance is left
/// out of every variant: the long view (long_view.hpp) shows it.
std::vector<CourseVariant> planning_variants(const Case& c, int sessions, int interval_days,
                                             const std::vector<int>& session_days = {});

/// The radiofrequency variants of the planned course (`planned`, the first
/// of planning_variants): for an RF course, the same course without energy
/// (what the heat adds); for a mechanical course of an indication RF serves,
/// an RF tip at settings the model has checked for this skin (checked_rf),
/// with why in its label. None otherwise.
/// Throws Cancelled once `stop` is triggered.
std::vector<CourseVariant> rf_variants(const Case& planned, const ModelData& data, int threads = 1,
                                       std::stop_token stop = {});

struct PredictionSettings {
  int members = 12;
  int threads = 0;       ///< 0: all cores
  int radial_cells = 6;  ///< a coarser unit cell than `simulate`'s, for speed
  double cell_um = 40.0;
  std::stop_token stop;    ///< cancels the ensembles (they throw Cancelled); none by default
  std::string parameters;  ///< where members' parameters come from (ensemble_parameters_note)
};

/// One variant's ensemble: its reported days and the band of every
/// observable plan.json shows (the others are left empty).
struct CoursePrediction {
  CourseVariant variant;
  std::vector<double> days;
  std::array<Band, kObservableCount> bands;
  Band pih;                 ///< PIH probability over the members (one value each)
  Band prolonged_erythema;  ///< prolonged erythema probability over the members
  std::uint64_t seed = 0;   ///< the ensemble's seed (member_settings)
  std::vector<std::vector<ObservableRow>> member_rows;  ///< [member][row]

  const Band& band(Observable o) const { return bands[static_cast<std::size_t>(o)]; }
  std::vector<int> session_days() const;
};

/// Courses run in the same member loop as the predictions, each the first
/// variant's course except for its sessions and follow-up (the long view's
/// two courses, at the predictions' cell), so their members continue from
/// the first variant's (run_members' trunks). `rows` is filled:
/// [course][member][row], `members` (at most the predictions') each.
struct CoursesBeside {
  std::vector<CourseSpec> specs;
  int members = 0;
  std::vector<std::vector<std::vector<ObservableRow>>> rows;
};

/// Runs every variant's ensemble (all members of all variants in one
/// parallel loop), and the courses `beside`, if given, in the same loop.
std::vector<CoursePrediction> predict_courses(const std::vector<CourseVariant>& variants,
                                              const ModelData& data,
                                              const PredictionSettings& settings,
                                              CoursesBeside* beside = nullptr);

/// The plan.json "predictions" object.
nlohmann::json predictions_json(const std::vector<CoursePrediction>& predictions,
                                const PredictionSettings& settings);

}  // namespace citsim
