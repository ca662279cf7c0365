// Mechanical injury: the channels of a session turned into a 3D field of
// disrupted tissue on a block of the treated skin, and its summary figures.
//
//   InjuryField f = voxelise_injury(channels, patch, skin, {.block_um = 2000, .voxel_um = 10},
//   threads); InjuryStats s = injury_stats(f, skin);
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "citsim/core/field.hpp"
#include "citsim/core/grid.hpp"
#include "citsim/device/channel.hpp"
#include "citsim/skin/skin.hpp"

namespace citsim {

/// The block of skin the injury is resolved on: a square of side block_um at
/// the corner of the channel patch, from the surface down to depth_um.
struct InjuryGridSpec {
  double block_um = 2000.0;
  double voxel_um = 10.0;
  double depth_um = 2000.0;
  int subsamples = 2;  ///< per axis and voxel, for sub-voxel volume fractions
};

struct InjuryField {
  Grid grid;
  /// Volume fraction of each voxel opened or torn by a channel (0..1).
  Field disruption;
  /// Layer of each voxel (static_cast<int>(Layer)), from the voxel centre depth.
  std::vector<std::uint8_t> layer;
};

/// Rasterises channels (periodic on `patch`) into the block. Channel shapes:
/// `cone` tapers linearly from its surface opening to the tip (conical
/// needles, Kalluri 2011 SEM: 140 um base, 4 um tip); `v_tear` is a stadium
/// in section (the opening shape of device/channel_stats.hpp) whose length
/// along the rolling direction shrinks as sqrt(1 - z/depth) (the trochoid the
/// needle tip sweeps) and whose width tapers linearly. Overlapping channels are counted once.
/// Results do not depend on `threads`.
InjuryField voxelise_injury(std::span<const Channel> channels, const Patch& patch,
                            const SkinColumn& skin, const InjuryGridSpec& spec, int threads);

/// Summary of one session's injury on the block.
struct InjuryStats {
  double disrupted_volume_fraction = 0.0;  ///< of the whole block
  /// Disrupted volume fraction of each layer present in the block (0 if absent).
  std::array<double, kLayerCount> layer_disrupted_fraction{};
  /// Fraction of the surface whose barrier (stratum corneum) is opened.
  double barrier_breach_fraction = 0.0;
  /// Disrupted dermis per area of skin, mm3 per cm2.
  double dermal_disrupted_mm3_per_cm2 = 0.0;
  /// Disrupted tissue at or below the papillary vascular plexus, mm3 per cm2:
  /// the bleeding indicator (vessels opened).
  double vascular_disrupted_mm3_per_cm2 = 0.0;
  /// Deepest disrupted voxel centre, um below the surface.
  double max_depth_um = 0.0;
};

InjuryStats injury_stats(const InjuryField& field, const SkinColumn& skin);

}  // namespace citsim
