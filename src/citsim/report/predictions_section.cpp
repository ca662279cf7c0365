// Predicted course: the course picker, one chart canvas per key observable
// (drawn by web/src/report/charts.js) and the end-of-follow-up table.
#include "citsim/report/sections.hpp"

#include <cstdio>
#include <string>
#include <string_view>

namespace citsim::report_detail {
namespace {

// The observables charted, in order; others appear in the end-of-course table.
constexpr std::string_view kChartedObservables[] = {"collagen_change_pct",
                                                    "epidermal_thickness_change_pct", "erythema"};

bool is_percent(const json& observable) {
  return text(observable, "unit").find('%') != std::string::npos;
}

std::string signed_value(double v, bool percent) {
  char buf[64];
  std::snprintf(buf, sizeof buf, percent ? "%+.1f" : "%.2f", v);
  std::string s = buf;
  // A value that rounds to zero is shown without a sign.
  if (s.find_first_not_of("+-0.") == std::string::npos) s.erase(0, s[0] == '+' || s[0] == '-');
  return s;
}

std::string percent_of(double probability) {
  char buf[32];
  std::snprintf(buf, sizeof buf, probability < 0.01 ? "%.1f %%" : "%.0f %%", 100.0 * probability);
  return buf;
}

/// Risks of each course for this patient: median and P10 to P90.
void risks_table(std::string& out, const json& courses, const std::string& phototype) {
  bool any = false;
  for (const auto& c : courses) any = any || get(c, "risks") != nullptr;
  if (!any) return;
  out +=
      "<div class=\"table-wrap\"><table class=\"end-values risks\"><caption>Risks of each "
      "course for this patient" +
      (phototype.empty() ? std::string() : " (Fitzpatrick " + esc(phototype) + ")") +
      ": median and (P10 to P90) range</caption><thead><tr><th scope=\"col\">Risk</th>";
  for (std::size_t i = 0; i < courses.size(); ++i) {
    out += "<th scope=\"col\"><span class=\"swatch swatch-" + std::to_string(i % 6) +
           "\" aria-hidden=\"true\"></span>" + esc(text(courses[i], "label")) + "</th>";
  }
  out += "</tr></thead><tbody>\n";
  const std::pair<const char*, const char*> rows[] = {
      {"pih_probability", "Post-inflammatory hyperpigmentation"},
      {"prolonged_erythema_probability", "Redness lasting more than 7 days"}};
  for (const auto& [id, label] : rows) {
    out += "<tr><th scope=\"row\">" + std::string(label) + "</th>";
    for (const auto& c : courses) {
      const json* r = get(c, "risks");
      const json* v = r ? get(*r, id) : nullptr;
      const json* p10 = v ? get(*v, "p10") : nullptr;
      const json* p50 = v ? get(*v, "p50") : nullptr;
      const json* p90 = v ? get(*v, "p90") : nullptr;
      if (p10 && p50 && p90 && p10->is_number() && p50->is_number() && p90->is_number()) {
        out += "<td><strong>" + percent_of(p50->get<double>()) +
               "</strong><br><span class=\"range\">" + percent_of(p10->get<double>()) + " to " +
               percent_of(p90->get<double>()) + "</span></td>";
      } else {
        out += "<td class=\"muted\">&#8212;</td>";
      }
    }
    out += "</tr>\n";
  }
  out +=
      "</tbody></table></div>\n<p class=\"muted small\">Hyperpigmentation: from the redness "
      "each course causes, integrated over time, and the patient's phototype, fitted to 5 of "
      "30 patients of phototypes IV-V after five monthly roller sittings (Dogra 2014). Redness "
      "beyond 7 days: from how long the model's redness lasts after each session and how much "
      "that varies between patients. Both are estimates from few published numbers "
      "(docs/healing.md, Risks).</p>\n";
}

}  // namespace

void predictions_section(std::string& out, Context& ctx) {
  out +=
      "<section id=\"predictions\" aria-labelledby=\"predictions-h\"><h2 "
      "id=\"predictions-h\"><span class=\"num\">3</span>Predicted course</h2>\n";
  const json* pred = get(ctx.plan, "predictions");
  if (ctx.stopped) {
    out +=
        "<p class=\"none\">Not predicted: screening stopped treatment, so no course is "
        "simulated.</p></section>\n";
    return;
  }
  const json* courses = pred ? get(*pred, "courses") : nullptr;
  if (courses == nullptr || !courses->is_array() || courses->empty()) {
    std::string status = text(ctx.plan, "predictions_status");
    if (status.empty()) status = "no predictions in this plan";
    out += "<p class=\"none\">Not available: " + esc(status) + ".</p></section>\n";
    return;
  }
  const json empty_list = json::array();
  const json& observables = get(*pred, "observables") ? *get(*pred, "observables") : empty_list;

  out += "<p class=\"lead-note\">" + esc(text(*pred, "note")) + "</p>\n";
  if (!text(*pred, "parameters").empty())
    out += "<p class=\"muted small\">" + esc(text(*pred, "parameters")) + "</p>\n";
  out += "<p class=\"muted small\">Model fidelity: " + esc(text(*pred, "fidelity")) +
         "; ensemble of " + esc(text(*pred, "members")) +
         " members per course. Day 0 is the first session.</p>\n";

  // Course selector: one checkbox per course, shared by all charts.
  out +=
      "<fieldset class=\"course-picker\" id=\"course-picker\"><legend>Courses shown in the "
      "charts</legend>";
  for (std::size_t i = 0; i < courses->size(); ++i) {
    const json& c = (*courses)[i];
    const std::string idx = std::to_string(i);
    out += "<label class=\"course-option\"><input type=\"checkbox\" data-course=\"" + idx +
           "\" checked> <span class=\"swatch swatch-" + std::to_string(i % 6) +
           "\" aria-hidden=\"true\"></span>" + esc(text(c, "label")) + "</label>";
  }
  out +=
      "<label class=\"course-option band-option\"><input type=\"checkbox\" id=\"all-bands\"> "
      "Shade the P10&#8211;P90 band of every course shown (default: the first course shown "
      "only)</label></fieldset>\n<div class=\"charts\">\n";
  for (std::string_view id : kChartedObservables) {
    const json* obs = nullptr;
    for (const auto& o : observables) {
      if (text(o, "id") == id) obs = &o;
    }
    if (obs == nullptr) continue;
    const std::string label = text(*obs, "label"), unit = text(*obs, "unit");
    const std::string sid = esc(std::string(id));
    out += "<figure class=\"chart\"><figcaption><strong>" + esc(label) +
           "</strong> <span "
           "class=\"muted\">(" +
           esc(unit) +
           ")</span></figcaption><div class=\"chart-box\">"
           "<canvas id=\"chart-" +
           sid + "\" data-observable=\"" + sid + "\" role=\"img\" aria-label=\"" + esc(label) +
           " over time for each course: median line with the 10th to 90th percentile band\">" +
           "Chart of " + esc(label) +
           "; the values at the end of follow-up are in the table below.</canvas></div>"
           "</figure>\n";
  }
  out +=
      "</div>\n<p class=\"muted small chart-help\">Lines: the median (P50) of each course. "
      "Shaded band: the 10th to 90th percentile of the ensemble for the first course shown. "
      "Dashed verticals: that course's sessions. Hover for values; click a course in the "
      "legend or tick it above to show or hide it.</p>\n";

  // End of follow-up: observables as rows, courses as columns.
  out +=
      "<div class=\"table-wrap\"><table class=\"end-values\"><caption>At the end of "
      "follow-up: median and (P10 to P90) range</caption><thead><tr><th scope=\"col\">"
      "Observable</th>";
  for (std::size_t i = 0; i < courses->size(); ++i) {
    const json& c = (*courses)[i];
    const json* end = get(c, "end");
    out += "<th scope=\"col\"><span class=\"swatch swatch-" + std::to_string(i % 6) +
           "\" aria-hidden=\"true\"></span>" + esc(text(c, "label")) +
           "<br><span class=\"muted small\">" + esc(text(c, "device")) + "; day " +
           esc(end ? text(*end, "day") : "") + "</span></th>";
  }
  out += "</tr></thead><tbody>\n";
  for (const auto& o : observables) {
    const std::string id = text(o, "id");
    const bool percent = is_percent(o);
    out += "<tr><th scope=\"row\">" + esc(text(o, "label")) +
           "<br><span class=\"muted "
           "small\">" +
           esc(text(o, "unit")) + "</span></th>";
    for (const auto& c : *courses) {
      const json* end = get(c, "end");
      const json* v = end ? get(*end, id) : nullptr;
      const json* p10 = v ? get(*v, "p10") : nullptr;
      const json* p50 = v ? get(*v, "p50") : nullptr;
      const json* p90 = v ? get(*v, "p90") : nullptr;
      if (p10 && p50 && p90 && p10->is_number() && p50->is_number() && p90->is_number()) {
        out += "<td><strong>" + signed_value(p50->get<double>(), percent) +
               "</strong><br><span class=\"range\">" + signed_value(p10->get<double>(), percent) +
               " to " + signed_value(p90->get<double>(), percent) + "</span></td>";
      } else {
        out += "<td class=\"muted\">&#8212;</td>";
      }
    }
    out += "</tr>\n";
  }
  out += "</tbody></table></div>\n";
  std::string phototype;
  if (const json* c = get(ctx.plan, "case")) {
    if (const json* patient = get(*c, "patient")) phototype = text(*patient, "fitzpatrick");
  }
  risks_table(out, *courses, phototype);
  out += "</section>\n";
}

}  // namespace citsim::report_detail
