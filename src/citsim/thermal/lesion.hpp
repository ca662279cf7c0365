// The lesion one RF pulse leaves around its needle, as the healing engine
// takes it: at each depth, the radius of the coagulated column (damage
// integral Omega >= 1: cells dead, collagen denatured) and of the
// heat-shocked but living shell around it (Omega at or above the heat-shock
// threshold, below 1).
//
//   ThermalLesion l = thermal_lesion(pulse_result, needle_radius_um, 6.9e-4);
//   l.coagulated_radius_um[k]  // row k spans depth [k row_um, (k + 1) row_um]
#pragma once

#include <vector>

#include "citsim/thermal/pulse.hpp"

namespace citsim::thermal {

struct ThermalLesion {
  double row_um = 20.0;
  std::vector<double> coagulated_radius_um;  ///< per depth row; 0: none
  std::vector<double> shocked_radius_um;     ///< per depth row, >= coagulated; 0: none

  bool empty() const;
  /// Radius at depth z (um) of either profile (0 beyond the rows).
  static double at(const std::vector<double>& radius_um, double row_um, double z_um);
};

/// The outer radius of the tissue cells at or above each threshold, row by
/// row of the pulse's grid. The needle's own cells (radius below
/// `needle_radius_um` down to the tip) are the mechanical channel: a lesion
/// that reaches no further than them is none.
ThermalLesion thermal_lesion(const PulseResult& pulse, double needle_radius_um,
                             double needle_length_um, double shock_omega);

}  // namespace citsim::thermal
