// Screening: the refusal that opens a stopped patient's report, and the
// section listing every finding with its rule and source.
#include "citsim/report/sections.hpp"

#include <string>

namespace citsim::report_detail {
namespace {

std::string level_badge(const std::string& level) {
  std::string label = level == "stop" ? "STOP" : level == "caution" ? "CAUTION" : "INFO";
  return "<span class=\"badge badge-" + esc(level) + "\">" + label + "</span>";
}

}  // namespace

std::string outcome_label(const std::string& outcome) {
  if (outcome == "stop") return "Stop: do not treat";
  if (outcome == "proceed_with_caution") return "Proceed with caution";
  if (outcome == "proceed") return "Proceed";
  return words(outcome);
}

std::string outcome_class(const std::string& outcome) {
  if (outcome == "stop") return "stop";
  if (outcome == "proceed_with_caution") return "caution";
  return "proceed";
}

void refusal(std::string& out, Context& ctx) {
  const json* screening = get(ctx.plan, "screening");
  const json* reasons = screening ? get(*screening, "reasons") : nullptr;
  std::string items;
  int stops = 0;
  if (reasons && reasons->is_array()) {
    for (const auto& r : *reasons) {
      if (text(r, "level") != "stop") continue;
      ++stops;
      items += "<li>" + esc(text(r, "message")) + " <span class=\"rule-id\">" +
               esc(text(r, "rule_id")) + "</span></li>";
    }
  }
  out +=
      "<section class=\"refusal\" id=\"refusal\" role=\"alert\" aria-labelledby=\"refusal-h\">"
      "<h2 id=\"refusal-h\">Treatment not proposed: screening stopped microneedling</h2>"
      "<p>Screening found " +
      std::to_string(stops) + (stops == 1 ? " reason" : " reasons") +
      " not to treat this patient now. No course, schedule, prediction or price is proposed. "
      "Every finding, with its rule and source, is listed under Screening.</p><ul>" +
      items + "</ul></section>\n";
}

void screening_section(std::string& out, Context& ctx) {
  const json empty = json::object();
  const json& screening = get(ctx.plan, "screening") ? *get(ctx.plan, "screening") : empty;
  const std::string outcome = text(screening, "outcome");
  out +=
      "<section id=\"screening\" aria-labelledby=\"screening-h\"><h2 id=\"screening-h\">"
      "<span class=\"num\">1</span>Screening</h2>\n";
  out += "<p>Outcome: <strong class=\"outcome-text outcome-" + outcome_class(outcome) + "\">" +
         esc(outcome_label(outcome)) +
         "</strong>. Rules are checked against the patient's conditions, medications, history, "
         "age, phototype and site; each finding names its rule and source.</p>\n";
  const json* reasons = get(screening, "reasons");
  if (reasons == nullptr || !reasons->is_array() || reasons->empty()) {
    out += "<p class=\"none\">No screening rule fired for this patient.</p></section>\n";
    return;
  }
  out +=
      "<table class=\"findings\"><caption>Screening findings (stop, then caution, then "
      "information)</caption><thead><tr><th scope=\"col\">Level</th><th scope=\"col\">"
      "Finding</th><th scope=\"col\">Because</th><th scope=\"col\">Rule and source</th>"
      "</tr></thead><tbody>\n";
  for (const auto& r : *reasons) {
    const std::string level = text(r, "level");
    std::string because;
    if (const json* b = get(r, "because"); b && b->is_array()) {
      for (const auto& item : *b) {
        because += "<li>" + esc(item.is_string() ? item.get<std::string>() : item.dump()) + "</li>";
      }
    }
    out += "<tr class=\"level-" + esc(level) + "\"><td>" + level_badge(level) + "</td><td>" +
           esc(text(r, "message"));
    if (const std::string note = text(r, "note"); !note.empty()) {
      out += "<p class=\"note\"><strong>Where guidance differs:</strong> " + esc(note) + "</p>";
    }
    out += "</td><td><ul class=\"plain\">" + because + "</ul></td><td><code class=\"rule-id\">" +
           esc(text(r, "rule_id")) + "</code><br>" + ctx.sources.cited(text(r, "source"));
    if (const std::string file = text(r, "rules_file"); !file.empty()) {
      out += "<br><span class=\"muted small\">rules file: " + esc(file) + "</span>";
    }
    out += "</td></tr>\n";
  }
  out += "</tbody></table></section>\n";
}

}  // namespace citsim::report_detail
