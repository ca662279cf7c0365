#include "citsim/report/report.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

using nlohmann::json;

// A plan with the shape plan_to_json() writes, predictions included. The
// numbers are made up for the renderer; nothing here is a model result.
json series(double scale) {
  return {{"p10", {0.0, 0.5 * scale, 0.8 * scale}},
          {"p50", {0.0, 1.0 * scale, 1.5 * scale}},
          {"p90", {0.0, 2.0 * scale, 2.5 * scale}}};
}

json end_values() {
  json e = {{"day", 120}};
  for (const char* id : {"collagen_change_pct", "epidermal_thickness_change_pct", "erythema"}) {
    e[id] = {{"p10", 1.0}, {"p50", 2.0}, {"p90", 3.0}};
  }
  return e;
}

json course(const char* id, const char* label) {
  return {{"id", id},
          {"label", label},
          {"device", "pen 1.0 mm"},
          {"sessions", 3},
          {"interval_days", 30},
          {"days", {0.0, 30.0, 120.0}},
          {"series",
           {{"collagen_change_pct", series(10)},
            {"epidermal_thickness_change_pct", series(5)},
            {"erythema", series(0.2)}}},
          {"end", end_values()}};
}

json make_plan(bool stopped) {
  json reasons = json::array();
  reasons.push_back({{"rule_id", "pregnancy_or_breastfeeding"},
                     {"level", stopped ? "stop" : "info"},
                     {"message", "Pregnant or breastfeeding: defer elective needling."},
                     {"because", {"condition pregnancy"}},
                     {"source", "Alster TS, Graham PM. Dermatol Surg 2018"},
                     {"rules_file", "data/planner/screening.toml"}});
  json plan = {
      {"citsim_version", "0.1.0"},
      {"disclaimer", "Decision support only: the clinician decides."},
      {"case_file", "case.toml"},
      {"case",
       {{"patient", {{"age_years", 40}, {"sex", "female"}, {"fitzpatrick", 2}}},
        {"site", {{"zone", "cheek"}, {"indication", "fine_lines"}, {"area_cm2", 30.0}}}}},
      {"start_date", "2026-01-05"},
      {"start_date_source", "default"},
      {"data_files", {"data/planner/screening.toml"}},
      {"screening",
       {{"outcome", stopped ? "stop" : "proceed"}, {"stopped", stopped}, {"reasons", reasons}}},
      {"calendar",
       {{"scheduled", !stopped},
        {"start", "2026-01-05"},
        {"session_dates", stopped ? json::array() : json::array({"2026-01-05"})},
        {"events",
         {{{"id", "session"},
           {"phase", "day_of"},
           {"date", "2026-01-05"},
           {"title", "Microneedling session"},
           {"detail", "Needling to the endpoint."},
           {"source", "Alster 2018"},
           {"time", "10:00"},
           {"duration_minutes", 60}}}},
        {"ics_file", "calendar.ics"}}},
      {"alternatives",
       {{{"id", "chemical_peel_superficial"},
         {"name", "Superficial chemical peel"},
         {"mechanism", "An acid removes part of the epidermis."},
         {"best_for", "Pigmentation"},
         {"suits_indication", true},
         {"downtime_days", {1, 7}},
         {"sessions", {3, 6}},
         {"cost_per_session", {519.0, 519.0}},
         {"currency", "USD"},
         {"cost_source", "ASPS 2020"},
         {"pih_risk_dark_skin", "low"},
         {"dark_skin", "Generally safe."},
         {"pih_flag", false},
         {"flags_for_this_patient", json::array()},
         {"source", "Rendon 2010"}}}},
  };
  if (stopped) {
    plan["protocol"] = {{"status", "not proposed: screening stopped treatment"},
                        {"zones", json::array()}};
    plan["costs"] = nullptr;
    plan["costs_note"] = "no estimate: screening stopped treatment";
    plan["predictions"] = nullptr;
    plan["predictions_status"] = "not computed: screening stopped treatment";
    return plan;
  }
  plan["protocol"] = {
      {"status", "proposed"},
      {"course_followed",
       {{"choice", "as_given"}, {"sessions", 3}, {"interval_days", 30}, {"why", "the case"}}},
      {"zones",
       {{{"zone", "cheek"},
         {"indication", "fine_lines"},
         {"as_given", {{"device", "pen"}, {"needle_length_mm", 1.0}, {"sessions", 3}}},
         {"differences", {"sessions: given 3, proposed 3 to 4"}},
         {"proposed",
          {{"device", {{"kind", "pen"}, {"why", "default"}, {"source", "FDA DEN160029"}}},
           {"needle_depth", {{"range_mm", {0.5, 1.0}}, {"start_mm", 0.75}, {"source", "guides"}}},
           {"passes", {{"value", 3}, {"range", {2, 4}}, {"source", "cosmetictown"}}},
           {"endpoint", {{"value", "uniform erythema"}, {"source", "Graham"}}},
           {"sessions", {{"value", 3}, {"range", {3, 4}}, {"source", "Exceed trial"}}},
           {"interval_days", {{"value", 28}, {"range", {28, 42}}, {"source", "Graham"}}},
           {"maintenance_months", {{"range", {6, 12}}, {"source", "Graham"}}},
           {"final_assessment_days_after_last_session", {{"value", 90}, {"source", "Minutilli"}}},
           {"adjuvants", json::array()},
           {"notes", {"No published expert consensus gives a needle-depth table per zone."}}}}}}}};
  plan["costs"] = {{"currency", "USD"},
                   {"price_year", 2025},
                   {"area", "face"},
                   {"region", "us_national"},
                   {"region_factor", 1.0},
                   {"sessions", 3},
                   {"by_provider",
                    {{{"provider", "dermatologist"},
                      {"per_session", {250.0, 1000.0}},
                      {"course", {750.0, 3000.0}},
                      {"add_ons", {0.0, 0.0}},
                      {"total", {750.0, 3000.0}},
                      {"maintenance_session", {250.0, 1000.0}}}}},
                   {"insurance",
                    {{"covered", "not claimed"},
                     {"note", "A cosmetic procedure; typically not covered by health insurance."},
                     {"source", "healinggeeks.com"}}},
                   {"source", "price guides"}};
  plan["predictions"] = {
      {"fidelity", "plan"},
      {"members", 12},
      {"note", "Band: P10 to P90; line: median."},
      {"observables",
       {{{"id", "collagen_change_pct"}, {"label", "Dermal collagen"}, {"unit", "% vs untreated"}},
        {{"id", "epidermal_thickness_change_pct"},
         {"label", "Epidermal thickness"},
         {"unit", "% vs untreated"}},
        {{"id", "erythema"}, {"label", "Redness"}, {"unit", "0 = none, 1 = strongest"}}}},
      {"courses",
       {course("proposed", "Proposed: 3 sessions every 30 days"),
        course("home_roller", "At-home roller")}}};
  return plan;
}

const ReportAssets kFakeAssets{"/* fake chart library */ window.Chart = function () {};",
                               "/* fake viewer */ var CITSimViewer = {mount: function () {}};",
                               "/* fake report scripts */"};

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A try-on object of format citsim-tryon/1: a 2x2 patch, two frames.
json make_tryon() {
  const json heights = {{"p10", "AAAAAAAAAAA="}, {"p50", "AAAAAAAAAAA="}, {"p90", "AAAAAAAAAAA="}};
  const json zero = {{"p10", 0.0}, {"p50", 0.0}, {"p90", 0.0}};
  return {{"format", "citsim-tryon/1"},
          {"nx", 2},
          {"ny", 2},
          {"pixel_um", 100.0},
          {"height_unit_um", 0.1},
          {"skin_rgb", {224, 172, 140}},
          {"exaggeration", 4.0},
          {"lesions", json::array()},
          {"frames",
           {{{"day", 0},
             {"label", "before"},
             {"erythema", zero},
             {"heights", heights},
             {"metrics", {{"sa_um", zero}}}},
            {{"day", 90},
             {"label", "end"},
             {"erythema", zero},
             {"heights", heights},
             {"metrics", {{"sa_um", zero}}}}}},
          {"note", "A model prediction with its range, not a promise </script>."}};
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = s.find(what); pos != std::string::npos; pos = s.find(what, pos + 1)) ++n;
  return n;
}

TEST(Report, ContainsEverySection) {
  const std::string html = report_html(make_plan(false), kFakeAssets);
  for (const char* id : {"id=\"screening\"", "id=\"plan\"", "id=\"predictions\"", "id=\"calendar\"",
                         "id=\"costs\"", "id=\"alternatives\"", "id=\"sources\"", "id=\"about\""}) {
    EXPECT_NE(html.find(id), std::string::npos) << id;
  }
  EXPECT_NE(html.find("The clinician decides."), std::string::npos);
  EXPECT_NE(html.find("Not covered by insurance."), std::string::npos);
  EXPECT_NE(html.find("No consensus"), std::string::npos);
  EXPECT_NE(html.find("Mon 5 Jan 2026"), std::string::npos);
  EXPECT_NE(html.find("USD&#160;750&#8211;3,000"), std::string::npos);
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_EQ(html.find("id=\"refusal\""), std::string::npos);
}

TEST(Report, DrawsOneChartPerKeyObservableWithEveryCourse) {
  const std::string html = report_html(make_plan(false), kFakeAssets);
  EXPECT_EQ(count(html, "<canvas"), 3u);
  for (const char* id : {"collagen_change_pct", "epidermal_thickness_change_pct", "erythema"}) {
    EXPECT_NE(html.find(std::string("data-observable=\"") + id + "\""), std::string::npos) << id;
  }
  EXPECT_NE(html.find("data-course=\"1\""), std::string::npos);   // the selector lists both courses
  EXPECT_NE(html.find("fake chart library"), std::string::npos);  // the library is inlined
  // End-of-follow-up table: the median and its range, percent with a sign.
  EXPECT_NE(html.find("<strong>+2.0</strong><br><span class=\"range\">+1.0 to +3.0</span>"),
            std::string::npos);
}

TEST(Report, HasNoExternalReferences) {
  const std::string html = report_html(make_plan(false), kFakeAssets);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  for (auto pos = html.find("href=\""); pos != std::string::npos;
       pos = html.find("href=\"", pos + 1)) {
    EXPECT_EQ(html[pos + 6], '#') << html.substr(pos, 40);  // in-page links only
  }
}

TEST(Report, WithTheBundledChartJsLoadsNothingFromOutside) {
  const std::filesystem::path chart_js =
      std::filesystem::path(CITSIM_TEST_WEB_DIR) / "node_modules/chart.js/dist/chart.umd.js";
  if (!std::filesystem::exists(chart_js)) GTEST_SKIP() << "no " << chart_js << " (scripts/setup)";
  const ReportAssets assets =
      load_report_assets(std::filesystem::path(CITSIM_TEST_WEB_DIR) / ".." / "data");
  ASSERT_GT(assets.chart_js.size(), 100000u);
  const std::string html = report_html(make_plan(false), assets);
  // Chart.js keeps its licence header (a URL in a comment); nothing is fetched.
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
}

TEST(Report, EscapesScriptEndInData) {
  json plan = make_plan(false);
  plan["screening"]["reasons"][0]["message"] = "</script><script>alert(1)</script><!--";
  const std::string html = report_html(plan, kFakeAssets);
  // Script elements: the plan data, Chart.js and the report's scripts; no more closes.
  EXPECT_EQ(count(html, "</script>"), 3u);
  EXPECT_NE(html.find("<\\/script><script>alert(1)<\\/script>\\u003c!--"), std::string::npos);
  EXPECT_NE(html.find("&lt;/script&gt;&lt;script&gt;alert(1)"), std::string::npos);
  // What the page parses back is the original text.
  const auto start = html.find("id=\"citsim-plan\">") + 17;
  const auto stop = html.find("</script>", start);
  const json back = json::parse(html.substr(start, stop - start));
  EXPECT_EQ(back["screening"]["reasons"][0]["message"], "</script><script>alert(1)</script><!--");
}

TEST(Report, EscapesScriptEndInTheLibraryAndTheReportScripts) {
  const std::string html = report_html(
      make_plan(false),
      ReportAssets{"var s = '</script>'; window.Chart = 1;", "", "var t = '</script>';"});
  EXPECT_EQ(count(html, "</script>"), 3u);
  EXPECT_NE(html.find("var s = '<\\/script>'"), std::string::npos);
  EXPECT_NE(html.find("var t = '<\\/script>'"), std::string::npos);
}

TEST(Report, InlinesTheStyleSheetAndTheReportScripts) {
  const std::string css =
      read_text(std::filesystem::path(CITSIM_TEST_WEB_DIR) / "src/report/report.css");
  ASSERT_GT(css.size(), 1000u);
  EXPECT_EQ(css.find("</"), std::string::npos);  // it could close the style element
  const std::string html = report_html(make_plan(false), kFakeAssets);
  const auto style = html.find("<style>\n" + css + "</style>");
  ASSERT_NE(style, std::string::npos);  // report.css, byte for byte
  EXPECT_LT(style, html.find("</head>"));
  EXPECT_EQ(count(html, "<style>"), 1u);
  // The report's scripts come last, after the plan data and Chart.js.
  const auto scripts = html.find("/* fake report scripts */");
  ASSERT_NE(scripts, std::string::npos);
  EXPECT_LT(html.find("id=\"citsim-plan\""), scripts);
  EXPECT_LT(html.find("fake chart library"), scripts);
  EXPECT_LT(scripts, html.find("</body>"));
}

TEST(Report, WithTheBuiltScriptsInlinesThemVerbatim) {
  const std::filesystem::path built =
      std::filesystem::path(CITSIM_TEST_WEB_DIR) / "dist/citsim-report.js";
  if (!std::filesystem::exists(built)) GTEST_SKIP() << "no " << built << " (scripts/setup)";
  const ReportAssets assets =
      load_report_assets(std::filesystem::path(CITSIM_TEST_WEB_DIR) / ".." / "data");
  EXPECT_EQ(assets.report_js, read_text(built));
  ASSERT_NE(assets.report_js.find("data-charts"), std::string::npos);
  json plan = make_plan(false);
  plan["tryon"] = make_tryon();
  const std::string html = report_html(plan, assets);
  const auto scripts = html.find(assets.report_js);  // no "</script" in it to escape
  ASSERT_NE(scripts, std::string::npos);
  EXPECT_LT(html.find(assets.viewer_js.substr(0, 200)), scripts);  // after the viewer
}

TEST(Report, StoppedPlanShowsTheRefusalFirstAndNoProposedCourse) {
  const std::string html = report_html(make_plan(true), kFakeAssets);
  const auto refusal = html.find("id=\"refusal\"");
  ASSERT_NE(refusal, std::string::npos);
  EXPECT_LT(refusal, html.find("id=\"screening\""));
  EXPECT_LT(refusal, html.find("id=\"plan\""));
  EXPECT_NE(html.find("Treatment not proposed"), std::string::npos);
  EXPECT_NE(html.find("Pregnant or breastfeeding: defer elective needling."), std::string::npos);
  EXPECT_NE(html.find("pregnancy_or_breastfeeding"), std::string::npos);
  EXPECT_EQ(html.find("<canvas"), std::string::npos);
  EXPECT_EQ(html.find("fake chart library"), std::string::npos);
  EXPECT_EQ(html.find("class=\"protocol\""), std::string::npos);
  EXPECT_EQ(html.find("id=\"course-picker\""), std::string::npos);
  EXPECT_NE(html.find("Not covered by insurance."), std::string::npos);
}

TEST(Report, StoppedPlanShowsNoChartsEvenIfPredictionsArePresent) {
  json plan = make_plan(false);
  plan["screening"]["outcome"] = "stop";
  plan["screening"]["stopped"] = true;
  plan["screening"]["reasons"][0]["level"] = "stop";
  const std::string html = report_html(plan, kFakeAssets);
  EXPECT_NE(html.find("id=\"refusal\""), std::string::npos);
  EXPECT_EQ(html.find("<canvas"), std::string::npos);
  EXPECT_EQ(html.find("class=\"protocol\""), std::string::npos);
}

TEST(Report, SaysWhenPredictionsAreMissing) {
  json plan = make_plan(false);
  plan["predictions"] = nullptr;
  plan["predictions_status"] = "not computed yet";
  const std::string html = report_html(plan, kFakeAssets);
  EXPECT_EQ(html.find("<canvas"), std::string::npos);
  EXPECT_NE(html.find("Not available: not computed yet."), std::string::npos);
}

TEST(Report, HasNoTryonSectionWithoutTryonData) {
  const std::string html = report_html(make_plan(false), kFakeAssets);
  EXPECT_EQ(html.find("id=\"tryon\""), std::string::npos);
  EXPECT_EQ(html.find("href=\"#tryon\""), std::string::npos);
  EXPECT_EQ(html.find("fake viewer"), std::string::npos);  // the viewer is not inlined
  EXPECT_EQ(html.find("data-tryon"), std::string::npos);
}

TEST(Report, ShowsTheTryonSectionAfterThePredictions) {
  json plan = make_plan(false);
  plan["tryon"] = make_tryon();
  const std::string html = report_html(plan, kFakeAssets);
  const auto section = html.find("<section id=\"tryon\"");
  ASSERT_NE(section, std::string::npos);
  EXPECT_LT(html.find("<section id=\"predictions\""), section);
  EXPECT_LT(section, html.find("<section id=\"calendar\""));
  EXPECT_NE(html.find("href=\"#tryon\""), std::string::npos);  // in the contents
  EXPECT_NE(html.find("id=\"tryon-viewer\""), std::string::npos);
  EXPECT_NE(html.find("days 0, 90"), std::string::npos);
  EXPECT_NE(html.find("not a promise"), std::string::npos);
  // The viewer is inlined once, after the plan data, and before the report's
  // scripts, which mount it from the plan data.
  EXPECT_EQ(count(html, "/* fake viewer */"), 1u);
  EXPECT_LT(html.find("id=\"citsim-plan\""), html.find("/* fake viewer */"));
  EXPECT_LT(html.find("/* fake viewer */"), html.find("/* fake report scripts */"));
  // Plan data, Chart.js, viewer, report scripts: four scripts; the note's
  // "</script>" stays escaped.
  EXPECT_EQ(count(html, "</script>"), 4u);
  EXPECT_NE(html.find("three.js (MIT)"), std::string::npos);
}

TEST(Report, TryonWithoutTheViewerBundleSaysSo) {
  json plan = make_plan(false);
  plan["tryon"] = make_tryon();
  const std::string html =
      report_html(plan, ReportAssets{"window.Chart = 1;", "", "/* fake report scripts */"});
  EXPECT_NE(html.find("id=\"tryon\""), std::string::npos);
  EXPECT_NE(html.find("not bundled in this report"), std::string::npos);
  EXPECT_EQ(html.find("try-on viewer with three.js"), std::string::npos);
}

TEST(Report, StoppedPlanShowsNoTryon) {
  json plan = make_plan(true);
  plan["tryon"] = make_tryon();
  const std::string html = report_html(plan, kFakeAssets);
  EXPECT_EQ(html.find("id=\"tryon\""), std::string::npos);
  EXPECT_EQ(html.find("fake viewer"), std::string::npos);
}

// The try-on's timeline of what the patient sees: redness in the first days,
// texture in weeks 2 to 4, the lines 3 and 6 months after the last session,
// read off the frames nearest those days (the made-up course: 3 sessions 30
// days apart, the last on day 60).
TEST(Report, TryonShowsTheTimelineClinicsDescribe) {
  json plan = make_plan(false);
  json tryon = make_tryon();
  const json band = {{"p10", -10.0}, {"p50", -20.0}, {"p90", -30.0}};
  json frames = json::array();
  for (int day : {0, 1, 30, 151, 242}) {
    frames.push_back({{"day", day},
                      {"label", "day"},
                      {"erythema", {{"p10", 0.1}, {"p50", 0.25}, {"p90", 0.4}}},
                      {"heights", tryon["frames"][0]["heights"]},
                      {"metrics",
                       {{"sa_um", band},
                        {"roughness_sa_change_pct", band},
                        {"wrinkle_depth_change_pct", band}}}});
  }
  tryon["frames"] = frames;
  plan["tryon"] = tryon;
  const std::string html = report_html(plan, kFakeAssets);
  const auto at = html.find("What the patient will see, and when");
  ASSERT_NE(at, std::string::npos);
  EXPECT_LT(html.find("<section id=\"tryon\""), at);
  for (const char* phase : {"First days", "Weeks 2 to 4", "3 months after the last session",
                            "6 months after the last session"}) {
    EXPECT_NE(html.find(phase, at), std::string::npos) << phase;
  }
  EXPECT_NE(html.find("redness <strong>0.25</strong>", at), std::string::npos);
  EXPECT_NE(html.find("<strong>-20 %</strong> <span class=\"range\">(-10 % to -30 %)", at),
            std::string::npos);
  EXPECT_NE(html.find("<td>242</td>", at), std::string::npos);  // 6 months after day 60
}

// The risks of each course for the patient, with their ranges.
TEST(Report, ShowsTheRisksOfEveryCourse) {
  json plan = make_plan(false);
  for (auto& c : plan["predictions"]["courses"]) {
    c["risks"] = {
        {"pih_probability", {{"p10", 0.02}, {"p50", 0.05}, {"p90", 0.12}}},
        {"prolonged_erythema_probability", {{"p10", 0.001}, {"p50", 0.004}, {"p90", 0.02}}}};
  }
  const std::string html = report_html(plan, kFakeAssets);
  const auto at = html.find("Risks of each course for this patient");
  ASSERT_NE(at, std::string::npos);
  EXPECT_NE(html.find("Post-inflammatory hyperpigmentation", at), std::string::npos);
  EXPECT_NE(html.find("<strong>5 %</strong><br><span class=\"range\">2 % to 12 %", at),
            std::string::npos);
  EXPECT_NE(html.find("<strong>0.4 %</strong>", at), std::string::npos);
}

// The years after: the chart's canvas and the table at 1, 2 and 5 years.
TEST(Report, ShowsTheYearsAfterWithAndWithoutMaintenance) {
  json plan = make_plan(false);
  EXPECT_EQ(report_html(plan, kFakeAssets).find("id=\"years-after\""), std::string::npos);
  json at = json::array();
  for (int years : {1, 2, 5}) {
    at.push_back(
        {{"years", years},
         {"day", 365 * years},
         {"treated_collagen_pct", {{"value", 30.0}, {"p10", 10.0}, {"p50", 25.0}, {"p90", 40.0}}},
         {"course_only_collagen_pct", 20.0 - years},
         {"untreated_collagen_pct", -0.5 * years}});
  }
  plan["long_view"] = {{"days", {0, 7, 1826}},
                       {"maintenance_session_days", {455, 821}},
                       {"ranges", "P10/P50/P90 of an ensemble of 8"},
                       {"at", at},
                       {"curves", json::object()}};
  const std::string html = report_html(plan, kFakeAssets);
  const auto section = html.find("<section id=\"years-after\"");
  ASSERT_NE(section, std::string::npos);
  EXPECT_LT(html.find("<section id=\"predictions\""), section);
  EXPECT_LT(section, html.find("<section id=\"calendar\""));
  EXPECT_NE(html.find("data-long-view", section), std::string::npos);
  EXPECT_NE(
      html.find("<strong>+25.0 %</strong><br><span class=\"range\">+10.0 to +40.0 %", section),
      std::string::npos);
  EXPECT_NE(html.find("<strong>+15.0 %</strong>", section),
            std::string::npos);  // 5 years, course only
  EXPECT_NE(html.find("days 455, 821", section), std::string::npos);
}

TEST(Report, WithTryonIsDeterministic) {
  json plan = make_plan(false);
  plan["tryon"] = make_tryon();
  EXPECT_EQ(report_html(plan, kFakeAssets), report_html(plan, kFakeAssets));
}

TEST(Report, IsDeterministic) {
  EXPECT_EQ(report_html(make_plan(false), kFakeAssets), report_html(make_plan(false), kFakeAssets));
}

TEST(Report, RejectsWhatIsNotAPlan) {
  EXPECT_THROW(report_html(json::object(), kFakeAssets), Error);
  EXPECT_THROW(report_html(json::array(), kFakeAssets), Error);
}

TEST(ReportAssets, NamesBothPathsAndSetupWhenChartJsIsMissing) {
  const auto dir = std::filesystem::temp_directory_path() / "citsim-report-test-missing" / "data";
  std::filesystem::create_directories(dir);
  try {
    load_report_assets(dir);
    FAIL() << "expected Error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("node_modules/chart.js/dist/chart.umd.js"), std::string::npos) << msg;
    EXPECT_NE(msg.find("web/chart.umd.js"), std::string::npos) << msg;
    EXPECT_NE(msg.find("scripts/setup"), std::string::npos) << msg;
  }
}

TEST(ReportAssets, FindsTheInstalledCopy) {
  const auto root = std::filesystem::temp_directory_path() / "citsim-report-test-installed";
  std::filesystem::create_directories(root / "data");
  std::filesystem::create_directories(root / "web");
  std::ofstream(root / "web" / "chart.umd.js") << "/* installed */";
  std::ofstream(root / "web" / "citsim-viewer.js") << "/* installed viewer */";
  std::ofstream(root / "web" / "citsim-report.js") << "/* installed report scripts */";
  const ReportAssets assets = load_report_assets(root / "data");
  EXPECT_EQ(assets.chart_js, "/* installed */");
  EXPECT_EQ(assets.viewer_js, "/* installed viewer */");
  EXPECT_EQ(assets.report_js, "/* installed report scripts */");
  std::filesystem::remove_all(root);
}

TEST(ReportAssets, PrefersTheBuiltViewerInTheSourceTree) {
  const auto root = std::filesystem::temp_directory_path() / "citsim-report-test-dist";
  std::filesystem::create_directories(root / "data");
  std::filesystem::create_directories(root / "web" / "dist");
  std::ofstream(root / "web" / "chart.umd.js") << "/* chart */";
  std::ofstream(root / "web" / "citsim-viewer.js") << "/* installed viewer */";
  std::ofstream(root / "web" / "dist" / "citsim-viewer.js") << "/* built viewer */";
  std::ofstream(root / "web" / "citsim-report.js") << "/* installed report scripts */";
  std::ofstream(root / "web" / "dist" / "citsim-report.js") << "/* built report scripts */";
  const ReportAssets assets = load_report_assets(root / "data");
  EXPECT_EQ(assets.viewer_js, "/* built viewer */");
  EXPECT_EQ(assets.report_js, "/* built report scripts */");
  std::filesystem::remove_all(root);
}

TEST(ReportAssets, NamesBothPathsAndSetupWhenTheViewerIsMissing) {
  const auto root = std::filesystem::temp_directory_path() / "citsim-report-test-noviewer";
  std::filesystem::create_directories(root / "data");
  std::filesystem::create_directories(root / "web");
  std::ofstream(root / "web" / "chart.umd.js") << "/* chart */";
  try {
    load_report_assets(root / "data");
    ADD_FAILURE() << "expected Error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("web/dist/citsim-viewer.js"), std::string::npos) << msg;
    EXPECT_NE(msg.find("web/citsim-viewer.js"), std::string::npos) << msg;
    EXPECT_NE(msg.find("scripts/setup"), std::string::npos) << msg;
  }
  std::filesystem::remove_all(root);
}

TEST(ReportAssets, NamesBothPathsAndSetupWhenTheReportScriptsAreMissing) {
  const auto root = std::filesystem::temp_directory_path() / "citsim-report-test-noscripts";
  std::filesystem::create_directories(root / "data");
  std::filesystem::create_directories(root / "web");
  std::ofstream(root / "web" / "chart.umd.js") << "/* chart */";
  std::ofstream(root / "web" / "citsim-viewer.js") << "/* viewer */";
  try {
    load_report_assets(root / "data");
    ADD_FAILURE() << "expected Error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("web/dist/citsim-report.js"), std::string::npos) << msg;
    EXPECT_NE(msg.find("web/citsim-report.js"), std::string::npos) << msg;
    EXPECT_NE(msg.find("scripts/setup"), std::string::npos) << msg;
  }
  std::filesystem::remove_all(root);
}

TEST(ReportAssets, WithTheBuiltViewerTheTryonLoadsNothingFromOutside) {
  const std::filesystem::path viewer =
      std::filesystem::path(CITSIM_TEST_WEB_DIR) / "dist/citsim-viewer.js";
  if (!std::filesystem::exists(viewer)) GTEST_SKIP() << "no " << viewer << " (scripts/setup)";
  const ReportAssets assets =
      load_report_assets(std::filesystem::path(CITSIM_TEST_WEB_DIR) / ".." / "data");
  ASSERT_NE(assets.viewer_js.find("CITSimViewer"), std::string::npos);
  json plan = make_plan(false);
  plan["tryon"] = make_tryon();
  const std::string html = report_html(plan, assets);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("import("), std::string::npos);
}

}  // namespace
}  // namespace citsim
