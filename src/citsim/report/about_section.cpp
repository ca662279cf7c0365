// The back matter: the numbered sources and "About this report".
#include "citsim/report/sections.hpp"

#include <string>
#include <string_view>

#include "citsim/core/version.hpp"

namespace citsim::report_detail {

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

}  // namespace citsim::report_detail
