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

std::vector<ModelWarning> warnings_of(const Case& c) {
  static const TryonData tryon = read_tryon_data(CITSIM_TEST_DATA_DIR);
  return unmodelled_settings(c, tryon);
}

bool has(const std::vector<ModelWarning>& ws, const std::string& id) {
  return std::any_of(ws.begin(), ws.end(), [&](const ModelWarning& w) { return w.id == id; });
}

TEST(Unmodelled, FineLinesOnTheNeckAreAnUpperEstimate) {
  const auto neck = warnings_of(example("trials/alqam2022-pen-neck-lines"));
  ASSERT_TRUE(has(neck, "neck_lines_overpredicted"));
  EXPECT_NE(neck.front().message.find("upper estimate"), std::string::npos);
  EXPECT_EQ(warnings_json(neck).at(0).at("level"), "caution");

  // Every neck indication whose try-on predicts fine lines, not only
  // "fine_lines" (surface.toml [fine_lines] indications).
  Case laxity = example("trials/alqam2022-pen-neck-lines");
  laxity.site.indication = "laxity";
  EXPECT_TRUE(has(warnings_of(laxity), "neck_lines_overpredicted"));

  // The same course on the cheek, and the neck treated for acne scars.
  EXPECT_TRUE(warnings_of(example("pen-cheek-rejuvenation")).empty());
  Case scars = example("trials/alqam2022-pen-neck-lines");
  scars.site.indication = "atrophic_acne_scars";
  EXPECT_FALSE(has(warnings_of(scars), "neck_lines_overpredicted"));
}

TEST(Unmodelled, AnRfPenIsCautionedAndAMechanicalPenIsNot) {
  EXPECT_TRUE(has(warnings_of(example("rf-pen-laxity")), "rf_not_validated"));
  EXPECT_FALSE(has(warnings_of(example("roller-acne-scars")), "rf_not_validated"));
}

}  // namespace
}  // namespace citsim
