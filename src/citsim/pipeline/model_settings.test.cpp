// Parameters set by name are checked against their ranges; a posterior file
// is read and checked line by line; each ensemble member takes one whole
// sample, the same for its healing parameters (sample_params) and the rest.
#include "citsim/pipeline/model_settings.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "citsim/core/error.hpp"
#include "citsim/healing/params_reader.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;

HealingParams shipped_healing() {
  return read_healing_params(fs::path(CITSIM_TEST_DATA_DIR) / "healing" / "parameters.toml");
}

fs::path write(const std::string& name, const std::string& text) {
  const fs::path file = fs::temp_directory_path() / name;
  std::ofstream(file) << text;
  return file;
}

std::string error_of(const fs::path& file, const HealingParams& h) {
  try {
    read_posterior(file, h);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ModelSettings, SetsEveryGroupAndNamesWhatIsWrong) {
  ModelSettings s{shipped_healing(), {}, {}};
  set_parameter(s, "healing", "collagen_synthesis_gain", 60.0, "here");
  EXPECT_EQ(s.healing.entry(Param::collagen_synthesis_gain).file_value, 60.0);
  set_parameter(s, "response", "fill_per_gain", 4.0, "here");
  EXPECT_EQ(s.response.fill_per_gain, 4.0);
  set_parameter(s, "pih", "pih_hazard", 0.5, "here");
  EXPECT_EQ(s.risks.pih_hazard_per_erythema_day, 0.5);
  try {
    set_parameter(s, "healing", "collagen_synthesis_gain", 1e6, "line 4");
    FAIL() << "out of range";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "line 4: healing.collagen_synthesis_gain = 1000000: must be within its range "
                 "[10, 300]");
  }
  EXPECT_THROW(set_parameter(s, "response", "no_such", 1.0, "x"), Error);
  EXPECT_THROW(set_parameter(s, "pih", "pih_hazard", 0.0, "x"), Error);
  EXPECT_THROW(set_parameter(s, "model", "discrepancy", 0.3, "x"), Error);
}

TEST(Posterior, IsReadWithItsProvenanceAndCheckedLineByLine) {
  const HealingParams h = shipped_healing();
  const fs::path good = write("posterior_good.csv",
                              "# citsim test; made by hand\n"
                              "healing.collagen_synthesis_gain,response.fill_per_gain,"
                              "pih.pih_hazard,model.discrepancy\n"
                              "60,4,0.5,0.3\n100,8,1.0,0.2\n");
  const Posterior p = read_posterior(good, h);
  EXPECT_EQ(p.provenance, "citsim test; made by hand");
  ASSERT_EQ(p.rows.size(), 2u);
  ASSERT_EQ(p.healing->params.size(), 1u);
  EXPECT_EQ(p.healing->rows[1][0], 100.0);

  EXPECT_EQ(error_of(write("posterior_bad1.csv", "healing.collagen_synthesis_gain\n60\n1e6\n"), h),
            "posterior_bad1.csv:3: healing.collagen_synthesis_gain = 1000000: must be within its "
            "range [10, 300]");
  EXPECT_EQ(error_of(write("posterior_bad2.csv", "healing.nonsense\n60\n"), h),
            "posterior_bad2.csv:1: healing.nonsense: not a parameter of "
            "data/healing/parameters.toml");
  EXPECT_EQ(error_of(write("posterior_bad3.csv", "response.fill_per_gain\n4x\n"), h),
            "posterior_bad3.csv:2: response.fill_per_gain = 4x: not a number");
  EXPECT_EQ(error_of(write("posterior_bad4.csv", "response.fill_per_gain,pih.pih_hazard\n4\n"), h),
            "posterior_bad4.csv:2: 1 values, the header names 2");
  EXPECT_NE(error_of(write("posterior_bad5.csv", "# only a comment\n"), h), "");
}

TEST(Posterior, ReadsTheBetweenPatientSpreadAndChecksIt) {
  HealingParams h = shipped_healing();
  const Posterior p = read_posterior(write("posterior_spread.csv",
                                           "healing.collagen_synthesis_gain,"
                                           "patient.collagen_synthesis_gain,model.discrepancy\n"
                                           "60,0.2,0.3\n100,0.4,0.2\n"),
                                     h);
  ASSERT_EQ(p.healing->spread_params.size(), 1u);
  EXPECT_EQ(p.healing->spread_params[0], Param::collagen_synthesis_gain);
  EXPECT_EQ(p.healing->spreads[1][0], 0.4);
  h.joint = p.healing;
  const ModelSettings shipped{h, {}, {}};
  const ModelSettings s = member_settings(shipped, &p, 5, 3);
  ASSERT_EQ(s.patient_spread.size(), 1u);
  EXPECT_EQ(s.patient_spread[0].log_sd, p.healing->spreads[joint_sample_row(5, 3, 2)][0])
      << "the member's row's spread";
  EXPECT_NE(ensemble_parameters_note(&p).find("patient of its own"), std::string::npos)
      << "every band says it holds the spread between patients";

  EXPECT_EQ(
      error_of(write("posterior_spread_bad1.csv", "patient.collagen_synthesis_gain\n2.5\n"), h),
      "posterior_spread_bad1.csv:2: patient.collagen_synthesis_gain = 2.5: must be within "
      "[0, 2]");
  EXPECT_EQ(error_of(write("posterior_spread_bad2.csv", "patient.nonsense\n0.2\n"), h),
            "posterior_spread_bad2.csv:1: patient.nonsense: not a parameter of "
            "data/healing/parameters.toml");
}

TEST(Posterior, AMemberTakesOneWholeSampleForAllItsParameters) {
  HealingParams h = shipped_healing();
  const fs::path file = write("posterior_rows.csv",
                              "healing.collagen_synthesis_gain,response.fill_per_gain,"
                              "response.remodel_half_life,pih.pih_hazard\n"
                              "20,2,30,0.5\n40,4,60,1\n80,8,120,2\n");
  const Posterior p = read_posterior(file, h);
  h.joint = p.healing;
  const ModelSettings shipped{h, {}, {}};
  for (std::uint64_t m = 0; m < 32; ++m) {
    const ModelSettings s = member_settings(shipped, &p, 5, m);
    const double gain = sample_params(h, 5, m).entry(Param::collagen_synthesis_gain).file_value;
    EXPECT_EQ(s.response.fill_per_gain, gain / 10.0) << "the same row as the healing draw";
    EXPECT_EQ(s.response.visible.remodel_half_life_days, gain * 1.5);
    EXPECT_EQ(s.risks.pih_hazard_per_erythema_day, shipped.risks.pih_hazard_per_erythema_day)
        << "the PIH hazard keeps its point value";
  }
  const ModelSettings none = member_settings(shipped, nullptr, 5, 0);
  EXPECT_EQ(none.response.fill_per_gain, shipped.response.fill_per_gain);
}

}  // namespace
}  // namespace citsim
