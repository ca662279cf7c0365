// The self-contained HTML report of `citsim plan`: one file a clinician can
// open offline, print, or hand to a patient.
//
//   const ReportAssets assets = load_report_assets(find_data_dir());
//   write_file(out / "report.html", report_html(plan_json, assets));
//
// The report renders plan.json (docs/planner.md) as sections: patient summary
// and the decision-support statement, screening, the plan per zone, predicted
// course charts with P10-P90 bands, the care calendar, costs, alternatives,
// sources, version. Everything a reader needs is static HTML; the only script
// draws the charts with the bundled Chart.js from the embedded plan data.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace citsim {

/// What the report inlines besides the plan: the charting library's source.
struct ReportAssets {
  std::string chart_js;  ///< Chart.js UMD build (dist/chart.umd.js), inlined verbatim
};

/// Reads the Chart.js UMD file: first <data_dir>/../web/node_modules/chart.js/
/// dist/chart.umd.js (source tree, after `scripts/setup`), then
/// <data_dir>/../web/chart.umd.js (installed copy in share/citsim/web).
/// Throws Error naming both paths if neither is readable.
ReportAssets load_report_assets(const std::filesystem::path& data_dir);

/// The report as one HTML document: inline CSS, inline Chart.js, the plan
/// embedded as JSON (with "</" written "<\/"), no external references.
/// `plan` is the object plan_to_json() produces (with or without predictions).
/// A stopped patient's report opens with the refusal and every reason and
/// shows no proposed course or prediction charts. Deterministic: the same plan
/// and assets give the same bytes (no timestamp). Throws Error if `plan` is
/// not a plan object (no "screening").
std::string report_html(const nlohmann::json& plan, const ReportAssets& assets);

}  // namespace citsim
