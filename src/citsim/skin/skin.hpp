// Layered skin for one patient at one body zone: thicknesses, matrix and the
// vascular plexus, built from the zone atlas in data/skin/.
//
//   SkinAtlas atlas = read_skin_atlas(data_dir);          // citsim/skin/atlas_reader.hpp
//   SkinColumn col = build_skin(atlas, Zone::cheek, patient);
//   col.layers.dermis_um();  col.plexus_depth_um;
#pragma once

#include <array>
#include <string>
#include <vector>

#include "citsim/skin/layers.hpp"
#include "citsim/skin/patient.hpp"
#include "citsim/skin/scar.hpp"
#include "citsim/skin/zone.hpp"

namespace citsim {

/// Dermal matrix composition as fractions of dermis (0..1): the quantities the
/// healing engine starts from. The atlas values are dry-weight fractions used
/// as a proxy for histological area fractions (data/skin/modifiers.toml).
struct MatrixComposition {
  double collagen_I = 0.0;
  double collagen_III = 0.0;
  double elastin = 0.0;
};

/// One zone's reference anatomy, for the reference age and sex of the atlas.
struct ZoneAnatomy {
  Zone zone = Zone::cheek;
  LayerStack reference;             ///< at the atlas reference age, female
  double male_dermis_factor = 1.0;  ///< male / female dermal thickness
  /// How fast the redness after an injury fades here, relative to the
  /// face (1): the rates of the signal and of the perfusion it drives.
  double redness_resolution = 1.0;
  std::string source;  ///< where the thicknesses come from
};

/// How skin changes with age, sex and phototype; every number from data/skin/.
/// Age changes are linear in decades from the reference age, relative to the
/// reference value: factor = 1 + change_per_decade * (age - reference) / 10.
struct SkinModifiers {
  double reference_age_years = 30.0;        ///< age of the atlas thicknesses
  double dermis_change_per_decade = -0.06;  ///< fraction per decade
  double epidermis_change_per_decade_female = -0.057;
  double epidermis_change_per_decade_male = -0.072;
  double collagen_change_per_decade = -0.06;  ///< dermal collagen density
  double elastin_change_per_decade = 0.0;
  double collagen_III_fraction_young = 0.2;  ///< III / (I + III)
  double collagen_III_fraction_change_per_decade = 0.0;
  /// Dermal thickness factor by Fitzpatrick phototype 1..6 (index 0..5).
  std::array<double, 6> phototype_dermis_factor{1, 1, 1, 1, 1, 1};
  /// Stratum corneum thickness factor by phototype 1..6.
  std::array<double, 6> phototype_stratum_corneum_factor{1, 1, 1, 1, 1, 1};
};

struct SkinAtlas {
  std::vector<ZoneAnatomy> zones;  ///< one per Zone
  SkinModifiers modifiers;
  MatrixComposition reference_matrix;            ///< papillary+reticular, at the reference age
  double plexus_depth_below_epidermis_um = 0.0;  ///< superficial vascular plexus, reference dermis
  LesionShape lesion_shape;                      ///< shape constants of scar and striae profiles
};

/// The skin column of one patient at one zone.
struct SkinColumn {
  Zone zone = Zone::cheek;
  LayerStack layers;
  MatrixComposition matrix;         ///< at the patient's age
  double plexus_depth_um = 0.0;     ///< depth of the papillary vascular plexus below the surface
  double redness_resolution = 1.0;  ///< the zone's (ZoneAnatomy)
};

/// Builds the patient's skin at `zone` from the atlas: reference thicknesses
/// scaled for age, sex and phototype.
///   stratum corneum  x phototype SC factor (no age change: Egawa 2007, Sandby-Moller 2003)
///   viable epidermis x age factor (sex-specific rate)
///   dermis (both)    x age factor x male dermis factor (men) x phototype dermis factor
///   hypodermis       unchanged (no usable age or sex data; see docs/skin.md)
/// The plexus lies `plexus_depth_below_epidermis_um` (scaled like the dermis)
/// below the epidermis, but never below the papillary dermis, whose lower
/// limit it marks. Throws Error if the atlas lacks the zone or the patient's
/// age takes an age factor to zero or below.
SkinColumn build_skin(const SkinAtlas& atlas, Zone zone, const Patient& patient);

}  // namespace citsim
