// Trial files are checked like cases; patients are drawn from the
// population by index alone; the summary's intervals are right on known
// stored patients.
#include "citsim/pipeline/cohort.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;

const fs::path kTrial =
    fs::path(CITSIM_TEST_EXAMPLES_DIR) / "cohorts" / "acne-scars-roller-vs-pen.toml";

const Vocabulary& vocabulary() {
  static const Vocabulary v = read_vocabulary(CITSIM_TEST_DATA_DIR);
  return v;
}

TEST(Cohort, TheExampleTrialReads) {
  const Trial t = read_trial(kTrial, vocabulary());
  EXPECT_EQ(t.arms.size(), 2u);
  EXPECT_EQ(t.patients_per_arm, 100);
  EXPECT_EQ(t.endpoints.size(), 5u);
  EXPECT_EQ(t.hash.size(), 16u);
}

TEST(Cohort, PatientsComeFromThePopulationByIndexAlone) {
  const Trial t = read_trial(kTrial, vocabulary());
  int female = 0, fitz4 = 0;
  double age = 0.0;
  for (std::int64_t i = 0; i < 100; ++i) {
    const CohortPatient p = cohort_patient(t, 0, i), q = cohort_patient(t, 0, i);
    EXPECT_EQ(p.seed, q.seed);
    EXPECT_EQ(p.c.patient.age_years, q.c.patient.age_years);
    EXPECT_GE(p.c.patient.age_years, 18);
    EXPECT_LE(p.c.patient.age_years, 45);
    EXPECT_NE(p.c.patient.fitzpatrick, 1) << "phototype I has no share";
    female += p.c.patient.sex == Sex::female;
    fitz4 += p.c.patient.fitzpatrick == 4;
    age += p.c.patient.age_years;
    EXPECT_NE(cohort_patient(t, 1, i).seed, p.seed) << "the other arm's patients are others";
  }
  EXPECT_NEAR(female, 60, 15);
  EXPECT_NEAR(fitz4, 40, 15);
  EXPECT_NEAR(age / 100.0, 27.0, 2.5);
}

TEST(Cohort, BadTrialsNameTheKey) {
  const auto error_of = [](const std::string& text) {
    const fs::path f = fs::path(CITSIM_TEST_EXAMPLES_DIR) / "cohorts" / ".bad-trial-test.toml";
    std::ofstream(f) << text;
    std::string what;
    try {
      read_trial(f, vocabulary());
    } catch (const Error& e) {
      what = e.what();
    }
    fs::remove(f);
    return what;
  };
  const std::string head =
      "[trial]\nname = \"t\"\nseed = 1\npatients_per_arm = 4\n[population]\nage_years = 30\n"
      "female_share = 0.5\nfitzpatrick_shares = [0, 0, 1, 0, 0, 0]\n";
  const std::string arm =
      "[[arm]]\nid = \"a\"\ncase = \"../trials/dogra2014-roller-acne-scars.toml\"\n";
  const std::string endpoint =
      "[[endpoint]]\nid = \"c\"\nkind = \"mean_change\"\nmeasure = \"collagen_change_pct\"\n";
  EXPECT_EQ(error_of(head + arm + endpoint), "");
  EXPECT_NE(error_of(head + arm).find("endpoint is missing"), std::string::npos);
  EXPECT_NE(error_of(head + arm +
                     "[[endpoint]]\nid = \"x\"\nkind = \"mean_change\"\nmeasure = "
                     "\"nothing\"\n")
                .find("endpoint[0].measure = \"nothing\""),
            std::string::npos);
  EXPECT_NE(error_of(head).find("arm"), std::string::npos) << "an arm is required";
  EXPECT_NE(error_of(head + "[[arm]]\nid = \"a\"\ncase = \"missing.toml\"\n").find("arm[0].case"),
            std::string::npos);
  EXPECT_NE(error_of(head + arm + endpoint + "[extra]\n").find("extra"), std::string::npos);
}

TEST(Cohort, SummaryIntervalsOnKnownPatients) {
  const Trial t = read_trial(kTrial, vocabulary());
  std::vector<StoredPatient> stored;
  for (int i = 0; i < 4; ++i) {
    const double depth = -20.0 * (i + 1);  // -20, -40, -60, -80
    stored.push_back({"roller", i, 1, R"({"age_years":30,"sex":"female","fitzpatrick":3})",
                      fmt::format(R"({{"scar_depth_change_pct":{},"collagen_change_pct":10,)"
                                  R"("pih_probability":0.1,"prolonged_erythema_probability":0}})",
                                  depth)});
  }
  const nlohmann::json s = cohort_summary(t, stored);
  const auto& roller = s["arms"][0]["endpoints"];
  EXPECT_DOUBLE_EQ(roller["scar_depth"]["mean"].get<double>(), -50.0);
  const double sd = std::sqrt((900.0 + 100.0 + 100.0 + 900.0) / 3.0);
  EXPECT_NEAR(roller["scar_depth"]["ci95"][1].get<double>(), -50.0 + 1.959963984540054 * sd / 2.0,
              1e-9);
  EXPECT_DOUBLE_EQ(roller["half_better"]["rate"].get<double>(), 0.5) << "-60 and -80 respond";
  EXPECT_DOUBLE_EQ(roller["pih"]["rate"].get<double>(), 0.1);
  EXPECT_EQ(s["arms"][1]["flow"]["simulated"], 0);
  EXPECT_TRUE(s["arms"][1]["endpoints"]["scar_depth"].contains("not_modelled"));
}

}  // namespace
}  // namespace citsim
