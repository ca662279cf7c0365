#include "citsim/pipeline/unmodelled.hpp"

#include <variant>

#include <fmt/format.h>

namespace citsim {

std::vector<ModelWarning> unmodelled_settings(const Case& c) {
  std::vector<ModelWarning> out;
  if (const auto* rf = std::get_if<RfPen>(&c.device)) {
    out.push_back(
        {"rf_heat_not_in_healing", "caution",
         fmt::format(
             "kind = \"rf_pen\": the heat of each radiofrequency pulse (rf_power_w = {:g} W, "
             "pulse_duration_ms = {:g} ms, {} needles, {}) is computed (summary.json "
             "sessions[].rf: coagulation, peak temperatures, warnings) but is NOT yet in the "
             "healing: collagen, tightening, the surface and the risks are those of a mechanical "
             "pen with the same needles",
             rf->rf.power_w, rf->rf.pulse_duration_ms,
             rf->rf.insulated_needles ? "insulated" : "bare",
             rf->rf.bipolar ? "bipolar" : "monopolar")});
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
