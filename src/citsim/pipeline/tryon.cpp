#include "citsim/pipeline/tryon.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

#include <fmt/format.h>

#include "citsim/core/error.hpp"
#include "citsim/core/toml_fields.hpp"
#include "citsim/device/defaults.hpp"
#include "citsim/io/png_io.hpp"
#include "citsim/io/scan_reader.hpp"
#include "citsim/surface/grade.hpp"
#include "citsim/surface/image.hpp"
#include "citsim/surface/render.hpp"
#include "citsim/surface/scan_lesions.hpp"

namespace citsim {
namespace {

/// `[name]` with value (in [lo, hi]), unit, optional range, and exactly one
/// of source or calibrated.
double read_quantity(detail::TableReader& top, std::string_view name, double lo, double hi,
                     std::string_view unit) {
  return detail::sourced_number(top, name, lo, hi, unit, detail::Fitted::may_be);
}

/// RFC 4648 base64 of `bytes`.
std::string base64(const std::vector<std::uint8_t>& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::uint32_t b0 = bytes[i];
    const std::uint32_t b1 = i + 1 < bytes.size() ? bytes[i + 1] : 0u;
    const std::uint32_t b2 = i + 2 < bytes.size() ? bytes[i + 2] : 0u;
    const std::uint32_t n = (b0 << 16) | (b1 << 8) | b2;
    out += kAlphabet[(n >> 18) & 63u];
    out += kAlphabet[(n >> 12) & 63u];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63u] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63u] : '=';
  }
  return out;
}

/// Block means of `map` down to at most `max_pixels` a side.
HeightMap downsample(const HeightMap& map, int max_pixels) {
  const int block = std::max(1, (std::max(map.nx, map.ny) + max_pixels - 1) / max_pixels);
  HeightMap out(map.nx / block, map.ny / block, map.pixel_um * block);
  for (int j = 0; j < out.ny; ++j) {
    for (int i = 0; i < out.nx; ++i) {
      double sum = 0.0;
      for (int b = 0; b < block; ++b) {
        for (int a = 0; a < block; ++a) sum += map.at(i * block + a, j * block + b);
      }
      out.at(i, j) = sum / (block * block);
    }
  }
  return out;
}

constexpr double kHeightUnitUm = 0.1;

std::string encode_heights(const HeightMap& map) {
  std::vector<std::uint8_t> bytes;
  bytes.reserve(map.size() * 2);
  for (double z : map.z_um) {
    const long q = std::lround(std::clamp(z / kHeightUnitUm, -32768.0, 32767.0));
    const auto u = static_cast<std::uint16_t>(static_cast<std::int16_t>(q));
    bytes.push_back(static_cast<std::uint8_t>(u & 0xffu));
    bytes.push_back(static_cast<std::uint8_t>(u >> 8));
  }
  return base64(bytes);
}

nlohmann::json range_json(double p10, double p50, double p90) {
  return {{"p10", p10}, {"p50", p50}, {"p90", p90}};
}

double rounded(double x, double step) { return std::round(x / step) * step; }

}  // namespace

namespace {

RatioTarget read_ratio_target(detail::TableReader& top, const std::string& file,
                              std::string_view name, bool two_days) {
  detail::TableReader t(top.table(name), file, std::string(name) + ".");
  RatioTarget r;
  r.id = t.text("id");
  r.quantity = t.text("quantity");
  r.value = t.number("value", 0.01, 100.0, "1");
  t.choice("unit", {"1"});
  if (two_days) r.day_early = static_cast<int>(t.integer("day_early", 1, 3650));
  r.day = static_cast<int>(t.integer("day", 1, 3650));
  if (two_days && r.day <= r.day_early) t.fail("day", "later than day_early");
  r.case_file = t.text("case");
  r.source = t.text("source");
  t.finish();
  return r;
}

}  // namespace

ScarResponseParams read_scar_response(const std::filesystem::path& file, ScarTargets* targets) {
  const toml::table root = detail::parse_toml_file(file);
  detail::TableReader top(root, file.string(), "");
  ScarResponseParams p;
  p.fill_per_gain = read_quantity(top, "fill_per_gain", 0.0, 100.0, "1");
  p.skin_indent_um = read_quantity(top, "skin_indent", 0.0, 2000.0, "um");
  p.line_fill_per_gain = read_quantity(top, "line_fill_per_gain", 0.0, 100.0, "1");
  p.pore_fill_per_gain = read_quantity(top, "pore_fill_per_gain", 0.0, 100.0, "1");
  p.neck_line_response = read_quantity(top, "neck_line_response", 0.01, 1.0, "1");
  VisibleParams& v = p.visible;
  v.remodel_half_life_days = read_quantity(top, "remodel_half_life", 1.0, 3650.0, "day");
  v.tether_release_per_session = read_quantity(top, "tether_release_per_session", 0.0, 1.0, "1");
  v.tether_share_rolling = read_quantity(top, "tether_share_rolling", 0.0, 1.0, "1");
  v.swelling_per_erythema_pct = read_quantity(top, "swelling_per_erythema", 0.0, 100.0, "%");
  v.swelling_half_life_days = read_quantity(top, "swelling_half_life", 0.01, 365.0, "day");
  v.texture_per_epidermal_gain = read_quantity(top, "texture_per_epidermal_gain", 0.0, 100.0, "1");
  detail::TableReader t(top.table("target"), file.string(), "target.");
  ScarTarget read;
  read.id = t.optional_text("id").value_or("");
  read.quantity = t.optional_text("quantity").value_or("");
  read.value_pct = t.number("value", -100.0, 0.0, "%");
  t.choice("unit", {"%"});
  read.day = static_cast<int>(t.integer("day", 1, 3650));
  read.case_file = t.optional_text("case").value_or("");
  read.source = t.optional_text("source").value_or("");
  if (read.id.empty()) t.fail_missing("id", "a name for the target");
  if (read.case_file.empty()) t.fail_missing("case", "the case file the target is measured on");
  if (read.source.empty()) t.fail_missing("source", "where the published value comes from");
  t.finish();
  const RatioTarget timing = read_ratio_target(top, file.string(), "timing_target", true);
  const RatioTarget by_type = read_ratio_target(top, file.string(), "type_target", false);
  detail::TableReader lt(top.table("line_target"), file.string(), "line_target.");
  ScarTarget lines;
  lines.id = lt.text("id");
  lines.quantity = lt.text("quantity");
  lines.value_pct = lt.number("value", -100.0, 0.0, "%");
  lt.choice("unit", {"%"});
  lines.day = static_cast<int>(lt.integer("day", 1, 3650));
  lines.case_file = lt.text("case");
  lines.source = lt.text("source");
  lt.finish();
  top.finish();
  if (targets != nullptr) *targets = ScarTargets{read, timing, by_type, lines};
  return p;
}

TryonData read_tryon_data(const std::filesystem::path& data_dir) {
  TryonData data;
  data.surface = read_surface_data(data_dir);
  data.response = read_scar_response(data_dir / "surface" / "response.toml", &data.targets);
  return data;
}

bool site_has_lines(const Case& c, const TryonData& data) {
  const FineLineParams& lines = data.surface.spec.fine_lines;
  return !c.surface_scan &&
         (lines.enabled || std::find(lines.indications.begin(), lines.indications.end(),
                                     c.site.indication) != lines.indications.end());
}

bool site_has_pores(const Case& c, const TryonData& data) {
  const PoreParams& pores = data.surface.spec.pores;
  return !c.surface_scan && c.site.scars.empty() && c.site.striae.empty() &&
         (pores.enabled || std::find(pores.indications.begin(), pores.indications.end(),
                                     c.site.indication) != pores.indications.end());
}

bool site_shows_typical_striae(const Case& c) {
  return !c.surface_scan && c.site.indication == "striae" && c.site.striae.empty();
}

std::string tryon_note_prefix(const Case& c) {
  if (site_shows_typical_striae(c)) {
    return "The case gives no striae: the patch shows typical striae "
           "(data/surface/surface.toml), not this patient's. ";
  }
  if (c.site.indication == "laxity") {
    return "Laxity (sagging) has no surface in this model: the patch shows the site's fine "
           "lines and texture only. ";
  }
  return "";
}

bool site_has_surface(const Case& c, const TryonData& data) {
  return c.surface_scan.has_value() || !c.site.scars.empty() || !c.site.striae.empty() ||
         site_has_lines(c, data) || site_has_pores(c, data) || site_shows_typical_striae(c);
}

TryonModel tryon_model(const Case& c, const ModelData& model, const TryonData& data) {
  const DeviceSpec device = with_device_defaults(c.device, model.devices);
  if (c.surface_scan) {
    // The measured surface: its scars found on it, each its own group, so
    // the needles' access follows each scar's measured width and depth; the
    // case's scar groups, if any, do not enter the surface.
    ScannedSurface scanned = split_scan(read_scan(c.surface_scan->file, c.surface_scan->options),
                                        data.surface.scan_lesions);
    scanned.surface.shape = model.atlas.lesion_shape;
    TryonModel m =
        make_tryon_model(std::move(scanned.surface), scanned.scars, {}, data.surface.contour_filter,
                         device, model.devices, data.response);
    m.session_days = session_days_of(c.protocol);
    m.lines_on_neck = c.site.zone == Zone::neck;
    return m;
  }
  SurfaceSpec spec = data.surface.spec;
  spec.fine_lines.enabled = site_has_lines(c, data);
  spec.pores.enabled = site_has_pores(c, data);
  Site site = c.site;
  if (site_shows_typical_striae(c)) {
    StriaeGroup typical = data.surface.typical_striae;
    typical.count =
        std::max(1, static_cast<int>(std::lround(data.surface.typical_striae_per_100cm2 *
                                                 site.area_cm2 / 100.0)));
    site.striae.push_back(typical);
  }
  TryonModel m = make_tryon_model(site, model.atlas.lesion_shape, spec, data.surface.contour_filter,
                                  device, model.devices, data.response, c.simulation.seed);
  m.session_days = session_days_of(c.protocol);
  m.lines_on_neck = c.site.zone == Zone::neck;
  return m;
}

VisibleBands nominal_visible(std::span<const ObservableRow> rows, const VisibleParams& visible) {
  std::vector<VisibleChange> v = visible_course(rows, visible);
  return VisibleBands{v, v, v};
}

std::vector<VisibleChange> member_visible(std::span<const ObservableRow> rows,
                                          const ScarResponseParams& member,
                                          const ScarResponseParams& shown, bool neck) {
  CITSIM_ASSERT(shown.fill_per_gain > 0.0 && line_fill_of(shown, neck) > 0.0,
                "a response to express lifts in");
  const double scar = member.fill_per_gain / shown.fill_per_gain;
  const double line = line_fill_of(member, neck) / line_fill_of(shown, neck);
  std::vector<VisibleChange> v = visible_course(rows, member.visible);
  for (VisibleChange& c : v) {
    c.line_per_matrix = line / scar;
    c.matrix_lift *= scar;
  }
  return v;
}

VisibleBands visible_bands(const std::vector<std::vector<VisibleChange>>& members) {
  CITSIM_ASSERT(!members.empty() && !members.front().empty(), "members with rows");
  const std::size_t n = members.size(), rows = members.front().size();
  const auto band = [&](const auto& part) {
    return band_over_members(n, rows,
                             [&](std::size_t m, std::size_t r) { return part(members[m][r]); });
  };
  const Band lift = band([](const VisibleChange& v) { return v.matrix_lift; });
  const Band line = band([](const VisibleChange& v) { return v.matrix_lift * v.line_per_matrix; });
  const Band epidermis = band([](const VisibleChange& v) { return v.epidermal_gain; });
  const Band swelling = band([](const VisibleChange& v) { return v.swelling_pct; });
  // Lines' percentile of their own lift, as a multiple of the matrix's.
  const auto state = [](double day, double l, double line_l, double e, double s) {
    return VisibleChange{.day = day,
                         .matrix_lift = l,
                         .line_per_matrix = l > 0.0 ? line_l / l : 1.0,
                         .epidermal_gain = e,
                         .swelling_pct = s};
  };
  VisibleBands out;
  for (std::size_t r = 0; r < rows; ++r) {
    const double day = members.front()[r].day;
    out.p10.push_back(state(day, lift.p10[r], line.p10[r], epidermis.p10[r], swelling.p10[r]));
    out.p50.push_back(state(day, lift.p50[r], line.p50[r], epidermis.p50[r], swelling.p50[r]));
    out.p90.push_back(state(day, lift.p90[r], line.p90[r], epidermis.p90[r], swelling.p90[r]));
  }
  return out;
}

VisibleBands ensemble_visible(const std::vector<std::vector<ObservableRow>>& members,
                              std::uint64_t seed, const ScarResponseParams& shown,
                              const ModelData& data, bool neck) {
  const ModelSettings base{data.healing, shown, data.risks};
  std::vector<std::vector<VisibleChange>> visible;
  visible.reserve(members.size());
  for (std::size_t m = 0; m < members.size(); ++m) {
    const ModelSettings s = member_settings(base, data.posterior.get(), seed, m);
    visible.push_back(member_visible(members[m], s.response, shown, neck));
  }
  return visible_bands(visible);
}

std::vector<TryonFrame> tryon_frames(const std::vector<double>& days,
                                     const std::vector<int>& session_days,
                                     const VisibleBands& visible, const Band& r,
                                     const std::vector<int>& chosen_days) {
  CITSIM_ASSERT(!days.empty(), "a course has rows");
  CITSIM_ASSERT(visible.p50.size() == days.size() && r.p50.size() == days.size(),
                "a visible state and redness per row");
  // Wanted days: before, one day after the first session, each later session,
  // every 30 days after the first session, and the end.
  std::vector<double> wanted{0.0, 1.0};
  for (std::size_t s = 1; s < session_days.size(); ++s) wanted.push_back(session_days[s]);
  for (double d = 30.0; d < days.back(); d += 30.0) wanted.push_back(d);
  wanted.push_back(days.back());
  for (int d : chosen_days) wanted.push_back(d);
  std::sort(wanted.begin(), wanted.end());

  std::vector<TryonFrame> frames;
  std::vector<std::size_t> used;
  for (double want : wanted) {
    // The first reported row at or after the wanted day.
    const auto it = std::lower_bound(days.begin(), days.end(), want - 1e-9);
    if (it == days.end()) continue;
    const auto row = static_cast<std::size_t>(it - days.begin());
    if (std::find(used.begin(), used.end(), row) != used.end()) continue;
    used.push_back(row);
    TryonFrame f;
    f.day = days[row];
    f.label = row == 0 ? "before" : fmt::format("day {:g}", f.day);
    f.p10 = visible.p10[row];
    f.p50 = visible.p50[row];
    f.p90 = visible.p90[row];
    f.erythema_p10 = r.p10[row];
    f.erythema_p50 = r.p50[row];
    f.erythema_p90 = r.p90[row];
    frames.push_back(f);
  }
  return frames;
}

nlohmann::json tryon_json(const TryonModel& model, const std::vector<TryonFrame>& frames,
                          int fitzpatrick, const GradeThresholds& grade, int max_pixels) {
  const HeightMap& relief = model.surface.relief;
  const Rgb skin = skin_rgb_for_phototype(fitzpatrick);
  nlohmann::json lesions = nlohmann::json::array();
  for (const PlacedLesion& l : model.surface.lesions) {
    nlohmann::json j = {{"kind", to_string(l.kind)},
                        {"x_um", rounded(l.x_um, 0.1)},
                        {"y_um", rounded(l.y_um, 0.1)},
                        {"width_um", l.width_um},
                        {"depth_um", l.depth_um}};
    if (l.kind == LesionKind::striae) {
      j["length_um"] = l.length_um;
      j["angle_rad"] = rounded(l.angle_rad, 1e-4);
    }
    lesions.push_back(j);
  }
  nlohmann::json out_frames = nlohmann::json::array();
  HeightMap sample = downsample(relief, max_pixels);
  for (const TryonFrame& f : frames) {
    nlohmann::json heights = nlohmann::json::object();
    nlohmann::json sa, depth, depth_change, sa_change, grades, lines, lines_change, lemperle;
    nlohmann::json pore_size, pore_count;
    const std::pair<const char*, VisibleChange> states[] = {
        {"p10", f.p10}, {"p50", f.p50}, {"p90", f.p90}};
    for (const auto& [name, state] : states) {
      const HeightMap map = surface_at(model, state);
      heights[name] = encode_heights(downsample(map, max_pixels));
      const ScarGrade g =
          estimate_goodman_baron_grade(model.surface, measure_lesions(map, model.surface), grade);
      grades[name] = {
          {"grade", g.grade}, {"name", goodman_baron_grade_name(g.grade)}, {"reason", g.reason}};
      const SurfaceState s = surface_state(model, state);
      sa[name] = rounded(s.sa_um, 0.01);
      depth[name] = rounded(s.scar_depth_um, 0.01);
      depth_change[name] = rounded(s.scar_depth_change_pct, 0.01);
      sa_change[name] = rounded(s.roughness_sa_change_pct, 0.01);
      lines[name] = rounded(s.wrinkle_depth_um, 0.01);
      pore_size[name] = rounded(s.pore_size_um, 0.1);
      pore_count[name] = rounded(s.visible_pores_per_cm2, 0.1);
      const int lg = estimate_lemperle_grade(s.wrinkle_depth_um, grade);
      lemperle[name] = {{"grade", lg},
                        {"name", lemperle_grade_name(lg)},
                        {"reason", fmt::format("mean line depth {:.0f} um", s.wrinkle_depth_um)}};
      lines_change[name] = rounded(s.wrinkle_depth_change_pct, 0.01);
    }
    nlohmann::json metrics = {{"sa_um", sa}, {"roughness_sa_change_pct", sa_change}};
    if (model.has_lesions()) {
      metrics["scar_depth_um"] = depth;
      metrics["scar_depth_change_pct"] = depth_change;
      // Goodman & Baron grade acne scars, not striae.
      const bool scars =
          std::any_of(model.surface.lesions.begin(), model.surface.lesions.end(),
                      [](const PlacedLesion& l) { return l.kind != LesionKind::striae; });
      if (scars) metrics["goodman_baron_grade"] = grades;
    }
    if (model.has_lines()) {
      metrics["wrinkle_depth_um"] = lines;
      metrics["wrinkle_depth_change_pct"] = lines_change;
      metrics["lemperle_grade"] = lemperle;
    }
    if (model.has_pores()) {
      metrics["pore_size_um"] = pore_size;
      metrics["visible_pores_per_cm2"] = pore_count;
    }
    out_frames.push_back(
        {{"day", f.day},
         {"label", f.label},
         {"erythema", range_json(rounded(f.erythema_p10, 1e-4), rounded(f.erythema_p50, 1e-4),
                                 rounded(f.erythema_p90, 1e-4))},
         {"heights", heights},
         {"metrics", metrics}});
  }
  nlohmann::json out = {
      {"format", "citsim-tryon/1"},
      {"nx", sample.nx},
      {"ny", sample.ny},
      {"pixel_um", sample.pixel_um},
      {"height_unit_um", kHeightUnitUm},
      {"skin_rgb", {skin[0], skin[1], skin[2]}},
      {"exaggeration", 4.0},
      {"lesions", lesions},
      {"frames", out_frames},
      {"note",
       "A model prediction, not a promise: the surface is a representative patch of the "
       "site, and P10-P90 is the range of the simulated outcomes (the clinician decides)."}};
  if (model.has_lines()) {
    const FineLineParams& l = model.surface.line_params;
    out["lines"] = {
        {"depth_um", l.depth_um}, {"width_um", l.width_um}, {"spacing_um", l.spacing_um}};
  }
  return out;
}

namespace {

constexpr Rgb kPanelBackground{40, 40, 40};
constexpr Rgb kLabelColour{240, 240, 240};

/// A shaded render with a caption band above it.
RgbImage captioned(const RgbImage& picture, const std::string& caption) {
  const int band = text_height_px(2) + 8;
  RgbImage out(picture.width, picture.height + band, kPanelBackground);
  draw_text(out, 4, 4, caption, kLabelColour, 2);
  for (int y = 0; y < picture.height; ++y) {
    for (int x = 0; x < picture.width; ++x) out.set_pixel(x, y + band, picture.pixel(x, y));
  }
  return out;
}

RgbImage shaded(const HeightMap& map, int fitzpatrick, double erythema) {
  RenderOptions options;
  options.skin_rgb = skin_rgb_for_phototype(fitzpatrick);
  options.exaggeration = 1.5;
  options.erythema = std::clamp(erythema, 0.0, 1.0);
  return render_shaded(map, options);
}

}  // namespace

std::vector<std::string> write_tryon_pictures(const std::filesystem::path& dir,
                                              const TryonModel& model,
                                              const std::vector<TryonFrame>& frames,
                                              int fitzpatrick) {
  CITSIM_ASSERT(!frames.empty(), "a try-on has frames");
  std::vector<std::string> files;
  const HeightMap before = surface_at(model, VisibleChange{});
  const TryonFrame& end = frames.back();
  const std::string day = fmt::format("DAY {:g}", end.day);

  const std::vector<RgbImage> panels{
      captioned(shaded(before, fitzpatrick, 0.0), "BEFORE"),
      captioned(shaded(surface_at(model, end.p10), fitzpatrick, end.erythema_p10), day + " P10"),
      captioned(shaded(surface_at(model, end.p50), fitzpatrick, end.erythema_p50), day + " P50"),
      captioned(shaded(surface_at(model, end.p90), fitzpatrick, end.erythema_p90), day + " P90")};
  write_png(dir / "surface_before_after.png", side_by_side(panels, 8, kPanelBackground));
  files.push_back("surface_before_after.png");

  const HeightMap after = surface_at(model, end.p50);
  double range_um = 1.0;
  for (std::size_t p = 0; p < before.size(); ++p) {
    range_um = std::max(range_um, std::abs(after.z_um[p] - before.z_um[p]));
  }
  write_png(dir / "surface_difference.png",
            captioned(difference_image(before, after, std::ceil(range_um)), day + " P50 - BEFORE"));
  files.push_back("surface_difference.png");

  // Redness: the first frame after the first session.
  if (frames.size() > 1) {
    const TryonFrame& red = frames[1];
    write_png(dir / "surface_redness_day1.png",
              captioned(shaded(surface_at(model, red.p50), fitzpatrick, red.erythema_p50),
                        fmt::format("DAY {:g} REDNESS {:.2f}", red.day, red.erythema_p50)));
    files.push_back("surface_redness_day1.png");
  }
  for (const TryonFrame& f : frames) {
    const std::string name =
        fmt::format("surface_day{:04d}.png", static_cast<int>(std::lround(f.day)));
    if (std::find(files.begin(), files.end(), name) != files.end()) continue;
    write_png(dir / name,
              captioned(shaded(surface_at(model, f.p50), fitzpatrick, f.erythema_p50),
                        f.label == "before" ? "BEFORE" : fmt::format("DAY {:g} P50", f.day)));
    files.push_back(name);
  }
  return files;
}

}  // namespace citsim
