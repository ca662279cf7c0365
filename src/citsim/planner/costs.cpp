#include "citsim/planner/costs.hpp"

#include <algorithm>

#include "citsim/core/error.hpp"

namespace citsim {

CostEstimate estimate_costs(const PriceBook& book, Zone zone, int sessions,
                            const std::vector<std::string>& add_on_ids, std::string_view region,
                            const MaintenanceCount& maintenance) {
  CostEstimate c;
  c.currency = book.currency;
  c.price_year = book.price_year;
  c.source = book.source;
  c.sessions = sessions;
  c.maintenance = maintenance;
  c.insurance_note = book.insurance_note;
  c.insurance_source = book.insurance_source;
  c.home_devices = book.home_devices;

  const auto area_name = book.zone_area.find(zone);
  if (area_name == book.zone_area.end()) {
    throw Error("price book: no priced area for zone \"" + std::string(to_string(zone)) + "\"");
  }
  const auto area = std::find_if(book.areas.begin(), book.areas.end(),
                                 [&](const AreaPrices& a) { return a.area == area_name->second; });
  if (area == book.areas.end()) {
    throw Error("price book: zone \"" + std::string(to_string(zone)) + "\" maps to area \"" +
                area_name->second + "\", which has no prices");
  }
  c.area = area->area;
  c.area_source = area->source;

  const auto factor = book.region_factors.find(region);
  if (factor == book.region_factors.end()) {
    std::string known;
    for (const auto& [name, f] : book.region_factors) known += (known.empty() ? "" : ", ") + name;
    throw Error("price book: unknown region \"" + std::string(region) + "\": known regions are " +
                known);
  }
  c.region = factor->first;
  c.region_factor = factor->second;
  if (auto src = book.region_sources.find(region); src != book.region_sources.end()) {
    c.region_source = src->second;
  }

  c.package = sessions >= book.package_min_sessions;
  c.package_discount_min = c.package ? book.package_discount_min : 0.0;
  c.package_discount_max = c.package ? book.package_discount_max : 0.0;
  c.package_source = book.package_source;

  PriceRange add_on_session;
  for (const auto& item : book.add_ons) {
    if (std::find(add_on_ids.begin(), add_on_ids.end(), item.id) != add_on_ids.end()) {
      c.add_ons.push_back(item);
      add_on_session.min += item.price.min;
      add_on_session.max += item.price.max;
    } else {
      c.other_add_ons.push_back(item);
    }
  }
  for (const auto& id : add_on_ids) {
    if (std::none_of(book.add_ons.begin(), book.add_ons.end(),
                     [&](const PricedItem& i) { return i.id == id; })) {
      throw Error("price book: no add-on \"" + id + "\"");
    }
  }

  const double n = static_cast<double>(sessions);
  for (const auto& provider : book.providers) {
    const auto range = area->by_provider.find(provider);
    if (range == area->by_provider.end()) continue;
    ProviderCost p;
    p.provider = provider;
    p.per_session = {range->second.min * c.region_factor, range->second.max * c.region_factor};
    // The low end takes the largest package discount, the high end the smallest.
    p.course = {n * p.per_session.min * (1.0 - c.package_discount_max),
                n * p.per_session.max * (1.0 - c.package_discount_min)};
    p.add_ons = {n * add_on_session.min * c.region_factor,
                 n * add_on_session.max * c.region_factor};
    p.total = {p.course.min + p.add_ons.min, p.course.max + p.add_ons.max};
    p.maintenance_session = p.per_session;
    if (maintenance.sessions > 0) {
      const double per_year = 12.0 / maintenance.interval_months;
      p.maintenance_per_year = {per_year * p.per_session.min, per_year * p.per_session.max};
      p.maintenance_total = {maintenance.sessions * p.per_session.min,
                             maintenance.sessions * p.per_session.max};
    }
    c.by_provider.push_back(p);
  }
  return c;
}

}  // namespace citsim
