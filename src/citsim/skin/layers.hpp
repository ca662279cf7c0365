// The five layers of skin, top to bottom, and a stack of their thicknesses.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace citsim {

enum class Layer {
  stratum_corneum,
  viable_epidermis,
  papillary_dermis,
  reticular_dermis,
  hypodermis,
};

inline constexpr std::size_t kLayerCount = 5;
inline constexpr std::array<Layer, kLayerCount> kAllLayers = {
    Layer::stratum_corneum, Layer::viable_epidermis, Layer::papillary_dermis,
    Layer::reticular_dermis, Layer::hypodermis};

std::string_view to_string(Layer layer);

/// Thicknesses of the layers of one skin column, in um.
struct LayerStack {
  std::array<double, kLayerCount> thickness_um{};

  double thickness(Layer layer) const { return thickness_um[static_cast<std::size_t>(layer)]; }
  /// Depth of the top of `layer` below the skin surface.
  double top_um(Layer layer) const;
  /// Depth of the bottom of `layer` below the skin surface.
  double bottom_um(Layer layer) const { return top_um(layer) + thickness(layer); }
  /// Stratum corneum plus viable epidermis.
  double epidermis_um() const {
    return thickness(Layer::stratum_corneum) + thickness(Layer::viable_epidermis);
  }
  /// Papillary plus reticular dermis.
  double dermis_um() const {
    return thickness(Layer::papillary_dermis) + thickness(Layer::reticular_dermis);
  }
  double total_um() const;
  /// The layer at `depth_um` below the surface (the hypodermis below all others).
  Layer layer_at(double depth_um) const;
};

}  // namespace citsim
