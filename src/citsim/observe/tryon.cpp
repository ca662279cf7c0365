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
  if (m.has_lines()) {
    // A line is a groove across the patch: a stria of its width and depth.
    StriaeGroup groove;
    groove.count = 1;
    groove.width_um = m.surface.line_params.width_um;
    groove.depth_um = m.surface.line_params.depth_um;
    groove.length_um = m.surface.relief.width_um();
    m.line_access = needle_access(groove, m.contact, m.real_depth_um);
  }

  // Groups: lesions of one kind and group index share their access.
  const std::size_t n = m.surface.lesions.size();
  std::vector<std::pair<LesionKind, int>> keys;
  std::vector<LesionKind> kinds;
  for (const PlacedLesion& lesion : m.surface.lesions) {
    const std::pair<LesionKind, int> key{
        lesion.kind == LesionKind::striae ? LesionKind::striae : LesionKind::boxcar, lesion.group};
    std::size_t g = 0;
    while (g < keys.size() && keys[g] != key) ++g;
    if (g == keys.size()) {
      keys.push_back(key);
      kinds.push_back(lesion.kind);
    }
    m.group_of.push_back(g);
  }
  m.group_access.assign(keys.size(), 1.0);
  for (std::size_t k = 0; k < n; ++k) m.group_access[m.group_of[k]] = m.access[k];
  // Only rolling scars are tethered (Jacob2001: rolling scars come from
  // fibrous bands to the subcutis; boxcar and icepick scars from lost dermis).
  for (LesionKind kind : kinds) {
    m.group_tether_share.push_back(
        kind == LesionKind::rolling ? response.visible.tether_share_rolling : 0.0);
  }

  m.relief_sl = scale_limited_surface(m.surface.relief, filter).z_um;
  if (m.has_lines()) m.lines_sl = scale_limited_surface(m.surface.lines, filter).z_um;
  if (m.has_pores()) {
    m.pores_sl = scale_limited_surface(m.surface.pore_map, filter).z_um;
    m.pores_before = measure_pores(m.surface, 1.0);
  }
  // The reference ring of each lesion lies outside every lesion: its level is
  // the relief's and the lines' ring means, each scaling with its part.
  const std::vector<ScarMeasure> relief_ring = measure_lesions(m.surface.relief, m.surface);
  std::vector<ScarMeasure> lines_ring;
  if (m.has_lines()) lines_ring = measure_lesions(m.surface.lines, m.surface);
  m.footprints.resize(n);
  for (std::size_t g = 0; g < keys.size(); ++g) {
    std::vector<double> only(n, 0.0);
    for (std::size_t k = 0; k < n; ++k) only[k] = m.group_of[k] == g ? 1.0 : 0.0;
    HeightMap lesions = compose(m.surface, only, 0.0, 0.0);
    for (std::size_t k = 0; k < n; ++k) {
      if (m.group_of[k] != g) continue;
      TryonModel::Footprint f;
      for (std::size_t p : lesion_footprint(m.surface, k)) {
        f.relief_um.push_back(m.surface.relief.z_um[p]);
        f.lines_um.push_back(m.has_lines() ? m.surface.lines.z_um[p] : 0.0);
        f.lesion_um.push_back(lesions.z_um[p]);
      }
      f.relief_reference_um = relief_ring.at(k).reference_um;
      f.lines_reference_um = m.has_lines() ? lines_ring.at(k).reference_um : 0.0;
      m.footprints[k] = std::move(f);
    }
    m.group_sl.push_back(scale_limited_surface(lesions, filter).z_um);
  }
  const SurfaceState before = surface_state(m, VisibleChange{});
  m.sa_before_um = before.sa_um;
  m.scar_depth_before_um = before.scar_depth_um;
  return m;
}

namespace {

/// Per group: (1 - share R(day)) exp(-k access L).
std::vector<double> group_scales(const TryonModel& model, const VisibleChange& v) {
  const VisibleParams& p = model.response.visible;
  std::vector<double> scales;
  scales.reserve(model.group_access.size());
  for (std::size_t g = 0; g < model.group_access.size(); ++g) {
    const double a = model.group_access[g];
    const double share = model.group_tether_share[g];
    const double released =
        share > 0.0 ? tether_released(v.day, model.session_days, p.tether_release_per_session * a,
                                      p.remodel_half_life_days)
                    : 0.0;
    scales.push_back((1.0 - share * released) *
                     depth_scale(a, v.matrix_lift, model.response.fill_per_gain));
  }
  return scales;
}

double relief_scale_of(const TryonModel& model, const VisibleChange& v) {
  return texture_scale(v.epidermal_gain, model.response.visible.texture_per_epidermal_gain);
}

}  // namespace

std::vector<double> depth_scales(const TryonModel& model, const VisibleChange& v) {
  const std::vector<double> groups = group_scales(model, v);
  std::vector<double> scales;
  scales.reserve(model.group_of.size());
  for (std::size_t g : model.group_of) scales.push_back(groups[g]);
  return scales;
}

double line_scale(const TryonModel& model, const VisibleChange& v) {
  return depth_scale(model.line_access, v.matrix_lift * v.line_per_matrix,
                     line_fill_of(model.response, model.lines_on_neck));
}

double pore_scale(const TryonModel& model, const VisibleChange& v) {
  return depth_scale(1.0, v.matrix_lift, model.response.pore_fill_per_gain);
}

HeightMap surface_at(const TryonModel& model, const VisibleChange& v) {
  return compose(model.surface, depth_scales(model, v), relief_scale_of(model, v),
                 line_scale(model, v), pore_scale(model, v));
}

std::vector<double> lesion_depths_um(const TryonModel& model, const VisibleChange& v) {
  const std::vector<double> groups = group_scales(model, v);
  const double rs = relief_scale_of(model, v);
  const double ls = line_scale(model, v);
  std::vector<double> depths;
  for (std::size_t k = 0; k < model.footprints.size(); ++k) {
    const TryonModel::Footprint& f = model.footprints[k];
    const double scale = groups[model.group_of[k]];
    const double reference = rs * f.relief_reference_um + ls * f.lines_reference_um;
    double lowest = reference;
    for (std::size_t p = 0; p < f.relief_um.size(); ++p) {
      lowest = std::min(lowest, rs * f.relief_um[p] + ls * f.lines_um[p] + scale * f.lesion_um[p]);
    }
    depths.push_back(reference - lowest);
  }
  return depths;
}

SurfaceState surface_state(const TryonModel& model, const VisibleChange& v) {
  const std::vector<double> scales = group_scales(model, v);
  const double rs = relief_scale_of(model, v);
  const double ls = line_scale(model, v);
  SurfaceState s;
  std::vector<double> z = model.relief_sl;
  for (double& h : z) h *= rs;
  for (std::size_t p = 0; p < model.lines_sl.size(); ++p) z[p] += ls * model.lines_sl[p];
  const double ps = model.has_pores() ? pore_scale(model, v) : 1.0;
  for (std::size_t p = 0; p < model.pores_sl.size(); ++p) z[p] += ps * model.pores_sl[p];
  for (std::size_t g = 0; g < scales.size(); ++g) {
    const std::vector<double>& lesion = model.group_sl[g];
    for (std::size_t p = 0; p < z.size(); ++p) z[p] += scales[g] * lesion[p];
  }
  s.sa_um = sa_of(z);
  if (!model.footprints.empty()) {
    double sum = 0.0;
    for (double d : lesion_depths_um(model, v)) sum += d;
    s.scar_depth_um = sum / static_cast<double>(model.footprints.size());
  }
  s.scar_depth_change_pct = change_pct(s.scar_depth_um, model.scar_depth_before_um);
  s.roughness_sa_change_pct = change_pct(s.sa_um, model.sa_before_um);
  s.swelling_pct = v.swelling_pct;
  if (model.has_pores()) {
    const PoreMeasure now = measure_pores(model.surface, ps);
    s.pore_size_um = now.visible_diameter_um;
    s.visible_pores_per_cm2 = now.visible_per_cm2;
    s.pore_size_change_pct =
        change_pct(now.visible_diameter_um, model.pores_before.visible_diameter_um);
    s.visible_pores_change_pct =
        change_pct(now.visible_per_cm2, model.pores_before.visible_per_cm2);
  }
  if (model.has_lines()) {
    s.wrinkle_depth_um = ls * model.surface.line_params.depth_um;
    s.wrinkle_depth_change_pct = 100.0 * (ls - 1.0);
  }
  return s;
}

std::vector<SurfaceState> surface_series(const TryonModel& model,
                                         std::span<const ObservableRow> rows) {
  std::vector<SurfaceState> out;
  out.reserve(rows.size());
  for (const VisibleChange& v : visible_course(rows, model.response.visible)) {
    out.push_back(surface_state(model, v));
  }
  return out;
}

}  // namespace citsim
