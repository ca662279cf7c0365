#include "citsim/planner/screening.hpp"

#include <gtest/gtest.h>

namespace citsim {
namespace {

const MedicationClasses kClasses = {
    {"isotretinoin", "oral_retinoid"}, {"aspirin", "antiplatelet"}, {"warfarin", "anticoagulant"}};

Site cheek() {
  Site s;
  s.zone = Zone::cheek;
  s.indication = "fine_lines";
  return s;
}

ScreeningRule rule(std::string id, ScreeningLevel level, RuleMatcher when) {
  ScreeningRule r;
  r.id = std::move(id);
  r.level = level;
  r.when = std::move(when);
  r.message = "m";
  r.source = "s";
  r.origin = "shipped";
  return r;
}

TEST(Screening, ConditionMatcherFiresOnAnyListedCondition) {
  RuleMatcher m;
  m.conditions = {"keloid_history", "hypertrophic_scar_history"};
  Patient p;
  EXPECT_FALSE(matches(m, p, cheek(), kClasses));
  p.conditions = {"hypertrophic_scar_history"};
  std::vector<std::string> because;
  EXPECT_TRUE(matches(m, p, cheek(), kClasses, &because));
  ASSERT_EQ(because.size(), 1u);
  EXPECT_EQ(because[0], "condition hypertrophic_scar_history");
}

TEST(Screening, MedicationWithinDaysCountsCurrentAndRecentlyStoppedOnly) {
  RuleMatcher m;
  m.medication_classes = {"oral_retinoid"};
  m.within_days = 180;
  Patient p;
  p.medications = {Medication{"isotretinoin", false, 179}};
  EXPECT_TRUE(matches(m, p, cheek(), kClasses));
  p.medications = {Medication{"isotretinoin", false, 180}};
  EXPECT_FALSE(matches(m, p, cheek(), kClasses)) << "fewer than N days, not N";
  p.medications = {Medication{"isotretinoin", true, std::nullopt}};
  std::vector<std::string> because;
  EXPECT_TRUE(matches(m, p, cheek(), kClasses, &because));
  EXPECT_EQ(because.at(0), "isotretinoin (oral_retinoid) current");
}

TEST(Screening, MedicationWithoutWithinDaysMatchesCurrentOnly) {
  RuleMatcher m;
  m.medications = {"aspirin"};
  Patient p;
  p.medications = {Medication{"aspirin", false, 1}};
  EXPECT_FALSE(matches(m, p, cheek(), kClasses));
  p.medications = {Medication{"aspirin", true, std::nullopt}};
  EXPECT_TRUE(matches(m, p, cheek(), kClasses));
}

TEST(Screening, AgePhototypeZoneAndIndicationAreAnded) {
  RuleMatcher m;
  m.age_years = IntRange{18, 30};
  m.fitzpatrick = IntRange{4, 6};
  m.zones = {Zone::cheek};
  m.indications = {"fine_lines"};
  Patient p;
  p.age_years = 24;
  p.fitzpatrick = 5;
  EXPECT_TRUE(matches(m, p, cheek(), kClasses));
  p.age_years = 31;
  EXPECT_FALSE(matches(m, p, cheek(), kClasses));
  p.age_years = 24;
  p.fitzpatrick = 3;
  EXPECT_FALSE(matches(m, p, cheek(), kClasses));
  p.fitzpatrick = 4;
  Site s = cheek();
  s.zone = Zone::forehead;
  EXPECT_FALSE(matches(m, p, s, kClasses));
  s = cheek();
  s.indication = "striae";
  EXPECT_FALSE(matches(m, p, s, kClasses));
}

TEST(Screening, AllAnyNoneCombine) {
  RuleMatcher recent, older, m;
  recent.medication_classes = {"oral_retinoid"};
  recent.within_days = 180;
  older.medication_classes = {"oral_retinoid"};
  older.within_days = 365;
  m.all = {older};
  m.none = {recent};
  Patient p;
  p.medications = {Medication{"isotretinoin", false, 200}};
  EXPECT_TRUE(matches(m, p, cheek(), kClasses));
  p.medications = {Medication{"isotretinoin", false, 100}};
  EXPECT_FALSE(matches(m, p, cheek(), kClasses));
  p.medications = {Medication{"isotretinoin", false, 400}};
  EXPECT_FALSE(matches(m, p, cheek(), kClasses));

  RuleMatcher a, b, either;
  a.conditions = {"hiv"};
  b.medication_classes = {"anticoagulant"};
  either.any = {a, b};
  Patient q;
  EXPECT_FALSE(matches(either, q, cheek(), kClasses));
  q.medications = {Medication{"warfarin", true, std::nullopt}};
  EXPECT_TRUE(matches(either, q, cheek(), kClasses));
}

TEST(Screening, EmptyMatcherNeverMatches) {
  EXPECT_FALSE(matches(RuleMatcher{}, Patient{}, cheek(), kClasses));
}

TEST(Screening, StopWinsAndEveryReasonIsListedMostSevereFirst) {
  RuleMatcher keloid, aspirin, hsv;
  keloid.conditions = {"keloid_history"};
  aspirin.medication_classes = {"antiplatelet"};
  hsv.conditions = {"herpes_labialis_history"};
  const std::vector<ScreeningRule> rules = {rule("hsv", ScreeningLevel::info, hsv),
                                            rule("aspirin", ScreeningLevel::caution, aspirin),
                                            rule("keloid", ScreeningLevel::stop, keloid)};
  Patient p;
  p.conditions = {"keloid_history", "herpes_labialis_history"};
  p.medications = {Medication{"aspirin", true, std::nullopt}};
  const ScreeningResult r = screen(rules, p, cheek(), kClasses);
  EXPECT_EQ(r.outcome, ScreeningOutcome::stop);
  ASSERT_EQ(r.findings.size(), 3u);
  EXPECT_EQ(r.findings[0].rule_id, "keloid");
  EXPECT_EQ(r.findings[1].rule_id, "aspirin");
  EXPECT_EQ(r.findings[2].rule_id, "hsv");

  p.conditions = {"herpes_labialis_history"};
  EXPECT_EQ(screen(rules, p, cheek(), kClasses).outcome, ScreeningOutcome::proceed_with_caution);
  p.medications.clear();
  EXPECT_EQ(screen(rules, p, cheek(), kClasses).outcome, ScreeningOutcome::proceed);
  EXPECT_EQ(screen(rules, Patient{}, cheek(), kClasses).findings.size(), 0u);
}

TEST(Screening, ClinicRulesReplaceDisableAndAdd) {
  RuleMatcher keloid, hsv, acne;
  keloid.conditions = {"keloid_history"};
  hsv.conditions = {"herpes_labialis_history"};
  acne.conditions = {"active_acne"};
  std::vector<ScreeningRule> base = {rule("keloid", ScreeningLevel::stop, keloid),
                                     rule("hsv", ScreeningLevel::caution, hsv)};
  ScreeningRule replaced = rule("keloid", ScreeningLevel::caution, keloid);
  replaced.origin = "clinic.toml";
  ScreeningRule disabled;
  disabled.id = "hsv";
  disabled.enabled = false;
  disabled.origin = "clinic.toml";
  ScreeningRule added = rule("acne", ScreeningLevel::stop, acne);
  const auto merged = merge_rules(base, {replaced, disabled, added});
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0].id, "keloid");
  EXPECT_EQ(merged[0].level, ScreeningLevel::caution);
  EXPECT_EQ(merged[0].origin, "clinic.toml");
  EXPECT_FALSE(merged[1].enabled);
  EXPECT_EQ(merged[2].id, "acne");

  Patient p;
  p.conditions = {"keloid_history", "herpes_labialis_history"};
  const auto r = screen(merged, p, cheek(), kClasses);
  EXPECT_EQ(r.outcome, ScreeningOutcome::proceed_with_caution);
  EXPECT_TRUE(r.fired("keloid"));
  EXPECT_FALSE(r.fired("hsv"));
}

}  // namespace
}  // namespace citsim
