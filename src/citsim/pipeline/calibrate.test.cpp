// The calibration's outputs: the validation table and the stored values. The
// fit itself (40 s) is run by `citsim calibrate`; these tests use results
// made by hand so that every number they check is known.
#include "citsim/pipeline/calibrate.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "citsim/core/toml_fields.hpp"
#include "citsim/healing/params_reader.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;

Calibration hand_made() {
  Calibration cal;
  cal.params = read_healing_params(fs::path(CITSIM_TEST_DATA_DIR) / "healing" / "parameters.toml");
  CalibrationTarget fitted;
  fitted.id = "fitted_target";
  fitted.quantity = "a fitted quantity";
  fitted.value = 10.0;
  fitted.unit = "%";
  fitted.fit = Param::signal_half_life;
  CalibrationTarget predicted = fitted;
  predicted.id = "predicted_target";
  predicted.fit.reset();
  CalibrationTarget limit = predicted;
  limit.id = "limit_target";
  limit.upper_limit = true;
  cal.targets = {{fitted, 11.0}, {predicted, 7.0}, {limit, 12.0}};
  cal.scar.targets.depth = {"scar_target", "scar depth", -30.0, 90, "examples/x.toml", "a source"};
  cal.scar.targets.timing = {"timing_target", "6 over 3 months", 1.5, 100, 200,
                             "x.toml",        "a source"};
  cal.scar.targets.by_type = {"type_target", "rolling over all", 1.2, 0, 90, "x.toml", "a source"};
  cal.scar.targets.lines = {"line_target", "line depth", -40.0, 150, "x.toml", "a source"};
  cal.scar.line_pct = -40.0;
  cal.scar.fitted.line_fill_per_gain = 1.5;
  cal.scar.fitted.fill_per_gain = 2.5;
  cal.scar.fitted.visible.remodel_half_life_days = 77.0;
  cal.scar.fitted.visible.tether_share_rolling = 0.4;
  cal.scar.model_pct = -30.0;
  cal.scar.timing_ratio = 1.5;
  cal.scar.type_ratio = 1.2;
  cal.scar.by_kind = {
      {LesionKind::rolling, -40.0}, {LesionKind::boxcar, -30.0}, {LesionKind::icepick, -10.0}};
  return cal;
}

TEST(Calibration, ValidationTableGivesEveryTargetItsErrorAndRole) {
  const std::string md = validation_markdown(hand_made());
  EXPECT_NE(md.find("| `fitted_target` | a fitted quantity | 10 % | 11 | +1 (+10 %)"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("fitted: `signal_half_life`"), std::string::npos);
  EXPECT_NE(md.find("| `predicted_target` | a fitted quantity | 10 % | 7 | -3 (-30 %)"),
            std::string::npos);
  EXPECT_NE(md.find("**exceeds the limit**"), std::string::npos);
  EXPECT_NE(md.find("| order as published |"), std::string::npos);
  EXPECT_NE(md.find("fitted: `remodel_half_life` = 77 day"), std::string::npos) << md;
  // RMS: fitted 10 % and the four surface targets 0 % -> sqrt(100 / 5) = 4 %; predicted 30 %.
  EXPECT_NE(md.find("fitted targets 4 % (5), predictions 30 % (1)"), std::string::npos) << md;
}

TEST(Calibration, StoredValuesAreReadBackThroughTheReaders) {
  const fs::path dir = fs::temp_directory_path() / "citsim_calibrate_test";
  fs::remove_all(dir);
  fs::create_directories(dir / "healing");
  fs::create_directories(dir / "surface");
  const fs::path data(CITSIM_TEST_DATA_DIR);
  fs::copy_file(data / "healing" / "parameters.toml", dir / "healing" / "parameters.toml");
  fs::copy_file(data / "surface" / "response.toml", dir / "surface" / "response.toml");
  Calibration cal = hand_made();
  cal.params.entry(Param::signal_half_life).file_value = 7.25;
  const auto written = store_calibrated_values(dir, cal);
  EXPECT_EQ(written.size(), 2u);
  const HealingParams back = read_healing_params(dir / "healing" / "parameters.toml");
  EXPECT_DOUBLE_EQ(back.entry(Param::signal_half_life).file_value, 7.25);
  const ScarResponseParams r = read_scar_response(dir / "surface" / "response.toml");
  EXPECT_DOUBLE_EQ(r.fill_per_gain, 2.5);
  EXPECT_DOUBLE_EQ(r.visible.remodel_half_life_days, 77.0);
  EXPECT_DOUBLE_EQ(r.visible.tether_share_rolling, 0.4);
  EXPECT_DOUBLE_EQ(r.line_fill_per_gain, 1.5);
  EXPECT_FALSE(fs::exists(dir / "healing" / "parameters.toml.tmp"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace citsim
