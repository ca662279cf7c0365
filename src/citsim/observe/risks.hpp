// Risks of a course for its patient, from the healing engine's redness
// (docs/healing.md, "Risks"):
//
//   RiskParams p = read_risk_params(data_dir / "healing" / "risks.toml");
//   CourseRisks r = course_risks(rows, session_days, 4, p);   // Fitzpatrick IV
//
// Post-inflammatory hyperpigmentation (PIH): melanocytes answer the
// inflammation of each session, in the share of patients whose melanocytes
// are prone to it, a share that grows with the phototype. The course's
// inflammatory dose is the time integral of the erythema (erythema-days):
// P = s(phototype) (1 - exp(-h dose)). More redness raises the risk towards
// the susceptible share, never beyond it.
//
// Prolonged erythema: visible redness outlasting `prolonged_days` after a
// session. Each session's redness lasts d_s (the engine's time from the
// session until the erythema falls below 10 % of that session's peak or below
// the visible level; 0 if never visible); patients differ by
// a lognormal factor of spread sigma, so a session's chance is
// 1 - Phi(ln(prolonged / d_s) / sigma) and the course's is
// 1 - prod_s (1 - p_s).
#pragma once

#include <array>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "citsim/healing/observables.hpp"

namespace citsim {

struct RiskParams {
  double pih_hazard_per_erythema_day = 0.1;  ///< h, fitted (risks.toml)
  /// s: the share of patients prone to PIH, phototypes I..VI.
  std::array<double, 6> pih_susceptible_share{0.02, 0.05, 0.15, 0.35, 0.5, 0.6};
  double prolonged_erythema_days = 7.0;
  double visible_erythema = 0.05;  ///< redness below this is not seen
  double erythema_duration_sigma = 0.6;
};

struct CourseRisks {
  double pih_probability = 0.0;
  double prolonged_erythema_probability = 0.0;
  double erythema_dose_days = 0.0;    ///< the PIH dose
  double longest_redness_days = 0.0;  ///< longest session redness d_s
};

/// The published PIH rate the hazard is fitted to ([pih_target]).
struct PihTarget {
  std::string id;
  std::string quantity;
  double value = 0.0;  ///< probability, 0..1
  std::string case_file;
  std::string source;
};

/// Reads data/healing/risks.toml (every key checked).
RiskParams read_risk_params(const std::filesystem::path& file, PihTarget* target = nullptr);

/// The integral of the erythema over the rows (trapezoids), in erythema-days.
double erythema_dose_days(std::span<const ObservableRow> rows);

/// Days after each session until the erythema falls below 10 % of that
/// session's peak or below `visible` (up to the next session or the last
/// row); 0 for a session whose redness never reaches `visible`.
std::vector<double> redness_days(std::span<const ObservableRow> rows,
                                 std::span<const int> session_days, double visible = 0.0);

CourseRisks course_risks(std::span<const ObservableRow> rows, std::span<const int> session_days,
                         int fitzpatrick, const RiskParams& params);

/// The grade a clinic reads of a PIH probability: "low" below 5 %,
/// "moderate" below 15 %, "high" from 15 % (model choice: about one patient
/// in twenty, and one in seven, the rate of Dogra 2014's phototype IV-V
/// roller course the hazard is fitted to, 5 of 30).
std::string pih_grade(double probability);

}  // namespace citsim
