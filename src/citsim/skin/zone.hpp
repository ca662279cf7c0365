// The body zones a clinic treats, and their names in case files.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace citsim {

enum class Zone {
  forehead,
  periorbital,
  nose,
  cheek,
  perioral,
  chin,
  jawline,
  neck,
  chest,
  abdomen,
  thigh,
  hip,
  upper_arm,
  back,
  scalp,
};

inline constexpr std::array<Zone, 15> kAllZones = {
    Zone::forehead, Zone::periorbital, Zone::nose,      Zone::cheek, Zone::perioral,
    Zone::chin,     Zone::jawline,     Zone::neck,      Zone::chest, Zone::abdomen,
    Zone::thigh,    Zone::hip,         Zone::upper_arm, Zone::back,  Zone::scalp,
};

/// The case-file name of a zone ("upper_arm").
std::string_view to_string(Zone zone);
/// The zone named `name`, if there is one.
std::optional<Zone> zone_from_string(std::string_view name);
/// True for the zones of the face.
bool is_facial(Zone zone);

}  // namespace citsim
