// Costs: the course price by provider type, add-ons and the insurance line.
#include "citsim/report/sections.hpp"

#include <string>

namespace citsim::report_detail {

void costs_section(std::string& out, Context& ctx) {
  out +=
      "<section id=\"costs\" aria-labelledby=\"costs-h\"><h2 id=\"costs-h\"><span "
      "class=\"num\">5</span>Costs</h2>\n";
  const std::string insurance_line =
      "<p class=\"insurance\"><strong>Not covered by insurance.</strong> ";
  const json* costs = get(ctx.plan, "costs");
  if (costs == nullptr) {
    std::string note = text(ctx.plan, "costs_note");
    if (note.empty()) note = "no estimate in this plan";
    out += "<p class=\"none\">No estimate: " + esc(note) + ".</p>\n" + insurance_line +
           "CITSim never claims insurance coverage; microneedling for appearance is a cosmetic "
           "procedure.</p></section>\n";
    return;
  }
  const std::string currency = text(*costs, "currency");
  out += "<p>Estimated price ranges for " + esc(text(*costs, "sessions")) + " sessions on the " +
         esc(words(text(*costs, "area"))) + " (" + esc(currency) + ", " +
         esc(text(*costs, "price_year")) + " prices, region " + esc(words(text(*costs, "region"))) +
         ", factor " + esc(text(*costs, "region_factor")) + "). An estimate, not a quote. " +
         ctx.sources.ref(text(*costs, "source")) + ctx.sources.ref(text(*costs, "area_source")) +
         ctx.sources.ref(text(*costs, "region_source")) + "</p>\n";
  if (const json* providers = get(*costs, "by_provider"); providers && providers->is_array()) {
    out +=
        "<table class=\"costs\"><caption>Course total by provider type</caption><thead><tr>"
        "<th scope=\"col\">Provider</th><th scope=\"col\">Per session</th><th scope=\"col\">"
        "Course</th><th scope=\"col\">Add-ons</th><th scope=\"col\">Total</th><th "
        "scope=\"col\">Maintenance session</th></tr></thead><tbody>\n";
    for (const auto& p : *providers) {
      out += "<tr><th scope=\"row\">" + esc(capitalised(words(text(p, "provider")))) + "</th><td>" +
             money_range(get(p, "per_session"), currency) + "</td><td>" +
             money_range(get(p, "course"), currency) + "</td><td>" +
             money_range(get(p, "add_ons"), currency) + "</td><td class=\"total\">" +
             money_range(get(p, "total"), currency) + "</td><td>" +
             money_range(get(p, "maintenance_session"), currency) + "</td></tr>\n";
    }
    out += "</tbody></table>\n";
  }
  if (const json* package = get(*costs, "package")) {
    const json* applies = get(*package, "applies");
    if (applies && applies->is_boolean() && applies->get<bool>()) {
      out += "<p>Course prices allow a package discount of " +
             pct_range(get(*package, "discount")) + ". " +
             ctx.sources.ref(text(*package, "source")) + "</p>\n";
    }
  }
  auto items = [&out, &ctx, &currency](const json* list, const std::string& title) {
    if (list == nullptr || !list->is_array() || list->empty()) return;
    out += "<h3>" + title + "</h3><ul class=\"items\">";
    for (const auto& i : *list) {
      out += "<li><strong>" + esc(capitalised(text(i, "name"))) +
             "</strong>: " + money_range(get(i, "price"), currency) + " per " + esc(text(i, "per"));
      if (const std::string note = text(i, "note"); !note.empty()) out += ". " + esc(note);
      out += " " + ctx.sources.ref(text(i, "source")) + "</li>";
    }
    out += "</ul>\n";
  };
  items(get(*costs, "add_ons_included"), "Add-ons included");
  items(get(*costs, "add_ons_offered"), "Add-ons offered (not included)");
  items(get(*costs, "at_home_devices"), "At-home devices");
  std::string note;
  std::string source;
  if (const json* insurance = get(*costs, "insurance")) {
    note = text(*insurance, "note");
    source = text(*insurance, "source");
  }
  if (note.empty()) note = "Microneedling for appearance is a cosmetic procedure.";
  out += insurance_line + esc(note) + " " + ctx.sources.ref(source) + "</p>\n</section>\n";
}

}  // namespace citsim::report_detail
