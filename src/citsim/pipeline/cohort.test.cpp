// Trial files are checked like cases; patients are drawn from the
// population by index alone; the summary's intervals are right on known
// stored patients.
#include "citsim/pipeline/cohort.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "citsim/core/error.hpp"
#include "citsim/healing/params.hpp"
#include "citsim/pipeline/model_settings.hpp"

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

// Severity and the mix of scar types, drawn per patient: the arm's count
// of scars re-typed by the shares, every depth scaled by one factor.
TEST(Cohort, LesionSeverityAndScarMixAreDrawnPerPatient) {
  const fs::path f = fs::path(CITSIM_TEST_EXAMPLES_DIR) / "cohorts" / ".mix-trial-test.toml";
  const std::string head =
      "[trial]\nname = \"t\"\nseed = 3\npatients_per_arm = 200\n[population]\nage_years = 30\n"
      "female_share = 0.5\nfitzpatrick_shares = [0, 0, 1, 0, 0, 0]\nlesion_depth_sd = 0.3\n";
  const std::string rest =
      "[[arm]]\nid = \"a\"\ncase = \"../trials/dogra2014-roller-acne-scars.toml\"\n"
      "[[endpoint]]\nid = \"c\"\nkind = \"mean_change\"\nmeasure = \"collagen_change_pct\"\n";
  const auto read = [&](const std::string& text) {
    std::ofstream(f) << text;
    std::string what;
    std::optional<Trial> t;
    try {
      t = read_trial(f, vocabulary());
    } catch (const Error& e) {
      what = e.what();
    }
    fs::remove(f);
    return std::make_pair(t, what);
  };
  const auto [trial, error] =
      read(head + "scar_type_shares = { rolling = 0.2, boxcar = 0.2, icepick = 0.6 }\n" + rest);
  ASSERT_TRUE(trial) << error;
  const auto& arm_scars = trial->arms[0].course.site.scars;
  int arm_total = 0;
  for (const ScarGroup& g : arm_scars) arm_total += g.count;
  std::array<int, 3> by_type{};
  double log_factor = 0.0, log_factor_sq = 0.0;
  for (std::int64_t i = 0; i < trial->patients_per_arm; ++i) {
    const CohortPatient p = cohort_patient(*trial, 0, i);
    int total = 0;
    for (const ScarGroup& g : p.c.site.scars) {
      total += g.count;
      by_type[static_cast<std::size_t>(g.type)] += g.count;
      const auto arm = std::find_if(arm_scars.begin(), arm_scars.end(),
                                    [&](const ScarGroup& s) { return s.type == g.type; });
      EXPECT_EQ(g.width_um, arm->width_um);
      EXPECT_NEAR(g.depth_um,
                  std::min(std::clamp(arm->depth_um * p.lesion_depth_factor, 50.0, 3000.0),
                           g.type == ScarType::icepick ? 3000.0 : g.width_um),
                  1e-9);
    }
    EXPECT_EQ(total, arm_total) << "as many scars as the arm's case";
    log_factor += std::log(p.lesion_depth_factor);
    log_factor_sq += std::pow(std::log(p.lesion_depth_factor), 2);
  }
  const double n = trial->patients_per_arm * arm_total;
  EXPECT_NEAR(by_type[static_cast<std::size_t>(ScarType::icepick)] / n, 0.6, 0.03);
  EXPECT_NEAR(by_type[static_cast<std::size_t>(ScarType::rolling)] / n, 0.2, 0.03);
  EXPECT_NEAR(std::sqrt(log_factor_sq / trial->patients_per_arm), 0.3, 0.05);
  // Without the new keys the patients are drawn as before them.
  const auto [plain, plain_error] = read(
      "[trial]\nname = \"t\"\nseed = 3\npatients_per_arm = 200\n[population]\nage_years = 30\n"
      "female_share = 0.5\nfitzpatrick_shares = [0, 0, 1, 0, 0, 0]\n" +
      rest);
  ASSERT_TRUE(plain) << plain_error;
  EXPECT_EQ(cohort_patient(*plain, 0, 5).seed, cohort_patient(*trial, 0, 5).seed);
  EXPECT_EQ(cohort_patient(*plain, 0, 5).c.site.scars.size(), arm_scars.size());
  // Shares that do not sum to 1, and a type the arm does not describe.
  EXPECT_NE(read(head + "scar_type_shares = { rolling = 0.5 }\n" + rest)
                .second.find("population.scar_type_shares"),
            std::string::npos);
  const std::string striae_arm =
      "[[arm]]\nid = \"a\"\ncase = \"../stamp-striae.toml\"\n"
      "[[endpoint]]\nid = \"c\"\nkind = \"mean_change\"\nmeasure = \"collagen_change_pct\"\n";
  EXPECT_NE(
      read(head + "scar_type_shares = { rolling = 1.0 }\n" + striae_arm).second.find("arm[0].case"),
      std::string::npos);
  EXPECT_NE(read(head + "lesion_depth_sd = 0.9\n" + rest).second.find("lesion_depth_sd"),
            std::string::npos);
}

// A sensitivity run with a patient's own posterior sample set by hand gives
// that patient's cohort outputs: the parameters set by name are the ones the
// cohort draws, and nothing else differs.
TEST(Cohort, SensitivityRunsWithAPatientsSampleGiveItsOutputs) {
  const Trial t = read_trial(kTrial, vocabulary());
  const ModelData data = read_model_data(CITSIM_TEST_DATA_DIR);
  const TryonData tryon = read_tryon_data(CITSIM_TEST_DATA_DIR);
  ASSERT_NE(data.posterior, nullptr);
  const Posterior& post = *data.posterior;
  std::vector<Posterior::Column> columns;
  std::vector<std::vector<double>> rows(2);
  for (std::uint64_t patient = 0; patient < 2; ++patient) {
    const CohortPatient p = cohort_patient(t, 1, static_cast<std::int64_t>(patient));
    const std::size_t row = joint_sample_row(t.seed, p.member, post.rows.size());
    for (std::size_t k = 0; k < post.columns.size(); ++k) {
      if (post.columns[k].group == "model") continue;
      if (patient == 0) columns.push_back(post.columns[k]);
      rows[patient].push_back(post.rows[row][k]);
    }
  }
  // Row r holds patient r's sample; the runs are of patient 0 and 1 alike.
  const auto runs =
      cohort_sensitivity_runs(t, 1, 2, "scar_depth_change_pct", columns, rows, data, tryon, 2);
  ASSERT_EQ(runs.size(), 2u);
  for (std::size_t r = 0; r < 2; ++r) {
    const CohortPatient p = cohort_patient(t, 1, static_cast<std::int64_t>(r));
    const nlohmann::json own = run_cohort_patient(t, 1, p, data, tryon);
    EXPECT_EQ(runs[r][r], own["scar_depth_change_pct"].get<double>()) << "patient " << r;
  }
  EXPECT_NE(runs[0][0], runs[1][0]) << "another sample, another outcome";
  // What a sensitivity analysis may not ask for.
  EXPECT_THROW(cohort_sensitivity_runs(t, 1, 2, "no_such", columns, rows, data, tryon, 1), Error);
  EXPECT_THROW(cohort_sensitivity_runs(t, 1, t.patients_per_arm + 1, "pih_probability", columns,
                                       rows, data, tryon, 1),
               Error);
  const std::vector<std::vector<double>> too_many(kMaxSensitivityRuns / 2 + 1, rows[0]);
  EXPECT_THROW(
      cohort_sensitivity_runs(t, 1, 2, "pih_probability", columns, too_many, data, tryon, 1),
      Error);
}

}  // namespace
}  // namespace citsim
