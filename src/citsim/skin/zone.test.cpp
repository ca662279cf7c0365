#include "citsim/skin/zone.hpp"

#include <gtest/gtest.h>

namespace citsim {
namespace {

TEST(Zone, NamesRoundTrip) {
  for (Zone zone : kAllZones) {
    auto back = zone_from_string(to_string(zone));
    ASSERT_TRUE(back.has_value()) << to_string(zone);
    EXPECT_EQ(*back, zone);
  }
  EXPECT_EQ(to_string(Zone::upper_arm), "upper_arm");
  EXPECT_FALSE(zone_from_string("elbow").has_value());
  EXPECT_FALSE(zone_from_string("Cheek").has_value());
}

TEST(Zone, FacialZonesAreTheSevenOfTheFace) {
  int facial = 0;
  for (Zone zone : kAllZones) facial += is_facial(zone) ? 1 : 0;
  EXPECT_EQ(facial, 7);
  EXPECT_TRUE(is_facial(Zone::periorbital));
  EXPECT_FALSE(is_facial(Zone::neck));
  EXPECT_FALSE(is_facial(Zone::scalp));
}

}  // namespace
}  // namespace citsim
