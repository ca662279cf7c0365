#include "citsim/healing/tissue.hpp"

#include <array>

namespace citsim {

std::string_view to_string(Species s) {
  static constexpr std::array<std::string_view, kSpeciesCount> names = {
      "damage",      "signal",     "perfusion",    "neutrophils",    "macrophages",      "tgf",
      "fibroblasts", "collagen_I", "collagen_III", "new_collagen_I", "new_collagen_III", "elastin"};
  return names[static_cast<std::size_t>(s)];
}

Tissue healthy_tissue(const Mesh& mesh, const SkinColumn& skin, const BaselineMatrix& matrix) {
  Tissue t;
  t.mesh = mesh;
  const std::size_t n = mesh.size();
  t.layer.resize(n);
  t.dermis.resize(n);
  t.vascular.resize(n);
  for (auto& field : t.c) field.assign(n, 0.0);
  for (auto& field : t.orientation) field.assign(n, 0.0);
  for (int k = 0; k < mesh.nz; ++k) {
    const double z = mesh.cell_depth_um(k);
    const Layer layer = skin.layers.layer_at(z);
    const bool dermal = layer == Layer::papillary_dermis || layer == Layer::reticular_dermis;
    for (int j = 0; j < mesh.ny; ++j) {
      for (int i = 0; i < mesh.nx; ++i) {
        const std::size_t idx = mesh.index(i, j, k);
        t.layer[idx] = static_cast<std::uint8_t>(layer);
        t.dermis[idx] = dermal ? 1.0 : 0.0;
        t.vascular[idx] = (dermal && z >= skin.plexus_depth_um) ? 1.0 : 0.0;
        // TGF-beta is at its baseline everywhere (keratinocytes make it too).
        t[Species::tgf][idx] = 1.0;
        if (dermal) {
          t[Species::fibroblasts][idx] = 1.0;
          t[Species::collagen_I][idx] = matrix.collagen_I;
          t[Species::collagen_III][idx] = matrix.collagen_III;
          t[Species::new_collagen_I][idx] = matrix.new_collagen_I;
          t[Species::new_collagen_III][idx] = matrix.new_collagen_III;
          t[Species::elastin][idx] = 1.0;
        }
      }
    }
  }
  return t;
}

double masked_mean(const Tissue& t, Species s, std::span<const double> mask) {
  const Mesh& m = t.mesh;
  const auto values = t[s];
  double sum = 0.0, weight = 0.0;
  for (int k = 0; k < m.nz; ++k) {
    for (int j = 0; j < m.ny; ++j) {
      for (int i = 0; i < m.nx; ++i) {
        const std::size_t idx = m.index(i, j, k);
        const double w = mask[idx] * m.volume_um3(i, k);
        sum += w * values[idx];
        weight += w;
      }
    }
  }
  return weight > 0.0 ? sum / weight : 0.0;
}

MaskWeights mask_weights(const Mesh& m, std::span<const double> mask) {
  MaskWeights out;
  out.w.resize(m.size());
  for (int k = 0; k < m.nz; ++k) {
    for (int j = 0; j < m.ny; ++j) {
      for (int i = 0; i < m.nx; ++i) {
        const std::size_t idx = m.index(i, j, k);
        out.w[idx] = mask[idx] * m.volume_um3(i, k);
        out.total += out.w[idx];
      }
    }
  }
  return out;
}

double masked_mean(const Tissue& t, Species s, const MaskWeights& weights) {
  const auto values = t[s];
  double sum = 0.0;
  for (std::size_t idx = 0; idx < values.size(); ++idx) sum += weights.w[idx] * values[idx];
  return weights.total > 0.0 ? sum / weights.total : 0.0;
}

std::vector<double> layer_mask(const Tissue& t, Layer layer) {
  std::vector<double> mask(t.layer.size());
  for (std::size_t i = 0; i < mask.size(); ++i) {
    mask[i] = t.layer[i] == static_cast<std::uint8_t>(layer) ? 1.0 : 0.0;
  }
  return mask;
}

}  // namespace citsim
