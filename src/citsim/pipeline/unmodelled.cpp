#include "citsim/pipeline/unmodelled.hpp"

#include <variant>

#include <fmt/format.h>

#include "citsim/pipeline/rf.hpp"

namespace citsim {

std::vector<ModelWarning> unmodelled_settings(const Case& c) {
  std::vector<ModelWarning> out;
  if (const auto* rf = std::get_if<RfPen>(&c.device)) {
    out.push_back(
        {"rf_not_validated", "caution",
         fmt::format("kind = \"rf_pen\" ({}): the heat of each pulse is modelled and enters the "
                     "healing (coagulated columns, heat-shocked tissue around them; summary.json "
                     "sessions[].rf), but the pulse model is verified, not validated: no "
                     "published table of coagulation size against energy was available to test "
                     "it (docs/rf.md); read the sizes, temperatures and the RF share of the "
                     "result as indicative",
                     rf_setting_text(*rf))});
  }
  return out;
}

nlohmann::json warnings_json(const std::vector<ModelWarning>& warnings) {
  nlohmann::json out = nlohmann::json::array();
  for (const ModelWarning& w : warnings) {
    out.push_back({{"id", w.id}, {"level", w.level}, {"message", w.message}});
  }
  return out;
}

}  // namespace citsim
