#include "citsim/healing/observables.hpp"

namespace citsim {

const std::array<std::string_view, kObservableCount>& observable_names() {
  static constexpr std::array<std::string_view, kObservableCount> names = {
      "collagen_change_pct",
      "collagen_I_change_pct",
      "collagen_III_change_pct",
      "elastin_change_pct",
      "epidermal_thickness_change_pct",
      "dermal_thickness_change_pct",
      "erythema",
      "open_channels_fraction",
      "papillary_collagen_change_pct",
      "papillary_collagen_III_change_pct",
      "collagen_deposited_change_pct",
      "fibroblasts_change_pct",
      "tgf_change_pct",
      "macrophages",
      "neutrophils",
      "damage",
      "control_collagen_change_pct",
      "collagen_alignment",
  };
  return names;
}

}  // namespace citsim
