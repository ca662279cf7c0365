// What the healing course reports: the contract's timeseries columns and a
// few diagnostics, each a change of the treated tissue against the untreated
// control of the same patient over the same time.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace citsim {

enum class Observable : std::size_t {
  collagen_change_pct,
  collagen_I_change_pct,
  collagen_III_change_pct,
  elastin_change_pct,
  epidermal_thickness_change_pct,
  dermal_thickness_change_pct,
  erythema,
  open_channels_fraction,
  // Diagnostics beyond the contract.
  papillary_collagen_change_pct,
  papillary_collagen_III_change_pct,
  collagen_deposited_change_pct,  ///< the dermis's collagen, matured or new
  fibroblasts_change_pct,
  tgf_change_pct,
  macrophages,
  neutrophils,
  damage,
  control_collagen_change_pct,
  collagen_alignment,
  count,
};

inline constexpr std::size_t kObservableCount = static_cast<std::size_t>(Observable::count);
/// Column names, in Observable order.
const std::array<std::string_view, kObservableCount>& observable_names();

/// One reported day.
struct ObservableRow {
  double day = 0.0;  ///< days since the first session (hours after a session are fractions)
  std::array<double, kObservableCount> values{};
  double operator[](Observable o) const { return values[static_cast<std::size_t>(o)]; }
  double& operator[](Observable o) { return values[static_cast<std::size_t>(o)]; }
};

}  // namespace citsim
