#include "citsim/planner/screening_rules_reader.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

const std::filesystem::path kData(CITSIM_TEST_DATA_DIR);
const std::filesystem::path kRules = kData / "planner" / "screening.toml";

const Vocabulary& vocab() {
  static const Vocabulary v = read_vocabulary(kData);
  return v;
}

const std::vector<ScreeningRule>& shipped() {
  static const std::vector<ScreeningRule> r = read_screening_rules(kRules, vocab());
  return r;
}

/// A patient and site that match nothing in the shipped rules.
struct Subject {
  Patient patient;
  Site site;
};

Subject baseline() {
  Subject s;
  s.patient.age_years = 40;
  s.patient.fitzpatrick = 2;
  s.site.zone = Zone::abdomen;
  s.site.indication = "striae";
  return s;
}

std::string medication_of_class(const std::string& cls) {
  for (const auto& [name, c] : vocab().medications) {
    if (c == cls) return name;
  }
  return "";
}

/// Makes `s` satisfy `m` (for `any`, its first choice; `none` is left to the baseline).
void satisfy(const RuleMatcher& m, Subject& s) {
  if (!m.conditions.empty()) s.patient.conditions.push_back(m.conditions.front());
  if (!m.medications.empty() || !m.medication_classes.empty()) {
    Medication med;
    med.name = !m.medications.empty() ? m.medications.front()
                                      : medication_of_class(m.medication_classes.front());
    if (m.within_days) {
      med.stopped_days_ago = *m.within_days - 1;
    } else {
      med.current = true;
    }
    s.patient.medications.push_back(med);
  }
  if (m.age_years) s.patient.age_years = m.age_years->min;
  if (m.fitzpatrick) s.patient.fitzpatrick = m.fitzpatrick->min;
  if (!m.zones.empty()) s.site.zone = m.zones.front();
  if (!m.indications.empty()) s.site.indication = m.indications.front();
  for (const auto& sub : m.all) satisfy(sub, s);
  if (!m.any.empty()) satisfy(m.any.front(), s);
}

bool fires(const ScreeningRule& rule, const Subject& s) {
  return screen({rule}, s.patient, s.site, medication_classes(vocab())).fired(rule.id);
}

TEST(ScreeningRulesReader, ReadsTheShippedRulesEachCitedAndWithAMessage) {
  ASSERT_GE(shipped().size(), 15u);
  for (const auto& r : shipped()) {
    EXPECT_TRUE(r.enabled) << r.id;
    EXPECT_FALSE(r.message.empty()) << r.id;
    EXPECT_FALSE(r.source.empty()) << r.id;
    EXPECT_EQ(r.origin, kRules.string());
  }
}

TEST(ScreeningRulesReader, ShipsTheIssuesDefaults) {
  for (const char* id :
       {"active_acne", "skin_infection_or_open_wound", "active_herpes_or_warts",
        "eczema_psoriasis_rosacea", "keloid_or_hypertrophic_history", "pregnancy_or_breastfeeding",
        "bleeding_disorder", "anticoagulant_current", "antiplatelet_current",
        "radiation_to_area_within_year", "isotretinoin_within_6_months", "compromised_immunity",
        "sunburn", "cold_sore_history_face"}) {
    EXPECT_TRUE(std::any_of(shipped().begin(), shipped().end(), [&](const ScreeningRule& r) {
      return r.id == id;
    })) << id;
  }
  const auto iso = std::find_if(shipped().begin(), shipped().end(), [](const ScreeningRule& r) {
    return r.id == "isotretinoin_within_6_months";
  });
  EXPECT_NE(iso->note.find("Spring 2017"), std::string::npos) << "shows where guidance differs";
  EXPECT_NE(iso->note.find("6 to 12 months"), std::string::npos);
}

class ShippedRule : public ::testing::TestWithParam<std::size_t> {};

TEST_P(ShippedRule, FiresOnItsConditionAndNotOtherwise) {
  const ScreeningRule& rule = shipped().at(GetParam());
  SCOPED_TRACE(rule.id);
  EXPECT_FALSE(fires(rule, baseline())) << "fires on a patient with nothing";
  Subject s = baseline();
  satisfy(rule.when, s);
  EXPECT_TRUE(fires(rule, s));
  if (!rule.when.conditions.empty()) {
    Subject without = s;
    std::erase(without.patient.conditions, rule.when.conditions.front());
    EXPECT_FALSE(fires(rule, without)) << "without the condition";
  }
  if (rule.when.within_days) {
    Subject boundary = s;
    boundary.patient.medications.back().stopped_days_ago = *rule.when.within_days;
    EXPECT_FALSE(fires(rule, boundary)) << "stopped exactly within_days ago";
  }
  if (!rule.when.medications.empty() || !rule.when.medication_classes.empty()) {
    Subject without = s;
    without.patient.medications.clear();
    EXPECT_FALSE(fires(rule, without)) << "without the medication";
  }
  if (rule.when.fitzpatrick && rule.when.fitzpatrick->min > 1) {
    Subject lighter = s;
    lighter.patient.fitzpatrick = rule.when.fitzpatrick->min - 1;
    EXPECT_FALSE(fires(rule, lighter));
  }
  if (rule.when.age_years) {
    Subject older = s;
    older.patient.age_years = rule.when.age_years->max + 1;
    EXPECT_FALSE(fires(rule, older));
  }
  if (!rule.when.zones.empty()) {
    Subject elsewhere = s;
    elsewhere.site.zone = Zone::abdomen;
    EXPECT_FALSE(fires(rule, elsewhere)) << "outside its zones";
  }
}

INSTANTIATE_TEST_SUITE_P(EveryRule, ShippedRule, ::testing::Range<std::size_t>(0, shipped().size()),
                         [](const ::testing::TestParamInfo<std::size_t>& param_info) {
                           return shipped().at(param_info.param).id;
                         });

TEST(ScreeningRulesReader, ClinicFileReplacesDisablesAndAdds) {
  const auto clinic = parse_screening_rules(R"(
[[rule]]
id = "isotretinoin_within_6_months"
level = "caution"
when = { medication_classes = ["oral_retinoid"], within_days = 90 }
message = "We follow the 2017 consensus."
source = "Spring 2017"

[[rule]]
id = "antiplatelet_current"
enabled = false

[[rule]]
id = "clinic_filler_recent"
level = "caution"
when = { conditions = ["open_wound"] }
message = "Clinic rule."
source = "clinic policy"
)",
                                            "clinic.toml", vocab());
  ASSERT_EQ(clinic.size(), 3u);
  EXPECT_FALSE(clinic[1].enabled);
  const auto merged = merge_rules(shipped(), clinic);
  EXPECT_EQ(merged.size(), shipped().size() + 1);
  Patient p;
  p.medications = {Medication{"isotretinoin", false, 60},
                   Medication{"aspirin", true, std::nullopt}};
  Site s;
  s.zone = Zone::abdomen;
  s.indication = "striae";
  const auto r = screen(merged, p, s, medication_classes(vocab()));
  EXPECT_EQ(r.outcome, ScreeningOutcome::proceed_with_caution);
  ASSERT_TRUE(r.fired("isotretinoin_within_6_months"));
  EXPECT_EQ(r.findings.front().origin, "clinic.toml");
  EXPECT_FALSE(r.fired("antiplatelet_current"));
  p.conditions = {"open_wound"};
  EXPECT_TRUE(screen(merged, p, s, medication_classes(vocab())).fired("clinic_filler_recent"));
}

std::string error_of(const std::string& text) {
  try {
    parse_screening_rules(text, "clinic.toml", vocab());
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ScreeningRulesReader, BadRulesAreOneLineErrorsNamingFileKeyAndValue) {
  const std::string head =
      "[[rule]]\nid = \"x\"\nlevel = \"stop\"\nmessage = \"m\"\nsource = \"s\"\n";
  EXPECT_EQ(error_of(head + "when = { conditions = [\"keloid\"] }\n")
                .rfind("clinic.toml: rule[0].when.conditions[0] = \"keloid\": must be one of", 0),
            0u);
  EXPECT_NE(
      error_of("[[rule]]\nid = \"x\"\nlevel = \"block\"\nmessage = \"m\"\nsource = \"s\"\nwhen = { "
               "conditions = [\"sunburn\"] }\n")
          .find("rule[0].level = \"block\": must be one of \"stop\", \"caution\" or \"info\""),
      std::string::npos);
  EXPECT_NE(error_of(head + "when = { fitzpatrick = [5, 4] }\n").find("rule[0].when.fitzpatrick"),
            std::string::npos);
  EXPECT_NE(error_of(head + "when = { within_days = 30 }\n").find("within_days"),
            std::string::npos);
  EXPECT_NE(error_of(head + "when = {}\n").find("is empty"), std::string::npos);
  EXPECT_NE(error_of(head + "when = { conditions = [\"sunburn\"], colour = 1 }\n")
                .find("rule[0].when.colour = 1: unknown key; allowed here: "),
            std::string::npos);
  EXPECT_NE(error_of(head + "when = { conditions = [\"sunburn\"] }\n" + head +
                     "when = { conditions = [\"sunburn\"] }\n")
                .find("unique"),
            std::string::npos);
  EXPECT_NE(error_of("[[rule]]\nid = \"x\"\nlevel = \"stop\"\nwhen = { conditions = [\"sunburn\"] "
                     "}\nsource = \"s\"\n")
                .find("rule[0].message is missing"),
            std::string::npos);
  for (const auto& e : {error_of(head + "when = {}\n"), error_of("not toml [")}) {
    EXPECT_EQ(e.find('\n'), std::string::npos) << e;
  }
}

}  // namespace
}  // namespace citsim
