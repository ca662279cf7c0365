#include "citsim/skin/lesion.hpp"

#include <gtest/gtest.h>

namespace citsim {
namespace {

TEST(Lesion, ScarTypeNamesRoundTrip) {
  for (ScarType type : {ScarType::icepick, ScarType::boxcar, ScarType::rolling}) {
    auto back = scar_type_from_string(to_string(type));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, type);
  }
  EXPECT_EQ(to_string(ScarType::icepick), "icepick");
  EXPECT_FALSE(scar_type_from_string("hypertrophic").has_value());
  EXPECT_FALSE(scar_type_from_string("").has_value());
}

TEST(Lesion, StriaeStageNamesRoundTrip) {
  for (StriaeStage stage : {StriaeStage::rubra, StriaeStage::alba}) {
    auto back = striae_stage_from_string(to_string(stage));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, stage);
  }
  EXPECT_EQ(to_string(StriaeStage::alba), "alba");
  EXPECT_FALSE(striae_stage_from_string("nigra").has_value());
}

}  // namespace
}  // namespace citsim
