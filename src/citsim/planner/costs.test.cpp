#include "citsim/planner/costs.hpp"

#include <gtest/gtest.h>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

PriceBook book() {
  PriceBook b;
  b.currency = "USD";
  b.providers = {"dermatologist", "medspa"};
  b.areas = {
      AreaPrices{"face", {{"dermatologist", {250.0, 1000.0}}, {"medspa", {100.0, 700.0}}}, "src"}};
  for (Zone z : kAllZones) b.zone_area[z] = "face";
  b.region_factors = {{"us_national", 1.0}, {"metro", 1.2}};
  b.region_sources = {{"us_national", "def"}, {"metro", "clinic"}};
  b.default_region = "us_national";
  b.package_min_sessions = 3;
  b.package_discount_min = 0.0;
  b.package_discount_max = 0.1;
  b.add_ons = {PricedItem{"prp", "PRP", {250.0, 750.0}, "session", "", "src"},
               PricedItem{"rf_microneedling", "RF", {250.0, 2900.0}, "session", "", "src"}};
  b.insurance_note = "Cosmetic; typically not covered by insurance.";
  return b;
}

TEST(Costs, CourseIsSessionsTimesPriceWithThePackageDiscountOnTheLowEnd) {
  const CostEstimate c = estimate_costs(book(), Zone::cheek, 4, {}, "us_national");
  ASSERT_EQ(c.by_provider.size(), 2u);
  const ProviderCost& derm = c.by_provider[0];
  EXPECT_EQ(derm.provider, "dermatologist");
  EXPECT_TRUE(c.package);
  EXPECT_DOUBLE_EQ(derm.course.min, 4 * 250.0 * 0.9);
  EXPECT_DOUBLE_EQ(derm.course.max, 4 * 1000.0);
  EXPECT_DOUBLE_EQ(derm.total.min, derm.course.min);
  EXPECT_DOUBLE_EQ(c.by_provider[1].course.max, 4 * 700.0);
  EXPECT_EQ(c.other_add_ons.size(), 2u);
  EXPECT_NE(c.insurance_note.find("not covered"), std::string::npos);
}

TEST(Costs, NoPackageBelowItsSessionCount) {
  const CostEstimate c = estimate_costs(book(), Zone::cheek, 2, {}, "us_national");
  EXPECT_FALSE(c.package);
  EXPECT_DOUBLE_EQ(c.by_provider[0].course.min, 2 * 250.0);
}

TEST(Costs, RegionFactorScalesEveryPriceAndAddOnsAreAdded) {
  const CostEstimate c = estimate_costs(book(), Zone::cheek, 3, {"prp"}, "metro");
  EXPECT_DOUBLE_EQ(c.region_factor, 1.2);
  EXPECT_EQ(c.region_source, "clinic");
  const ProviderCost& derm = c.by_provider[0];
  EXPECT_DOUBLE_EQ(derm.per_session.max, 1200.0);
  EXPECT_DOUBLE_EQ(derm.add_ons.min, 3 * 250.0 * 1.2);
  EXPECT_DOUBLE_EQ(derm.add_ons.max, 3 * 750.0 * 1.2);
  EXPECT_DOUBLE_EQ(derm.total.max, derm.course.max + derm.add_ons.max);
  ASSERT_EQ(c.add_ons.size(), 1u);
  EXPECT_EQ(c.add_ons[0].id, "prp");
  EXPECT_EQ(c.other_add_ons.size(), 1u);
}

TEST(Costs, MoreSessionsNeverCostLess) {
  double previous = 0.0;
  for (int n = 1; n <= 12; ++n) {
    const double low =
        estimate_costs(book(), Zone::cheek, n, {}, "us_national").by_provider[0].total.min;
    EXPECT_GE(low, previous) << n;
    previous = low;
  }
}

TEST(Costs, UnknownRegionOrAddOnIsAnError) {
  EXPECT_THROW(estimate_costs(book(), Zone::cheek, 3, {}, "mars"), Error);
  EXPECT_THROW(estimate_costs(book(), Zone::cheek, 3, {"botox"}, "us_national"), Error);
}

}  // namespace
}  // namespace citsim
