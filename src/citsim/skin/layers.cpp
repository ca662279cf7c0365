// Layer names and the depth arithmetic of a layer stack.
#include "citsim/skin/layers.hpp"

#include <numeric>

namespace citsim {

std::string_view to_string(Layer layer) {
  switch (layer) {
    case Layer::stratum_corneum:
      return "stratum_corneum";
    case Layer::viable_epidermis:
      return "viable_epidermis";
    case Layer::papillary_dermis:
      return "papillary_dermis";
    case Layer::reticular_dermis:
      return "reticular_dermis";
    case Layer::hypodermis:
      return "hypodermis";
  }
  return "unknown";
}

double LayerStack::top_um(Layer layer) const {
  const auto end = static_cast<std::ptrdiff_t>(layer);
  return std::accumulate(thickness_um.begin(), thickness_um.begin() + end, 0.0);
}

double LayerStack::total_um() const {
  return std::accumulate(thickness_um.begin(), thickness_um.end(), 0.0);
}

Layer LayerStack::layer_at(double depth_um) const {
  // Half-open intervals [top, bottom): a depth on a boundary belongs to the
  // deeper layer; depths above the surface count as stratum corneum.
  double bottom_um = 0.0;
  for (Layer layer : kAllLayers) {
    bottom_um += thickness(layer);
    if (depth_um < bottom_um) return layer;
  }
  return Layer::hypodermis;
}

}  // namespace citsim
