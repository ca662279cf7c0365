#include "citsim/observe/tryon.hpp"

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <utility>
#include <variant>

#include "citsim/core/error.hpp"
#include "citsim/device/pen.hpp"
#include "citsim/device/penetration.hpp"

namespace citsim {
namespace {

/// Mean and mean absolute value of `z` about its mean.
double sa_of(const std::vector<double>& z) {
  double mean = 0.0;
  for (double v : z) mean += v;
  mean /= static_cast<double>(z.size());
  double sa = 0.0;
  for (double v : z) sa += std::abs(v - mean);
  return sa / static_cast<double>(z.size());
}

double change_pct(double now, double before) {
  return before > 0.0 ? 100.0 * (now - before) / before : 0.0;
}

}  // namespace

DeviceContact device_contact(const DeviceSpec& device, const DeviceData& data, double indent_um) {
  return std::visit(
      [&](const auto& d) -> DeviceContact {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, Roller>) {
          return roller_contact(d.drum_diameter_um, indent_um);
        } else if constexpr (std::is_same_v<T, Stamp>) {
          return flat_contact(std::sqrt(d.plate_area_um2), indent_um);
        } else if constexpr (std::is_same_v<T, Pen>) {
          return flat_contact(cartridge_diameter_um(d, data), indent_um);
        } else {
          return flat_contact(cartridge_diameter_um(d.pen, data), indent_um);
        }
      },
      device);
}

double mean_real_depth_um(const DeviceSpec& device, const DeviceData& data) {
  return needles_of(device).length_um *
         mean_penetration_fraction(penetration_for(kind_of(device), data));
}

TryonModel make_tryon_model(const Site& site, const LesionShape& shape, const SurfaceSpec& spec,
                            const FilterSpec& filter, const DeviceSpec& device,
                            const DeviceData& device_data, const ScarResponseParams& response,
                            std::uint64_t seed) {
  return make_tryon_model(generate_surface(site, shape, spec, seed), site.scars, site.striae,
                          filter, device, device_data, response);
}

TryonModel make_tryon_model(SiteSurface surface, const std::vector<ScarGroup>& scars,
                            const std::vector<StriaeGroup>& striae, const FilterSpec& filter,
                            const DeviceSpec& device, const DeviceData& device_data,
                            const ScarResponseParams& response) {
  TryonModel m;
  m.surface = std::move(surface);
  m.filter = filter;
  m.response = response;
  m.real_depth_um = mean_real_depth_um(device, device_data);
  m.contact = device_contact(device, device_data, response.skin_indent_um);
  for (const PlacedLesion& lesion : m.surface.lesions) {
    double a = 1.0;
    if (lesion.kind == LesionKind::striae) {
      a = needle_access(striae.at(static_cast<std::size_t>(lesion.group)), m.contact,
                        m.real_depth_um);
    } else {
      a = needle_access(scars.at(static_cast<std::size_t>(lesion.group)), m.surface.shape,
                        m.contact, m.real_depth_um);
    }
    m.access.push_back(a);
  }

  // Groups: lesions of one kind and group index share their access.
  const std::size_t n = m.surface.lesions.size();
  std::vector<std::pair<LesionKind, int>> keys;
  for (const PlacedLesion& lesion : m.surface.lesions) {
    const std::pair<LesionKind, int> key{
        lesion.kind == LesionKind::striae ? LesionKind::striae : LesionKind::boxcar, lesion.group};
    std::size_t g = 0;
    while (g < keys.size() && keys[g] != key) ++g;
    if (g == keys.size()) keys.push_back(key);
    m.group_of.push_back(g);
  }
  m.group_access.assign(keys.size(), 1.0);
  for (std::size_t k = 0; k < n; ++k) m.group_access[m.group_of[k]] = m.access[k];

  m.relief_sl = scale_limited_surface(m.surface.relief, filter).z_um;
  const std::vector<ScarMeasure> measured = measure_lesions(compose(m.surface), m.surface);
  for (std::size_t g = 0; g < keys.size(); ++g) {
    std::vector<double> only(n, 0.0);
    for (std::size_t k = 0; k < n; ++k) only[k] = m.group_of[k] == g ? 1.0 : 0.0;
    HeightMap lesions = compose(m.surface, only);
    for (std::size_t p = 0; p < lesions.size(); ++p) lesions.z_um[p] -= m.surface.relief.z_um[p];
    for (std::size_t k = 0; k < n; ++k) {
      if (m.group_of[k] != g) continue;
      TryonModel::Footprint f;
      for (std::size_t p : lesion_footprint(m.surface, k)) {
        f.relief_um.push_back(m.surface.relief.z_um[p]);
        f.lesion_um.push_back(lesions.z_um[p]);
      }
      f.reference_um = measured.at(k).reference_um;
      m.footprints.resize(n);
      m.footprints[k] = std::move(f);
    }
    m.group_sl.push_back(scale_limited_surface(lesions, filter).z_um);
  }
  const SurfaceState before = surface_state(m, 0.0);
  m.sa_before_um = before.sa_um;
  m.scar_depth_before_um = before.scar_depth_um;
  return m;
}

std::vector<double> depth_scales(const TryonModel& model, double collagen_gain_fraction) {
  std::vector<double> scales;
  scales.reserve(model.access.size());
  for (double a : model.access) {
    scales.push_back(depth_scale(a, collagen_gain_fraction, model.response.fill_per_gain));
  }
  return scales;
}

HeightMap surface_at(const TryonModel& model, double collagen_gain_fraction) {
  return compose(model.surface, depth_scales(model, collagen_gain_fraction));
}

std::vector<double> lesion_depths_um(const TryonModel& model, double collagen_gain_fraction) {
  std::vector<double> depths;
  for (std::size_t k = 0; k < model.footprints.size(); ++k) {
    const TryonModel::Footprint& f = model.footprints[k];
    const double scale = depth_scale(model.group_access[model.group_of[k]], collagen_gain_fraction,
                                     model.response.fill_per_gain);
    double lowest = f.reference_um;
    for (std::size_t p = 0; p < f.relief_um.size(); ++p) {
      lowest = std::min(lowest, f.relief_um[p] + scale * f.lesion_um[p]);
    }
    depths.push_back(f.reference_um - lowest);
  }
  return depths;
}

SurfaceState surface_state(const TryonModel& model, double collagen_gain_fraction) {
  std::vector<double> scales;
  for (double a : model.group_access) {
    scales.push_back(depth_scale(a, collagen_gain_fraction, model.response.fill_per_gain));
  }
  SurfaceState s;
  std::vector<double> z = model.relief_sl;
  for (std::size_t g = 0; g < scales.size(); ++g) {
    const std::vector<double>& lesion = model.group_sl[g];
    for (std::size_t p = 0; p < z.size(); ++p) z[p] += scales[g] * lesion[p];
  }
  s.sa_um = sa_of(z);
  if (!model.footprints.empty()) {
    double sum = 0.0;
    for (double d : lesion_depths_um(model, collagen_gain_fraction)) sum += d;
    s.scar_depth_um = sum / static_cast<double>(model.footprints.size());
  }
  s.scar_depth_change_pct = change_pct(s.scar_depth_um, model.scar_depth_before_um);
  s.roughness_sa_change_pct = change_pct(s.sa_um, model.sa_before_um);
  return s;
}

std::vector<SurfaceState> surface_series(const TryonModel& model,
                                         std::span<const ObservableRow> rows) {
  std::vector<SurfaceState> out;
  out.reserve(rows.size());
  for (const ObservableRow& row : rows) {
    out.push_back(surface_state(model, row[Observable::collagen_change_pct] / 100.0));
  }
  return out;
}

}  // namespace citsim
