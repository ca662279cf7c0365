// Costs: the course's price range from a price book (data/planner/prices.toml,
// overridable by a clinic's file): per-session ranges by area and provider
// type, a region factor, package discounts, add-ons and at-home devices.
// Microneedling for appearance is cosmetic: the estimate never claims that
// insurance pays.
//
//   CostEstimate c = estimate_costs(book, Zone::cheek, 4, {"prp"}, "us_national");
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "citsim/skin/zone.hpp"

namespace citsim {

/// A price range in the price book's currency.
struct PriceRange {
  double min = 0.0;
  double max = 0.0;
};

/// Per-session prices of one priced area, by provider type.
struct AreaPrices {
  std::string area;  ///< "face", "neck", "chest", "body", "scalp"
  std::map<std::string, PriceRange> by_provider;
  std::string source;
};

struct PricedItem {
  std::string id;
  std::string name;
  PriceRange price;
  std::string per;  ///< "session" (add-ons) or "device" (at-home)
  std::string note;
  std::string source;
};

struct PriceBook {
  std::string currency = "USD";
  int price_year = 0;
  std::string source;  ///< the book as a whole
  std::vector<std::string> providers;
  std::vector<AreaPrices> areas;
  std::map<Zone, std::string> zone_area;
  std::map<std::string, double, std::less<>> region_factors;  ///< multiplies every price
  std::map<std::string, std::string, std::less<>> region_sources;
  std::string default_region;
  int package_min_sessions = 3;
  double package_discount_min = 0.0;  ///< fraction off every session of a package
  double package_discount_max = 0.0;
  std::string package_source;
  std::vector<PricedItem> add_ons;
  std::vector<PricedItem> home_devices;
  std::string insurance_note;
  std::string insurance_source;
};

struct ProviderCost {
  std::string provider;
  PriceRange per_session;  ///< region factor applied
  PriceRange course;       ///< sessions, package discount applied
  PriceRange add_ons;      ///< the chosen add-ons over the course
  PriceRange total;        ///< course + add-ons
  PriceRange maintenance_session;
  PriceRange maintenance_per_year;  ///< maintenance sessions a year times a session
  PriceRange maintenance_total;     ///< every maintenance session
};

/// Maintenance sessions after the course, priced apart from it.
struct MaintenanceCount {
  int sessions = 0;  ///< 0: none
  int interval_months = 12;
};

struct CostEstimate {
  std::string currency;
  int price_year = 0;
  std::string area;
  std::string area_source;
  std::string region;
  double region_factor = 1.0;
  std::string region_source;
  int sessions = 0;
  MaintenanceCount maintenance;
  bool package = false;  ///< the course is long enough for a package discount
  double package_discount_min = 0.0;
  double package_discount_max = 0.0;
  std::string package_source;
  std::vector<ProviderCost> by_provider;
  std::vector<PricedItem> add_ons;        ///< the ones included
  std::vector<PricedItem> other_add_ons;  ///< offered, not included
  std::vector<PricedItem> home_devices;
  std::string insurance_note;
  std::string insurance_source;
  std::string source;
};

/// Throws Error for an unknown region or add-on, or a zone with no priced area.
/// `maintenance`: sessions after the course, priced per session without
/// package discount, per year and in all, apart from the course.
CostEstimate estimate_costs(const PriceBook& book, Zone zone, int sessions,
                            const std::vector<std::string>& add_on_ids, std::string_view region,
                            const MaintenanceCount& maintenance = {});

}  // namespace citsim
