// The trial report of a virtual cohort (cohort.json as HTML): the flow of
// patients, each arm's population, every endpoint per arm with its 95 %
// interval drawn as a dot and whisker, and the differences between arms.
#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "citsim/io/output_dir.hpp"
#include "citsim/pipeline/cohort.hpp"
#include "citsim/report/html.hpp"
#include "citsim/report/report.hpp"
#include "citsim/report/sections.hpp"

namespace citsim {
namespace {

using report_detail::esc;
using report_detail::fmt_num;
using report_detail::json;

/// One endpoint across the arms: value and interval as dots and whiskers.
std::string endpoint_plot(const json& summary, const std::string& id) {
  double lo = 0.0, hi = 0.0;
  bool any = false, rate = false;
  for (const json& arm : summary["arms"]) {
    const json& e = arm["endpoints"][id];
    if (!e.contains("ci95")) continue;
    rate = e.contains("rate");
    lo = any ? std::min(lo, e["ci95"][0].get<double>()) : e["ci95"][0].get<double>();
    hi = any ? std::max(hi, e["ci95"][1].get<double>()) : e["ci95"][1].get<double>();
    any = true;
  }
  if (!any) return "";
  lo = std::min(lo, 0.0);
  hi = std::max(hi, 0.0);
  if (hi - lo < 1e-12) hi = lo + 1.0;
  const double w = 680.0, left = 300.0, row = 26.0;
  const auto n = static_cast<double>(summary["arms"].size());
  const auto x = [&](double v) { return left + (v - lo) / (hi - lo) * (w - left - 20.0); };
  std::string svg = fmt::format(
      "<svg class=\"cohort-plot\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" height=\"{1}\" "
      "role=\"img\" aria-label=\"{2} per arm with 95 % intervals\">",
      w, row * n + 30.0, esc(id));
  svg += fmt::format(
      "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"0\" y2=\"{1:.1f}\" stroke=\"#999\" "
      "stroke-dasharray=\"3 3\"/>",
      x(0.0), row * n);
  double y = row / 2.0;
  for (const json& arm : summary["arms"]) {
    const json& e = arm["endpoints"][id];
    svg += fmt::format("<text x=\"4\" y=\"{:.1f}\" font-size=\"12\">{}</text>", y + 4.0,
                       esc(arm["label"].get<std::string>()));
    if (e.contains("ci95")) {
      const double v = e.contains("mean") ? e["mean"].get<double>() : e["rate"].get<double>();
      svg += fmt::format(
          "<line x1=\"{:.1f}\" x2=\"{:.1f}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#35608f\" "
          "stroke-width=\"2\"/><circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"#35608f\"/>",
          x(e["ci95"][0].get<double>()), x(e["ci95"][1].get<double>()), y, y, x(v), y);
    }
    y += row;
  }
  // The axis's ends in the tables' units: rates in %.
  const auto axis = [&](double v) { return rate ? fmt_num(100.0 * v, 1) + " %" : fmt_num(v, 1); };
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\">{}</text>", left,
                     row * n + 20.0, axis(lo));
  svg +=
      fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"end\">{}</text>",
                  w - 20.0, row * n + 20.0, axis(hi));
  return svg + "</svg>";
}

std::string value_text(const json& e) {
  if (e.contains("not_modelled"))
    return "<em>not predicted: " + esc(e["not_modelled"].get<std::string>()) + "</em>";
  const bool rate = e.contains("rate");
  const double v = rate ? 100.0 * e["rate"].get<double>() : e["mean"].get<double>();
  const double a = (rate ? 100.0 : 1.0) * e["ci95"][0].get<double>();
  const double b = (rate ? 100.0 : 1.0) * e["ci95"][1].get<double>();
  return fmt::format("{}{} ({} to {})", fmt_num(v, 1), rate ? " %" : "", fmt_num(a, 1),
                     fmt_num(b, 1));
}

}  // namespace

std::string cohort_report_html(const nlohmann::json& summary) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
      esc(summary["trial"].get<std::string>()) + " (virtual cohort)</title>\n<style>\n" +
      std::string(report_detail::report_css()) +
      "\n</style>\n</head>\n<body>\n<main class=\"report\">\n";
  out += "<h1>" + esc(summary["trial"].get<std::string>()) + "</h1>\n";
  out += "<p class=\"lead-note\">" + esc(summary["note"].get<std::string>()) + "</p>\n";

  out +=
      "<h2>Flow of patients</h2>\n<table>\n<thead><tr><th>arm</th><th>allocated</th>"
      "<th>simulated</th><th>analysed</th></tr></thead>\n<tbody>\n";
  for (const json& arm : summary["arms"]) {
    const json& f = arm["flow"];
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       esc(arm["label"].get<std::string>()), f["allocated"].get<int>(),
                       f["simulated"].get<int>(), f["analysed"].get<int>());
  }
  out += "</tbody>\n</table>\n";

  out +=
      "<h2>Population</h2>\n<table>\n<thead><tr><th>arm</th><th>age, mean (SD)</th>"
      "<th>female</th><th>phototypes I-VI</th></tr></thead>\n<tbody>\n";
  for (const json& arm : summary["arms"]) {
    const json& p = arm["population"];
    std::string photo;
    for (const json& c : p["fitzpatrick_counts"]) photo += (photo.empty() ? "" : " / ") + c.dump();
    out += fmt::format("<tr><td>{}</td><td>{} ({})</td><td>{}</td><td>{}</td></tr>\n",
                       esc(arm["label"].get<std::string>()),
                       fmt_num(p["age_years_mean"].get<double>(), 1),
                       fmt_num(p["age_years_sd"].get<double>(), 1), p["female"].get<int>(), photo);
  }
  out += "</tbody>\n</table>\n";

  out += "<h2>Endpoints</h2>\n";
  if (!summary["arms"].empty()) {
    for (const auto& [id, first] : summary["arms"][0]["endpoints"].items()) {
      out += "<h3>" + esc(id) + " <span class=\"muted small\">(" +
             esc(first["measure"].get<std::string>()) + ")</span></h3>\n<table>\n<tbody>\n";
      for (const json& arm : summary["arms"])
        out += "<tr><td>" + esc(arm["label"].get<std::string>()) + "</td><td>" +
               value_text(arm["endpoints"][id]) + "</td></tr>\n";
      out += "</tbody>\n</table>\n" + endpoint_plot(summary, id) + "\n";
    }
  }
  if (!summary["comparisons"].empty()) {
    out +=
        "<h2>Differences between arms</h2>\n<table>\n<thead><tr><th>endpoint</th><th>arm</th>"
        "<th>against</th><th>difference (95 % interval)</th></tr></thead>\n<tbody>\n";
    for (const json& c : summary["comparisons"]) {
      out += fmt::format(
          "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} ({} to {})</td></tr>\n",
          esc(c["endpoint"].get<std::string>()), esc(c["arm"].get<std::string>()),
          esc(c["against"].get<std::string>()), fmt_num(c["difference"].get<double>(), 2),
          fmt_num(c["ci95"][0].get<double>(), 2), fmt_num(c["ci95"][1].get<double>(), 2));
    }
    out += "</tbody>\n</table>\n";
  }
  out += fmt::format("<p class=\"muted small\">Trial seed {}, trial files {}.</p>\n",
                     summary["seed"].dump(), esc(summary["trial_hash"].get<std::string>()));
  return out + "</main>\n</body>\n</html>\n";
}

void write_cohort_report(const json& summary, const std::filesystem::path& out_dir, bool force) {
  OutputDir out(out_dir, force);
  write_file(out.path() / "cohort.json", summary.dump(1) + "\n");
  write_file(out.path() / "endpoints.csv", cohort_endpoints_csv(summary));
  write_file(out.path() / "report.html", cohort_report_html(summary));
  out.commit("cohort");
}

}  // namespace citsim
