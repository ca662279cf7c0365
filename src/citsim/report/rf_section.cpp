// Radiofrequency: one pulse of the course's RF tip in this patient's skin
// (plan.rf): the settings, the coagulated column and the heat-shocked tissue
// around it, the peak temperatures, and every warning with its setting and
// reason. Shown only for an RF course.
#include <string>

#include "citsim/report/sections.hpp"

namespace citsim::report_detail {

void rf_section(std::string& out, const Context& ctx) {
  const json* rf = get(ctx.plan, "rf");
  if (rf == nullptr || !rf->is_object() || ctx.stopped) return;
  const auto value = [&](const char* key, int decimals, const char* unit) {
    const json* v = get(*rf, key);
    return v != nullptr && v->is_number() ? num(*v, decimals) + unit : std::string("&#8212;");
  };
  const auto share = [&](const char* key) {
    const json* v = get(*rf, key);
    return v != nullptr && v->is_number() ? fmt_num(100.0 * v->get<double>(), 1) + " %"
                                          : std::string("&#8212;");
  };
  out +=
      "<section id=\"rf\" aria-labelledby=\"rf-h\"><h2 id=\"rf-h\">Radiofrequency: one pulse in "
      "this skin</h2>\n<p>Each session fires the same pulse into every channel; the model solves "
      "it in this patient's layers (docs/rf.md): the current, the heat, and the tissue it "
      "coagulates (dead cells, denatured collagen) or heat-shocks (living, injured). Both enter "
      "the healing that the predictions above show.</p>\n<table class=\"rf\"><tbody>\n";
  const std::pair<std::string, std::string> rows[] = {
      {"Power per pin", value("power_per_needle_w", 3, " W")},
      {"Energy per pin",
       [&] {
         const json* v = get(*rf, "energy_per_needle_j");
         return v != nullptr && v->is_number() ? fmt_num(1000.0 * v->get<double>(), 1) + " mJ"
                                               : std::string("&#8212;");
       }()},
      {"Coagulated column", value("coagulation_top_um", 0, "") + " to " +
                                value("coagulation_depth_um", 0, " &#181;m deep, ") +
                                value("coagulation_width_um", 0, " &#181;m wide")},
      {"Coagulated share of the treated skin", share("coagulated_volume_fraction")},
      {"Heat-shocked share (living, injured)", share("heat_shocked_volume_fraction")},
      {"Peak temperature, epidermis", value("peak_epidermal_temperature_c", 1, " &#176;C")},
      {"Peak temperature, dermis and below", value("peak_dermal_temperature_c", 1, " &#176;C")},
  };
  for (const auto& [label, v] : rows) out += "<tr><th>" + label + "</th><td>" + v + "</td></tr>\n";
  out += "</tbody></table>\n";
  if (const json* warnings = get(*rf, "warnings"); warnings != nullptr && warnings->is_array()) {
    out += "<ul class=\"rf-warnings\">\n";
    for (const json& w : *warnings) {
      const std::string level = text(w, "level");
      out += "<li class=\"rf-" + esc(level) + "\" id=\"rf-warning-" + esc(text(w, "id")) +
             "\"><strong>" + esc(level) + "</strong> " + esc(text(w, "message")) + "</li>\n";
    }
    out += "</ul>\n";
  }
  out += "<p class=\"note\">" + esc(text(*rf, "model")) + "</p>\n</section>\n";
}

}  // namespace citsim::report_detail
