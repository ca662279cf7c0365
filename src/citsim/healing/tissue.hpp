// The state of the healing tissue: every species on a finite-volume mesh of
// the skin (epidermis and dermis), relative to the healthy baseline.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "citsim/healing/baseline.hpp"
#include "citsim/healing/mesh.hpp"
#include "citsim/skin/skin.hpp"

namespace citsim {

/// The species of the cascade. Each is relative to its healthy dermal
/// baseline (1) except damage (disrupted fraction, 0..1), the injury signal,
/// perfusion (0..1 of the strongest vasodilation) and the inflammatory cells
/// (0 at baseline, 1 = the response to fully disrupted tissue).
enum class Species : std::size_t {
  damage,
  signal,
  perfusion,
  neutrophils,
  macrophages,
  tgf,
  fibroblasts,
  collagen_I,
  collagen_III,
  new_collagen_I,  ///< made but not yet matured into cross-linked fibres
  new_collagen_III,
  elastin,
  count,
};

inline constexpr std::size_t kSpeciesCount = static_cast<std::size_t>(Species::count);
std::string_view to_string(Species s);

struct Tissue {
  Mesh mesh;
  std::vector<std::uint8_t> layer;                   ///< Layer of each cell (by centre depth)
  std::vector<double> dermis;                        ///< 1 in dermal cells, 0 in the epidermis
  std::vector<double> vascular;                      ///< 1 at or below the papillary plexus
  std::array<std::vector<double>, kSpeciesCount> c;  ///< one array per species
  /// Orientation tensor of the collagen deposited since the first session
  /// (xx, yy, zz, xy, xz, yz; mass-weighted). In an axisymmetric mesh x is
  /// the radius and y the angle around the axis.
  std::array<std::vector<double>, 6> orientation;

  std::span<double> operator[](Species s) { return c[static_cast<std::size_t>(s)]; }
  std::span<const double> operator[](Species s) const { return c[static_cast<std::size_t>(s)]; }
};

/// Healthy tissue on `mesh`, whose depth axis runs from the skin surface: the
/// epidermis has no fibroblasts or matrix, the dermis has all at baseline.
/// The matrix starts at its steady state `matrix`.
Tissue healthy_tissue(const Mesh& mesh, const SkinColumn& skin, const BaselineMatrix& matrix);

/// Volume-weighted mean of species s over the cells where mask > 0
/// (weighted by the mask), fixed summation order.
double masked_mean(const Tissue& t, Species s, std::span<const double> mask);

/// The weights of masked means over one mask (mask x cell volume, per cell)
/// and their sum, for taking many means over the same mask.
struct MaskWeights {
  std::vector<double> w;
  double total = 0.0;
};
MaskWeights mask_weights(const Mesh& mesh, std::span<const double> mask);

/// masked_mean(t, s, mask) with the mask's weights made once by
/// mask_weights: the same value, bit for bit.
double masked_mean(const Tissue& t, Species s, const MaskWeights& weights);

/// Mask of the papillary dermis cells.
std::vector<double> layer_mask(const Tissue& t, Layer layer);

}  // namespace citsim
