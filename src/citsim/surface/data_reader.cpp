// Reader of data/surface/surface.toml: every key checked for type, range,
// unit and source where it is read, unknown keys rejected.
#include "citsim/surface/data_reader.hpp"

#include <array>
#include <cmath>
#include <cstddef>
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

using detail::check_keys;
using detail::sub_table;
using detail::TableReader;

// Largest map edge the data may ask for (pixels): 4096^2 doubles = 128 MiB.
constexpr double kMaxPixelsPerEdge = 4096.0;

/// The non-empty `source` of a quantity.
void check_source(const toml::table& table, const std::string& file, const std::string& here) {
  const toml::node* node = table.get("source");
  if (node == nullptr) {
    throw Error(
        fmt::format("{}: {}source is missing: a non-empty text (a reference or "
                    "\"model choice: why\") is required",
                    file, here));
  }
  const auto* value = node->as_string();
  if (value == nullptr || value->get().empty()) {
    throw Error(
        fmt::format("{}: {}source = {}: must be a non-empty text (a reference or "
                    "\"model choice: why\")",
                    file, here, detail::describe(*node)));
  }
}

/// The optional `range = [low, high]`: two numbers in [lo, hi] around the value.
void check_range(const toml::table& table, const std::string& file, const std::string& here,
                 double value, double lo, double hi, std::string_view unit) {
  const toml::node* node = table.get("range");
  if (node == nullptr) return;
  const std::string allowed =
      fmt::format("[low, high] with {:g} <= low <= value <= high <= {:g}{}{}", lo, hi,
                  unit == "1" ? "" : " ", unit == "1" ? "" : unit);
  const toml::array* range = node->as_array();
  std::array<double, 2> bounds{};
  bool ok = range != nullptr && range->size() == 2;
  for (std::size_t i = 0; ok && i < 2; ++i) {
    const auto x = (*range)[i].value<double>();
    ok = x.has_value() && std::isfinite(*x) && *x >= lo && *x <= hi;
    if (ok) bounds[i] = *x;
  }
  if (!ok || bounds[0] > bounds[1]) {
    throw Error(
        fmt::format("{}: {}range = {}: must be {}", file, here, detail::describe(*node), allowed));
  }
  if (value < bounds[0] || value > bounds[1]) {
    throw Error(fmt::format("{}: {}range = [{:g}, {:g}]: must contain the value {:g}", file, here,
                            bounds[0], bounds[1], value));
  }
}

/// Reads `key = { value, unit, source, range }` with a number value in [lo, hi].
double quantity(const toml::table& parent, std::string_view key, const std::string& file,
                const std::string& prefix, double lo, double hi, std::string_view unit) {
  const std::string here = prefix + std::string(key) + ".";
  const toml::table& table = sub_table(
      parent, key, file, prefix, fmt::format("a table {{ value, unit = \"{}\", source }}", unit));
  check_keys(table, file, here, {"value", "unit", "source", "range"});
  TableReader q(table, file, here);
  const double value = q.number("value", lo, hi, unit == "1" ? "" : unit);
  q.choice("unit", {std::string(unit)});
  check_source(table, file, here);
  check_range(table, file, here, value, lo, hi, unit);
  return value;
}

/// As quantity, for a whole number in [lo, hi] with unit "1".
int whole_quantity(const toml::table& parent, std::string_view key, const std::string& file,
                   const std::string& prefix, std::int64_t lo, std::int64_t hi) {
  const std::string here = prefix + std::string(key) + ".";
  const toml::table& table =
      sub_table(parent, key, file, prefix, "a table { value, unit = \"1\", source }");
  check_keys(table, file, here, {"value", "unit", "source", "range"});
  TableReader q(table, file, here);
  const std::int64_t value = q.integer("value", lo, hi);
  q.choice("unit", {"1"});
  check_source(table, file, here);
  check_range(table, file, here, static_cast<double>(value), static_cast<double>(lo),
              static_cast<double>(hi), "1");
  return static_cast<int>(value);
}

[[noreturn]] void fail_value(const std::string& file, const std::string& key, double value,
                             const std::string& what) {
  throw Error(fmt::format("{}: {}.value = {:g}: {}", file, key, value, what));
}

void read_patch(const toml::table& root, const std::string& file, SurfaceSpec& spec) {
  const std::string p = "patch.";
  const toml::table& t = sub_table(root, "patch", file, "", "a table [patch]");
  check_keys(t, file, p, {"size", "pixel", "placement_tries"});
  spec.patch_mm = quantity(t, "size", file, p, 1.0, 100.0, "mm");
  spec.pixel_um = quantity(t, "pixel", file, p, 1.0, 500.0, "um");
  spec.placement_tries = whole_quantity(t, "placement_tries", file, p, 1, 1000000);
  const double pixels = units::mm_to_um(spec.patch_mm) / spec.pixel_um;
  if (pixels < 8.0 || pixels > kMaxPixelsPerEdge) {
    fail_value(file, "patch.pixel", spec.pixel_um,
               fmt::format("must give between 8 and {:g} pixels across the {:g} mm patch "
                           "(gives {:.0f})",
                           kMaxPixelsPerEdge, spec.patch_mm, pixels));
  }
}

void read_microrelief(const toml::table& root, const std::string& file, SurfaceSpec& spec) {
  const std::string p = "microrelief.";
  const toml::table& t = sub_table(root, "microrelief", file, "", "a table [microrelief]");
  check_keys(t, file, p, {"sq", "correlation_length", "mode_count"});
  spec.relief.sq_um = quantity(t, "sq", file, p, 0.0, 500.0, "um");
  spec.relief.correlation_length_um =
      quantity(t, "correlation_length", file, p, 1.0, 10000.0, "um");
  spec.relief.mode_count = whole_quantity(t, "mode_count", file, p, 1, 65536);
  if (spec.relief.correlation_length_um < 2.0 * spec.pixel_um) {
    fail_value(file, "microrelief.correlation_length", spec.relief.correlation_length_um,
               fmt::format("must be at least 2 pixels ({:g} um) to be resolved on the map",
                           2.0 * spec.pixel_um));
  }
}

void read_fine_lines(const toml::table& root, const std::string& file, SurfaceSpec& spec) {
  const std::string p = "fine_lines.";
  const toml::table& t = sub_table(root, "fine_lines", file, "", "a table [fine_lines]");
  check_keys(t, file, p, {"enabled", "depth", "width", "spacing"});
  TableReader r(t, file, p);
  spec.fine_lines.enabled = r.boolean("enabled");
  spec.fine_lines.depth_um = quantity(t, "depth", file, p, 0.0, 1000.0, "um");
  spec.fine_lines.width_um = quantity(t, "width", file, p, 1.0, 10000.0, "um");
  spec.fine_lines.spacing_um = quantity(t, "spacing", file, p, 1.0, 100000.0, "um");
  if (spec.fine_lines.spacing_um <= spec.fine_lines.width_um) {
    fail_value(file, "fine_lines.spacing", spec.fine_lines.spacing_um,
               fmt::format("must be more than fine_lines.width ({:g} um): grooves do not touch",
                           spec.fine_lines.width_um));
  }
}

FilterSpec read_filter(const toml::table& filters, std::string_view name, const std::string& file) {
  const std::string p = fmt::format("filters.{}.", name);
  const toml::table& t =
      sub_table(filters, name, file, "filters.", "a table of s_cutoff and l_cutoff (um; 0 = off)");
  check_keys(t, file, p, {"s_cutoff", "l_cutoff"});
  FilterSpec f;
  f.s_cutoff_um = quantity(t, "s_cutoff", file, p, 0.0, 10000.0, "um");
  f.l_cutoff_um = quantity(t, "l_cutoff", file, p, 0.0, 100000.0, "um");
  if (f.l_cutoff_um > 0.0 && f.l_cutoff_um <= f.s_cutoff_um) {
    fail_value(
        file, p + "l_cutoff", f.l_cutoff_um,
        fmt::format("must be 0 (off) or longer than {}s_cutoff ({:g} um)", p, f.s_cutoff_um));
  }
  return f;
}

void read_grade(const toml::table& root, const std::string& file, GradeThresholds& g) {
  const std::string p = "grade.";
  const toml::table& t = sub_table(root, "grade", file, "", "a table [grade]");
  check_keys(t, file, p,
             {"contour_depth", "obvious_depth", "obvious_area_fraction", "deep_boxcar_depth"});
  g.contour_depth_um = quantity(t, "contour_depth", file, p, 1.0, 5000.0, "um");
  g.obvious_depth_um = quantity(t, "obvious_depth", file, p, 1.0, 5000.0, "um");
  g.obvious_area_fraction = quantity(t, "obvious_area_fraction", file, p, 0.0, 1.0, "1");
  g.deep_boxcar_depth_um = quantity(t, "deep_boxcar_depth", file, p, 1.0, 5000.0, "um");
  if (g.obvious_depth_um < g.contour_depth_um) {
    fail_value(file, "grade.obvious_depth", g.obvious_depth_um,
               fmt::format("must be at least grade.contour_depth ({:g} um)", g.contour_depth_um));
  }
}

void read_scan_lesions(const toml::table& root, const std::string& file, ScanLesionSpec& s) {
  const std::string p = "scan_lesions.";
  const toml::table& t = sub_table(root, "scan_lesions", file, "", "a table [scan_lesions]");
  check_keys(t, file, p,
             {"reference_cutoff", "contour_depth", "min_area", "max_growth_fraction",
              "icepick_max_width", "icepick_min_depth_ratio", "boxcar_min_fill"});
  s.reference_cutoff_um = quantity(t, "reference_cutoff", file, p, 100.0, 1000000.0, "um");
  s.contour_depth_um = quantity(t, "contour_depth", file, p, 1.0, 5000.0, "um");
  s.min_area_mm2 = quantity(t, "min_area", file, p, 1e-6, 10000.0, "mm2");
  s.max_growth_fraction = quantity(t, "max_growth_fraction", file, p, 0.0, 100.0, "1");
  s.icepick_max_width_um = quantity(t, "icepick_max_width", file, p, 1.0, 100000.0, "um");
  s.icepick_min_depth_ratio = quantity(t, "icepick_min_depth_ratio", file, p, 1e-6, 100.0, "1");
  s.boxcar_min_fill = quantity(t, "boxcar_min_fill", file, p, 0.01, 0.99, "1");
}

}  // namespace

SurfaceData read_surface_data(const std::filesystem::path& data_dir) {
  return read_surface_data_file(data_dir / "surface" / "surface.toml");
}

SurfaceData read_surface_data_file(const std::filesystem::path& path) {
  const std::string file = path.string();
  const toml::table root = detail::parse_toml_file(path);
  check_keys(root, file, "",
             {"patch", "microrelief", "fine_lines", "filters", "profile", "measures", "grade",
              "scan_lesions"});
  SurfaceData data;
  read_patch(root, file, data.spec);
  read_microrelief(root, file, data.spec);
  read_fine_lines(root, file, data.spec);

  const toml::table& filters = sub_table(root, "filters", file, "", "a table [filters]");
  check_keys(filters, file, "filters.", {"texture", "contour"});
  data.texture_filter = read_filter(filters, "texture", file);
  data.contour_filter = read_filter(filters, "contour", file);

  const toml::table& profile = sub_table(root, "profile", file, "", "a table [profile]");
  check_keys(profile, file, "profile.", {"cutoff"});
  data.profile_cutoff_um = quantity(profile, "cutoff", file, "profile.", 1.0, 100000.0, "um");
  if (data.profile_cutoff_um > units::mm_to_um(data.spec.patch_mm)) {
    fail_value(file, "profile.cutoff", data.profile_cutoff_um,
               fmt::format("must fit in the {:g} mm patch (one sampling length at least)",
                           data.spec.patch_mm));
  }

  const toml::table& measures = sub_table(root, "measures", file, "", "a table [measures]");
  check_keys(measures, file, "measures.", {"ring_width_fraction"});
  data.measures.ring_width_fraction =
      quantity(measures, "ring_width_fraction", file, "measures.", 0.01, 10.0, "1");

  read_grade(root, file, data.grade);
  read_scan_lesions(root, file, data.scan_lesions);
  return data;
}

}  // namespace citsim
