// The report document: reads its assets and assembles the sections (one
// file each: header_section.cpp, screening_section.cpp, plan_section.cpp,
// predictions_section.cpp, tryon_section.cpp, calendar_section.cpp,
// costs_section.cpp, alternatives_section.cpp, about_section.cpp) with the
// compiled-in style sheet, the plan data and the scripts.
#include "citsim/report/report.hpp"

#include <fstream>
#include <sstream>
#include <string>

#include "citsim/core/error.hpp"
#include "citsim/core/version.hpp"
#include "citsim/report/sections.hpp"

namespace citsim {

using namespace report_detail;

namespace {

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
  const json* rf = get(plan, "rf");
  contents(body, ctx.tryon, !ctx.stopped && rf != nullptr && rf->is_object());
  body += "<main>\n";
  if (ctx.stopped) refusal(body, ctx);
  screening_section(body, ctx);
  plan_section(body, ctx);
  predictions_section(body, ctx);
  rf_section(body, ctx);
  if (ctx.tryon) tryon_section(body, ctx, viewer_bundled);
  years_after_section(body, ctx);
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
  out += report_css();
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
