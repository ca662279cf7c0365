// The skin column of one patient at one zone, from the zone atlas.
#include "citsim/skin/skin.hpp"

#include <algorithm>
#include <cstddef>
#include <string>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

const ZoneAnatomy& find_zone(const SkinAtlas& atlas, Zone zone) {
  for (const ZoneAnatomy& anatomy : atlas.zones) {
    if (anatomy.zone == zone) return anatomy;
  }
  throw Error("skin atlas: zone " + std::string(to_string(zone)) +
              " is missing: data/skin/zones.toml must describe every zone");
}

/// 1 + change_per_decade * decades; throws if that leaves no tissue.
double age_factor(double change_per_decade, double decades, const Patient& patient,
                  const char* what) {
  const double factor = 1.0 + change_per_decade * decades;
  if (!(factor > 0.0)) {
    throw Error("skin model: patient.age_years = " + std::to_string(patient.age_years) +
                ": outside the ages the " + what + " ageing rate covers");
  }
  return factor;
}

}  // namespace

SkinColumn build_skin(const SkinAtlas& atlas, Zone zone, const Patient& patient) {
  const ZoneAnatomy& anatomy = find_zone(atlas, zone);
  const SkinModifiers& m = atlas.modifiers;
  CITSIM_ASSERT(patient.fitzpatrick >= 1 && patient.fitzpatrick <= 6,
                "phototype is validated where the case is read");
  const auto phototype = static_cast<std::size_t>(patient.fitzpatrick - 1);
  const bool male = patient.sex == Sex::male;
  const double decades = (patient.age_years - m.reference_age_years) / 10.0;

  const double dermis_scale = age_factor(m.dermis_change_per_decade, decades, patient, "dermis") *
                              (male ? anatomy.male_dermis_factor : 1.0) *
                              m.phototype_dermis_factor[phototype];
  const double epidermis_scale =
      age_factor(male ? m.epidermis_change_per_decade_male : m.epidermis_change_per_decade_female,
                 decades, patient, "epidermis");
  const double corneum_scale = m.phototype_stratum_corneum_factor[phototype];

  SkinColumn column;
  column.zone = zone;
  auto& t = column.layers.thickness_um;
  const auto& ref = anatomy.reference.thickness_um;
  auto at = [](Layer layer) { return static_cast<std::size_t>(layer); };
  t[at(Layer::stratum_corneum)] = ref[at(Layer::stratum_corneum)] * corneum_scale;
  t[at(Layer::viable_epidermis)] = ref[at(Layer::viable_epidermis)] * epidermis_scale;
  t[at(Layer::papillary_dermis)] = ref[at(Layer::papillary_dermis)] * dermis_scale;
  t[at(Layer::reticular_dermis)] = ref[at(Layer::reticular_dermis)] * dermis_scale;
  t[at(Layer::hypodermis)] = ref[at(Layer::hypodermis)];

  const MatrixComposition& ref_matrix = atlas.reference_matrix;
  const double collagen = (ref_matrix.collagen_I + ref_matrix.collagen_III) *
                          age_factor(m.collagen_change_per_decade, decades, patient, "collagen");
  const double fraction_III = std::clamp(
      m.collagen_III_fraction_young + m.collagen_III_fraction_change_per_decade * decades, 0.0,
      1.0);
  column.matrix.collagen_I = collagen * (1.0 - fraction_III);
  column.matrix.collagen_III = collagen * fraction_III;
  column.matrix.elastin =
      ref_matrix.elastin * age_factor(m.elastin_change_per_decade, decades, patient, "elastin");

  const double plexus_below_epidermis_um =
      std::min(atlas.plexus_depth_below_epidermis_um * dermis_scale,
               column.layers.thickness(Layer::papillary_dermis));
  column.plexus_depth_um = column.layers.epidermis_um() + plexus_below_epidermis_um;
  column.redness_resolution = anatomy.redness_resolution;
  return column;
}

}  // namespace citsim
