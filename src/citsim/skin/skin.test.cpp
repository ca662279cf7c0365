// The mechanics of build_skin on a synthetic atlas with round numbers. The
// checks against published figures use the real atlas and live in
// src/citsim/skin/atlas_reader.test.cpp.
#include "citsim/skin/skin.hpp"

#include <gtest/gtest.h>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

SkinAtlas synthetic_atlas() {
  SkinAtlas atlas;
  for (Zone zone : kAllZones) {
    ZoneAnatomy a;
    a.zone = zone;
    a.reference.thickness_um = {10.0, 50.0, 200.0, 1800.0, 5000.0};
    a.male_dermis_factor = 1.25;
    a.source = "synthetic";
    atlas.zones.push_back(a);
  }
  SkinModifiers& m = atlas.modifiers;
  m.reference_age_years = 30.0;
  m.dermis_change_per_decade = -0.06;
  m.epidermis_change_per_decade_female = -0.05;
  m.epidermis_change_per_decade_male = -0.07;
  m.collagen_change_per_decade = -0.06;
  m.elastin_change_per_decade = 0.0;
  m.collagen_III_fraction_young = 0.2;
  m.collagen_III_fraction_change_per_decade = -0.01;
  m.phototype_dermis_factor = {1.0, 1.0, 1.0, 1.0, 1.1, 1.2};
  m.phototype_stratum_corneum_factor = {1.0, 1.0, 1.0, 1.0, 1.0, 1.5};
  atlas.reference_matrix = {0.6, 0.15, 0.03};
  atlas.plexus_depth_below_epidermis_um = 150.0;
  return atlas;
}

Patient patient(int age_years, Sex sex, int fitzpatrick = 2) {
  Patient p;
  p.age_years = age_years;
  p.sex = sex;
  p.fitzpatrick = fitzpatrick;
  return p;
}

TEST(BuildSkin, AtReferenceAgeFemaleReturnsTheReference) {
  const SkinAtlas atlas = synthetic_atlas();
  const SkinColumn c = build_skin(atlas, Zone::cheek, patient(30, Sex::female));
  EXPECT_EQ(c.zone, Zone::cheek);
  for (Layer layer : kAllLayers) {
    EXPECT_DOUBLE_EQ(c.layers.thickness(layer), atlas.zones[3].reference.thickness(layer));
  }
  EXPECT_DOUBLE_EQ(c.matrix.collagen_I + c.matrix.collagen_III, 0.75);
  EXPECT_DOUBLE_EQ(c.matrix.collagen_III, 0.75 * 0.2);
  EXPECT_DOUBLE_EQ(c.plexus_depth_um, 60.0 + 150.0);
}

// Linear in decades (a regression line), not compounding: 4 decades at
// -6 %/decade take 24 % off.
TEST(BuildSkin, DermisAgesLinearlyPerDecade) {
  const SkinAtlas atlas = synthetic_atlas();
  const SkinColumn young = build_skin(atlas, Zone::back, patient(30, Sex::female));
  const SkinColumn old = build_skin(atlas, Zone::back, patient(70, Sex::female));
  EXPECT_NEAR(old.layers.dermis_um() / young.layers.dermis_um(), 0.76, 1e-12);
  EXPECT_NEAR(old.layers.thickness(Layer::viable_epidermis), 50.0 * 0.80, 1e-12);
  EXPECT_DOUBLE_EQ(old.layers.thickness(Layer::stratum_corneum), 10.0);
  EXPECT_DOUBLE_EQ(old.layers.thickness(Layer::hypodermis), 5000.0);
  EXPECT_NEAR(old.matrix.collagen_I + old.matrix.collagen_III, 0.75 * 0.76, 1e-12);
  EXPECT_NEAR(old.matrix.collagen_III / (old.matrix.collagen_I + old.matrix.collagen_III), 0.16,
              1e-12);
}

TEST(BuildSkin, OlderNeverThickerDermis) {
  const SkinAtlas atlas = synthetic_atlas();
  double previous = 1e300;
  for (int age = 18; age <= 100; ++age) {
    const double d = build_skin(atlas, Zone::neck, patient(age, Sex::male)).layers.dermis_um();
    EXPECT_LE(d, previous);
    EXPECT_GT(d, 0.0);
    previous = d;
  }
}

TEST(BuildSkin, MenGetTheZoneDermisFactorAndTheirEpidermisRate) {
  const SkinAtlas atlas = synthetic_atlas();
  const SkinColumn f = build_skin(atlas, Zone::cheek, patient(50, Sex::female));
  const SkinColumn m = build_skin(atlas, Zone::cheek, patient(50, Sex::male));
  EXPECT_NEAR(m.layers.dermis_um() / f.layers.dermis_um(), 1.25, 1e-12);
  EXPECT_NEAR(m.layers.thickness(Layer::viable_epidermis), 50.0 * (1 - 0.14), 1e-12);
  EXPECT_NEAR(f.layers.thickness(Layer::viable_epidermis), 50.0 * (1 - 0.10), 1e-12);
}

TEST(BuildSkin, PhototypeScalesDermisAndStratumCorneum) {
  const SkinAtlas atlas = synthetic_atlas();
  const SkinColumn vi = build_skin(atlas, Zone::chin, patient(30, Sex::female, 6));
  EXPECT_NEAR(vi.layers.dermis_um(), 2000.0 * 1.2, 1e-9);
  EXPECT_NEAR(vi.layers.thickness(Layer::stratum_corneum), 15.0, 1e-12);
}

TEST(BuildSkin, PlexusStaysWithinThePapillaryDermis) {
  SkinAtlas atlas = synthetic_atlas();
  atlas.plexus_depth_below_epidermis_um = 400.0;  // deeper than the 200 um papillary dermis
  const SkinColumn c = build_skin(atlas, Zone::forehead, patient(30, Sex::female));
  EXPECT_DOUBLE_EQ(c.plexus_depth_um, c.layers.bottom_um(Layer::papillary_dermis));
  for (int age : {20, 45, 80}) {
    const SkinColumn a = build_skin(synthetic_atlas(), Zone::forehead, patient(age, Sex::male, 4));
    EXPECT_GT(a.plexus_depth_um, a.layers.epidermis_um());
    EXPECT_LE(a.plexus_depth_um, a.layers.bottom_um(Layer::papillary_dermis));
  }
}

TEST(BuildSkin, MissingZoneThrowsNamingIt) {
  SkinAtlas atlas = synthetic_atlas();
  atlas.zones.pop_back();  // scalp
  try {
    build_skin(atlas, Zone::scalp, patient(30, Sex::female));
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("scalp"), std::string::npos) << e.what();
  }
}

TEST(BuildSkin, AgeBeyondTheAgeingModelThrows) {
  const SkinAtlas atlas = synthetic_atlas();
  EXPECT_THROW(build_skin(atlas, Zone::cheek, patient(250, Sex::male)), Error);
}

}  // namespace
}  // namespace citsim
