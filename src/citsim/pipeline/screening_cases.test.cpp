// Screening of the example cases: the case reader, the shipped rules and the
// screening stage together.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "citsim/pipeline/case_reader.hpp"
#include "citsim/planner/screening_rules_reader.hpp"

namespace citsim {
namespace {

const std::filesystem::path kData(CITSIM_TEST_DATA_DIR);

const Vocabulary& vocab() {
  static const Vocabulary v = read_vocabulary(kData);
  return v;
}

const std::vector<ScreeningRule>& shipped() {
  static const std::vector<ScreeningRule> r =
      read_screening_rules(kData / "planner" / "screening.toml", vocab());
  return r;
}

TEST(ScreeningOfExamples, ContraindicatedContractCaseIsStoppedWithEveryReason) {
  const Case c =
      read_case(std::filesystem::path(CITSIM_TEST_EXAMPLES_DIR) / "contraindicated.toml", vocab());
  const ScreeningResult r = screen(shipped(), c.patient, c.site, medication_classes(vocab()));
  EXPECT_EQ(r.outcome, ScreeningOutcome::stop);
  EXPECT_TRUE(r.fired("isotretinoin_within_6_months"));
  EXPECT_TRUE(r.fired("keloid_or_hypertrophic_history"));
  EXPECT_TRUE(r.fired("antiplatelet_current"));
  EXPECT_TRUE(r.fired("cold_sore_history_face"));
  std::string because;
  for (const auto& f : r.findings) {
    for (const auto& b : f.because) because += b + "|";
  }
  EXPECT_NE(because.find("isotretinoin (oral_retinoid) stopped 60 days ago"), std::string::npos);
  EXPECT_NE(because.find("aspirin (antiplatelet) current"), std::string::npos);
  EXPECT_NE(because.find("condition keloid_history"), std::string::npos);
  EXPECT_NE(because.find("condition herpes_labialis_history"), std::string::npos);
}

TEST(ScreeningOfExamples, OtherContractCasesAreNotStopped) {
  for (const char* name :
       {"pen-cheek-rejuvenation", "roller-acne-scars", "home-roller", "stamp-striae"}) {
    const Case c = read_case(
        std::filesystem::path(CITSIM_TEST_EXAMPLES_DIR) / (std::string(name) + ".toml"), vocab());
    EXPECT_NE(screen(shipped(), c.patient, c.site, medication_classes(vocab())).outcome,
              ScreeningOutcome::stop)
        << name;
  }
}

}  // namespace
}  // namespace citsim
