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

/// Components kept of the collagen orientation tensor (Tissue::orientation).
inline constexpr std::size_t kOrientationParts = 3;

/// Every mask of a Tissue goes by depth (each depth plane one value), as
/// healthy_tissue makes them.
struct Tissue {
  Mesh mesh;
  std::vector<std::uint8_t> layer;                   ///< Layer of each cell (by centre depth)
  std::vector<std::uint8_t> dermis;                  ///< 1 in dermal cells, 0 in the epidermis
  std::vector<std::uint8_t> vascular;                ///< 1 at or below the papillary plexus
  std::array<std::vector<double>, kSpeciesCount> c;  ///< one array per species
  /// The in-plane part of the orientation tensor of the collagen deposited
  /// since the first session (xx, yy, xy; mass-weighted), the part the
  /// alignment observable reads; the depth components are not kept. In an
  /// axisymmetric mesh x is the radius and y the angle around the axis.
  std::array<std::vector<double>, kOrientationParts> orientation;

  std::span<double> operator[](Species s) { return c[static_cast<std::size_t>(s)]; }
  std::span<const double> operator[](Species s) const { return c[static_cast<std::size_t>(s)]; }
};

/// Healthy tissue on `mesh`, whose depth axis runs from the skin surface: the
/// epidermis has no fibroblasts or matrix, the dermis has all at baseline.
/// The matrix starts at its steady state `matrix`.
Tissue healthy_tissue(const Mesh& mesh, const SkinColumn& skin, const BaselineMatrix& matrix);

/// The first depth plane of the dermis (the last plane if there is none).
int first_dermal_plane(const Tissue& t);

/// The weights of volume-weighted means over a set of cells (1 x cell volume
/// in the set, 0 elsewhere) and their sum, made once for taking many means.
/// Every set the engine averages over is a layer of the skin, the same along
/// y, so the weights are kept once per (x, depth): w[k * nx + i].
struct MaskWeights {
  int nx = 0;
  std::vector<double> w;
  double total = 0.0;  ///< the sum of every cell's weight, in index order
};

/// The weights of the dermal cells of t.
MaskWeights dermis_weights(const Tissue& t);

/// The weights of the cells of t in `layer`.
MaskWeights layer_weights(const Tissue& t, Layer layer);

/// Volume-weighted mean of species s over the cells of `weights` (summed in
/// index order), 0 if they hold none.
double masked_mean(const Tissue& t, Species s, const MaskWeights& weights);

}  // namespace citsim
