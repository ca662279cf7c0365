#include "citsim/skin/layers.hpp"

#include <gtest/gtest.h>

namespace citsim {
namespace {

LayerStack example_stack() {
  LayerStack s;
  s.thickness_um = {10.0, 50.0, 200.0, 1500.0, 3000.0};
  return s;
}

TEST(LayerStack, LayersAreOrderedTopToBottom) {
  const LayerStack s = example_stack();
  EXPECT_DOUBLE_EQ(s.top_um(Layer::stratum_corneum), 0.0);
  for (std::size_t i = 1; i < kLayerCount; ++i) {
    EXPECT_DOUBLE_EQ(s.top_um(kAllLayers[i]), s.bottom_um(kAllLayers[i - 1]));
  }
  EXPECT_DOUBLE_EQ(s.bottom_um(Layer::hypodermis), s.total_um());
}

TEST(LayerStack, SumsOfLayers) {
  const LayerStack s = example_stack();
  EXPECT_DOUBLE_EQ(s.epidermis_um(), 60.0);
  EXPECT_DOUBLE_EQ(s.dermis_um(), 1700.0);
  EXPECT_DOUBLE_EQ(s.total_um(), 4760.0);
  EXPECT_DOUBLE_EQ(s.top_um(Layer::reticular_dermis), 260.0);
}

TEST(LayerStack, LayerAtIsTheLayerContainingTheDepth) {
  const LayerStack s = example_stack();
  EXPECT_EQ(s.layer_at(0.0), Layer::stratum_corneum);
  EXPECT_EQ(s.layer_at(-5.0), Layer::stratum_corneum);
  EXPECT_EQ(s.layer_at(9.99), Layer::stratum_corneum);
  EXPECT_EQ(s.layer_at(10.0), Layer::viable_epidermis);  // a boundary belongs below
  EXPECT_EQ(s.layer_at(100.0), Layer::papillary_dermis);
  EXPECT_EQ(s.layer_at(260.0), Layer::reticular_dermis);
  EXPECT_EQ(s.layer_at(2000.0), Layer::hypodermis);
  EXPECT_EQ(s.layer_at(1e9), Layer::hypodermis);  // below everything
  for (Layer layer : kAllLayers) {
    const double mid_um = 0.5 * (s.top_um(layer) + s.bottom_um(layer));
    EXPECT_EQ(s.layer_at(mid_um), layer) << to_string(layer);
  }
}

TEST(LayerStack, LayerAtSkipsEmptyLayers) {
  LayerStack s = example_stack();
  s.thickness_um[static_cast<std::size_t>(Layer::stratum_corneum)] = 0.0;
  EXPECT_EQ(s.layer_at(0.0), Layer::viable_epidermis);
}

TEST(Layer, NamesAreDistinct) {
  for (std::size_t i = 0; i < kLayerCount; ++i) {
    for (std::size_t j = i + 1; j < kLayerCount; ++j) {
      EXPECT_NE(to_string(kAllLayers[i]), to_string(kAllLayers[j]));
    }
  }
  EXPECT_EQ(to_string(Layer::papillary_dermis), "papillary_dermis");
}

}  // namespace
}  // namespace citsim
