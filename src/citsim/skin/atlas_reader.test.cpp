// The real skin atlas against published figures, and the reader's messages
// for bad files.
#include "citsim/skin/atlas_reader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "citsim/core/data_folder_fixture.hpp"
#include "citsim/core/error.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;

const SkinAtlas& real_atlas() {
  static const SkinAtlas atlas = read_skin_atlas(CITSIM_TEST_DATA_DIR);
  return atlas;
}

Patient patient(int age_years, Sex sex, int fitzpatrick = 3) {
  Patient p;
  p.age_years = age_years;
  p.sex = sex;
  p.fitzpatrick = fitzpatrick;
  return p;
}

double skin_mm(Zone zone, const Patient& p) {  // epidermis + dermis, as HFUS reports it
  const SkinColumn c = build_skin(real_atlas(), zone, p);
  return (c.layers.epidermis_um() + c.layers.dermis_um()) / 1000.0;
}

double dermis_um(Zone zone, const Patient& p) {
  return build_skin(real_atlas(), zone, p).layers.dermis_um();
}

TEST(SkinAtlasData, HasEveryZoneOnceWithPositiveLayers) {
  const SkinAtlas& atlas = real_atlas();
  ASSERT_EQ(atlas.zones.size(), kAllZones.size());
  for (std::size_t i = 0; i < kAllZones.size(); ++i) {
    EXPECT_EQ(atlas.zones[i].zone, kAllZones[i]);
    EXPECT_FALSE(atlas.zones[i].source.empty());
    for (Layer layer : kAllLayers) EXPECT_GT(atlas.zones[i].reference.thickness(layer), 0.0);
  }
  EXPECT_DOUBLE_EQ(atlas.modifiers.reference_age_years, 25.0);
  EXPECT_NEAR(atlas.reference_matrix.collagen_I + atlas.reference_matrix.collagen_III, 0.75, 1e-12);
}

// 50 MHz HFUS facial skin study (calibration.csv), age 20-29: mean +/- SD.
TEST(SkinAtlasData, FacialFullThicknessAt25MatchesHfus50MHz) {
  EXPECT_NEAR(skin_mm(Zone::cheek, patient(25, Sex::female)), 1.90, 0.21);
  EXPECT_NEAR(skin_mm(Zone::cheek, patient(25, Sex::male)), 2.53, 0.26);
  EXPECT_NEAR(skin_mm(Zone::forehead, patient(25, Sex::female)), 1.86, 0.26);
  EXPECT_NEAR(skin_mm(Zone::forehead, patient(25, Sex::male)), 2.45, 0.37);
  EXPECT_NEAR(skin_mm(Zone::periorbital, patient(25, Sex::female)), 1.24, 0.25);
  EXPECT_NEAR(skin_mm(Zone::periorbital, patient(25, Sex::male)), 1.44, 0.16);
}

TEST(SkinAtlasData, MaleCheekThickerThanFemale) {  // HFUS 50 MHz; Meng 2022 BMC Med Imaging
  for (int age : {25, 45, 65}) {
    EXPECT_GT(skin_mm(Zone::cheek, patient(age, Sex::male)),
              skin_mm(Zone::cheek, patient(age, Sex::female)));
  }
}

// Gerontology 1990;36:28-35: dermis -6 %/decade, taken as linear in age.
TEST(SkinAtlasData, DermisAt70About24PercentThinnerThanAt30) {
  for (Sex sex : {Sex::female, Sex::male}) {
    const double ratio =
        dermis_um(Zone::cheek, patient(70, sex)) / dermis_um(Zone::cheek, patient(30, sex));
    EXPECT_NEAR(ratio, 0.76, 0.01);
  }
}

// Sibilla et al. (Reilly & Lozano 2021): collagen score 73.28 at 25-34 y, 55.30 at 65-74 y.
TEST(SkinAtlasData, CollagenAt70FallsAsTheSibillaScore) {
  auto collagen = [](int age) {
    const SkinColumn c = build_skin(real_atlas(), Zone::cheek, patient(age, Sex::female));
    return c.matrix.collagen_I + c.matrix.collagen_III;
  };
  EXPECT_NEAR(collagen(70) / collagen(30), 55.30 / 73.28, 0.02);
}

// Chopra 2015 and HFUS 50 MHz: the eyelid has the thinnest facial dermis.
TEST(SkinAtlasData, PeriorbitalHasTheThinnestFacialDermis) {
  const Patient p = patient(40, Sex::female);
  for (Zone zone : kAllZones) {
    if (zone != Zone::periorbital && is_facial(zone)) {
      EXPECT_LT(dermis_um(Zone::periorbital, p), dermis_um(zone, p)) << to_string(zone);
    }
  }
}

// Olsen 1995 (trunk thicker than face and limbs) and Gibney 2010. The thigh
// (Gibney 2010: 1.9 mm) is only thicker than the thinner facial zones.
TEST(SkinAtlasData, TrunkDermisThickerThanEveryFacialZone) {
  const Patient p = patient(40, Sex::female);
  for (Zone zone : kAllZones) {
    if (!is_facial(zone)) continue;
    for (Zone trunk : {Zone::back, Zone::hip, Zone::abdomen}) {
      EXPECT_GT(dermis_um(trunk, p), dermis_um(zone, p))
          << to_string(trunk) << " vs " << to_string(zone);
    }
  }
  EXPECT_GT(dermis_um(Zone::thigh, p), dermis_um(Zone::periorbital, p));
  EXPECT_GT(dermis_um(Zone::thigh, p), dermis_um(Zone::forehead, p));
}

// Chopra 2015 (29.6 um, thinnest) to Oltulu 2018 (267.4 um, thickest); Xu 2017
// pooled 99.75 um (95 % CI 83.25-116.25) for trunk and limbs. The face is thinner.
TEST(SkinAtlasData, EpidermisWithinPublishedRanges) {
  double body_sum = 0.0;
  int body_n = 0;
  for (Zone zone : kAllZones) {
    const double e = build_skin(real_atlas(), zone, patient(25, Sex::female)).layers.epidermis_um();
    EXPECT_GE(e, 29.6) << to_string(zone);
    EXPECT_LE(e, 267.4) << to_string(zone);
    if (!is_facial(zone) && zone != Zone::neck && zone != Zone::scalp) {
      body_sum += e;
      ++body_n;
    }
  }
  const double body_mean = body_sum / body_n;
  EXPECT_GE(body_mean, 83.25);
  EXPECT_LE(body_mean, 116.25);
}

TEST(SkinAtlasData, EveryPatientGetsAnOrderedPositiveColumn) {
  for (Zone zone : kAllZones) {
    for (int age = 18; age <= 95; age += 7) {
      for (Sex sex : {Sex::female, Sex::male}) {
        for (int type = 1; type <= 6; ++type) {
          const SkinColumn c = build_skin(real_atlas(), zone, patient(age, sex, type));
          for (Layer layer : kAllLayers) EXPECT_GT(c.layers.thickness(layer), 0.0);
          EXPECT_GT(c.plexus_depth_um, c.layers.epidermis_um());
          EXPECT_LE(c.plexus_depth_um, c.layers.bottom_um(Layer::papillary_dermis) + 1e-9);
          EXPECT_EQ(c.layers.layer_at(c.plexus_depth_um - 1.0), Layer::papillary_dermis);
          EXPECT_GT(c.matrix.collagen_I, c.matrix.collagen_III);
          EXPECT_GT(c.matrix.elastin, 0.0);
        }
      }
    }
  }
}

TEST(SkinAtlasData, LesionShapesAreRead) {
  EXPECT_DOUBLE_EQ(real_atlas().lesion_shape.icepick_taper_exponent, 1.0);
  EXPECT_DOUBLE_EQ(real_atlas().lesion_shape.boxcar_wall_exponent, 8.0);
}

// ---- bad files -------------------------------------------------------------

class BadSkinAtlas : public testing::DataFolderTest {
 protected:
  void SetUp() override { copy_data("skin", {"zones.toml", "modifiers.toml", "lesions.toml"}); }
  /// The message of the Error read_skin_atlas throws (fails if none).
  std::string error() const {
    return error_of([&] { read_skin_atlas(dir_); });
  }
};

#define EXPECT_HAS(message, part) \
  EXPECT_NE((message).find(part), std::string::npos) << "in: " << (message)

TEST_F(BadSkinAtlas, CopiedDataReads) { EXPECT_NO_THROW(read_skin_atlas(dir_)); }

TEST_F(BadSkinAtlas, MissingZoneIsNamed) {
  std::string text = read("zones.toml");
  text = text.substr(0, text.find("[zones.scalp]"));
  write("zones.toml", text);
  const std::string m = error();
  EXPECT_HAS(m, "zones.toml");
  EXPECT_HAS(m, "zones.scalp is missing");
}

TEST_F(BadSkinAtlas, OutOfRangeThicknessNamesFileKeyValueAndAllowed) {
  replace("zones.toml", "reticular_dermis = { value = 1590.0", "reticular_dermis = { value = -5.0");
  const std::string m = error();
  EXPECT_HAS(m, "zones.toml");
  EXPECT_HAS(m, "zones.cheek.reticular_dermis.value = -5");
  EXPECT_HAS(m, "between 100 and 6000 um");
}

TEST_F(BadSkinAtlas, WrongUnitIsRejected) {
  replace("zones.toml", "hypodermis = { value = 2000.0, unit = \"um\"",
          "hypodermis = { value = 2000.0, unit = \"mm\"");
  const std::string m = error();
  EXPECT_HAS(m, "zones.forehead.hypodermis.unit = \"mm\"");
  EXPECT_HAS(m, "\"um\"");
}

TEST_F(BadSkinAtlas, MissingSourceIsRejected) {
  replace("modifiers.toml", "unit = \"fraction per decade\", source = \"Gerontology",
          "unit = \"fraction per decade\", note = \"Gerontology");
  const std::string m = error();
  EXPECT_HAS(m, "modifiers.toml");
  EXPECT_HAS(m, "ageing.dermis_change_per_decade.note = ");
  EXPECT_HAS(m, "unknown key; allowed here: \"value\", \"unit\", \"range\" or \"source\"");
}

TEST_F(BadSkinAtlas, EmptySourceIsRejected) {
  replace("lesions.toml", "source = \"model choice: depth D (1 - r/R)^p", "source = \"\" } # \"");
  const std::string m = error();
  EXPECT_HAS(m, "lesions.toml");
  EXPECT_HAS(m, "shape.icepick_taper_exponent.source = \"\": must be a non-empty string");
}

TEST_F(BadSkinAtlas, RangeMustContainTheValue) {
  replace("modifiers.toml", "range = [-0.08, -0.04]", "range = [-0.05, -0.04]");
  const std::string m = error();
  EXPECT_HAS(
      m, "ageing.dermis_change_per_decade.range = [ -0.05, -0.04 ]: must contain the value -0.06");
}

TEST_F(BadSkinAtlas, PhototypeNeedsSixFactors) {
  replace("modifiers.toml", "value = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]", "value = [1.0, 1.0]");
  const std::string m = error();
  EXPECT_HAS(m, "phototype.dermis_factor.value = [ 1.0, 1.0 ]: must be an array of 6 numbers");
}

TEST_F(BadSkinAtlas, UnknownZoneIsRejected) {
  write("zones.toml", read("zones.toml") + "\n[zones.elbow]\nsummary = \"x\"\n");
  const std::string m = error();
  EXPECT_HAS(m, "zones.elbow");
  EXPECT_HAS(m, "unknown key");
}

TEST_F(BadSkinAtlas, MatrixFractionsMustFitInTheDermis) {
  replace("modifiers.toml", "elastin_fraction = { value = 0.03",
          "elastin_fraction = { value = 0.3");
  // The range [0.02, 0.04] catches it first; widen it to reach the sum check.
  replace("modifiers.toml", "range = [0.02, 0.04]", "range = [0.02, 0.4]");
  const std::string m = error();
  EXPECT_HAS(m, "matrix.elastin_fraction = 0.3");
}

TEST_F(BadSkinAtlas, SyntaxErrorGivesLine) {
  write("lesions.toml", "[shape\n");
  const std::string m = error();
  EXPECT_HAS(m, "lesions.toml");
  EXPECT_HAS(m, "line 1");
}

TEST_F(BadSkinAtlas, MissingFileIsNamed) {
  fs::remove(dir_ / "skin" / "modifiers.toml");
  const std::string m = error();
  EXPECT_HAS(m, "modifiers.toml");
  EXPECT_HAS(m, "cannot open");
}

}  // namespace
}  // namespace citsim
