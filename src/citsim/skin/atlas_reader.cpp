// Reader of data/skin/: zone thicknesses, modifiers and lesion shapes, every
// value checked for range, unit and source where it is read.
#include "citsim/skin/atlas_reader.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "citsim/core/error.hpp"
#include "citsim/core/toml_fields.hpp"

namespace citsim {
namespace {

using detail::SourcedRule;
using detail::TableReader;

double quantity(TableReader& parent, std::string_view key, double lo, double hi,
                std::string_view unit) {
  return detail::sourced_number(parent, key, lo, hi, unit);
}

/// Reads `key = { value = [6 numbers], unit = "1", source, range }`, one per phototype.
std::array<double, 6> phototype_quantity(TableReader& parent, std::string_view key, double lo,
                                         double hi) {
  const auto q = detail::read_sourced(
      parent, key, SourcedRule{.lo = lo, .hi = hi, .unit = "1", .per_phototype = true});
  std::array<double, 6> values{};
  std::copy(q.values.begin(), q.values.end(), values.begin());
  return values;
}

constexpr double kMaxThicknessUm = 50000.0;

void read_zones(const std::filesystem::path& path, SkinAtlas& atlas) {
  const toml::table root_table = detail::parse_toml_file(path);
  TableReader root(root_table, path.string(), "");
  root.only({"reference_age_years", "zones"});
  atlas.modifiers.reference_age_years = quantity(root, "reference_age_years", 18.0, 90.0, "years");

  TableReader zones = root.child("zones", "a table of zones");
  std::vector<std::string> names;
  for (Zone zone : kAllZones) names.emplace_back(to_string(zone));
  zones.only(names);

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
    TableReader table =
        zones.child(to_string(zone), "a table of the zone's layers (every zone is required)");
    std::vector<std::string> keys = {"summary", "male_dermis_factor", "redness_resolution"};
    for (Layer layer : kAllLayers) keys.emplace_back(to_string(layer));
    table.only(keys);

    ZoneAnatomy anatomy;
    anatomy.zone = zone;
    anatomy.source = table.text("summary");
    for (const LayerLimits& limits : kLimits) {
      anatomy.reference.thickness_um[static_cast<std::size_t>(limits.layer)] =
          quantity(table, to_string(limits.layer), limits.lo_um, limits.hi_um, "um");
    }
    anatomy.male_dermis_factor = quantity(table, "male_dermis_factor", 0.5, 2.0, "1");
    anatomy.redness_resolution = quantity(table, "redness_resolution", 0.1, 2.0, "1");
    atlas.zones.push_back(std::move(anatomy));
  }
}

void read_modifiers(const std::filesystem::path& path, SkinAtlas& atlas) {
  const std::string file = path.string();
  const toml::table root_table = detail::parse_toml_file(path);
  TableReader root(root_table, file, "");
  root.only({"ageing", "matrix", "phototype", "vascular"});
  SkinModifiers& m = atlas.modifiers;
  constexpr std::string_view kPerDecade = "fraction per decade";

  TableReader ageing = root.child("ageing", "a table of ageing rates");
  ageing.only({"dermis_change_per_decade", "epidermis_change_per_decade_female",
               "epidermis_change_per_decade_male", "collagen_change_per_decade",
               "elastin_change_per_decade", "collagen_III_fraction_change_per_decade"});
  m.dermis_change_per_decade = quantity(ageing, "dermis_change_per_decade", -0.5, 0.5, kPerDecade);
  m.epidermis_change_per_decade_female =
      quantity(ageing, "epidermis_change_per_decade_female", -0.5, 0.5, kPerDecade);
  m.epidermis_change_per_decade_male =
      quantity(ageing, "epidermis_change_per_decade_male", -0.5, 0.5, kPerDecade);
  m.collagen_change_per_decade =
      quantity(ageing, "collagen_change_per_decade", -0.5, 0.5, kPerDecade);
  m.elastin_change_per_decade =
      quantity(ageing, "elastin_change_per_decade", -0.5, 0.5, kPerDecade);
  m.collagen_III_fraction_change_per_decade =
      quantity(ageing, "collagen_III_fraction_change_per_decade", -0.2, 0.2, kPerDecade);

  TableReader matrix = root.child("matrix", "a table of matrix fractions");
  matrix.only({"collagen_fraction", "collagen_III_fraction", "elastin_fraction"});
  constexpr std::string_view kOfDermis = "fraction of dermis (dry weight)";
  const double collagen = quantity(matrix, "collagen_fraction", 0.0, 1.0, kOfDermis);
  const double fraction_III =
      quantity(matrix, "collagen_III_fraction", 0.0, 1.0, "fraction of collagen");
  const double elastin = quantity(matrix, "elastin_fraction", 0.0, 1.0, kOfDermis);
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

  TableReader phototype = root.child("phototype", "a table of phototype factors");
  phototype.only({"dermis_factor", "stratum_corneum_factor"});
  m.phototype_dermis_factor = phototype_quantity(phototype, "dermis_factor", 0.5, 2.0);
  m.phototype_stratum_corneum_factor =
      phototype_quantity(phototype, "stratum_corneum_factor", 0.5, 2.0);

  TableReader vascular = root.child("vascular", "a table of vascular depths");
  vascular.only({"plexus_depth_below_epidermis"});
  atlas.plexus_depth_below_epidermis_um =
      quantity(vascular, "plexus_depth_below_epidermis", 10.0, 2000.0, "um");
}

void read_lesions(const std::filesystem::path& path, SkinAtlas& atlas) {
  const toml::table root_table = detail::parse_toml_file(path);
  TableReader root(root_table, path.string(), "");
  root.only({"shape"});
  TableReader shape = root.child("shape", "a table of profile shapes");
  shape.only({"icepick_taper_exponent", "boxcar_wall_exponent"});
  atlas.lesion_shape.icepick_taper_exponent =
      quantity(shape, "icepick_taper_exponent", 1.0, 10.0, "1");
  atlas.lesion_shape.boxcar_wall_exponent =
      quantity(shape, "boxcar_wall_exponent", 2.0, 100.0, "1");
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
