#include "citsim/planner/protocol_design.hpp"

#include <gtest/gtest.h>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

IndicationProtocol indication(std::string id, DeviceKind device, double lo_um, double hi_um,
                              int s_lo, int s_hi) {
  IndicationProtocol p;
  p.indication = std::move(id);
  p.device = device;
  p.device_source = "dev-src";
  p.depth_min_um = lo_um;
  p.depth_max_um = hi_um;
  p.depth_source = "depth-src";
  p.endpoint = "pinpoint bleeding";
  p.endpoint_source = "endpoint-src";
  p.sessions_min = s_lo;
  p.sessions_max = s_hi;
  p.sessions_source = "sessions-src";
  p.interval_min_days = 28;
  p.interval_max_days = 42;
  return p;
}

ProtocolData data() {
  ProtocolData d;
  d.zones = {{Zone::cheek, 500.0, 2000.0, "cheek-src"},
             {Zone::periorbital, 200.0, 300.0, "eye-src"},
             {Zone::scalp, 500.0, 1500.0, "scalp-src"}};
  d.indications = {indication("fine_lines", DeviceKind::pen, 500.0, 1000.0, 3, 4),
                   indication("atrophic_acne_scars", DeviceKind::pen, 1000.0, 2000.0, 6, 8),
                   indication("laxity", DeviceKind::rf_pen, 500.0, 1500.0, 3, 4),
                   indication("pigmentation", DeviceKind::pen, 100.0, 150.0, 3, 4)};
  d.indications[1].adjuvants = {"prp"};
  d.passes = {{DeviceKind::pen, 3, 2, 4, "pen-passes"}, {DeviceKind::rf_pen, 2, 1, 3, "rf-passes"}};
  d.adjuvants = {{"prp", "PRP", "evidence", "prp-src"}};
  d.scar_types = {{ScarType::icepick, "respond slightly", "lotfi"}};
  d.skin_of_colour = {4, DeviceKind::pen, {DeviceKind::rf_pen}, "PIH risk from heat", "singh"};
  d.no_consensus = "No consensus depth table.";
  d.no_consensus_source = "juhasz";
  d.final_assessment_days = 90;
  d.final_assessment_source = "minutilli";
  return d;
}

Site site(Zone zone, std::string indication) {
  Site s;
  s.zone = zone;
  s.indication = std::move(indication);
  return s;
}

TEST(ProtocolDesign, DepthIsTheIndicationRangeWithinTheZone) {
  Patient p;
  const ProposedCourse c = propose_course(data(), p, site(Zone::cheek, "fine_lines"));
  EXPECT_DOUBLE_EQ(c.depth_min_um, 500.0);
  EXPECT_DOUBLE_EQ(c.depth_max_um, 1000.0);
  EXPECT_DOUBLE_EQ(c.depth_um, 750.0);
  EXPECT_EQ(c.device, DeviceKind::pen);
  EXPECT_EQ(c.sessions, 3);
  EXPECT_EQ(c.sessions_max, 4);
  EXPECT_EQ(c.interval_days, 28);
  EXPECT_EQ(c.follow_up_days, 90);
  EXPECT_EQ(c.passes, 3);
  EXPECT_EQ(c.passes_source, "pen-passes");
  EXPECT_NE(c.depth_source.find("cheek-src"), std::string::npos);
  EXPECT_NE(c.notes.at(0).find("No consensus"), std::string::npos) << "says there is no consensus";
}

TEST(ProtocolDesign, ZoneLimitWinsOverADeeperIndication) {
  const ProposedCourse c =
      propose_course(data(), Patient{}, site(Zone::periorbital, "atrophic_acne_scars"));
  EXPECT_DOUBLE_EQ(c.depth_min_um, 200.0);
  EXPECT_DOUBLE_EQ(c.depth_max_um, 300.0);
  EXPECT_FALSE(c.depth_note.empty());
}

TEST(ProtocolDesign, ShallowerIndicationKeepsItsShallowRange) {
  const ProposedCourse c = propose_course(data(), Patient{}, site(Zone::cheek, "pigmentation"));
  EXPECT_DOUBLE_EQ(c.depth_max_um, 150.0);
  EXPECT_FALSE(c.depth_note.empty());
}

TEST(ProtocolDesign, SkinOfColourGetsMechanicalNeedlingInsteadOfRf) {
  Patient light;
  light.fitzpatrick = 2;
  EXPECT_EQ(propose_course(data(), light, site(Zone::cheek, "laxity")).device, DeviceKind::rf_pen);
  Patient dark;
  dark.fitzpatrick = 5;
  const ProposedCourse c = propose_course(data(), dark, site(Zone::cheek, "laxity"));
  EXPECT_EQ(c.device, DeviceKind::pen);
  EXPECT_NE(c.device_why.find("PIH"), std::string::npos);
  EXPECT_EQ(c.device_source, "singh");
  EXPECT_EQ(c.passes_source, "pen-passes") << "passes follow the device actually proposed";
}

TEST(ProtocolDesign, ScarsGetMoreSessionsAdjuvantsAndScarTypeAdvice) {
  Site s = site(Zone::cheek, "atrophic_acne_scars");
  s.scars = {ScarGroup{ScarType::icepick, 4, 600.0, 1000.0}};
  const ProposedCourse c = propose_course(data(), Patient{}, s);
  EXPECT_EQ(c.sessions_min, 6);
  EXPECT_EQ(c.sessions_max, 8);
  ASSERT_EQ(c.adjuvants.size(), 1u);
  EXPECT_EQ(c.adjuvants[0].source, "prp-src");
  bool icepick = false;
  for (const auto& n : c.notes) icepick = icepick || n.find("icepick scars") != std::string::npos;
  EXPECT_TRUE(icepick);
}

TEST(ProtocolDesign, UnknownZoneOrIndicationIsAnError) {
  EXPECT_THROW(propose_course(data(), Patient{}, site(Zone::neck, "fine_lines")), Error);
  EXPECT_THROW(propose_course(data(), Patient{}, site(Zone::cheek, "striae")), Error);
}

TEST(ProtocolDesign, GivenCourseIsComparedFieldByField) {
  const ProposedCourse c = propose_course(data(), Patient{}, site(Zone::cheek, "fine_lines"));
  Pen pen;
  pen.needles.length_um = 1500.0;
  pen.passes = 3;
  const auto diffs = compare_course(c, given_course(pen, 6, 14, 30));
  ASSERT_EQ(diffs.size(), 4u);
  EXPECT_NE(diffs[0].find("needle depth"), std::string::npos);
  EXPECT_NE(diffs[1].find("sessions"), std::string::npos);
  EXPECT_NE(diffs[2].find("interval"), std::string::npos);
  EXPECT_NE(diffs[3].find("follow-up"), std::string::npos);
  pen.needles.length_um = 750.0;
  EXPECT_TRUE(compare_course(c, given_course(pen, 3, 30, 180)).empty());
  Roller roller;
  roller.needles.length_um = 750.0;
  const auto d2 = compare_course(c, given_course(roller, 3, 30, 180));
  ASSERT_EQ(d2.size(), 1u);
  EXPECT_NE(d2[0].find("device"), std::string::npos);
}

}  // namespace
}  // namespace citsim
