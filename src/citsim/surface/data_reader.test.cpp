// The real surface data, and the reader's one-line messages for bad files.
#include "citsim/surface/data_reader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "citsim/core/data_folder_fixture.hpp"
#include "citsim/core/error.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;

TEST(SurfaceData, RealFileReadsWithTheDocumentedValues) {
  const SurfaceData d = read_surface_data(CITSIM_TEST_DATA_DIR);
  EXPECT_DOUBLE_EQ(d.spec.patch_mm, 10.0);
  EXPECT_DOUBLE_EQ(d.spec.pixel_um, 25.0);
  EXPECT_EQ(d.spec.placement_tries, 200);
  EXPECT_DOUBLE_EQ(d.spec.relief.sq_um, 15.0);
  EXPECT_DOUBLE_EQ(d.spec.relief.correlation_length_um, 150.0);
  EXPECT_EQ(d.spec.relief.mode_count, 256);
  EXPECT_FALSE(d.spec.fine_lines.enabled);
  EXPECT_DOUBLE_EQ(d.spec.fine_lines.depth_um, 150.0);
  EXPECT_DOUBLE_EQ(d.texture_filter.s_cutoff_um, 125.0);
  EXPECT_DOUBLE_EQ(d.texture_filter.l_cutoff_um, 2500.0);
  EXPECT_DOUBLE_EQ(d.contour_filter.l_cutoff_um, 0.0);
  EXPECT_DOUBLE_EQ(d.profile_cutoff_um, 2500.0);
  EXPECT_DOUBLE_EQ(d.measures.ring_width_fraction, 0.5);
  EXPECT_DOUBLE_EQ(d.grade.contour_depth_um, 50.0);
  EXPECT_DOUBLE_EQ(d.grade.obvious_depth_um, 250.0);
  EXPECT_DOUBLE_EQ(d.grade.obvious_area_fraction, 0.02);
  EXPECT_DOUBLE_EQ(d.grade.deep_boxcar_depth_um, 500.0);
  EXPECT_DOUBLE_EQ(d.scan_lesions.reference_cutoff_um, 15000.0);
  EXPECT_DOUBLE_EQ(d.scan_lesions.contour_depth_um, 50.0);
  EXPECT_DOUBLE_EQ(d.scan_lesions.min_area_mm2, 0.05);
  EXPECT_DOUBLE_EQ(d.scan_lesions.max_growth_fraction, 1.0);
  EXPECT_DOUBLE_EQ(d.scan_lesions.icepick_max_width_um, 2000.0);
  EXPECT_DOUBLE_EQ(d.scan_lesions.icepick_min_depth_ratio, 0.2);
  EXPECT_DOUBLE_EQ(d.scan_lesions.boxcar_min_fill, 0.55);
}

TEST(SurfaceData, ScanLesionDefaultsInCodeMatchTheDataFile) {
  // The struct's defaults are documented as the data file's values.
  const ScanLesionSpec defaults;
  const ScanLesionSpec read = read_surface_data(CITSIM_TEST_DATA_DIR).scan_lesions;
  EXPECT_DOUBLE_EQ(defaults.reference_cutoff_um, read.reference_cutoff_um);
  EXPECT_DOUBLE_EQ(defaults.contour_depth_um, read.contour_depth_um);
  EXPECT_DOUBLE_EQ(defaults.min_area_mm2, read.min_area_mm2);
  EXPECT_DOUBLE_EQ(defaults.max_growth_fraction, read.max_growth_fraction);
  EXPECT_DOUBLE_EQ(defaults.icepick_max_width_um, read.icepick_max_width_um);
  EXPECT_DOUBLE_EQ(defaults.icepick_min_depth_ratio, read.icepick_min_depth_ratio);
  EXPECT_DOUBLE_EQ(defaults.boxcar_min_fill, read.boxcar_min_fill);
}

class BadSurfaceData : public testing::DataFolderTest {
 protected:
  void SetUp() override { copy_data("surface", {"surface.toml"}); }
  std::string read() const { return DataFolderTest::read("surface.toml"); }
  void write(const std::string& text) const { DataFolderTest::write("surface.toml", text); }
  void replace(const std::string& from, const std::string& to) const {
    DataFolderTest::replace("surface.toml", from, to);
  }
  std::string error() const {
    return error_of([&] { read_surface_data(dir_); });
  }
};

#define EXPECT_HAS(message, part) \
  EXPECT_NE((message).find(part), std::string::npos) << "in: " << (message)

TEST_F(BadSurfaceData, CopiedDataReads) { EXPECT_NO_THROW(read_surface_data(dir_)); }

TEST_F(BadSurfaceData, OutOfRangeValueNamesFileKeyValueAndAllowed) {
  replace("sq = { value = 15.0", "sq = { value = -3.0");
  const std::string m = error();
  EXPECT_HAS(m, "surface.toml");
  EXPECT_HAS(m, "microrelief.sq.value = -3");
  EXPECT_HAS(m, "between 0 and 500 um");
}

TEST_F(BadSurfaceData, WrongTypeIsRejected) {
  replace("mode_count = { value = 256,", "mode_count = { value = \"many\",");
  const std::string m = error();
  EXPECT_HAS(m, "microrelief.mode_count.value = \"many\"");
  EXPECT_HAS(m, "whole number");
}

TEST_F(BadSurfaceData, WrongUnitIsRejected) {
  replace("size = { value = 10.0, unit = \"mm\"", "size = { value = 10.0, unit = \"cm\"");
  const std::string m = error();
  EXPECT_HAS(m, "patch.size.unit = \"cm\"");
  EXPECT_HAS(m, "\"mm\"");
}

TEST_F(BadSurfaceData, MissingSourceIsRejected) {
  replace("ring_width_fraction = { value = 0.5, unit = \"1\", source =",
          "ring_width_fraction = { value = 0.5, unit = \"1\", note =");
  const std::string m = error();
  EXPECT_HAS(m, "measures.ring_width_fraction.note = ");
  EXPECT_HAS(m, "unknown key; allowed here: \"value\", \"unit\", \"range\" or \"source\"");
}

TEST_F(BadSurfaceData, EmptySourceIsRejected) {
  replace("deep_boxcar_depth = { value = 500.0, unit = \"um\", source = \"Jacob2001",
          "deep_boxcar_depth = { value = 500.0, unit = \"um\", source = \"\" } # \"");
  const std::string m = error();
  EXPECT_HAS(m, "grade.deep_boxcar_depth.source = \"\": must be a non-empty string");
}

TEST_F(BadSurfaceData, UnknownKeyNamesItsValueAndTheAllowedKeys) {
  replace("[grade]\n", "[grade]\nseverity_scale = 4\n");
  const std::string m = error();
  EXPECT_HAS(m, "grade.severity_scale = 4");
  EXPECT_HAS(m, "unknown key");
  EXPECT_HAS(m, "\"obvious_depth\"");
}

TEST_F(BadSurfaceData, UnknownTableIsRejected) {
  write(read() + "\n[render]\nlight = 1\n");
  const std::string m = error();
  EXPECT_HAS(m, "render = ");
  EXPECT_HAS(m, "unknown key");
}

TEST_F(BadSurfaceData, MissingTableIsNamed) {
  std::string text = read();
  text = text.substr(0, text.find("[grade]"));
  write(text);
  const std::string m = error();
  EXPECT_HAS(m, "grade is missing");
}

TEST_F(BadSurfaceData, RangeMustContainTheValue) {
  replace("range = [0.0, 100.0] }", "range = [20.0, 100.0] }");
  const std::string m = error();
  EXPECT_HAS(m, "microrelief.sq.range = [ 20.0, 100.0 ]: must contain the value 15");
}

TEST_F(BadSurfaceData, CorrelationLengthMustBeResolved) {
  replace("correlation_length = { value = 150.0", "correlation_length = { value = 30.0");
  const std::string m = error();
  EXPECT_HAS(m, "microrelief.correlation_length.value = 30");
  EXPECT_HAS(m, "at least 2 pixels (50 um)");
}

TEST_F(BadSurfaceData, FineLineSpacingMustExceedWidth) {
  replace("spacing = { value = 3000.0", "spacing = { value = 150.0");
  const std::string m = error();
  EXPECT_HAS(m, "fine_lines.spacing.value = 150");
}

TEST_F(BadSurfaceData, LFilterMustBeLongerThanSFilter) {
  replace("l_cutoff = { value = 2500.0", "l_cutoff = { value = 100.0");
  const std::string m = error();
  EXPECT_HAS(m, "filters.texture.l_cutoff.value = 100");
  EXPECT_HAS(m, "s_cutoff (125 um)");
}

TEST_F(BadSurfaceData, ObviousDepthMustNotBeBelowContourDepth) {
  replace("obvious_depth = { value = 250.0", "obvious_depth = { value = 40.0");
  const std::string m = error();
  EXPECT_HAS(m, "grade.obvious_depth.value = 40");
}

TEST_F(BadSurfaceData, ProfileCutOffMustFitThePatch) {
  replace("size = { value = 10.0", "size = { value = 2.0");
  const std::string m = error();
  EXPECT_HAS(m, "profile.cutoff.value = 2500");
}

TEST_F(BadSurfaceData, ScanLesionFillMustBeAFraction) {
  replace("boxcar_min_fill = { value = 0.55", "boxcar_min_fill = { value = 1.5");
  const std::string m = error();
  EXPECT_HAS(m, "scan_lesions.boxcar_min_fill.value = 1.5");
  EXPECT_HAS(m, "between 0.01 and 0.99");
}

TEST_F(BadSurfaceData, ScanLesionAreaNeedsItsUnit) {
  replace("min_area = { value = 0.05, unit = \"mm2\"", "min_area = { value = 0.05, unit = \"um2\"");
  const std::string m = error();
  EXPECT_HAS(m, "scan_lesions.min_area.unit = \"um2\"");
}

TEST_F(BadSurfaceData, ScanLesionUnknownKeyIsRejected) {
  replace("[scan_lesions]\n", "[scan_lesions]\nthreshold = 3\n");
  const std::string m = error();
  EXPECT_HAS(m, "scan_lesions.threshold = 3");
  EXPECT_HAS(m, "unknown key");
}

TEST_F(BadSurfaceData, MissingScanLesionTableIsNamed) {
  std::string text = read();
  text = text.substr(0, text.find("[scan_lesions]"));
  write(text);
  const std::string m = error();
  EXPECT_HAS(m, "scan_lesions is missing");
}

TEST_F(BadSurfaceData, SyntaxErrorGivesLine) {
  write("[patch\n");
  const std::string m = error();
  EXPECT_HAS(m, "surface.toml");
  EXPECT_HAS(m, "line 1");
}

TEST_F(BadSurfaceData, MissingFileIsNamed) {
  fs::remove(dir_ / "surface" / "surface.toml");
  const std::string m = error();
  EXPECT_HAS(m, "surface.toml");
  EXPECT_HAS(m, "cannot open");
}

}  // namespace
}  // namespace citsim
