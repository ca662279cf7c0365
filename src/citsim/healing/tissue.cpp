#include "citsim/healing/tissue.hpp"

#include <array>
#include <bit>
#include <cstdint>

#include "citsim/core/error.hpp"

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
        t.dermis[idx] = dermal ? 1 : 0;
        t.vascular[idx] = (dermal && z >= skin.plexus_depth_um) ? 1 : 0;
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

namespace {

/// The weights of the cells where in(idx): kept by (i, k), each cell's
/// computed and checked to be the same along y.
template <class In>
MaskWeights weights_where(const Mesh& m, In in) {
  MaskWeights out;
  out.nx = m.nx;
  out.w.resize(static_cast<std::size_t>(m.nx) * static_cast<std::size_t>(m.nz));
  for (int k = 0; k < m.nz; ++k) {
    double* row = out.w.data() + static_cast<std::size_t>(k) * static_cast<std::size_t>(m.nx);
    for (int j = 0; j < m.ny; ++j) {
      for (int i = 0; i < m.nx; ++i) {
        const double w = (in(m.index(i, j, k)) ? 1.0 : 0.0) * m.volume_um3(i, k);
        if (j == 0) row[i] = w;
        CITSIM_ASSERT(std::bit_cast<std::uint64_t>(w) == std::bit_cast<std::uint64_t>(row[i]),
                      "a mask of means is the same along y");
        out.total += w;
      }
    }
  }
  return out;
}

}  // namespace

int first_dermal_plane(const Tissue& t) {
  const Mesh& m = t.mesh;
  int k = 0;
  while (k < m.nz - 1 && t.dermis[m.index(0, 0, k)] == 0) ++k;
  return k;
}

MaskWeights dermis_weights(const Tissue& t) {
  return weights_where(t.mesh, [&](std::size_t idx) { return t.dermis[idx] != 0; });
}

MaskWeights layer_weights(const Tissue& t, Layer layer) {
  const auto value = static_cast<std::uint8_t>(layer);
  return weights_where(t.mesh, [&](std::size_t idx) { return t.layer[idx] == value; });
}

double masked_mean(const Tissue& t, Species s, const MaskWeights& weights) {
  const Mesh& m = t.mesh;
  CITSIM_ASSERT(weights.nx == m.nx && weights.w.size() == static_cast<std::size_t>(m.nx) *
                                                              static_cast<std::size_t>(m.nz),
                "the weights are of this mesh");
  const double* values = t[s].data();
  const auto nx = static_cast<std::size_t>(m.nx);
  double sum = 0.0;
  for (int k = 0; k < m.nz; ++k) {
    const double* w = weights.w.data() + static_cast<std::size_t>(k) * nx;
    for (int j = 0; j < m.ny; ++j) {
      const double* v = values + m.index(0, j, k);
      for (std::size_t i = 0; i < nx; ++i) sum += w[i] * v[i];
    }
  }
  return weights.total > 0.0 ? sum / weights.total : 0.0;
}

}  // namespace citsim
