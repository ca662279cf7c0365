// Depth profiles of atrophic scars and striae, and the lesion cover of a site.
#include "citsim/skin/scar.hpp"

#include <algorithm>
#include <cmath>

#include "citsim/core/error.hpp"
#include "citsim/core/units.hpp"

namespace citsim {

double scar_depth_um(const ScarGroup& scar, const LesionShape& shape, double r_um) {
  CITSIM_ASSERT(scar.width_um > 0.0 && scar.depth_um >= 0.0, "scar size is validated");
  const double x = std::abs(r_um) / (0.5 * scar.width_um);
  if (x >= 1.0) return 0.0;
  switch (scar.type) {
    case ScarType::icepick:
      return scar.depth_um * std::pow(1.0 - x, shape.icepick_taper_exponent);
    case ScarType::boxcar:
      return scar.depth_um * (1.0 - std::pow(x, shape.boxcar_wall_exponent));
    case ScarType::rolling:
      return scar.depth_um * 0.5 * (1.0 + std::cos(units::pi * x));
  }
  return 0.0;
}

double striae_depth_um(const StriaeGroup& striae, double y_um) {
  CITSIM_ASSERT(striae.width_um > 0.0 && striae.depth_um >= 0.0, "striae size is validated");
  const double x = std::abs(y_um) / (0.5 * striae.width_um);
  if (x >= 1.0) return 0.0;
  return striae.depth_um * 0.5 * (1.0 + std::cos(units::pi * x));
}

double lesion_area_fraction(const Site& site) {
  CITSIM_ASSERT(site.area_cm2 > 0.0, "site area is validated");
  double covered_um2 = 0.0;
  for (const ScarGroup& scar : site.scars) {
    const double radius_um = 0.5 * scar.width_um;
    covered_um2 += scar.count * units::pi * radius_um * radius_um;
  }
  for (const StriaeGroup& striae : site.striae) {
    covered_um2 += striae.count * striae.width_um * striae.length_um;
  }
  return std::clamp(covered_um2 / units::cm2_to_um2(site.area_cm2), 0.0, 1.0);
}

}  // namespace citsim
