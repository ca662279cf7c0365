// The years after: the planned course with its maintenance, the same course
// without it, and the same skin untreated, over five years (plan.long_view),
// as a band chart (web/src/report/longview.js) and a table at 1, 2 and 5
// years.
#include <cstdio>
#include <string>

#include "citsim/report/sections.hpp"

namespace citsim::report_detail {
namespace {

std::string pct(const json* v) {
  if (v == nullptr) return "&#8212;";
  const auto at = [&](const char* key) -> const json* {
    if (v->is_number()) return v;
    return get(*v, key);
  };
  const json* mid = v->is_number() ? v : at("p50");
  if (mid == nullptr || !mid->is_number()) return "&#8212;";
  char buf[96];
  std::snprintf(buf, sizeof buf, "<strong>%+.1f %%</strong>", mid->get<double>());
  std::string s = buf;
  const json* lo = v->is_number() ? nullptr : at("p10");
  const json* hi = v->is_number() ? nullptr : at("p90");
  if (lo && hi && lo->is_number() && hi->is_number()) {
    std::snprintf(buf, sizeof buf, "<br><span class=\"range\">%+.1f to %+.1f %%</span>",
                  lo->get<double>(), hi->get<double>());
    s += buf;
  }
  return s;
}

}  // namespace

void years_after_section(std::string& out, const Context& ctx) {
  const json* view = get(ctx.plan, "long_view");
  if (view == nullptr || ctx.stopped) return;
  out +=
      "<section id=\"years-after\" aria-labelledby=\"years-after-h\"><h2 "
      "id=\"years-after-h\"><span class=\"num\">3c</span>The years after</h2>\n"
      "<p class=\"lead-note\">Dermal collagen over five years: the planned course with its "
      "maintenance sessions, the same course without them, and the same skin left untreated "
      "(it keeps ageing). Each is the % change against the untreated skin on the day of the "
      "first session. A model prediction with its range, not a promise.</p>\n"
      "<figure class=\"chart\"><div class=\"chart-box\"><canvas id=\"chart-long-view\" "
      "data-long-view=\"1\" role=\"img\" aria-label=\"Collagen over five years with and without "
      "maintenance and untreated: median lines with the 10th to 90th percentile band\">Chart of "
      "collagen over five years; the values at 1, 2 and 5 years are in the table below."
      "</canvas></div></figure>\n";
  out +=
      "<div class=\"table-wrap\"><table class=\"end-values\"><caption>Collagen against the "
      "untreated skin at day 0: median and (P10 to P90) range</caption><thead><tr><th "
      "scope=\"col\">After</th><th scope=\"col\">With maintenance</th><th scope=\"col\">Course "
      "only</th><th scope=\"col\">Untreated</th></tr></thead><tbody>\n";
  if (const json* at = get(*view, "at"); at && at->is_array()) {
    for (const auto& row : *at) {
      out += "<tr><th scope=\"row\">" + num(row.value("years", json()), 0) + " year" +
             (row.value("years", 0) == 1 ? "" : "s") + " (day " + num(row.value("day", json()), 0) +
             ")</th><td>" + pct(get(row, "treated_collagen_pct")) + "</td><td>" +
             pct(get(row, "course_only_collagen_pct")) + "</td><td>" +
             pct(get(row, "untreated_collagen_pct")) + "</td></tr>\n";
    }
  }
  std::string maintenance;
  if (const json* days = get(*view, "maintenance_session_days"); days && days->is_array()) {
    for (const auto& d : *days) maintenance += (maintenance.empty() ? "" : ", ") + num(d, 0);
  }
  out += "</tbody></table></div>\n<p class=\"muted small\">Maintenance sessions on days " +
         esc(maintenance) + " after the first session. Ranges: " + esc(text(*view, "ranges")) +
         ". The clinical guides say the gains last but ageing goes "
         "on, so a maintenance session every 6 to 12 months follows the course.</p>\n</section>\n";
}

}  // namespace citsim::report_detail
