#include "citsim/planner/alternatives.hpp"

#include <gtest/gtest.h>

namespace citsim {
namespace {

std::vector<Alternative> options() {
  Alternative mn;
  mn.id = "microneedling";
  mn.best_for = {"atrophic_acne_scars"};
  mn.pih_risk = PihRisk::low;
  Alternative ablative;
  ablative.id = "fractional_ablative";
  ablative.best_for = {"atrophic_acne_scars", "fine_lines"};
  ablative.pih_risk = PihRisk::high;
  ablative.dark_skin = "PIH frequent";
  ablative.avoid_if_findings = {"isotretinoin_within_6_months"};
  ablative.avoid_note = "wait";
  Alternative peel;
  peel.id = "peel";
  peel.best_for = {"pigmentation"};
  peel.pih_risk = PihRisk::moderate;
  return {mn, ablative, peel};
}

TEST(Alternatives, DarkerSkinFlagsHeatAndDeepWoundingForPih) {
  Patient p;
  p.fitzpatrick = 5;
  Site s;
  s.indication = "atrophic_acne_scars";
  const auto rows = compare_alternatives(options(), p, s, ScreeningResult{});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_FALSE(rows[0].pih_flag);
  EXPECT_TRUE(rows[0].suits_indication);
  EXPECT_TRUE(rows[1].pih_flag);
  EXPECT_TRUE(rows[2].pih_flag);
  EXPECT_FALSE(rows[2].suits_indication);

  p.fitzpatrick = 2;
  for (const auto& r : compare_alternatives(options(), p, s, ScreeningResult{}))
    EXPECT_FALSE(r.pih_flag);
}

TEST(Alternatives, ScreeningFindingsAreNamedOnTheOptionsTheyArgueAgainst) {
  Patient p;
  Site s;
  s.indication = "atrophic_acne_scars";
  ScreeningResult r;
  r.findings.push_back(
      ScreeningFinding{"isotretinoin_within_6_months", ScreeningLevel::stop, "", "", "", "", {}});
  const auto rows = compare_alternatives(options(), p, s, r);
  EXPECT_TRUE(rows[0].flags.empty());
  ASSERT_EQ(rows[1].flags.size(), 1u);
  EXPECT_NE(rows[1].flags[0].find("isotretinoin_within_6_months"), std::string::npos);
}

}  // namespace
}  // namespace citsim
