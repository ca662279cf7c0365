// The observation model maps known inputs to known outputs: metrics on made
// rows, the PIH reading of a known redness; and on the shipped data it reads
// the calibrated outcomes as the calibration does (docs/validation.md).
#include "citsim/pipeline/outcomes.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;
using K = OutcomeMetric::Kind;

std::vector<ObservableRow> rows_of(const std::vector<std::pair<double, double>>& day_value,
                                   Observable o) {
  std::vector<ObservableRow> rows;
  for (const auto& [day, value] : day_value) {
    ObservableRow r;
    r.day = day;
    r[o] = value;
    rows.push_back(r);
  }
  return rows;
}

TEST(OutcomeMetric, ParsesEveryFormAndRejectsTheRest) {
  EXPECT_EQ(parse_outcome_metric("end")->kind, K::end);
  EXPECT_EQ(parse_outcome_metric("day:150")->day, 150);
  const auto ratio = parse_outcome_metric("ratio:210/119");
  ASSERT_TRUE(ratio);
  EXPECT_EQ(ratio->kind, K::ratio);
  EXPECT_EQ(ratio->day, 210);
  EXPECT_EQ(ratio->day_early, 119);
  EXPECT_EQ(parse_outcome_metric("rolling_over_all:90")->kind, K::rolling_over_all);
  EXPECT_EQ(parse_outcome_metric("pih")->kind, K::pih);
  const auto over = parse_outcome_metric("end_over:papillary_collagen_change_pct");
  ASSERT_TRUE(over);
  EXPECT_EQ(over->kind, K::end_over);
  EXPECT_EQ(over->over, Observable::papillary_collagen_change_pct);
  for (const char* bad : {"", "day:", "day:-3", "day:x", "ratio:100/200", "ratio:100", "peak",
                          "end_over:", "end_over:scar_depth_change_pct", "end_over:collagen"})
    EXPECT_FALSE(parse_outcome_metric(bad)) << bad;
}

TEST(ObserveRows, ReadsEndDayRatioAndPeakOfKnownRows) {
  const Observable o = Observable::collagen_change_pct;
  const auto rows = rows_of({{0, 0.0}, {30, 10.0}, {60, 30.0}, {120, 40.0}, {200, 20.0}}, o);
  const ModelSettings s;
  const std::vector<int> sessions = {0, 30};
  const auto read = [&](const char* metric) {
    return observe_rows(rows, "collagen_change_pct", *parse_outcome_metric(metric), s, nullptr,
                        sessions, 2);
  };
  EXPECT_DOUBLE_EQ(read("end"), 20.0);
  EXPECT_DOUBLE_EQ(read("day:60"), 30.0);
  EXPECT_DOUBLE_EQ(read("day:61"), 40.0);  // the first row at or after the day
  EXPECT_DOUBLE_EQ(read("ratio:120/60"), 40.0 / 30.0);
  EXPECT_DOUBLE_EQ(read("peak_days_after_last_session"), 120.0 - 30.0);
  auto two = rows;
  for (ObservableRow& r : two) r[Observable::elastin_change_pct] = 2.0 * r[o] + 5.0;
  EXPECT_DOUBLE_EQ(
      observe_rows(two, "collagen_change_pct", *parse_outcome_metric("end_over:elastin_change_pct"),
                   s, nullptr, sessions, 2),
      20.0 / 45.0)
      << "the last row's value over the other column's on that row";
  EXPECT_THROW(observe_rows(rows, "scar_depth_change_pct", *parse_outcome_metric("end"), s, nullptr,
                            sessions, 2),
               Error)
      << "a scar outcome on a case without a surface";
}

TEST(ObserveRows, ReadsThePihProbabilityOfAKnownRedness) {
  // Erythema 0.5 for two days (trapezoids: 0.5 x 2 = 1 erythema-day).
  const auto rows = rows_of({{0, 0.5}, {1, 0.5}, {2, 0.5}}, Observable::erythema);
  ModelSettings s;
  s.risks.pih_hazard_per_erythema_day = 0.7;
  s.risks.pih_susceptible_share = {0.02, 0.05, 0.15, 0.35, 0.5, 0.6};
  const std::vector<int> sessions = {0};
  const double p =
      observe_rows(rows, "pih_probability", *parse_outcome_metric("pih"), s, nullptr, sessions, 4);
  EXPECT_NEAR(p, 0.35 * (1.0 - std::exp(-0.7 * 1.0)), 1e-12);
}

TEST(Outcomes, TheShippedFileReadsAndTheFittedOutcomesAreMatched) {
  const fs::path data = CITSIM_TEST_DATA_DIR;
  const fs::path root = data.parent_path();
  const std::vector<Outcome> all = read_outcomes(data / "calibration" / "outcomes.toml", root);
  ASSERT_GE(all.size(), 16u);
  // The fitted outcomes, read with the shipped (fitted) values.
  std::vector<Outcome> fitted;
  for (const Outcome& o : all) {
    if (o.id == "lotfi_papillary_collagen" || o.id == "dogra_scar_score" || o.id == "dogra_pih" ||
        o.id == "alam_6_vs_3_months")
      fitted.push_back(o);
  }
  ASSERT_EQ(fitted.size(), 4u);
  const ModelData model = read_model_data(data);
  const TryonData tryon = read_tryon_data(data);
  ModelSettings s{model.healing, tryon.response, model.risks};
  const std::vector<double> v =
      evaluate_outcomes(fitted, s, model, tryon, root, read_vocabulary(data));
  for (std::size_t i = 0; i < fitted.size(); ++i)
    EXPECT_NEAR(v[i], fitted[i].value, 0.02 * std::abs(fitted[i].value)) << fitted[i].id;
}

// A share of responders needs its threshold, and only it may have one.
TEST(Outcomes, ARespondersShareNeedsItsThresholdAndOnlyItHasOne) {
  const fs::path data = CITSIM_TEST_DATA_DIR;
  const fs::path root = data.parent_path();
  const std::string head =
      "[[outcome]]\nid = \"r\"\nstudy = \"s\"\nquantity = \"q\"\nunit = \"1\"\nn = 30\n"
      "case = \"examples/roller-acne-scars.toml\"\nobservable = \"scar_depth_change_pct\"\n"
      "metric = \"end\"\nmapping = \"m\"\nmapping_error = 0.3\nsource = \"x\"\n";
  const auto read = [&](const std::string& name, const std::string& text) {
    const fs::path file = fs::temp_directory_path() / name;
    std::ofstream(file) << text;
    try {
      const auto all = read_outcomes(file, root);
      return std::string("read: threshold ") + std::to_string(*all.at(0).threshold);
    } catch (const Error& e) {
      return std::string(e.what());
    }
  };
  EXPECT_EQ(read("resp_ok.toml", head + "kind = \"responders\"\nvalue = 0.7\nthreshold = -31\n"),
            "read: threshold -31.000000");
  EXPECT_NE(
      read("resp_missing.toml", head + "kind = \"responders\"\nvalue = 0.7\n").find("threshold"),
      std::string::npos);
  EXPECT_NE(read("resp_elsewhere.toml",
                 head + "kind = \"clinical_score\"\nvalue = -30\nthreshold = -31\n")
                .find("used only by kind = \"responders\""),
            std::string::npos);
  EXPECT_NE(read("resp_share.toml", head + "kind = \"responders\"\nvalue = 7\nthreshold = -31\n")
                .find("a share of responders"),
            std::string::npos);
}

}  // namespace
}  // namespace citsim
