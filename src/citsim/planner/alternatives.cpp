#include "citsim/planner/alternatives.hpp"

#include <algorithm>
#include <array>

namespace citsim {
namespace {

constexpr std::array<std::string_view, 3> kPihNames = {"low", "moderate", "high"};

}  // namespace

std::string_view to_string(PihRisk risk) { return kPihNames[static_cast<std::size_t>(risk)]; }

std::optional<PihRisk> pih_risk_from_string(std::string_view name) {
  for (std::size_t i = 0; i < kPihNames.size(); ++i) {
    if (kPihNames[i] == name) return static_cast<PihRisk>(i);
  }
  return std::nullopt;
}

std::vector<AlternativeAssessment> compare_alternatives(const std::vector<Alternative>& options,
                                                        const Patient& patient, const Site& site,
                                                        const ScreeningResult& screening,
                                                        int dark_skin_fitzpatrick_min) {
  std::vector<AlternativeAssessment> rows;
  for (const auto& option : options) {
    AlternativeAssessment a;
    a.option = option;
    a.suits_indication = std::find(option.best_for.begin(), option.best_for.end(),
                                   site.indication) != option.best_for.end();
    if (!a.suits_indication) {
      a.flags.push_back("not a usual choice for " + site.indication);
    }
    if (patient.fitzpatrick >= dark_skin_fitzpatrick_min && option.pih_risk != PihRisk::low) {
      a.pih_flag = true;
      a.flags.push_back(std::string(to_string(option.pih_risk)) +
                        " risk of post-inflammatory hyperpigmentation for Fitzpatrick " +
                        std::to_string(patient.fitzpatrick) + " skin: " + option.dark_skin);
    }
    std::vector<std::string> fired;
    for (const auto& id : option.avoid_if_findings) {
      if (screening.fired(id)) fired.push_back(id);
    }
    if (!fired.empty()) {
      std::string ids;
      for (const auto& id : fired) ids += (ids.empty() ? "" : ", ") + id;
      a.flags.push_back("screening (" + ids + "): " + option.avoid_note);
    }
    rows.push_back(std::move(a));
  }
  return rows;
}

}  // namespace citsim
