// Statistics of one session's channels against a skin column: how many, how
// deep, how much surface they open, how many reach the dermis and bleed.
//
//   ChannelStats st = channel_stats(session_channels(device, data, Patch{}, seed, 0), skin);
//   st.density_per_cm2;  st.coverage;  st.bleeding_points_per_cm2;
#pragma once

#include <cstdint>

#include "citsim/device/treatment.hpp"
#include "citsim/skin/skin.hpp"

namespace citsim {

struct ChannelStats {
  std::int64_t channel_count = 0;
  double density_per_cm2 = 0.0;
  /// Fraction of the surface inside at least one opening (overlaps counted once).
  double coverage = 0.0;
  double mean_depth_um = 0.0;
  double p10_depth_um = 0.0;
  double p90_depth_um = 0.0;
  double mean_opening_width_um = 0.0;
  double mean_opening_length_um = 0.0;
  double fraction_reaching_dermis = 0.0;  ///< depth > epidermis
  double fraction_reaching_plexus = 0.0;  ///< depth >= papillary plexus depth: pinpoint bleeding
  double bleeding_points_per_cm2 = 0.0;
  double expected_density_per_cm2 = 0.0;  ///< device hand formula
  /// Boolean-model hand formula: 1 - exp(-density x mean opening area).
  double expected_coverage = 0.0;
};

/// Area of a channel's opening at the surface: a stadium of the channel's
/// width and length (a disc for cone channels).
double opening_area_um2(const Channel& channel);

/// The statistics; coverage by rasterising the periodic patch at about
/// `raster_cell_um` (openings wrap across the patch edges).
ChannelStats channel_stats(const SessionChannels& session, const SkinColumn& skin,
                           double raster_cell_um = 5.0);

}  // namespace citsim
