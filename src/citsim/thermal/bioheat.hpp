// Pennes bioheat on the axisymmetric grid (docs/rf.md):
//
//   rho c dT/dt = div(k grad T) - w (T - T_a) + Q
//
// w = perfusion x blood density x blood heat capacity (W/m^3/K), T_a the
// arterial temperature, Q the Joule heat. Backward Euler: unconditionally
// stable, first order in time, so a pulse is taken in steps short against
// it (the tests measure the error).
#pragma once

#include <memory>
#include <vector>

#include "citsim/thermal/axisym.hpp"

namespace citsim::thermal {

struct ThermalTissue {
  std::vector<double> conductivity;   ///< k, W/m/K per cell
  std::vector<double> heat_capacity;  ///< rho c, J/m^3/K per cell
  std::vector<double> perfusion;      ///< w, W/m^3/K per cell
  double arterial_c = 37.0;
};

/// One backward-Euler step of `dt_s` from `t_c` (deg C per cell) with heat
/// `q` (W/m^3 per cell, empty: none) and `edges` (held edges at their
/// temperature).
std::vector<double> bioheat_step(const AxiGrid& grid, const ThermalTissue& tissue,
                                 const std::vector<double>& t_c, const std::vector<double>& q,
                                 double dt_s, const Edges& edges);

/// bioheat_step repeated on one grid, tissue and edges: the operator is
/// built once, and the system's factorisation kept for the last step length
/// (a pulse's on and off steps share one), so a step of the same length is
/// only a solve. Each step's result is bit-identical to bioheat_step's: the
/// same matrix, factored the same way, solved against the same right-hand
/// side. Keeps a copy of grid and tissue.
class BioheatStepper {
 public:
  BioheatStepper(const AxiGrid& grid, const ThermalTissue& tissue, const Edges& edges);
  ~BioheatStepper();
  BioheatStepper(const BioheatStepper&) = delete;
  BioheatStepper& operator=(const BioheatStepper&) = delete;

  /// One backward-Euler step of `dt_s` from `t_c` with heat `q` (empty: none).
  std::vector<double> step(const std::vector<double>& t_c, const std::vector<double>& q,
                           double dt_s);

 private:
  struct Factored;
  AxiGrid grid_;
  ThermalTissue tissue_;
  std::unique_ptr<Factored> factored_;
};

/// The steady state of the same equation.
std::vector<double> bioheat_steady(const AxiGrid& grid, const ThermalTissue& tissue,
                                   const std::vector<double>& q, const Edges& edges);

}  // namespace citsim::thermal
