// Alternatives: microneedling beside other options, with this patient's flags.
#include "citsim/report/sections.hpp"

#include <string>
#include <string_view>

namespace citsim::report_detail {

void alternatives_section(std::string& out, Context& ctx) {
  out +=
      "<section id=\"alternatives\" aria-labelledby=\"alternatives-h\"><h2 "
      "id=\"alternatives-h\"><span class=\"num\">6</span>Alternatives</h2>\n";
  const json* alts = get(ctx.plan, "alternatives");
  if (alts == nullptr || !alts->is_array() || alts->empty()) {
    out += "<p class=\"none\">No alternatives in this plan.</p></section>\n";
    return;
  }
  out +=
      "<p>Microneedling beside fractional lasers and chemical peels, with the flags that "
      "apply to this patient.</p>\n<div class=\"table-wrap\"><table class=\"alternatives\">"
      "<caption>Options side by side</caption><thead><tr><th scope=\"col\">&#160;</th>";
  for (const auto& a : *alts) {
    out += "<th scope=\"col\">" + esc(text(a, "name")) + "</th>";
  }
  out += "</tr></thead><tbody>\n";
  auto row = [&out, alts](std::string_view label, auto cell) {
    out += "<tr><th scope=\"row\">" + std::string(label) + "</th>";
    for (const auto& a : *alts) out += "<td>" + cell(a) + "</td>";
    out += "</tr>\n";
  };
  row("How it works", [](const json& a) { return esc(text(a, "mechanism")); });
  row("Best for", [](const json& a) { return esc(text(a, "best_for")); });
  row("Suits this indication", [](const json& a) {
    const json* s = get(a, "suits_indication");
    const bool yes = s && s->is_boolean() && s->get<bool>();
    return std::string(yes ? "<span class=\"yes\">Yes</span>" : "<span class=\"no\">No</span>");
  });
  row("Downtime", [](const json& a) { return range_text(get(a, "downtime_days")) + " days"; });
  row("Sessions", [](const json& a) { return range_text(get(a, "sessions")); });
  row("Cost per session", [&ctx](const json& a) {
    return money_range(get(a, "cost_per_session"), text(a, "currency")) + " " +
           ctx.sources.ref(text(a, "cost_source"));
  });
  row("PIH risk in darker skin", [](const json& a) {
    const std::string risk = text(a, "pih_risk_dark_skin");
    return "<span class=\"risk risk-" + esc(risk) + "\">" + esc(capitalised(risk)) +
           "</span><br><span class=\"small\">" + esc(text(a, "dark_skin")) + "</span>";
  });
  row("For this patient", [](const json& a) {
    const json* flags = get(a, "flags_for_this_patient");
    if (flags == nullptr || !flags->is_array() || flags->empty()) {
      return std::string("<span class=\"muted\">no flags</span>");
    }
    std::string html = "<ul class=\"flags\">";
    for (const auto& f : *flags) {
      html += "<li>" + esc(f.is_string() ? f.get<std::string>() : f.dump()) + "</li>";
    }
    return html + "</ul>";
  });
  row("Source", [&ctx](const json& a) { return ctx.sources.ref(text(a, "source")); });
  out += "</tbody></table></div></section>\n";
}

}  // namespace citsim::report_detail
