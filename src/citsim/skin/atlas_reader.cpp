// Reader of data/skin/: zone thicknesses, modifiers and lesion shapes, every
// value checked for range, unit and source where it is read.
#include "citsim/skin/atlas_reader.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "citsim/core/error.hpp"
#include "citsim/core/toml_fields.hpp"

namespace citsim {
namespace {

using detail::check_keys;
using detail::sub_table;
using detail::TableReader;

/// A non-empty string value of `table` (a source or summary).
std::string text(const toml::table& table, std::string_view key, const std::string& file,
                 const std::string& prefix) {
  const toml::node* node = table.get(key);
  if (node == nullptr) {
    throw Error(
        fmt::format("{}: {}{} is missing: a non-empty text is required", file, prefix, key));
  }
  const auto* value = node->as_string();
  if (value == nullptr || value->get().empty()) {
    throw Error(fmt::format("{}: {}{} = {}: must be a non-empty text", file, prefix, key,
                            detail::describe(*node)));
  }
  return value->get();
}

/// Checks the optional `range = [low, high]` of a quantity: two numbers in
/// [lo, hi] with low <= every value <= high.
void check_range(const toml::table& table, const std::string& file, const std::string& prefix,
                 const std::vector<double>& values, double lo, double hi, std::string_view unit) {
  const toml::node* node = table.get("range");
  if (node == nullptr) return;
  const std::string allowed =
      fmt::format("[low, high] with {:g} <= low <= value <= high <= {:g}{}{}", lo, hi,
                  unit.empty() ? "" : " ", unit);
  const toml::array* range = node->as_array();
  std::array<double, 2> bounds{};
  bool ok = range != nullptr && range->size() == 2;
  for (std::size_t i = 0; ok && i < 2; ++i) {
    const auto x = (*range)[i].value<double>();
    ok = x.has_value() && *x >= lo && *x <= hi;
    if (ok) bounds[i] = *x;
  }
  if (!ok) {
    throw Error(fmt::format("{}: {}range = {}: must be {}", file, prefix, detail::describe(*node),
                            allowed));
  }
  for (double v : values) {
    if (v < bounds[0] || v > bounds[1]) {
      throw Error(fmt::format("{}: {}range = [{:g}, {:g}]: must contain the value {:g}: {}", file,
                              prefix, bounds[0], bounds[1], v, allowed));
    }
  }
}

/// Reads `key = { value, unit, source, range }` with a scalar value in [lo, hi].
double quantity(const toml::table& parent, std::string_view key, const std::string& file,
                const std::string& prefix, double lo, double hi, std::string_view unit) {
  const std::string here = prefix + std::string(key) + ".";
  const toml::table& table = sub_table(
      parent, key, file, prefix, fmt::format("a table {{ value, unit = \"{}\", source }}", unit));
  check_keys(table, file, here, {"value", "unit", "source", "range"});
  TableReader q(table, file, here);
  const double value = q.number("value", lo, hi, unit);
  q.choice("unit", {std::string(unit)});
  text(table, "source", file, here);
  check_range(table, file, here, {value}, lo, hi, unit);
  return value;
}

/// Reads `key = { value = [6 numbers], unit, source, range }`, one per phototype.
std::array<double, 6> phototype_quantity(const toml::table& parent, std::string_view key,
                                         const std::string& file, const std::string& prefix,
                                         double lo, double hi) {
  const std::string here = prefix + std::string(key) + ".";
  const toml::table& table =
      sub_table(parent, key, file, prefix, "a table { value = [6 numbers], unit = \"1\", source }");
  check_keys(table, file, here, {"value", "unit", "source", "range"});
  TableReader q(table, file, here);
  const std::string what = fmt::format(
      "an array of 6 numbers between {:g} and {:g}, one per Fitzpatrick phototype I..VI", lo, hi);
  const toml::node* node = table.get("value");
  if (node == nullptr) q.fail_missing("value", what + " is required");
  const toml::array* array = node->as_array();
  if (array == nullptr || array->size() != 6) q.fail("value", what);
  std::array<double, 6> values{};
  for (std::size_t i = 0; i < 6; ++i) {
    const auto x = (*array)[i].value<double>();
    if (!x || *x < lo || *x > hi) q.fail("value", what);
    values[i] = *x;
  }
  q.choice("unit", {"1"});
  text(table, "source", file, here);
  check_range(table, file, here, {values.begin(), values.end()}, lo, hi, "");
  return values;
}

constexpr double kMaxThicknessUm = 50000.0;

void read_zones(const std::filesystem::path& path, SkinAtlas& atlas) {
  const std::string file = path.string();
  const toml::table root = detail::parse_toml_file(path);
  check_keys(root, file, "", {"reference_age_years", "zones"});
  atlas.modifiers.reference_age_years =
      quantity(root, "reference_age_years", file, "", 18.0, 90.0, "years");

  const toml::table& zones = sub_table(root, "zones", file, "", "a table of zones");
  std::vector<std::string> names;
  for (Zone zone : kAllZones) names.emplace_back(to_string(zone));
  check_keys(zones, file, "zones.", names);

  struct LayerLimits {
    Layer layer;
    double lo_um;
    double hi_um;
  };
  constexpr std::array<LayerLimits, kLayerCount> kLimits = {{
      {Layer::stratum_corneum, 1.0, 200.0},
      {Layer::viable_epidermis, 10.0, 500.0},
      {Layer::papillary_dermis, 10.0, 1000.0},
      {Layer::reticular_dermis, 100.0, 6000.0},
      {Layer::hypodermis, 0.0, kMaxThicknessUm},
  }};

  atlas.zones.clear();
  for (Zone zone : kAllZones) {
    const std::string name(to_string(zone));
    const std::string prefix = "zones." + name + ".";
    const toml::table& table = sub_table(zones, name, file, "zones.",
                                         "a table of the zone's layers (every zone is required)");
    std::vector<std::string> keys = {"summary", "male_dermis_factor"};
    for (Layer layer : kAllLayers) keys.emplace_back(to_string(layer));
    check_keys(table, file, prefix, keys);

    ZoneAnatomy anatomy;
    anatomy.zone = zone;
    anatomy.source = text(table, "summary", file, prefix);
    for (const LayerLimits& limits : kLimits) {
      anatomy.reference.thickness_um[static_cast<std::size_t>(limits.layer)] =
          quantity(table, to_string(limits.layer), file, prefix, limits.lo_um, limits.hi_um, "um");
    }
    anatomy.male_dermis_factor = quantity(table, "male_dermis_factor", file, prefix, 0.5, 2.0, "1");
    atlas.zones.push_back(std::move(anatomy));
  }
}

void read_modifiers(const std::filesystem::path& path, SkinAtlas& atlas) {
  const std::string file = path.string();
  const toml::table root = detail::parse_toml_file(path);
  check_keys(root, file, "", {"ageing", "matrix", "phototype", "vascular"});
  SkinModifiers& m = atlas.modifiers;
  constexpr std::string_view kPerDecade = "fraction per decade";

  const toml::table& ageing = sub_table(root, "ageing", file, "", "a table of ageing rates");
  const std::string a = "ageing.";
  check_keys(ageing, file, a,
             {"dermis_change_per_decade", "epidermis_change_per_decade_female",
              "epidermis_change_per_decade_male", "collagen_change_per_decade",
              "elastin_change_per_decade", "collagen_III_fraction_change_per_decade"});
  m.dermis_change_per_decade =
      quantity(ageing, "dermis_change_per_decade", file, a, -0.5, 0.5, kPerDecade);
  m.epidermis_change_per_decade_female =
      quantity(ageing, "epidermis_change_per_decade_female", file, a, -0.5, 0.5, kPerDecade);
  m.epidermis_change_per_decade_male =
      quantity(ageing, "epidermis_change_per_decade_male", file, a, -0.5, 0.5, kPerDecade);
  m.collagen_change_per_decade =
      quantity(ageing, "collagen_change_per_decade", file, a, -0.5, 0.5, kPerDecade);
  m.elastin_change_per_decade =
      quantity(ageing, "elastin_change_per_decade", file, a, -0.5, 0.5, kPerDecade);
  m.collagen_III_fraction_change_per_decade =
      quantity(ageing, "collagen_III_fraction_change_per_decade", file, a, -0.2, 0.2, kPerDecade);

  const toml::table& matrix = sub_table(root, "matrix", file, "", "a table of matrix fractions");
  const std::string x = "matrix.";
  check_keys(matrix, file, x, {"collagen_fraction", "collagen_III_fraction", "elastin_fraction"});
  constexpr std::string_view kOfDermis = "fraction of dermis (dry weight)";
  const double collagen = quantity(matrix, "collagen_fraction", file, x, 0.0, 1.0, kOfDermis);
  const double fraction_III =
      quantity(matrix, "collagen_III_fraction", file, x, 0.0, 1.0, "fraction of collagen");
  const double elastin = quantity(matrix, "elastin_fraction", file, x, 0.0, 1.0, kOfDermis);
  if (collagen + elastin > 1.0) {
    throw Error(
        fmt::format("{}: matrix.elastin_fraction = {:g}: must be at most {:g} "
                    "(1 - matrix.collagen_fraction)",
                    file, elastin, 1.0 - collagen));
  }
  atlas.reference_matrix.collagen_I = collagen * (1.0 - fraction_III);
  atlas.reference_matrix.collagen_III = collagen * fraction_III;
  atlas.reference_matrix.elastin = elastin;
  m.collagen_III_fraction_young = fraction_III;

  const toml::table& phototype =
      sub_table(root, "phototype", file, "", "a table of phototype factors");
  const std::string p = "phototype.";
  check_keys(phototype, file, p, {"dermis_factor", "stratum_corneum_factor"});
  m.phototype_dermis_factor = phototype_quantity(phototype, "dermis_factor", file, p, 0.5, 2.0);
  m.phototype_stratum_corneum_factor =
      phototype_quantity(phototype, "stratum_corneum_factor", file, p, 0.5, 2.0);

  const toml::table& vascular = sub_table(root, "vascular", file, "", "a table of vascular depths");
  check_keys(vascular, file, "vascular.", {"plexus_depth_below_epidermis"});
  atlas.plexus_depth_below_epidermis_um =
      quantity(vascular, "plexus_depth_below_epidermis", file, "vascular.", 10.0, 2000.0, "um");
}

void read_lesions(const std::filesystem::path& path, SkinAtlas& atlas) {
  const std::string file = path.string();
  const toml::table root = detail::parse_toml_file(path);
  check_keys(root, file, "", {"shape"});
  const toml::table& shape = sub_table(root, "shape", file, "", "a table of profile shapes");
  const std::string s = "shape.";
  check_keys(shape, file, s, {"icepick_taper_exponent", "boxcar_wall_exponent"});
  atlas.lesion_shape.icepick_taper_exponent =
      quantity(shape, "icepick_taper_exponent", file, s, 1.0, 10.0, "1");
  atlas.lesion_shape.boxcar_wall_exponent =
      quantity(shape, "boxcar_wall_exponent", file, s, 2.0, 100.0, "1");
}

}  // namespace

SkinAtlas read_skin_atlas(const std::filesystem::path& data_dir) {
  SkinAtlas atlas;
  const std::filesystem::path skin = data_dir / "skin";
  read_zones(skin / "zones.toml", atlas);
  read_modifiers(skin / "modifiers.toml", atlas);
  read_lesions(skin / "lesions.toml", atlas);
  return atlas;
}

}  // namespace citsim
