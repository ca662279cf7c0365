// The treated site: a body zone, what is treated there, its area and its lesions.
#pragma once

#include <string>
#include <vector>

#include "citsim/skin/lesion.hpp"
#include "citsim/skin/zone.hpp"

namespace citsim {

struct Site {
  Zone zone = Zone::cheek;
  std::string indication;  ///< id from data/vocabulary/indications.toml
  double area_cm2 = 10.0;
  std::vector<ScarGroup> scars;
  std::vector<StriaeGroup> striae;
};

}  // namespace citsim
