// The self-contained HTML report of `citsim plan`: one file a clinician can
// open offline, print, or hand to a patient.
//
//   const ReportAssets assets = load_report_assets(find_data_dir());
//   write_file(out / "report.html", report_html(plan_json, assets));
//
// The report renders plan.json (docs/planner.md) as sections: patient summary
// and the decision-support statement, screening, the plan per zone, predicted
// course charts with P10-P90 bands, the try-on view (when the plan has a
// `tryon` object), the care calendar, costs, alternatives, sources, version.
// Everything a reader needs is static HTML styled by web/src/report/report.css;
// the scripts (web/src/report, bundled as web/dist/citsim-report.js) draw the
// charts with the bundled Chart.js and the 3D try-on view with the bundled
// viewer (three.js, web/dist/citsim-viewer.js), both from the embedded plan.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace citsim {

/// What the report inlines besides the plan: the charting library's source,
/// the try-on viewer bundle and the report's own scripts. (Its style sheet,
/// web/src/report/report.css, is compiled in.)
struct ReportAssets {
  std::string chart_js;   ///< Chart.js UMD build (dist/chart.umd.js), inlined verbatim
  std::string viewer_js;  ///< try-on viewer IIFE (global CITSimViewer, three.js inside);
                          ///< inlined only when the plan has `tryon`
  std::string report_js;  ///< the report's scripts (web/src/report: charts, try-on mount),
                          ///< an IIFE bundled as web/dist/citsim-report.js; inlined last
};

/// Reads the Chart.js UMD file: first <data_dir>/../web/node_modules/chart.js/
/// dist/chart.umd.js (source tree, after `scripts/setup`), then
/// <data_dir>/../web/chart.umd.js (installed copy in share/citsim/web); the
/// viewer bundle: first <data_dir>/../web/dist/citsim-viewer.js (built by
/// `npm run build --prefix web`, run by scripts/setup), then
/// <data_dir>/../web/citsim-viewer.js (installed copy); and the report's
/// scripts the same way (web/dist/citsim-report.js, then web/citsim-report.js).
/// Throws Error naming both paths of the first file that is not readable.
ReportAssets load_report_assets(const std::filesystem::path& data_dir);

/// The report as one HTML document: inline CSS, inline Chart.js, the plan
/// embedded as JSON (with "</" written "<\/"), the report's scripts (when
/// `assets.report_js` is not empty), no external references.
/// A plan with a `tryon` object (and not stopped) gets the section "Try-on"
/// (id `tryon`) after the predictions, mounting the inlined viewer there.
/// `plan` is the object plan_to_json() produces (with or without predictions).
/// A stopped patient's report opens with the refusal and every reason and
/// shows no proposed course or prediction charts. Deterministic: the same plan
/// and assets give the same bytes (no timestamp). Throws Error if `plan` is
/// not a plan object (no "screening").
std::string report_html(const nlohmann::json& plan, const ReportAssets& assets);

/// The trial report of a virtual cohort (`citsim cohort`'s report.html) from
/// its cohort.json (pipeline/cohort.hpp cohort_summary): self-contained.
std::string cohort_report_html(const nlohmann::json& summary);

/// Writes a cohort's report folder `out_dir` whole (io/output_dir.hpp: all
/// of it or nothing): cohort.json (`summary`), endpoints.csv and report.html.
/// `citsim cohort` and the Python package's citsim.cohort both write it so.
void write_cohort_report(const nlohmann::json& summary, const std::filesystem::path& out_dir,
                         bool force);

}  // namespace citsim
