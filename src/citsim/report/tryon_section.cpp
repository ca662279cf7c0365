// Try-on: the box web/src/report/tryon.js mounts the 3D viewer into.
#include "citsim/report/sections.hpp"

#include <string>

namespace citsim::report_detail {

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

}  // namespace citsim::report_detail
