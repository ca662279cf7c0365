// The warnings of a case fire where they should and not otherwise, on the
// shipped examples.
#include "citsim/pipeline/unmodelled.hpp"

#include <algorithm>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "citsim/pipeline/case_reader.hpp"
#include "citsim/planner/vocabulary.hpp"

namespace citsim {
namespace {

Case example(const std::string& name) {
  static const Vocabulary vocab = read_vocabulary(CITSIM_TEST_DATA_DIR);
  return read_case(std::filesystem::path(CITSIM_TEST_EXAMPLES_DIR) / (name + ".toml"), vocab);
}

bool has(const std::vector<ModelWarning>& ws, const std::string& id) {
  return std::any_of(ws.begin(), ws.end(), [&](const ModelWarning& w) { return w.id == id; });
}

TEST(Unmodelled, FineLinesOnTheNeckAreAnUpperEstimate) {
  const auto neck = unmodelled_settings(example("trials/alqam2022-pen-neck-lines"));
  ASSERT_TRUE(has(neck, "neck_lines_overpredicted"));
  EXPECT_NE(neck.front().message.find("upper estimate"), std::string::npos);
  EXPECT_EQ(warnings_json(neck).at(0).at("level"), "caution");

  // The same course on the cheek, and the neck treated for something else.
  EXPECT_TRUE(unmodelled_settings(example("pen-cheek-rejuvenation")).empty());
  Case scars = example("trials/alqam2022-pen-neck-lines");
  scars.site.indication = "atrophic_acne_scars";
  EXPECT_FALSE(has(unmodelled_settings(scars), "neck_lines_overpredicted"));
}

TEST(Unmodelled, AnRfPenIsCautionedAndAMechanicalPenIsNot) {
  EXPECT_TRUE(has(unmodelled_settings(example("rf-pen-laxity")), "rf_not_validated"));
  EXPECT_FALSE(has(unmodelled_settings(example("roller-acne-scars")), "rf_not_validated"));
}

}  // namespace
}  // namespace citsim
