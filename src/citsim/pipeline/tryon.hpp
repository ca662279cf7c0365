// The try-on of a case: its site's surface model from the data folder, and
// the surface through a course as the "tryon" object of plan.json and
// surface.json (format citsim-tryon/1, docs/viewer.md), as PNG pictures.
//
//   const TryonData data = read_tryon_data(data_dir);
//   const TryonModel model = tryon_model(c, model_data, data);
//   nlohmann::json j = tryon_json(model, frames, c.patient.fitzpatrick);
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "citsim/observe/ensemble.hpp"
#include "citsim/observe/tryon.hpp"
#include "citsim/pipeline/case.hpp"
#include "citsim/pipeline/model_data.hpp"
#include "citsim/surface/data_reader.hpp"

namespace citsim {

/// The published figure fill_per_gain is fitted to ([target] of response.toml).
struct ScarTarget {
  std::string id;
  std::string quantity;
  double value_pct = 0.0;  ///< mean scar depth change
  int day = 0;             ///< days after the first session
  std::string case_file;   ///< relative to the repository root
  std::string source;
};

/// A published ratio of two improvements (scar depth changes) on one case:
/// [timing_target] (the same scars at `day` over `day_early`) and
/// [type_target] (rolling scars over all scars on `day`).
struct RatioTarget {
  std::string id;
  std::string quantity;
  double value = 1.0;
  int day_early = 0;  ///< [timing_target] only
  int day = 0;
  std::string case_file;
  std::string source;
};

/// The published figures the visible response is fitted to.
struct ScarTargets {
  ScarTarget depth;     ///< [target]: sets fill_per_gain
  RatioTarget timing;   ///< [timing_target]: sets remodel_half_life
  RatioTarget by_type;  ///< [type_target]: sets tether_share_rolling
  ScarTarget lines;     ///< [line_target]: sets line_fill_per_gain (a line depth change)
};

struct TryonData {
  SurfaceData surface;          ///< data/surface/surface.toml
  ScarResponseParams response;  ///< data/surface/response.toml
  ScarTargets targets;          ///< data/surface/response.toml
};

/// Reads data/surface/response.toml (every key checked).
ScarResponseParams read_scar_response(const std::filesystem::path& file,
                                      ScarTargets* targets = nullptr);

/// Reads data/surface/surface.toml and data/surface/response.toml.
TryonData read_tryon_data(const std::filesystem::path& data_dir);

/// Whether the site shows fine lines: treated for an indication whose lines
/// the patient watches (surface.toml [fine_lines] indications), and not
/// measured on a scan (a scan shows what it shows).
bool site_has_lines(const Case& c, const TryonData& data);

/// Whether the site shows pores: treated for one of surface.toml [pores]
/// indications, with no scars, striae or scan.
bool site_has_pores(const Case& c, const TryonData& data);

/// Whether the site is treated for striae but its case gives none: the
/// try-on then draws typical striae (surface.toml [typical_striae]) and says so.
bool site_shows_typical_striae(const Case& c);

/// What the try-on says first about the patch of `c` (empty when nothing):
/// typical striae that are not the patient's, or laxity, which has no
/// surface in this model.
std::string tryon_note_prefix(const Case& c);

/// Whether the case's site has a surface worth a try-on: a measured scan
/// ([site.surface]), scars, striae (given or typical) or fine lines.
bool site_has_surface(const Case& c, const TryonData& data);

/// The case's site on a patch, its device's access to each lesion (with the
/// case's device defaults filled in from the data), keyed by the case's seed.
/// With a scan ([site.surface]) the patch is the scan, read (read_scan: its
/// errors name the file) and split into relief and scars (split_scan with
/// data.surface.scan_lesions); each scar found is its own group.
TryonModel tryon_model(const Case& c, const ModelData& model, const TryonData& data);

/// One moment of the try-on: the visible state and redness at three
/// percentiles of the outcome (p10 = least improvement).
struct TryonFrame {
  double day = 0.0;
  std::string label;
  VisibleChange p10, p50, p90;
  double erythema_p10 = 0.0, erythema_p50 = 0.0, erythema_p90 = 0.0;
};

/// The visible state of a course at three percentiles, per row (p10 =
/// least change): of a nominal run (all three the same) or over the members
/// of an ensemble (visible_bands).
struct VisibleBands {
  std::vector<VisibleChange> p10, p50, p90;
};

/// A course's visible state, every percentile its own (a nominal run).
VisibleBands nominal_visible(std::span<const ObservableRow> rows, const VisibleParams& visible);

/// A member's visible course (visible_course with its own clocks) in the
/// units of the `shown` response the pictures are drawn with: its matrix
/// lift times its fill_per_gain over shown's, its line lift times its
/// line_fill_of (on the neck when `neck`) over shown's (a depth scales by
/// exp(-k a L): only k L matters).
std::vector<VisibleChange> member_visible(std::span<const ObservableRow> rows,
                                          const ScarResponseParams& member,
                                          const ScarResponseParams& shown, bool neck);

/// P10, P50 and P90 over the members, [member][row], of each part of the
/// visible state at each row.
VisibleBands visible_bands(const std::vector<std::vector<VisibleChange>>& members);

/// The visible bands of an ensemble run with `seed` (members' rows,
/// [member][row]), each member with its own response (member_settings of
/// data.posterior), in the units of `shown`; `neck`: the site is the neck.
VisibleBands ensemble_visible(const std::vector<std::vector<ObservableRow>>& members,
                              std::uint64_t seed, const ScarResponseParams& shown,
                              const ModelData& data, bool neck);

/// The frames worth showing for rows at `days`: before, the day after the
/// first session, each session, monthly after, the last day, and any
/// `chosen_days` (each the first reported row at or after it), each with
/// its visible state at the three percentiles and the redness band's.
std::vector<TryonFrame> tryon_frames(const std::vector<double>& days,
                                     const std::vector<int>& session_days,
                                     const VisibleBands& visible, const Band& erythema,
                                     const std::vector<int>& chosen_days = {});

/// The citsim-tryon/1 object: heights on a grid of at most `max_pixels` a
/// side (block means of the model's map), base64 int16 at 0.1 um; each
/// frame's metrics include the Goodman & Baron grade estimate (grade.hpp)
/// under `grade` thresholds.
nlohmann::json tryon_json(const TryonModel& model, const std::vector<TryonFrame>& frames,
                          int fitzpatrick, const GradeThresholds& grade, int max_pixels = 100);

/// The pictures of the try-on written into `dir` (PNG, file names returned):
///   surface_before_after.png  before | end P10 | end P50 | end P90, shaded
///   surface_difference.png    end P50 minus before (raised red, lowered blue)
///   surface_redness_day1.png  the first frame after a session, P50 redness
///   surface_day<N>.png        P50 at every frame
std::vector<std::string> write_tryon_pictures(const std::filesystem::path& dir,
                                              const TryonModel& model,
                                              const std::vector<TryonFrame>& frames,
                                              int fitzpatrick);

}  // namespace citsim
