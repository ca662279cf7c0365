#include "citsim/pipeline/plan_json.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "citsim/pipeline/case_json.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/planner/data_reader.hpp"
#include "citsim/planner/screening_rules_reader.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;
const fs::path kData(CITSIM_TEST_DATA_DIR);

nlohmann::json plan_of(const std::string& name) {
  static const Vocabulary vocab = read_vocabulary(kData);
  static const PlannerData data = read_planner_data(kData, vocab);
  const Case c = read_case(fs::path(CITSIM_TEST_EXAMPLES_DIR) / (name + ".toml"), vocab);
  const Plan p = make_plan(data, c.patient, c.site,
                           given_course(c.device, c.protocol.sessions, c.protocol.interval_days,
                                        c.protocol.follow_up_days),
                           medication_classes(vocab),
                           PlanOptions{*parse_date("2026-01-05"), CourseChoice::as_given, ""});
  PlanJsonContext ctx;
  ctx.case_file = name + ".toml";
  ctx.case_as_read = case_to_json(c);
  ctx.start_date_source = "test";
  return plan_to_json(p, ctx);
}

TEST(PlanJson, ContraindicatedCaseIsARefusalWithEveryReasonAndSource) {
  const auto j = plan_of("contraindicated");
  EXPECT_EQ(j["screening"]["outcome"], "stop");
  EXPECT_TRUE(j["screening"]["stopped"].get<bool>());
  std::vector<std::string> ids;
  for (const auto& r : j["screening"]["reasons"]) {
    ids.push_back(r["rule_id"]);
    EXPECT_FALSE(r["source"].get<std::string>().empty());
    EXPECT_FALSE(r["because"].empty());
  }
  for (const char* id : {"isotretinoin_within_6_months", "keloid_or_hypertrophic_history",
                         "antiplatelet_current", "cold_sore_history_face"}) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  }
  EXPECT_TRUE(j["protocol"]["zones"].empty());
  EXPECT_TRUE(j["costs"].is_null());
  EXPECT_FALSE(j["calendar"]["scheduled"].get<bool>());
  EXPECT_FALSE(j["alternatives"].empty());
}

TEST(PlanJson, EveryPlanCarriesTheDisclaimerAndAnEmptyPredictionsHook) {
  for (const char* name : {"pen-cheek-rejuvenation", "roller-acne-scars", "home-roller",
                           "stamp-striae", "contraindicated"}) {
    const auto j = plan_of(name);
    EXPECT_NE(j["disclaimer"].get<std::string>().find("clinician decides"), std::string::npos);
    EXPECT_TRUE(j.contains("predictions"));
    EXPECT_TRUE(j["predictions"].is_null()) << "never faked by the planner";
  }
}

TEST(PlanJson, AProposedCourseShowsProposedBesideAsGivenWithSources) {
  const auto j = plan_of("roller-acne-scars");
  ASSERT_EQ(j["protocol"]["zones"].size(), 1u);
  const auto& z = j["protocol"]["zones"][0];
  EXPECT_EQ(z["zone"], "cheek");
  EXPECT_EQ(z["as_given"]["device"], "roller");
  EXPECT_EQ(z["proposed"]["device"]["kind"], "pen");
  EXPECT_FALSE(z["proposed"]["needle_depth"]["source"].get<std::string>().empty());
  EXPECT_EQ(z["proposed"]["sessions"]["range"], nlohmann::json::array({6, 8}));
  EXPECT_FALSE(z["differences"].empty());
  const auto& costs = j["costs"];
  EXPECT_EQ(costs["insurance"]["covered"], "not claimed");
  EXPECT_EQ(costs["sessions"], 5);
  bool pih_note = false;
  for (const auto& n : z["proposed"]["notes"])
    pih_note = pih_note || n.get<std::string>().find("Skin of colour") != std::string::npos;
  EXPECT_TRUE(pih_note) << "Fitzpatrick IV";
  EXPECT_TRUE(j["calendar"]["scheduled"].get<bool>());
  EXPECT_EQ(j["calendar"]["session_dates"].size(), 5u);
}

}  // namespace
}  // namespace citsim
