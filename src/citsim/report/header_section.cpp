// The report's header (title, patient summary, screening outcome, the
// decision-support statement) and its table of contents.
#include "citsim/report/sections.hpp"

#include <string>
#include <string_view>
#include <utility>

namespace citsim::report_detail {
namespace {

std::string patient_summary(const json& plan) {
  const json empty = json::object();
  const json* c = get(plan, "case");
  const json& patient = c ? (get(*c, "patient") ? *get(*c, "patient") : empty) : empty;
  const json& site = c ? (get(*c, "site") ? *get(*c, "site") : empty) : empty;

  std::string conditions;
  if (const json* list = get(patient, "conditions"); list && list->is_array()) {
    for (const auto& item : *list) {
      if (!conditions.empty()) conditions += ", ";
      conditions += esc(words(item.is_string() ? item.get<std::string>() : item.dump()));
    }
  }
  std::string medications;
  if (const json* list = get(patient, "medications"); list && list->is_array()) {
    for (const auto& m : *list) {
      if (!medications.empty()) medications += ", ";
      medications += esc(words(text(m, "name")));
      if (const json* cur = get(m, "current"); cur && cur->is_boolean() && cur->get<bool>()) {
        medications += " (current)";
      } else if (const json* ago = get(m, "stopped_days_ago")) {
        medications += " (stopped " + num(*ago) + " days ago)";
      }
    }
  }
  const std::string fitz = text(patient, "fitzpatrick");
  static constexpr const char* kRoman[] = {"", "I", "II", "III", "IV", "V", "VI"};
  std::string fitz_text = fitz;
  if (const json* f = get(patient, "fitzpatrick"); f && f->is_number_integer()) {
    const auto v = f->get<int>();
    if (v >= 1 && v <= 6) fitz_text = kRoman[v];
  }

  std::string rows;
  auto row = [&rows](std::string_view label, const std::string& value_html) {
    rows += "<div class=\"kv\"><dt>" + std::string(label) + "</dt><dd>" +
            (value_html.empty() ? "<span class=\"muted\">none recorded</span>" : value_html) +
            "</dd></div>";
  };
  std::string who = text(patient, "age_years");
  if (!who.empty()) who += " years";
  if (const std::string sex = text(patient, "sex"); !sex.empty()) {
    who += (who.empty() ? "" : ", ") + sex;
  }
  row("Patient", esc(who));
  row("Fitzpatrick phototype", esc(fitz_text));
  std::string where = capitalised(words(text(site, "zone")));
  if (const std::string area = text(site, "area_cm2"); !area.empty()) {
    where += ", " + area + " cm&#178;";
  }
  row("Treatment area", where);
  row("Indication", esc(capitalised(words(text(site, "indication")))));
  row("Conditions", conditions);
  row("Medications", medications);
  return "<dl class=\"summary\">" + rows + "</dl>";
}

}  // namespace

void header(std::string& out, Context& ctx) {
  const json& plan = ctx.plan;
  const json empty = json::object();
  const json& screening = get(plan, "screening") ? *get(plan, "screening") : empty;
  const std::string outcome = text(screening, "outcome");
  std::string disclaimer = text(plan, "disclaimer");
  if (disclaimer.empty()) {
    disclaimer = "Decision support only: the clinician decides.";
  }
  out +=
      "<header class=\"doc-header\">\n<div class=\"brand\"><span class=\"logo\" "
      "aria-hidden=\"true\">"
      "CIT</span><div><p class=\"kicker\">CITSim &#183; microneedling consultation</p>"
      "<h1>Treatment planning report</h1></div>"
      "<div class=\"meta\"><span>Planned start " +
      esc(long_date(text(plan, "start_date"))) + "</span><span>Case " +
      esc(text(plan, "case_file")) + "</span></div></div>\n";
  out += patient_summary(plan);
  out += "<p class=\"outcome outcome-" + outcome_class(outcome) +
         "\"><span>Screening outcome</span> <strong>" + esc(outcome_label(outcome)) +
         "</strong></p>\n";
  out +=
      "<aside class=\"decision-support\" role=\"note\" aria-label=\"Decision support\">"
      "<strong>Decision support, not a prescription. The clinician decides.</strong> " +
      esc(disclaimer) + "</aside>\n";
  // What the model does not use, or cannot vouch for: never silent.
  if (const json* warnings = get(plan, "warnings"); warnings && warnings->is_array()) {
    for (const json& w : *warnings) {
      const bool caution = text(w, "level") == "caution";
      out += "<aside class=\"decision-support not-modelled\" role=\"alert\" id=\"warning-" +
             esc(text(w, "id")) + "\"><strong>" + (caution ? "Caution." : "Not modelled.") +
             "</strong> " + esc(text(w, "message")) + "</aside>\n";
    }
  }
  out += "</header>\n";
}

void contents(std::string& out, bool tryon, bool rf) {
  out += "<nav class=\"toc\" aria-label=\"Contents\"><ol>";
  const std::pair<const char*, const char*> items[] = {{"screening", "Screening"},
                                                       {"plan", "Proposed treatment"},
                                                       {"predictions", "Predicted course"},
                                                       {"rf", "Radiofrequency"},
                                                       {"tryon", "Try-on"},
                                                       {"calendar", "Care calendar"},
                                                       {"costs", "Costs"},
                                                       {"alternatives", "Alternatives"},
                                                       {"sources", "Sources"},
                                                       {"about", "About this report"}};
  for (const auto& [id, title] : items) {
    if (!tryon && std::string_view(id) == "tryon") continue;
    if (!rf && std::string_view(id) == "rf") continue;
    out += std::string("<li><a href=\"#") + id + "\">" + title + "</a></li>";
  }
  out += "</ol></nav>\n";
}

}  // namespace citsim::report_detail
