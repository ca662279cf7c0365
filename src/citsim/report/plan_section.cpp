// Proposed treatment: per zone, the proposed protocol beside the case file's
// course, the differences and the notes on the evidence.
#include "citsim/report/sections.hpp"

#include <string>
#include <string_view>

namespace citsim::report_detail {
namespace {

void zone_plan(std::string& out, Context& ctx, const json& zone) {
  const json empty = json::object();
  const json& p = get(zone, "proposed") ? *get(zone, "proposed") : empty;
  const json& g = get(zone, "as_given") ? *get(zone, "as_given") : empty;
  auto member = [&empty](const json& j, std::string_view key) -> const json& {
    const json* v = get(j, key);
    return v ? *v : empty;
  };
  out += "<article class=\"zone\"><h3>" + esc(capitalised(words(text(zone, "zone")))) + ": " +
         esc(words(text(zone, "indication"))) + "</h3>\n";
  out +=
      "<table class=\"protocol\"><caption>Proposed protocol beside the case file's "
      "course</caption><thead><tr><th scope=\"col\">Parameter</th><th scope=\"col\">"
      "Proposed</th><th scope=\"col\">Case file</th><th scope=\"col\">Source</th></tr>"
      "</thead><tbody>\n";
  auto row = [&out, &ctx](std::string_view label, const std::string& proposed_html,
                          const std::string& given_html, const std::string& source) {
    out += "<tr><th scope=\"row\">" + std::string(label) + "</th><td>" + proposed_html +
           "</td><td>" +
           (given_html.empty() ? "<span class=\"muted\">&#8212;</span>" : given_html) +
           "</td><td>" + ctx.sources.cited(source) + "</td></tr>\n";
  };

  const json& device = member(p, "device");
  std::string device_html =
      "<strong>" + esc(capitalised(words(text(device, "kind")))) + "</strong>";
  if (const std::string why = text(device, "why"); !why.empty()) {
    device_html += "<br><span class=\"muted small\">" + esc(why) + "</span>";
  }
  row("Device", device_html, esc(words(text(g, "device"))), text(device, "source"));

  const json& depth = member(p, "needle_depth");
  std::string depth_html = "<strong>" + range_text(get(depth, "range_mm")) + " mm</strong>";
  if (const std::string start = text(depth, "start_mm"); !start.empty()) {
    depth_html += "<br>start at " + esc(start) + " mm and titrate to the endpoint";
  }
  if (const std::string note = text(depth, "note"); !note.empty()) {
    depth_html += "<p class=\"note\">" + esc(note) + "</p>";
  }
  const std::string given_depth = text(g, "needle_length_mm");
  row("Needle depth", depth_html, given_depth.empty() ? "" : esc(given_depth) + " mm",
      text(depth, "source"));

  auto value_with_range = [](const json& item, std::string_view unit) {
    std::string html = "<strong>" + esc(text(item, "value")) + std::string(unit) + "</strong>";
    if (const std::string r = range_text(get(item, "range")); !r.empty()) {
      html += " <span class=\"muted\">(range " + r + std::string(unit) + ")</span>";
    }
    return html;
  };
  const json& passes = member(p, "passes");
  row("Passes", value_with_range(passes, ""), esc(text(g, "passes")), text(passes, "source"));
  const json& endpoint = member(p, "endpoint");
  row("Endpoint", esc(capitalised(text(endpoint, "value"))), "", text(endpoint, "source"));
  const json& sessions = member(p, "sessions");
  row("Sessions", value_with_range(sessions, ""), esc(text(g, "sessions")),
      text(sessions, "source"));
  const json& interval = member(p, "interval_days");
  const std::string given_interval = text(g, "interval_days");
  row("Spacing", value_with_range(interval, " days"),
      given_interval.empty() ? "" : esc(given_interval) + " days", text(interval, "source"));
  const json& maintenance = member(p, "maintenance_months");
  const std::string maint = range_text(get(maintenance, "range"));
  row("Maintenance", maint.empty() ? "" : "one session every " + maint + " months", "",
      text(maintenance, "source"));
  const json& assess = member(p, "final_assessment_days_after_last_session");
  const std::string given_follow = text(g, "follow_up_days");
  row("Final assessment",
      text(assess, "value").empty() ? ""
                                    : "<strong>" + esc(text(assess, "value")) +
                                          " days</strong> or more after the last session",
      given_follow.empty() ? "" : "follow-up " + esc(given_follow) + " days",
      text(assess, "source"));

  const json* adjuvants = get(p, "adjuvants");
  if (adjuvants && adjuvants->is_array() && !adjuvants->empty()) {
    for (const auto& a : *adjuvants) {
      row("Adjuvant",
          "<strong>" + esc(capitalised(text(a, "name"))) + "</strong><br>" +
              esc(text(a, "evidence")),
          "", text(a, "source"));
    }
  } else {
    out +=
        "<tr><th scope=\"row\">Adjuvants</th><td colspan=\"3\"><span class=\"muted\">"
        "none with evidence for this zone and indication</span></td></tr>\n";
  }
  out += "</tbody></table>\n";

  const json* differences = get(zone, "differences");
  if (differences && differences->is_array() && !differences->empty()) {
    out +=
        "<div class=\"callout callout-warn\"><h4>Where the case file differs from the "
        "proposal</h4><ul>";
    for (const auto& d : *differences) {
      out += "<li>" + esc(d.is_string() ? d.get<std::string>() : d.dump()) + "</li>";
    }
    out += "</ul></div>\n";
  }
  const json* notes = get(p, "notes");
  if (notes && notes->is_array() && !notes->empty()) {
    out += "<div class=\"callout callout-note\"><h4>Notes on the evidence</h4><ul>";
    for (const auto& n : *notes) {
      const std::string s = n.is_string() ? n.get<std::string>() : n.dump();
      const bool no_consensus = s.find("consensus") != std::string::npos;
      out += "<li>" +
             std::string(no_consensus ? "<span class=\"tag tag-consensus\">No consensus</span> "
                                      : "") +
             esc(s) + "</li>";
    }
    out += "</ul></div>\n";
  }
  out += "</article>\n";
}

}  // namespace

void plan_section(std::string& out, Context& ctx) {
  out +=
      "<section id=\"plan\" aria-labelledby=\"plan-h\"><h2 id=\"plan-h\"><span "
      "class=\"num\">2</span>Proposed treatment</h2>\n";
  const json empty = json::object();
  const json& protocol = get(ctx.plan, "protocol") ? *get(ctx.plan, "protocol") : empty;
  if (ctx.stopped) {
    out +=
        "<p class=\"none\">No treatment is proposed: screening stopped microneedling for "
        "this patient (see Screening). The case file's course is not evaluated.</p>"
        "</section>\n";
    return;
  }
  const json* zones = get(protocol, "zones");
  if (zones == nullptr || !zones->is_array() || zones->empty()) {
    out += "<p class=\"none\">" + esc(text(protocol, "status")) + "</p></section>\n";
    return;
  }
  if (const json* followed = get(protocol, "course_followed")) {
    const std::string choice = text(*followed, "choice");
    out += "<p>The calendar and costs follow the <strong>" +
           esc(choice == "as_given" ? "case file's course" : "proposed course") + "</strong> (" +
           esc(text(*followed, "sessions")) + " sessions every " +
           esc(text(*followed, "interval_days")) + " days): " + esc(text(*followed, "why")) +
           ".</p>\n";
  }
  for (const auto& zone : *zones) zone_plan(out, ctx, zone);
  out += "</section>\n";
}

}  // namespace citsim::report_detail
