// The try-on: the treated site's surface through a course. The healing
// engine's time series sets the visible state (surface/visible.hpp): the
// matrix lift under each lesion, the tethers cut under rolling scars, the
// epidermis smoothing the relief; each lesion's fill follows
// (surface/response.hpp). The surface at any moment is the site's relief and
// fine lines with every lesion at its depth, measured with the metrics skin
// scanners use (surface/metrics.hpp).
//
//   TryonModel model = make_tryon_model(site, shape, surface_spec, filter, device, device_data,
//                                       response, seed);
//   model.session_days = {0, 30, 60};
//   std::vector<SurfaceState> s = surface_series(model, course_rows);  // per row
//   HeightMap after = surface_at(model, VisibleChange{.day = 240, .matrix_lift = 0.21});
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "citsim/device/device.hpp"
#include "citsim/device/device_data.hpp"
#include "citsim/healing/observables.hpp"
#include "citsim/skin/site.hpp"
#include "citsim/surface/generate.hpp"
#include "citsim/surface/metrics.hpp"
#include "citsim/surface/response.hpp"
#include "citsim/surface/visible.hpp"

namespace citsim {

struct TryonModel {
  SiteSurface surface;
  FilterSpec filter;
  ScarResponseParams response;
  double real_depth_um = 0.0;  ///< the needles' mean real depth
  DeviceContact contact;
  std::vector<double> access;  ///< per lesion of surface.lesions, 0..1
  double line_access = 1.0;    ///< the needles' reach under the fine lines, 0..1
  bool lines_on_neck = false;  ///< the site is the neck: its lines take neck_line_response
  /// Days of the course's sessions (tethers are cut at each); set by the
  /// caller, empty = no session yet.
  std::vector<int> session_days;

  // Precomputed so that a state costs one pass over the map. Lesions of one
  // group share their access, hence their scale: Sa comes from the
  // scale-limited relief plus each group's scale-limited depressions (the
  // filters are linear; lesions do not overlap), and each lesion's depth from
  // the relief and its depression over its footprint, below its reference
  // ring (outside every lesion, so the same at every scale).
  struct Footprint {
    std::vector<double> relief_um, lines_um, lesion_um;
    double relief_reference_um = 0.0, lines_reference_um = 0.0;
  };
  std::vector<std::size_t> group_of;  ///< per lesion: index into group_sl
  std::vector<double> group_access;
  std::vector<double> group_tether_share;   ///< per group: share of depth held by tethers
  std::vector<double> relief_sl, lines_sl;  ///< lines_sl empty without lines
  std::vector<double> pores_sl;             ///< empty without pores
  PoreMeasure pores_before;
  std::vector<std::vector<double>> group_sl;
  std::vector<Footprint> footprints;  ///< per lesion
  double sa_before_um = 0.0;
  double scar_depth_before_um = 0.0;  ///< mean measured depth at day 0 (0 without lesions)

  bool has_lesions() const { return !surface.lesions.empty(); }
  bool has_lines() const { return surface.lines.size() > 0; }
  bool has_pores() const { return !surface.pores.empty(); }
};

/// The device's contact face: the drum of a roller, a pen's needle-array
/// disc, a stamp's plate (square of its area).
DeviceContact device_contact(const DeviceSpec& device, const DeviceData& data, double indent_um);

/// Mean real depth of the device's needles: nominal length times the mean
/// penetration fraction of its kind.
double mean_real_depth_um(const DeviceSpec& device, const DeviceData& data);

/// The model of a site drawn from its case (generate_surface with `seed`).
TryonModel make_tryon_model(const Site& site, const LesionShape& shape, const SurfaceSpec& spec,
                            const FilterSpec& filter, const DeviceSpec& device,
                            const DeviceData& device_data, const ScarResponseParams& response,
                            std::uint64_t seed);

/// The model of a surface given as it is (generated, or imported from a
/// scan): each lesion's `group` indexes `scars` (scars) or `striae` (striae),
/// whose type, depth and width set its access.
TryonModel make_tryon_model(SiteSurface surface, const std::vector<ScarGroup>& scars,
                            const std::vector<StriaeGroup>& striae, const FilterSpec& filter,
                            const DeviceSpec& device, const DeviceData& device_data,
                            const ScarResponseParams& response);

/// Each lesion's depth scale in visible state v: the tethered share of a
/// rolling scar's depth released by v.day, the rest filled by the matrix
/// lift: (1 - share R(day)) exp(-k access L).
std::vector<double> depth_scales(const TryonModel& model, const VisibleChange& v);

/// The fine lines' depth scale in v: exp(-k_line line_access L).
double line_scale(const TryonModel& model, const VisibleChange& v);

/// The pores' depth scale in v: exp(-k_pore L) (the dermis under them
/// tightens them as it remodels).
double pore_scale(const TryonModel& model, const VisibleChange& v);

/// The surface in visible state v.
HeightMap surface_at(const TryonModel& model, const VisibleChange& v);

struct SurfaceState {
  double scar_depth_um = 0.0;             ///< mean measured depth of the lesions
  double sa_um = 0.0;                     ///< Sa of the scale-limited surface
  double scar_depth_change_pct = 0.0;     ///< against day 0 (0 without lesions)
  double roughness_sa_change_pct = 0.0;   ///< against day 0
  double wrinkle_depth_um = 0.0;          ///< mean depth of the fine lines (0 without)
  double wrinkle_depth_change_pct = 0.0;  ///< against day 0 (0 without lines)
  double swelling_pct = 0.0;  ///< the transient swelling of v (the glow), apart from the rest
  double pore_size_um = 0.0;  ///< mean visible pore diameter (0 without pores)
  double visible_pores_per_cm2 = 0.0;
  double pore_size_change_pct = 0.0;      ///< against day 0 (0 without pores)
  double visible_pores_change_pct = 0.0;  ///< against day 0 (0 without pores)
};

/// The measures in visible state v (lesion depths measured on the composed
/// map; Sa from the precomputed scale-limited parts).
SurfaceState surface_state(const TryonModel& model, const VisibleChange& v);

/// Each lesion's measured depth (um) in visible state v.
std::vector<double> lesion_depths_um(const TryonModel& model, const VisibleChange& v);

/// surface_state for every row of a course (visible_course of the rows).
std::vector<SurfaceState> surface_series(const TryonModel& model,
                                         std::span<const ObservableRow> rows);

}  // namespace citsim
