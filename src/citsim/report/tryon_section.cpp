// Try-on: the box web/src/report/tryon.js mounts the 3D viewer into.
#include "citsim/report/sections.hpp"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace citsim::report_detail {
namespace {

/// The frame whose day is nearest `day` (nullptr without frames).
const json* frame_near(const json& frames, double day) {
  const json* best = nullptr;
  double gap = 1e300;
  for (const auto& f : frames) {
    const json* d = get(f, "day");
    if (d == nullptr || !d->is_number()) continue;
    const double g = std::abs(d->get<double>() - day);
    if (g < gap) {
      gap = g;
      best = &f;
    }
  }
  return best;
}

/// "median (P10 to P90)" of a {p10, p50, p90} object, signed percent.
std::string band_pct(const json* r) {
  if (r == nullptr) return "&#8212;";
  const auto v = [&](const char* k) {
    const json* x = get(*r, k);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%+.0f %%", x && x->is_number() ? x->get<double>() : 0.0);
    return std::string(buf);
  };
  return "<strong>" + v("p50") + "</strong> <span class=\"range\">(" + v("p10") + " to " +
         v("p90") + ")</span>";
}

/// The timeline clinics describe, read off the try-on's frames: redness in
/// the first days, texture in weeks 2 to 4, lines and scars at months 3 to 6
/// after the last session.
void timeline(std::string& out, const json& tryon, const json& plan) {
  const json* frames = get(tryon, "frames");
  if (frames == nullptr || !frames->is_array() || frames->empty()) return;
  double last_session = 0.0;
  if (const json* pred = get(plan, "predictions")) {
    if (const json* courses = get(*pred, "courses"); courses && !courses->empty()) {
      const json& c = (*courses)[0];
      const json* n = get(c, "sessions");
      const json* i = get(c, "interval_days");
      if (n && i && n->is_number() && i->is_number())
        last_session = (n->get<double>() - 1.0) * i->get<double>();
    }
  }
  const double end = frames->back().value("day", 0.0);
  struct Phase {
    const char* when;
    double day;
    const char* what;
    const char* metric;
  };
  const bool scars = get((*frames)[0]["metrics"], "scar_depth_change_pct") != nullptr;
  const bool lines = get((*frames)[0]["metrics"], "wrinkle_depth_change_pct") != nullptr;
  const char* lasting = scars ? "scar_depth_change_pct" : "wrinkle_depth_change_pct";
  bool striae_only = scars;
  if (const json* lesions = get(tryon, "lesions"); lesions && lesions->is_array()) {
    for (const auto& l : *lesions) striae_only = striae_only && text(l, "kind") == "striae";
  }
  const char* lasting_name = striae_only ? "stria depth" : scars ? "scar depth" : "line depth";
  std::vector<Phase> phases{
      {"First days", 1.0, "redness (the early glow, with some swelling): temporary", "erythema"},
      {"Weeks 2 to 4", 28.0, "texture: the renewed epidermis smooths the fine relief",
       "roughness_sa_change_pct"}};
  if (scars || lines) {
    phases.push_back(
        {"3 months after the last session", last_session + 91.0, lasting_name, lasting});
    phases.push_back(
        {"6 months after the last session", last_session + 182.0, lasting_name, lasting});
  }
  out +=
      "<div class=\"table-wrap\"><table class=\"end-values timeline\"><caption>What the patient "
      "will see, and when: median and (P10 to P90) range</caption><thead><tr><th "
      "scope=\"col\">When</th><th scope=\"col\">What changes</th><th scope=\"col\">Day</th><th "
      "scope=\"col\">Predicted</th></tr></thead><tbody>\n";
  for (const Phase& p : phases) {
    // A row within two weeks of the wanted day stands for it.
    if (p.day > end + 14.0) {
      out += "<tr><th scope=\"row\">" + std::string(p.when) + "</th><td>" + esc(p.what) +
             "</td><td class=\"muted\">&#8212;</td><td class=\"muted\">beyond this plan's "
             "follow-up (day " +
             fmt_num(end, 0) + ")</td></tr>\n";
      continue;
    }
    const json* f = frame_near(*frames, p.day);
    if (f == nullptr) continue;
    std::string value;
    if (std::string(p.metric) == "erythema") {
      const json* e = get(*f, "erythema");
      const auto at = [&](const char* k) {
        const json* x = e ? get(*e, k) : nullptr;
        return x && x->is_number() ? fmt_num(x->get<double>(), 2) : std::string("?");
      };
      value = e ? "redness <strong>" + at("p50") + "</strong> <span class=\"range\">(" + at("p10") +
                      " to " + at("p90") + ")</span>, 0 none to 1 strongest"
                : "&#8212;";
    } else {
      const json* m = get(*f, "metrics");
      value = band_pct(m ? get(*m, p.metric) : nullptr) + " " +
              (std::string(p.metric) == "roughness_sa_change_pct" ? "roughness" : esc(p.what));
    }
    out += "<tr><th scope=\"row\">" + std::string(p.when) + "</th><td>" + esc(p.what) +
           "</td><td>" + fmt_num(f->value("day", 0.0), 0) + "</td><td>" + value + "</td></tr>\n";
  }
  out += "</tbody></table></div>\n";
}

}  // namespace

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
  out += "</div>\n";
  timeline(out, tryon, ctx.plan);
  out += "</section>\n";
}

}  // namespace citsim::report_detail
