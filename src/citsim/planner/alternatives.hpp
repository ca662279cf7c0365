// Alternatives: microneedling beside fractional lasers and chemical peels
// (mechanism, best for, downtime, cost, risk for darker skin), from
// data/planner/alternatives.toml, tailored to the patient.
//
//   auto rows = compare_alternatives(options, patient, site, screening);
#pragma once

#include <string>
#include <vector>

#include "citsim/planner/screening.hpp"
#include "citsim/skin/patient.hpp"
#include "citsim/skin/site.hpp"

namespace citsim {

/// Post-inflammatory hyperpigmentation risk in Fitzpatrick IV-VI skin.
enum class PihRisk { low, moderate, high };

std::string_view to_string(PihRisk risk);
std::optional<PihRisk> pih_risk_from_string(std::string_view name);

struct Alternative {
  std::string id;
  std::string name;
  std::string mechanism;
  std::vector<std::string> best_for;  ///< indication ids
  std::string best_for_text;
  int downtime_min_days = 0;
  int downtime_max_days = 0;
  int sessions_min = 1;
  int sessions_max = 1;
  double cost_min = 0.0;  ///< per session, in `currency`
  double cost_max = 0.0;
  std::string currency = "USD";
  std::string cost_source;
  PihRisk pih_risk = PihRisk::low;
  std::string dark_skin;  ///< what the risk means, in words
  /// Screening rules that argue against this option, and why.
  std::vector<std::string> avoid_if_findings;
  std::string avoid_note;
  std::string source;
};

struct AlternativeAssessment {
  Alternative option;
  bool suits_indication = false;
  bool pih_flag = false;           ///< darker skin and a moderate or high risk
  std::vector<std::string> flags;  ///< tailored remarks
};

std::vector<AlternativeAssessment> compare_alternatives(const std::vector<Alternative>& options,
                                                        const Patient& patient, const Site& site,
                                                        const ScreeningResult& screening,
                                                        int dark_skin_fitzpatrick_min = 4);

}  // namespace citsim
