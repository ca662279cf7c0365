// Virtual cohorts: an in-silico trial over a drawn population, each patient
// a plan-fidelity course with its own draw of the model's uncertain
// parameters, stored patient by patient (io/results_store.hpp) and summarised
// per arm as a trial report would (docs/cohort.md).
//
//   const Trial trial = read_trial("trial.toml", vocabulary);   // Error names key and value
//   ResultsStore store("trial.sqlite", trial.hash, kVersion);
//   run_cohort(trial, model, tryon, store, threads);              // resumes what is stored
//   nlohmann::json report = cohort_summary(trial, store.all());
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "citsim/io/results_store.hpp"
#include "citsim/pipeline/case.hpp"
#include "citsim/pipeline/model_data.hpp"
#include "citsim/pipeline/model_settings.hpp"
#include "citsim/pipeline/tryon.hpp"
#include "citsim/planner/vocabulary.hpp"

namespace citsim {

/// At most this many patients in one trial (all arms): each is a course.
inline constexpr int kMaxCohortPatients = 20000;
inline constexpr int kMaxCohortArms = 8;
/// At most this many courses in one sensitivity analysis (parameter sets x patients).
inline constexpr int kMaxSensitivityRuns = 200000;

/// A number drawn per patient: fixed, uniform on [a, b], or normal (mean a,
/// sd b) clipped to [lo, hi].
struct Drawn {
  enum class Kind { fixed, uniform, normal } kind = Kind::fixed;
  double a = 0.0, b = 0.0, lo = 0.0, hi = 0.0;
};

struct TrialPopulation {
  Drawn age_years;
  double female_share = 0.5;
  std::array<double, 6> phototype_share{};  ///< I..VI, summing to 1
  double thickness_sd = 0.0;  ///< relative SD of every skin layer's thickness (lognormal)
  /// Severity: relative SD of the depth of every lesion (scars, striae) of
  /// the arm's case, one lognormal factor per patient.
  double lesion_depth_sd = 0.0;
  /// When set, each patient's scars (the arm's count in all) are re-typed,
  /// scar by scar, with these shares (icepick, boxcar, rolling), each type
  /// keeping the arm's geometry for it.
  std::optional<std::array<double, 3>> scar_type_share;
};

struct TrialArm {
  std::string id;
  std::string label;
  std::filesystem::path case_file;  ///< as written, relative to the trial file
  Case course;                      ///< the case read from it: site, device, protocol
};

struct TrialEndpoint {
  enum class Kind { mean_change, responders, adverse_event } kind = Kind::mean_change;
  std::string id;
  std::string measure;  ///< a per-patient output (cohort_measures())
  double threshold = 0.0;
  bool below = true;  ///< responders: measure <= threshold (else >=)
};

struct Trial {
  std::string name;
  std::uint64_t seed = 1;
  int patients_per_arm = 0;
  TrialPopulation population;
  std::vector<TrialArm> arms;
  std::vector<TrialEndpoint> endpoints;
  std::string hash;  ///< of the trial file and its arms' case files: a store's identity
};

/// The per-patient outputs an endpoint may name: every healing observable
/// at the end of follow-up, scar_depth_change_pct and wrinkle_depth_change_pct
/// (where the arm's site has scars or lines), pih_probability and
/// prolonged_erythema_probability.
std::vector<std::string> cohort_measures();

/// Reads and checks a trial file (docs/cohort.md): every key checked, one
/// line naming file, key, value and what is allowed otherwise; the arms'
/// cases read as cases are (their errors name their files). Bounded: at most
/// kMaxCohortArms arms and kMaxCohortPatients patients in all.
Trial read_trial(const std::filesystem::path& file, const Vocabulary& vocabulary);

/// Patient `index` (0-based) of arm `arm`: the arm's case with the patient
/// drawn from the population, keyed by (trial seed, arm, index) only.
struct CohortPatient {
  Case c;
  double thickness_factor = 1.0;
  double lesion_depth_factor = 1.0;
  std::uint64_t seed = 0;    ///< the patient's device randomness and parameter draw
  std::uint64_t member = 0;  ///< the patient's sample of the posterior
};
CohortPatient cohort_patient(const Trial& trial, std::size_t arm, std::int64_t index);

/// The patient's outputs (cohort_measures() that apply) as JSON.
nlohmann::json run_cohort_patient(const Trial& trial, std::size_t arm, const CohortPatient& p,
                                  const ModelData& data, const TryonData& tryon);

/// For a sensitivity analysis of an endpoint (docs/cohort.md): the measure
/// of the first `patients` patients of arm `arm` (their drawn age, sex,
/// phototype, thickness and device randomness) with the model's parameters
/// not drawn but set, row by row, to `values` (one per column, by
/// set_parameter; every other parameter at its shipped value). Returns one
/// row per parameter set, one value per patient. Rows differing only in the
/// visible response's or the risks' parameters share their courses. Throws
/// Error naming the measure, arm, patients or value that is not allowed, and
/// when sets x patients exceed kMaxSensitivityRuns; results do not depend on
/// `threads`.
std::vector<std::vector<double>> cohort_sensitivity_runs(
    const Trial& trial, std::size_t arm, int patients, const std::string& measure,
    const std::vector<Posterior::Column>& columns, const std::vector<std::vector<double>>& values,
    const ModelData& data, const TryonData& tryon, int threads);

/// Patient `index` of arm `arm` run and ready to store: its drawn inputs,
/// seed and outputs as JSON text.
StoredPatient cohort_patient_result(const Trial& trial, std::size_t arm, std::int64_t index,
                                    const ModelData& data, const TryonData& tryon);

/// The (arm, patient) pairs of the trial not in `done`, arm by arm.
std::vector<std::pair<std::size_t, std::int64_t>> cohort_todo(
    const Trial& trial, const std::set<std::pair<std::string, std::int64_t>>& done);

struct CohortProgress {
  int total = 0;
  int stored_before = 0;  ///< found in the store: not computed again
  int computed = 0;
};

/// Runs every patient of every arm not yet in `store`, `threads` at a time,
/// storing each as it finishes. Stops between patients once `stop` is
/// triggered (what is stored stays). Results depend only on the trial.
CohortProgress run_cohort(const Trial& trial, const ModelData& data, const TryonData& tryon,
                          ResultsStore& store, int threads,
                          const std::function<void(const CohortProgress&)>& progress = {},
                          std::stop_token stop = {});

/// The trial report (cohort.json): the flow of patients, each arm's
/// population and every endpoint per arm with its 95 % interval.
nlohmann::json cohort_summary(const Trial& trial, const std::vector<StoredPatient>& patients);

/// endpoints.csv: one row per arm and endpoint.
std::string cohort_endpoints_csv(const nlohmann::json& summary);

}  // namespace citsim
