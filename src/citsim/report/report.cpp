#include "citsim/report/report.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>
#include <vector>

#include "citsim/core/error.hpp"
#include "citsim/core/version.hpp"
#include "citsim/report/report_css.hpp"

namespace citsim {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------- helpers --

std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

/// Escaped text with line breaks kept.
std::string esc_lines(std::string_view s) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const auto nl = s.find('\n', start);
    out += esc(s.substr(start, nl == std::string_view::npos ? nl : nl - start));
    if (nl == std::string_view::npos) break;
    out += "<br>";
    start = nl + 1;
  }
  return out;
}

/// The member `key` of object `j`, or nullptr when absent or null.
const json* get(const json& j, std::string_view key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string fmt_num(double v, int decimals) {
  if (!std::isfinite(v)) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  // "-0.0" reads as a loss; a value that rounds to zero is zero.
  if (s.front() == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  if (decimals > 0 && s.find('.') != std::string::npos) {
    // Trim trailing zeros of plain quantities (0.50 -> 0.5, 270.0 -> 270).
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

/// A number as the plan gives it (integers stay integers).
std::string num(const json& v, int decimals = 2) {
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return fmt_num(v.get<double>(), decimals);
  if (v.is_string()) return v.get<std::string>();
  return "";
}

std::string text(const json& j, std::string_view key) {
  const json* v = get(j, key);
  if (v == nullptr) return "";
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number()) return num(*v);
  if (v->is_boolean()) return v->get<bool>() ? "yes" : "no";
  return "";
}

/// "a–b" from a [lo, hi] array, "a" when lo == hi.
std::string range_text(const json* r, int decimals = 2) {
  if (r == nullptr || !r->is_array() || r->size() != 2) return "";
  const std::string lo = num((*r)[0], decimals), hi = num((*r)[1], decimals);
  return lo == hi ? lo : lo + "&#8211;" + hi;
}

std::string thousands(double v) {
  if (!std::isfinite(v)) return "n/a";
  const long long n = std::llround(v);
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (n < 0 ? "-" : "") + out;
}

std::string money_range(const json* r, const std::string& currency) {
  if (r == nullptr || !r->is_array() || r->size() != 2 || !(*r)[0].is_number()) return "";
  const std::string lo = thousands((*r)[0].get<double>());
  const std::string hi = thousands((*r)[1].get<double>());
  return esc(currency) + "&#160;" + (lo == hi ? lo : lo + "&#8211;" + hi);
}

std::string pct_range(const json* r) {
  if (r == nullptr || !r->is_array() || r->size() != 2 || !(*r)[0].is_number()) return "";
  const std::string lo = fmt_num(100.0 * (*r)[0].get<double>(), 0);
  const std::string hi = fmt_num(100.0 * (*r)[1].get<double>(), 0);
  return (lo == hi ? lo : lo + "&#8211;" + hi) + "%";
}

/// "Mon 5 Jan 2026" from "2026-01-05"; the input unchanged if it is not a date.
std::optional<std::chrono::sys_days> parse_date(const std::string& iso) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (iso.size() != 10 || std::sscanf(iso.c_str(), "%d-%u-%u", &y, &m, &d) != 3) return {};
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                        std::chrono::day{d}};
  if (!ymd.ok()) return {};
  return std::chrono::sys_days{ymd};
}

std::string long_date(std::chrono::sys_days day) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::chrono::year_month_day ymd{day};
  const std::chrono::weekday wd{day};
  return std::string(kDays[wd.c_encoding()]) + " " +
         std::to_string(static_cast<unsigned>(ymd.day())) + " " +
         kMonths[static_cast<unsigned>(ymd.month()) - 1] + " " +
         std::to_string(static_cast<int>(ymd.year()));
}

std::string long_date(const std::string& iso) {
  const auto d = parse_date(iso);
  return d ? long_date(*d) : iso;
}

/// A word from the plan's vocabulary made readable: "fine_lines" -> "fine lines".
std::string words(std::string s) {
  for (char& c : s) {
    if (c == '_') c = ' ';
  }
  return s;
}

std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

/// The plan's sources, numbered in order of first citation.
class SourceList {
 public:
  /// The citation mark for `source` ("" for an empty source).
  std::string ref(const std::string& source) {
    if (source.empty()) return "";
    auto [it, added] = index_.try_emplace(source, list_.size() + 1);
    if (added) list_.push_back(source);
    const std::string n = std::to_string(it->second);
    return "<a class=\"ref\" href=\"#src-" + n + "\" aria-label=\"source " + n + "\">[" + n +
           "]</a>";
  }
  /// The source text followed by its citation mark.
  std::string cited(const std::string& source) {
    if (source.empty()) return "<span class=\"muted\">none given</span>";
    return "<span class=\"src-text\">" + esc(source) + "</span> " + ref(source);
  }
  const std::vector<std::string>& list() const { return list_; }

 private:
  std::map<std::string, std::size_t> index_;
  std::vector<std::string> list_;
};

std::string level_badge(const std::string& level) {
  std::string label = level == "stop" ? "STOP" : level == "caution" ? "CAUTION" : "INFO";
  return "<span class=\"badge badge-" + esc(level) + "\">" + label + "</span>";
}

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

// ------------------------------------------------------------------ parts --

struct Context {
  const json& plan;
  bool stopped = false;
  bool tryon = false;  ///< the plan has a try-on object to show
  SourceList sources;
};

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
      esc(disclaimer) + "</aside>\n</header>\n";
}

void contents(std::string& out, bool tryon) {
  out += "<nav class=\"toc\" aria-label=\"Contents\"><ol>";
  const std::pair<const char*, const char*> items[] = {
      {"screening", "Screening"},          {"plan", "Proposed treatment"},
      {"predictions", "Predicted course"}, {"tryon", "Try-on"},
      {"calendar", "Care calendar"},       {"costs", "Costs"},
      {"alternatives", "Alternatives"},    {"sources", "Sources"},
      {"about", "About this report"}};
  for (const auto& [id, title] : items) {
    if (!tryon && std::string_view(id) == "tryon") continue;
    out += std::string("<li><a href=\"#") + id + "\">" + title + "</a></li>";
  }
  out += "</ol></nav>\n";
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
  out += "</tbody></table></div>\n</section>\n";
}

/// The 3D before/after view of the treated patch. The section is static
/// text plus an empty box; the viewer script mounts into it from the
/// embedded plan (plan.tryon), so the data is not repeated here.
void tryon_section(std::string& out, const Context& ctx, bool viewer_bundled) {
  const json& tryon = *get(ctx.plan, "tryon");
  out +=
      "<section id=\"tryon\" aria-labelledby=\"tryon-h\"><h2 id=\"tryon-h\"><span "
      "class=\"num\">3b</span>Try-on: predicted skin surface</h2>\n";
  const std::string note = text(tryon, "note");
  if (!note.empty()) out += "<p class=\"lead-note\">" + esc(note) + "</p>\n";
  std::string days;
  if (const json* frames = get(tryon, "frames"); frames && frames->is_array()) {
    for (const auto& f : *frames) {
      if (!days.empty()) days += ", ";
      days += num(f.value("day", json()), 0);
    }
  }
  out +=
      "<p class=\"muted small\">A model prediction with its range, not a promise: the left "
      "patch is before treatment (day 0), the right one a later day (days " +
      esc(days) +
      ") for the chosen ensemble percentile (P10 least improvement, P50 median, P90 most). "
      "Heights are exaggerated for display and colours are illustrative. Drag to turn, "
      "scroll to zoom.</p>\n";
  out += "<div class=\"tryon-viewer\" id=\"tryon-viewer\">";
  out += viewer_bundled ? "<p class=\"none\">Drawing the try-on view&#8230;</p>"
                        : "<p class=\"none\">The try-on viewer is not bundled in this report "
                          "(run scripts/setup to build web/dist).</p>";
  out += "</div>\n</section>\n";
}

void calendar_section(std::string& out, Context& ctx) {
  out +=
      "<section id=\"calendar\" aria-labelledby=\"calendar-h\"><h2 id=\"calendar-h\"><span "
      "class=\"num\">4</span>Care calendar</h2>\n";
  const json* cal = get(ctx.plan, "calendar");
  if (cal == nullptr) {
    out += "<p class=\"none\">No calendar in this plan.</p></section>\n";
    return;
  }
  const json* scheduled = get(*cal, "scheduled");
  const bool is_scheduled = scheduled && scheduled->is_boolean() && scheduled->get<bool>();
  const std::string ics = text(*cal, "ics_file");
  if (is_scheduled) {
    std::string dates;
    if (const json* s = get(*cal, "session_dates"); s && s->is_array()) {
      int n = 0;
      for (const auto& d : *s) {
        dates += "<li><span class=\"session-no\">Session " + std::to_string(++n) + "</span> " +
                 esc(long_date(d.is_string() ? d.get<std::string>() : "")) + "</li>";
      }
    }
    out += "<div class=\"sessions-strip\"><h3>Sessions</h3><ol class=\"sessions\">" + dates +
           "</ol></div>\n";
  } else {
    out += "<p class=\"none\">No sessions are scheduled.</p>\n";
  }
  if (!ics.empty()) {
    out += "<p class=\"muted small\">The same events are in <code>" + esc(ics) +
           "</code> (iCalendar) beside this report, for import into a calendar app." +
           (is_scheduled ? " Times are placeholders around a 10:00 session; the clinic sets the "
                           "real time."
                         : "") +
           "</p>\n";
  }
  const json* events = get(*cal, "events");
  if (events == nullptr || !events->is_array() || events->empty()) {
    out += "</section>\n";
    return;
  }
  out +=
      std::string("<table class=\"calendar\"><caption>") +
      (is_scheduled ? "Dated steps before, on the day of and after each session" : "Dated events") +
      "</caption><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">When</th>"
      "<th scope=\"col\">Phase</th><th scope=\"col\">Step</th><th scope=\"col\">Source"
      "</th></tr></thead><tbody>\n";
  std::string last_date;
  for (const auto& e : *events) {
    const std::string date = text(e, "date");
    const std::string phase = text(e, "phase");
    std::string when;
    if (const std::string time = text(e, "time"); !time.empty()) {
      when = esc(time);
      if (const std::string mins = text(e, "duration_minutes"); !mins.empty()) {
        when += ", " + esc(mins) + " min";
      }
    } else if (const json* days = get(e, "duration_days"); days && days->is_number_integer()) {
      const auto n = days->get<int>();
      if (n <= 1) {
        when = "that day";
      } else if (const auto start = parse_date(date)) {
        when = std::to_string(n) + " days, to " + long_date(*start + std::chrono::days{n - 1});
      } else {
        when = std::to_string(n) + " days";
      }
    }
    const bool new_date = date != last_date;
    last_date = date;
    out += std::string("<tr class=\"phase-") + esc(phase) + (new_date ? " new-date" : "") +
           "\"><td class=\"date\">" + (new_date ? esc(long_date(date)) : "") + "</td><td>" + when +
           "</td><td><span class=\"phase phase-tag-" + esc(phase) + "\">" + esc(words(phase)) +
           "</span></td><td><strong>" + esc(text(e, "title")) +
           "</strong><br><span class=\"detail\">" + esc_lines(text(e, "detail")) +
           "</span></td><td>" + ctx.sources.ref(text(e, "source")) + "</td></tr>\n";
  }
  out += "</tbody></table></section>\n";
}

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

void sources_section(std::string& out, const Context& ctx) {
  out +=
      "<section id=\"sources\" aria-labelledby=\"sources-h\"><h2 id=\"sources-h\"><span "
      "class=\"num\">7</span>Sources</h2>\n<p class=\"muted small\">As cited in the plan's "
      "data files. <code>[secondary]</code> marks a clinic page or summary rather than a "
      "primary study; <code>[UNCONFIRMED]</code> marks a value without a retrieved source."
      "</p>\n<ol class=\"sources\">";
  std::size_t n = 0;
  for (const auto& s : ctx.sources.list()) {
    out += "<li id=\"src-" + std::to_string(++n) + "\">" + esc(s) + "</li>";
  }
  out += "</ol></section>\n";
}

void about_section(std::string& out, const Context& ctx) {
  const json& plan = ctx.plan;
  out +=
      "<footer id=\"about\" aria-labelledby=\"about-h\"><h2 id=\"about-h\">About this "
      "report</h2><dl class=\"about\">";
  auto item = [&out](std::string_view k, const std::string& v_html) {
    out += "<div><dt>" + std::string(k) + "</dt><dd>" + v_html + "</dd></div>";
  };
  item("Plan written by", "CITSim " + esc(text(plan, "citsim_version")) +
                              " (<code>citsim plan"
                              "</code>, plan.json)");
  item("Report rendered by", std::string("CITSim ") + esc(kVersion) +
                                 ", report stage; no timestamp, so the same plan gives the same "
                                 "file");
  item("Case file", "<code>" + esc(text(plan, "case_file")) + "</code>");
  item("Start date", esc(text(plan, "start_date")) + "<br><span class=\"muted\">" +
                         esc(text(plan, "start_date_source")) + "</span>");
  if (const json* pred = get(plan, "predictions")) {
    std::string seed;
    if (const json* c = get(plan, "case"); c) {
      if (const json* sim = get(*c, "simulation")) seed = text(*sim, "seed");
    }
    item("Predictions", esc(text(*pred, "fidelity")) + " fidelity, " + esc(text(*pred, "members")) +
                            " members per course" + (seed.empty() ? "" : ", seed " + esc(seed)));
  } else {
    item("Predictions", esc(text(plan, "predictions_status")));
  }
  std::string files;
  if (const json* df = get(plan, "data_files"); df && df->is_array()) {
    for (const auto& f : *df) {
      files += "<li><code>" + esc(f.is_string() ? f.get<std::string>() : f.dump()) + "</code></li>";
    }
  }
  item("Data files (in the data folder)", "<ul class=\"plain\">" + files + "</ul>");
  out += "</dl><p class=\"small\">" + esc(text(plan, "disclaimer")) +
         "</p><p class=\"small muted\">CITSim is free software (MIT). Charts drawn with "
         "Chart.js (MIT)" +
         std::string(ctx.tryon ? ", the try-on view with three.js (MIT), both" : "") +
         " bundled in this file.</p></footer>\n";
}

/// JSON safe inside a <script> element: "</" becomes "<\/" (a valid JSON
/// escape) and "<!--" cannot open a comment-like state.
std::string script_safe_json(const json& j) {
  const std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(s.size() + 64);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' && i + 1 < s.size() && s[i + 1] == '/') {
      out += "<\\/";
      ++i;
    } else if (s.compare(i, 4, "<!--") == 0) {
      out += "\\u003c!--";
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

/// Library source safe inside a <script> element: any "</script" is broken.
std::string script_safe_js(const std::string& js) {
  std::string out;
  out.reserve(js.size());
  for (std::size_t i = 0; i < js.size(); ++i) {
    if (js[i] == '<' && i + 1 < js.size() && js[i + 1] == '/' &&
        js.compare(i + 2, 6, "script") == 0) {
      out += "<\\/";
      ++i;
    } else {
      out += js[i];
    }
  }
  return out;
}

std::string title_of(const json& plan, bool stopped) {
  std::string t = "CITSim plan";
  if (const json* c = get(plan, "case"); c) {
    if (const json* site = get(*c, "site")) {
      t += ": " + words(text(*site, "zone")) + ", " + words(text(*site, "indication"));
    }
  }
  return stopped ? t + " (treatment not proposed)" : t;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

ReportAssets load_report_assets(const std::filesystem::path& data_dir) {
  const std::filesystem::path web = data_dir / ".." / "web";
  const auto first_readable = [](const std::filesystem::path& a,
                                 const std::filesystem::path& b) -> std::string {
    for (const auto& p : {a, b}) {
      std::error_code ec;
      if (!std::filesystem::is_regular_file(p, ec)) continue;
      std::string content = read_file(p);
      if (!content.empty()) return content;
    }
    return {};
  };
  ReportAssets assets;
  const std::filesystem::path chart[] = {
      (web / "node_modules" / "chart.js" / "dist" / "chart.umd.js").lexically_normal(),
      (web / "chart.umd.js").lexically_normal()};
  assets.chart_js = first_readable(chart[0], chart[1]);
  if (assets.chart_js.empty()) {
    throw Error("report: Chart.js not found at " + chart[0].string() + " or " + chart[1].string() +
                ": run scripts/setup (npm ci --prefix web)");
  }
  const std::filesystem::path viewer[] = {(web / "dist" / "citsim-viewer.js").lexically_normal(),
                                          (web / "citsim-viewer.js").lexically_normal()};
  assets.viewer_js = first_readable(viewer[0], viewer[1]);
  if (assets.viewer_js.empty()) {
    throw Error("report: the try-on viewer not found at " + viewer[0].string() + " or " +
                viewer[1].string() + ": run scripts/setup (npm run build --prefix web)");
  }
  const std::filesystem::path scripts[] = {(web / "dist" / "citsim-report.js").lexically_normal(),
                                           (web / "citsim-report.js").lexically_normal()};
  assets.report_js = first_readable(scripts[0], scripts[1]);
  if (assets.report_js.empty()) {
    throw Error("report: the report's scripts not found at " + scripts[0].string() + " or " +
                scripts[1].string() + ": run scripts/setup (npm run build --prefix web)");
  }
  return assets;
}

std::string report_html(const nlohmann::json& plan, const ReportAssets& assets) {
  if (!plan.is_object() || get(plan, "screening") == nullptr ||
      !get(plan, "screening")->is_object()) {
    throw Error("report: the plan has no \"screening\" object: not a citsim plan.json");
  }
  Context ctx{plan, false, false, {}};
  const json& screening = *get(plan, "screening");
  const json* stopped = get(screening, "stopped");
  ctx.stopped = (stopped && stopped->is_boolean() && stopped->get<bool>()) ||
                text(screening, "outcome") == "stop";
  const json* tryon = get(plan, "tryon");
  ctx.tryon = !ctx.stopped && tryon != nullptr && tryon->is_object();
  const bool viewer_bundled = ctx.tryon && !assets.viewer_js.empty();

  std::string body;
  body.reserve(64 * 1024);
  header(body, ctx);
  contents(body, ctx.tryon);
  body += "<main>\n";
  if (ctx.stopped) refusal(body, ctx);
  screening_section(body, ctx);
  plan_section(body, ctx);
  predictions_section(body, ctx);
  if (ctx.tryon) tryon_section(body, ctx, viewer_bundled);
  calendar_section(body, ctx);
  costs_section(body, ctx);
  alternatives_section(body, ctx);
  sources_section(body, ctx);
  body += "</main>\n";
  about_section(body, ctx);

  std::string out;
  out.reserve(body.size() + assets.chart_js.size() + assets.report_js.size() +
              (viewer_bundled ? assets.viewer_js.size() : 0) + plan.size() * 64 + 32 * 1024);
  out +=
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"CITSim ";
  out += esc(kVersion);
  out += "\">\n<title>" + esc(title_of(plan, ctx.stopped)) + "</title>\n<style>\n";
  out += report_detail::report_css();
  out += "</style>\n</head>\n<body>\n";
  out += body;
  out += "<script type=\"application/json\" id=\"citsim-plan\">";
  out += script_safe_json(plan);
  out += "</script>\n";
  if (body.find("<canvas") != std::string::npos) {
    out += "<script>/* Chart.js, bundled from npm (web/package-lock.json) */\n";
    out += script_safe_js(assets.chart_js);
    out += "\n</script>\n";
  }
  if (viewer_bundled) {
    out +=
        "<script>/* CITSim try-on viewer with three.js, bundled from npm (web/package-lock.json) "
        "*/\n";
    out += script_safe_js(assets.viewer_js);
    out += "\n</script>\n";
  }
  // Last, so that Chart.js and the viewer are defined when it runs.
  if (!assets.report_js.empty()) {
    out += "<script>/* CITSim report scripts, bundled from web/src/report */\n";
    out += script_safe_js(assets.report_js);
    out += "\n</script>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace citsim
