// Lesions of a treated site: atrophic scars and striae, as groups of alike lesions.
#pragma once

#include <optional>
#include <string_view>

namespace citsim {

/// Atrophic scar types (Jacob, Dover & Kaminer 2001 classification).
enum class ScarType {
  icepick,  ///< narrow (< 2 mm), deep, V-shaped, tapering to the deep dermis
  boxcar,   ///< round to oval, flat floor, steep walls (U-shaped), 1.5-4 mm wide
  rolling,  ///< wide (4-5 mm), shallow, M-shaped, from dermal tethering
};

std::string_view to_string(ScarType type);
std::optional<ScarType> scar_type_from_string(std::string_view name);

struct ScarGroup {
  ScarType type = ScarType::boxcar;
  int count = 1;
  double depth_um = 300.0;   ///< surface to scar floor
  double width_um = 2000.0;  ///< rim diameter
};

/// Striae (stretch marks): linear atrophic dermal scars.
enum class StriaeStage {
  rubra,  ///< early, red, inflammatory
  alba,   ///< mature, white, atrophic
};

std::string_view to_string(StriaeStage stage);
std::optional<StriaeStage> striae_stage_from_string(std::string_view name);

struct StriaeGroup {
  StriaeStage stage = StriaeStage::alba;
  int count = 1;
  double width_um = 3000.0;
  double length_um = 50000.0;
  double depth_um = 100.0;  ///< depression of the surface
};

}  // namespace citsim
