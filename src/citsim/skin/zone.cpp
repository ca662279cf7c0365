#include "citsim/skin/zone.hpp"

namespace citsim {
namespace {

constexpr std::array<std::string_view, kAllZones.size()> kZoneNames = {
    "forehead", "periorbital", "nose",  "cheek", "perioral",  "chin", "jawline", "neck",
    "chest",    "abdomen",     "thigh", "hip",   "upper_arm", "back", "scalp",
};

}  // namespace

std::string_view to_string(Zone zone) { return kZoneNames[static_cast<std::size_t>(zone)]; }

std::optional<Zone> zone_from_string(std::string_view name) {
  for (Zone z : kAllZones) {
    if (to_string(z) == name) return z;
  }
  return std::nullopt;
}

bool is_facial(Zone zone) {
  switch (zone) {
    case Zone::forehead:
    case Zone::periorbital:
    case Zone::nose:
    case Zone::cheek:
    case Zone::perioral:
    case Zone::chin:
    case Zone::jawline:
      return true;
    default:
      return false;
  }
}

}  // namespace citsim
