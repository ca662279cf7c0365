#include "citsim/planner/data_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "citsim/core/error.hpp"
#include "citsim/planner/screening_rules_reader.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;
const fs::path kData(CITSIM_TEST_DATA_DIR);

const Vocabulary& vocab() {
  static const Vocabulary v = read_vocabulary(kData);
  return v;
}

const PlannerData& shipped() {
  static const PlannerData d = read_planner_data(kData, vocab());
  return d;
}

const IndicationProtocol& protocol_for(const std::string& id) {
  const auto& all = shipped().protocols.indications;
  auto it = std::find_if(all.begin(), all.end(),
                         [&](const IndicationProtocol& p) { return p.indication == id; });
  EXPECT_NE(it, all.end()) << id;
  return *it;
}

fs::path temp_file(const std::string& name, const std::string& text) {
  const fs::path p = fs::temp_directory_path() / ("citsim_planner_" + name);
  std::ofstream(p) << text;
  return p;
}

TEST(PlannerDataReader, EveryZoneAndIndicationHasCitedDefaults) {
  const ProtocolData& d = shipped().protocols;
  for (Zone z : kAllZones) {
    auto it = std::find_if(d.zones.begin(), d.zones.end(),
                           [&](const ZoneDepth& x) { return x.zone == z; });
    ASSERT_NE(it, d.zones.end()) << to_string(z);
    EXPECT_LE(it->depth_min_um, it->depth_max_um);
    EXPECT_FALSE(it->source.empty());
  }
  for (const auto& [id, description] : vocab().indications) {
    const IndicationProtocol& p = protocol_for(id);
    for (const std::string* s : {&p.device_source, &p.depth_source, &p.endpoint_source,
                                 &p.sessions_source, &p.interval_source, &p.maintenance_source}) {
      EXPECT_FALSE(s->empty()) << id;
    }
  }
  EXPECT_NE(d.no_consensus.find("No published expert consensus"), std::string::npos);
  EXPECT_EQ(d.final_assessment_days, 90);
  for (DeviceKind k :
       {DeviceKind::roller, DeviceKind::stamp, DeviceKind::pen, DeviceKind::rf_pen}) {
    EXPECT_TRUE(std::any_of(d.passes.begin(), d.passes.end(),
                            [&](const DevicePasses& p) { return p.device == k; }));
  }
}

TEST(PlannerDataReader, ProtocolDefaultsPerIndicationFollowTheIssue) {
  for (const char* id : {"fine_lines", "rejuvenation", "texture", "pores"}) {
    EXPECT_EQ(protocol_for(id).sessions_min, 3) << id;
    EXPECT_EQ(protocol_for(id).sessions_max, 4) << id;
  }
  for (const char* id :
       {"atrophic_acne_scars", "surgical_scars", "traumatic_scars", "burn_scars", "striae"}) {
    EXPECT_EQ(protocol_for(id).sessions_min, 6) << id;
    EXPECT_EQ(protocol_for(id).sessions_max, 8) << id;
  }
  for (const auto& p : shipped().protocols.indications) {
    if (p.indication == "hair_loss") continue;  // weekly (Dhurat 2013)
    EXPECT_EQ(p.interval_min_days, 28) << p.indication;
    EXPECT_EQ(p.interval_max_days, 42) << p.indication;
    EXPECT_EQ(p.maintenance_min_months, 6);
    EXPECT_EQ(p.maintenance_max_months, 12);
  }
  EXPECT_EQ(protocol_for("hair_loss").adjuvants, std::vector<std::string>{"minoxidil"});
  EXPECT_EQ(protocol_for("melasma").adjuvants, std::vector<std::string>{"tranexamic_acid"});
  EXPECT_EQ(protocol_for("atrophic_acne_scars").adjuvants, std::vector<std::string>{"prp"});
  EXPECT_NE(protocol_for("hair_loss").device_source.find("Dhurat"), std::string::npos);
}

// The shipped data let the evidence grade RF in darker skin rather than
// rule it out: RF stays proposed for laxity, with the reason in the notes.
TEST(PlannerDataReader, SkinOfColourKeepsRfForLaxityWithTheEvidence) {
  Site s;
  s.zone = Zone::cheek;
  s.indication = "laxity";
  Patient light;
  light.fitzpatrick = 2;
  Patient dark;
  dark.fitzpatrick = 6;
  EXPECT_EQ(propose_course(shipped().protocols, light, s).device, DeviceKind::rf_pen);
  const ProposedCourse c = propose_course(shipped().protocols, dark, s);
  EXPECT_EQ(c.device, DeviceKind::rf_pen);
  const bool noted = std::any_of(c.notes.begin(), c.notes.end(), [](const std::string& n) {
    return n.find("insulated needles") != std::string::npos &&
           n.find("hyperpigmentation") != std::string::npos;
  });
  EXPECT_TRUE(noted);
}

TEST(PlannerDataReader, CareTemplatesPricesAndAlternativesAreRead) {
  const PlannerData& d = shipped();
  EXPECT_EQ(d.care.session_start_minute, 600);
  std::vector<std::string> ids;
  for (const auto& e : d.care.events) {
    ids.push_back(e.id);
    EXPECT_FALSE(e.source.empty()) << e.id;
  }
  for (const char* id : {"sun_avoidance", "pause_retinoids_exfoliants", "blood_thinners_prescriber",
                         "antiviral_prophylaxis", "cleanse", "numbing", "session", "no_makeup",
                         "no_sweating_sauna", "no_actives", "mineral_spf", "gentle_cleanser",
                         "expected_redness", "expected_flaking", "expected_results_begin",
                         "expected_most_results", "final_assessment", "maintenance_window"}) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  }
  EXPECT_EQ(d.prices.currency, "USD");
  EXPECT_EQ(d.prices.providers.size(), 2u);
  EXPECT_EQ(d.prices.zone_area.size(), kAllZones.size());
  EXPECT_NE(d.prices.insurance_note.find("not covered"), std::string::npos);
  EXPECT_FALSE(d.prices.home_devices.empty());
  for (const auto& a : d.prices.areas) EXPECT_FALSE(a.source.empty()) << a.area;
  ASSERT_GE(d.alternatives.size(), 4u);
  for (const auto& a : d.alternatives) {
    EXPECT_FALSE(a.source.empty()) << a.id;
    EXPECT_FALSE(a.cost_source.empty()) << a.id;
  }
}

TEST(PlannerDataReader, ClinicPricesReplaceEntriesAndAddRegions) {
  const fs::path clinic = temp_file("prices_ok.toml", R"(
default_region = "metro"
[areas.face]
dermatologist = [400.0, 600.0]
source = "our price list"
[regions.metro]
factor = 1.25
source = "our city"
)");
  const PriceBook b = read_price_book(kData / "planner" / "prices.toml", clinic);
  fs::remove(clinic);
  const auto face = std::find_if(b.areas.begin(), b.areas.end(),
                                 [](const AreaPrices& a) { return a.area == "face"; });
  ASSERT_NE(face, b.areas.end());
  EXPECT_DOUBLE_EQ(face->by_provider.at("dermatologist").min, 400.0);
  EXPECT_FALSE(face->by_provider.contains("medspa")) << "the entry is replaced whole";
  EXPECT_DOUBLE_EQ(b.region_factors.at("metro"), 1.25);
  EXPECT_DOUBLE_EQ(b.region_factors.at("us_national"), 1.0) << "shipped entries stay";
  EXPECT_EQ(b.default_region, "metro");
  const CostEstimate c = estimate_costs(b, Zone::cheek, 2, {}, b.default_region);
  EXPECT_DOUBLE_EQ(c.by_provider.at(0).course.max, 2 * 600.0 * 1.25);
}

TEST(PlannerDataReader, BadClinicPricesNameTheClinicFile) {
  const fs::path clinic = temp_file(
      "prices_bad.toml", "[areas.face]\ndermatologist = [600.0, 400.0]\nsource = \"x\"\n");
  std::string message;
  try {
    read_price_book(kData / "planner" / "prices.toml", clinic);
  } catch (const Error& e) {
    message = e.what();
  }
  fs::remove(clinic);
  EXPECT_EQ(
      message.rfind(clinic.string() + ": areas.face.dermatologist = [ 600.0, 400.0 ]: must be", 0),
      0u)
      << message;
}

TEST(PlannerDataReader, ClinicRulesFileIsMerged) {
  const fs::path clinic = temp_file(
      "rules.toml", "[[rule]]\nid = \"keloid_or_hypertrophic_history\"\nenabled = false\n");
  const PlannerData d = read_planner_data(kData, vocab(), {clinic, {}});
  fs::remove(clinic);
  const auto it = std::find_if(d.rules.begin(), d.rules.end(), [](const ScreeningRule& r) {
    return r.id == "keloid_or_hypertrophic_history";
  });
  ASSERT_NE(it, d.rules.end());
  EXPECT_FALSE(it->enabled);
}

}  // namespace
}  // namespace citsim
