// Reader of data/surface/surface.toml: every key checked for type, range,
// unit and source where it is read, unknown keys rejected.
#include "citsim/surface/data_reader.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "citsim/core/error.hpp"
#include "citsim/core/toml_fields.hpp"
#include "citsim/core/units.hpp"

namespace citsim {
namespace {

using detail::SourcedRule;
using detail::TableReader;

// Largest map edge the data may ask for (pixels): 4096^2 doubles = 128 MiB.
constexpr double kMaxPixelsPerEdge = 4096.0;

double quantity(TableReader& parent, std::string_view key, double lo, double hi,
                std::string_view unit) {
  return detail::sourced_number(parent, key, lo, hi, unit);
}

/// As quantity, for a whole number in [lo, hi] with unit "1".
int whole_quantity(TableReader& parent, std::string_view key, std::int64_t lo, std::int64_t hi) {
  const SourcedRule rule{
      .lo = static_cast<double>(lo), .hi = static_cast<double>(hi), .unit = "1", .whole = true};
  return static_cast<int>(detail::read_sourced(parent, key, rule).value());
}

[[noreturn]] void fail_value(const std::string& file, const std::string& key, double value,
                             const std::string& what) {
  throw Error(fmt::format("{}: {}.value = {:g}: {}", file, key, value, what));
}

void read_patch(TableReader& root, const std::string& file, SurfaceSpec& spec) {
  TableReader t = root.child("patch", "a table [patch]");
  t.only({"size", "pixel", "placement_tries"});
  spec.patch_mm = quantity(t, "size", 1.0, 100.0, "mm");
  spec.pixel_um = quantity(t, "pixel", 1.0, 500.0, "um");
  spec.placement_tries = whole_quantity(t, "placement_tries", 1, 1000000);
  const double pixels = units::mm_to_um(spec.patch_mm) / spec.pixel_um;
  if (pixels < 8.0 || pixels > kMaxPixelsPerEdge) {
    fail_value(file, "patch.pixel", spec.pixel_um,
               fmt::format("must give between 8 and {:g} pixels across the {:g} mm patch "
                           "(gives {:.0f})",
                           kMaxPixelsPerEdge, spec.patch_mm, pixels));
  }
}

void read_microrelief(TableReader& root, const std::string& file, SurfaceSpec& spec) {
  TableReader t = root.child("microrelief", "a table [microrelief]");
  t.only({"sq", "correlation_length", "mode_count"});
  spec.relief.sq_um = quantity(t, "sq", 0.0, 500.0, "um");
  spec.relief.correlation_length_um = quantity(t, "correlation_length", 1.0, 10000.0, "um");
  spec.relief.mode_count = whole_quantity(t, "mode_count", 1, 65536);
  if (spec.relief.correlation_length_um < 2.0 * spec.pixel_um) {
    fail_value(file, "microrelief.correlation_length", spec.relief.correlation_length_um,
               fmt::format("must be at least 2 pixels ({:g} um) to be resolved on the map",
                           2.0 * spec.pixel_um));
  }
}

void read_fine_lines(TableReader& root, const std::string& file, SurfaceSpec& spec) {
  TableReader t = root.child("fine_lines", "a table [fine_lines]");
  t.only({"enabled", "indications", "depth", "width", "spacing"});
  spec.fine_lines.enabled = t.boolean("enabled");
  spec.fine_lines.indications = t.texts("indications");
  spec.fine_lines.depth_um = quantity(t, "depth", 0.0, 1000.0, "um");
  spec.fine_lines.width_um = quantity(t, "width", 1.0, 10000.0, "um");
  spec.fine_lines.spacing_um = quantity(t, "spacing", 1.0, 100000.0, "um");
  if (spec.fine_lines.spacing_um <= spec.fine_lines.width_um) {
    fail_value(file, "fine_lines.spacing", spec.fine_lines.spacing_um,
               fmt::format("must be more than fine_lines.width ({:g} um): grooves do not touch",
                           spec.fine_lines.width_um));
  }
}

FilterSpec read_filter(TableReader& filters, std::string_view name, const std::string& file) {
  const std::string p = fmt::format("filters.{}.", name);
  TableReader t = filters.child(name, "a table of s_cutoff and l_cutoff (um; 0 = off)");
  t.only({"s_cutoff", "l_cutoff"});
  FilterSpec f;
  f.s_cutoff_um = quantity(t, "s_cutoff", 0.0, 10000.0, "um");
  f.l_cutoff_um = quantity(t, "l_cutoff", 0.0, 100000.0, "um");
  if (f.l_cutoff_um > 0.0 && f.l_cutoff_um <= f.s_cutoff_um) {
    fail_value(
        file, p + "l_cutoff", f.l_cutoff_um,
        fmt::format("must be 0 (off) or longer than {}s_cutoff ({:g} um)", p, f.s_cutoff_um));
  }
  return f;
}

void read_grade(TableReader& root, const std::string& file, GradeThresholds& g) {
  TableReader t = root.child("grade", "a table [grade]");
  t.only({"contour_depth", "obvious_depth", "obvious_area_fraction", "deep_boxcar_depth",
          "lemperle_perceptible_depth", "lemperle_grade_step"});
  g.contour_depth_um = quantity(t, "contour_depth", 1.0, 5000.0, "um");
  g.obvious_depth_um = quantity(t, "obvious_depth", 1.0, 5000.0, "um");
  g.obvious_area_fraction = quantity(t, "obvious_area_fraction", 0.0, 1.0, "1");
  g.deep_boxcar_depth_um = quantity(t, "deep_boxcar_depth", 1.0, 5000.0, "um");
  g.lemperle_perceptible_depth_um = quantity(t, "lemperle_perceptible_depth", 0.0, 1000.0, "um");
  g.lemperle_grade_step_um = quantity(t, "lemperle_grade_step", 10.0, 2000.0, "um");
  if (g.obvious_depth_um < g.contour_depth_um) {
    fail_value(file, "grade.obvious_depth", g.obvious_depth_um,
               fmt::format("must be at least grade.contour_depth ({:g} um)", g.contour_depth_um));
  }
}

void read_scan_lesions(TableReader& root, ScanLesionSpec& s) {
  TableReader t = root.child("scan_lesions", "a table [scan_lesions]");
  t.only({"reference_cutoff", "contour_depth", "min_area", "max_growth_fraction",
          "icepick_max_width", "icepick_min_depth_ratio", "boxcar_min_fill"});
  s.reference_cutoff_um = quantity(t, "reference_cutoff", 100.0, 1000000.0, "um");
  s.contour_depth_um = quantity(t, "contour_depth", 1.0, 5000.0, "um");
  s.min_area_mm2 = quantity(t, "min_area", 1e-6, 10000.0, "mm2");
  s.max_growth_fraction = quantity(t, "max_growth_fraction", 0.0, 100.0, "1");
  s.icepick_max_width_um = quantity(t, "icepick_max_width", 1.0, 100000.0, "um");
  s.icepick_min_depth_ratio = quantity(t, "icepick_min_depth_ratio", 1e-6, 100.0, "1");
  s.boxcar_min_fill = quantity(t, "boxcar_min_fill", 0.01, 0.99, "1");
}

}  // namespace

SurfaceData read_surface_data(const std::filesystem::path& data_dir) {
  return read_surface_data_file(data_dir / "surface" / "surface.toml");
}

SurfaceData read_surface_data_file(const std::filesystem::path& path) {
  const std::string file = path.string();
  const toml::table root_table = detail::parse_toml_file(path);
  TableReader root(root_table, file, "");
  root.only({"patch", "microrelief", "fine_lines", "pores", "typical_striae", "filters", "profile",
             "measures", "grade", "scan_lesions"});
  SurfaceData data;
  read_patch(root, file, data.spec);
  read_microrelief(root, file, data.spec);
  read_fine_lines(root, file, data.spec);
  {
    TableReader t = root.child("pores", "a table [pores]");
    t.only({"enabled", "indications", "per_cm2", "diameter", "depth", "depth_cv", "visible_depth"});
    PoreParams& p = data.spec.pores;
    p.enabled = t.boolean("enabled");
    p.indications = t.texts("indications");
    p.per_cm2 = quantity(t, "per_cm2", 1.0, 1000.0, "1/cm2");
    p.diameter_um = quantity(t, "diameter", 20.0, 2000.0, "um");
    p.depth_um = quantity(t, "depth", 1.0, 1000.0, "um");
    p.depth_cv = quantity(t, "depth_cv", 0.0, 2.0, "1");
    p.visible_depth_um = quantity(t, "visible_depth", 0.0, 500.0, "um");
  }

  TableReader filters = root.child("filters", "a table [filters]");
  filters.only({"texture", "contour"});
  data.texture_filter = read_filter(filters, "texture", file);
  data.contour_filter = read_filter(filters, "contour", file);

  TableReader profile = root.child("profile", "a table [profile]");
  profile.only({"cutoff"});
  data.profile_cutoff_um = quantity(profile, "cutoff", 1.0, 100000.0, "um");
  if (data.profile_cutoff_um > units::mm_to_um(data.spec.patch_mm)) {
    fail_value(file, "profile.cutoff", data.profile_cutoff_um,
               fmt::format("must fit in the {:g} mm patch (one sampling length at least)",
                           data.spec.patch_mm));
  }

  TableReader measures = root.child("measures", "a table [measures]");
  measures.only({"ring_width_fraction"});
  data.measures.ring_width_fraction = quantity(measures, "ring_width_fraction", 0.01, 10.0, "1");

  read_grade(root, file, data.grade);
  read_scan_lesions(root, data.scan_lesions);

  TableReader striae = root.child("typical_striae", "a table [typical_striae]");
  striae.only({"per_100cm2", "width", "length", "depth"});
  data.typical_striae_per_100cm2 = quantity(striae, "per_100cm2", 0.1, 1000.0, "1");
  data.typical_striae.stage = StriaeStage::alba;
  data.typical_striae.width_um = quantity(striae, "width", 100.0, 20000.0, "um");
  data.typical_striae.length_um = quantity(striae, "length", 1000.0, 300000.0, "um");
  data.typical_striae.depth_um = quantity(striae, "depth", 1.0, 1000.0, "um");
  return data;
}

}  // namespace citsim
