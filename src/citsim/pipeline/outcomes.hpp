// Published outcomes (data/calibration/outcomes.toml) and the observation
// model that reads each from the engine: the course that produced it, run
// with a given set of parameters, measured the way the study measured it.
// One place for calibration, the posterior and validation on studies held
// out (docs/calibration.md).
//
//   const std::vector<Outcome> outcomes = read_outcomes(data_dir / "calibration" /
//   "outcomes.toml"); ModelSettings m = model_settings(model_data, tryon_data);   // the shipped
//   values m.healing = with_file_values(m.healing, {{"collagen_synthesis_gain", 60.0}});
//   std::vector<double> v = evaluate_outcomes(outcomes, m, model_data, tryon, root, vocab);
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "citsim/healing/observables.hpp"
#include "citsim/healing/params.hpp"
#include "citsim/observe/risks.hpp"
#include "citsim/pipeline/model_data.hpp"
#include "citsim/pipeline/model_settings.hpp"
#include "citsim/pipeline/tryon.hpp"
#include "citsim/planner/vocabulary.hpp"

namespace citsim {

/// How a study measured its outcome in the model's terms.
struct OutcomeMetric {
  enum class Kind {
    end,                           ///< the last row
    day,                           ///< the first row at or after `day`
    ratio,                         ///< on `day` over on `day_early`
    rolling_over_all,              ///< rolling scars' change over all scars', on `day`
    peak_days_after_last_session,  ///< day of the maximum minus the last session's day
    median_closure_hours,
    p95_closure_hours,
    erythema_fall_hours,
    pih,       ///< the course's PIH probability
    end_over,  ///< the last row's value over `over`'s on the same row
  };
  Kind kind = Kind::end;
  int day = 0;
  int day_early = 0;
  Observable over = Observable::collagen_change_pct;  ///< end_over: the column divided by
};

/// "end", "day:150", "ratio:210/119", "rolling_over_all:150",
/// "end_over:papillary_collagen_change_pct", ...; nullopt
/// if not one of them.
std::optional<OutcomeMetric> parse_outcome_metric(std::string_view text);

struct Outcome {
  std::string id;
  std::string study;  ///< outcomes of one study share it: left out together
  std::string kind;   ///< histology, clinical_score, timeline, ..., upper_limit
  std::string quantity;
  double value = 0.0;
  std::string unit;
  std::optional<double> sd;  ///< between-patient SD, as published
  std::optional<double> se;  ///< standard error of the mean, as published
  int n = 0;                 ///< patients; 0 if not published
  std::string case_file;     ///< relative to the repository root
  std::optional<int> sessions, follow_up_days;
  std::string observable;  ///< a healing observable, or scar/wrinkle depth change, pih_probability
  OutcomeMetric metric;
  /// kind = "responders": a patient responds when the observable is at or
  /// below this (a fall, in the observable's unit); `value` is the share of
  /// the n patients who did, and the model's value is the mean over
  /// patients, turned into a share by scripts/posterior with the spread
  /// between patients.
  std::optional<double> threshold;
  std::string mapping;         ///< how the published scale is read as the observable
  double mapping_error = 0.2;  ///< relative error of that reading itself
  std::string source;

  bool upper_limit() const { return kind == "upper_limit"; }
};

/// Reads the outcomes file: every key checked, ids unique, observables and
/// metrics known, the cases' files present under `root`.
std::vector<Outcome> read_outcomes(const std::filesystem::path& file,
                                   const std::filesystem::path& root);

/// The observation model on one course's rows (the unit tests give it known
/// rows): `observable` measured by `metric`. Scar and wrinkle depth changes
/// need the course's try-on model (`tryon`), PIH its session days and
/// phototype. Closure metrics need the run itself and are not taken here.
double observe_rows(std::span<const ObservableRow> rows, const std::string& observable,
                    const OutcomeMetric& metric, const ModelSettings& settings,
                    const TryonModel* tryon, std::span<const int> session_days, int fitzpatrick);

/// Every outcome's model value with `settings`, in the order given: each
/// distinct course run once (plan fidelity, one thread: the same whatever
/// else runs).
std::vector<double> evaluate_outcomes(const std::vector<Outcome>& outcomes,
                                      const ModelSettings& settings, const ModelData& data,
                                      const TryonData& tryon, const std::filesystem::path& root,
                                      const Vocabulary& vocabulary);

}  // namespace citsim
