// What the patient sees, and when: the visible response to a course, with
// the clocks the clinic sees it on, from the healing engine's time series.
//
//   VisibleParams p = ...;                                  // data/surface/response.toml
//   std::vector<VisibleChange> v = visible_course(rows, p);  // one per row
//   double r = tether_released(days, session_days, 0.35, 0.9, p.remodel_half_life_days);
//
// Four mechanisms, each on its own clock (docs/surface.md, "Visible response"):
//
// 1. Matrix lift. A depression rises only as the matrix laid down under it
//    contracts, cross-links and reorganises, months after it is laid down.
//    The lift L follows the gain of the collagen laid down, matured or not
//    yet, G = max(0, collagen_deposited_change_pct / 100), with the
//    remodelling half-life T_r (the one lag: the engine's maturation clock
//    is not stacked on it): dL/dt = (ln 2 / T_r) (G - L), integrated
//    exactly for G linear between rows. When the gain fades (ageing, no
//    maintenance) the lift fades after it.
// 2. Tether release (rolling scars). Fibrous bands from the scar's floor to
//    the subcutis pull a rolling scar down; a needle that reaches under the
//    floor cuts the bands it crosses. Each session cuts a share p = r x access
//    of the bands still intact (r: release per session, access: the needles'
//    reach under the scar, 0..1); the skin freed rises on the remodelling
//    clock: R(t) = sum over sessions s of p (1 - p)^s (1 - exp(-ln2 (t - t_s) / T_r)).
// 3. Swelling (the early "glow"). Oedema follows the redness with its own
//    half-life: dS/dt = (ln 2 / T_s) (sigma E - S), E the erythema. Reported
//    apart from the lasting result and never added to a depth.
// 4. Epidermal texture. The microrelief's height scales by
//    exp(-k_t max(0, e)), e = epidermal_thickness_change_pct / 100: a thicker,
//    renewed epidermis smooths the fine relief within weeks (the epidermis
//    follows the papillary dermis on its turnover time in the engine).
#pragma once

#include <span>
#include <vector>

#include "citsim/healing/observables.hpp"

namespace citsim {

/// Parameters of the visible response (data/surface/response.toml).
struct VisibleParams {
  double remodel_half_life_days = 60.0;     ///< T_r > 0
  double tether_release_per_session = 0.5;  ///< r, 0..1
  double tether_share_rolling = 0.5;        ///< share of a rolling scar's depth held by tethers
  double swelling_per_erythema_pct = 5.0;   ///< sigma: dermal swelling (%) at erythema 1
  double swelling_half_life_days = 1.0;     ///< T_s > 0
  double texture_per_epidermal_gain = 2.0;  ///< k_t >= 0
};

/// The visible state on one reported day (the lasting parts and the glow).
struct VisibleChange {
  double day = 0.0;
  double matrix_lift = 0.0;  ///< L, a fraction (0.2 = the lift of a 20 % gain)
  /// Fine lines see a lift of L times this: 1, unless the state is an
  /// ensemble member's with its own line response, expressed in another
  /// response's units (pipeline/tryon.hpp member_visible).
  double line_per_matrix = 1.0;
  double epidermal_gain = 0.0;  ///< e, a fraction (texture)
  double swelling_pct = 0.0;    ///< S, % of dermal thickness (transient)
};

/// L(t) for gains G (fractions) at `days` (ascending), L = 0 before the first.
std::vector<double> matrix_lift(std::span<const double> days, std::span<const double> gain,
                                double half_life_days);

/// S(t) for erythema E at `days`, S = 0 before the first.
std::vector<double> swelling_pct(std::span<const double> days, std::span<const double> erythema,
                                 double per_erythema_pct, double half_life_days);

/// The visible state at every row of a course.
std::vector<VisibleChange> visible_course(std::span<const ObservableRow> rows,
                                          const VisibleParams& params);

/// R(day): the share of a lesion's tethers cut and risen by `day`, for a
/// per-session cut share `per_session` (r x access) and sessions on
/// `session_days`.
double tether_released(double day, std::span<const int> session_days, double per_session,
                       double half_life_days);

/// The microrelief's height scale at epidermal gain e.
double texture_scale(double epidermal_gain, double texture_per_epidermal_gain);

}  // namespace citsim
