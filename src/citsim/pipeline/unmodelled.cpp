#include "citsim/pipeline/unmodelled.hpp"

#include <variant>

#include <fmt/format.h>

#include "citsim/pipeline/rf.hpp"

namespace citsim {

std::vector<ModelWarning> unmodelled_settings(const Case& c, const TryonData& tryon) {
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
  // The fine lines' response is calibrated on the face and scaled for the
  // neck from laser studies; the one trial of the neck's lines saw less
  // still (docs/calibration.md, "What it shows").
  if (c.site.zone == Zone::neck && site_has_lines(c, tryon)) {
    out.push_back(
        {"neck_lines_overpredicted", "caution",
         fmt::format(
             "zone = \"neck\" with indication = \"{}\" (its fine lines are predicted): the "
             "model's lines respond on the neck with a share of the face's response taken from "
             "laser studies, but the one published trial of the neck's lines (Alqam 2022: four "
             "monthly pen sessions, the Lemperle grade 25.9 % lower three months after) improved "
             "less than the model predicts for that course (docs/calibration.md); read the "
             "predicted change of the lines here as an upper estimate",
             c.site.indication)});
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
