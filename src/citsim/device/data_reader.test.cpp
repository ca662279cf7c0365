#include "citsim/device/data_reader.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "citsim/core/error.hpp"
#include "citsim/core/units.hpp"

namespace citsim {
namespace {

const std::filesystem::path kDevices =
    std::filesystem::path(CITSIM_TEST_DATA_DIR) / "devices" / "devices.toml";

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The shipped file with `from` replaced by `to`, written to a temporary file.
std::filesystem::path edited(const std::string& from, const std::string& to) {
  std::string text = read_text(kDevices);
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  const auto path = std::filesystem::temp_directory_path() /
                    ("citsim_devices_" + std::to_string(std::hash<std::string>{}(to)) + ".toml");
  std::ofstream(path) << text;
  return path;
}

std::string error_of(const std::filesystem::path& p) {
  try {
    read_device_data(p);
  } catch (const Error& e) {
    std::filesystem::remove(p);
    return e.what();
  }
  std::filesystem::remove(p);
  return "";
}

TEST(DeviceDataReader, ReadsEveryTableOfTheShippedFile) {
  const DeviceData d = read_device_data(kDevices);
  for (const PenetrationRange* p : {&d.roller, &d.stamp, &d.pen}) {
    EXPECT_LE(p->fraction_min, p->fraction_mode);
    EXPECT_LE(p->fraction_mode, p->fraction_max);
    EXPECT_GT(p->channel_cv, 0.0);
    EXPECT_FALSE(p->source.empty());
  }
  EXPECT_NEAR(d.needle_tip_half_angle_rad, units::deg_to_rad(5.19), 1e-12);
  EXPECT_DOUBLE_EQ(d.pen_needle_pitch_um, 1000.0);
  ASSERT_EQ(d.pen_cartridges.size(), 8u);
  EXPECT_EQ(d.pen_cartridges.front().needle_count, 9);
  EXPECT_EQ(d.pen_cartridges.back().needle_count, 42);
  for (std::size_t i = 1; i < d.pen_cartridges.size(); ++i) {
    EXPECT_GT(d.pen_cartridges[i].diameter_um, d.pen_cartridges[i - 1].diameter_um);
  }
  ASSERT_EQ(d.roller_layouts.size(), 1u);
  EXPECT_EQ(d.roller_layouts[0].needle_count, 192);  // Schwarz & Laaff 2011
  EXPECT_EQ(d.roller_layouts[0].rows, 8);
  ASSERT_EQ(d.roller_directions_rad.size(), 4u);
  EXPECT_EQ(d.pen_directions_rad.size(), d.roller_directions_rad.size());
  const RollerChannelReference& r = d.roller_reference;  // Kalluri 2011
  EXPECT_DOUBLE_EQ(r.needle_length_um, 770.0);
  EXPECT_DOUBLE_EQ(r.depth_um, 152.5);
  EXPECT_DOUBLE_EQ(r.surface_diameter_um, 70.7);
  EXPECT_DOUBLE_EQ(r.drum_diameter_um, 20000.0);
}

TEST(DeviceDataReader, PenetrationRangesMatchThePublishedMeasurements) {
  const DeviceData d = read_device_data(kDevices);
  EXPECT_NEAR(d.roller.fraction_mode, 152.5 / 770.0, 0.005);  // Kalluri 2011
  EXPECT_LE(d.roller.fraction_max, 0.5);                      // Lam 2008
  EXPECT_NEAR(d.stamp.fraction_max, 460.0 / 600.0, 0.005);    // Donnelly 2010
  EXPECT_DOUBLE_EQ(d.pen.fraction_mode, 1.0);                 // Sasaki 2019
}

TEST(DeviceDataReader, OutOfRangeValueNamesFileKeyValueAndRange) {
  const std::string msg = error_of(edited("fraction_max = 0.50", "fraction_max = 1.5"));
  EXPECT_NE(msg.find("citsim_devices_"), std::string::npos) << msg;
  EXPECT_NE(msg.find("penetration.roller.fraction_max = 1.5"), std::string::npos) << msg;
  EXPECT_NE(msg.find("penetration.roller.fraction_max = 1.5: must be a number between 0.2 and 1"),
            std::string::npos)
      << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos);
}

TEST(DeviceDataReader, ModeBelowMinimumIsRejected) {
  const std::string msg = error_of(edited("fraction_mode = 1.00", "fraction_mode = 0.5"));
  EXPECT_NE(msg.find("penetration.pen.fraction_mode = 0.5"), std::string::npos) << msg;
}

TEST(DeviceDataReader, MissingKeyIsNamed) {
  const std::string msg = error_of(edited("channel_cv = 0.05\n", "\n"));
  EXPECT_NE(
      msg.find("penetration.pen.channel_cv is missing: a number between 0 and 0.5 is required"),
      std::string::npos)
      << msg;
}

TEST(DeviceDataReader, UnknownKeyIsNamed) {
  const std::string msg =
      error_of(edited("needle_pitch_mm = 1.0", "needle_pitch_mm = 1.0\npich_mm = 2"));
  EXPECT_NE(msg.find("pen.pich_mm = 2: unknown key; allowed here: \"needle_pitch_mm\""),
            std::string::npos)
      << msg;
}

TEST(DeviceDataReader, WrongTypeIsNamed) {
  const std::string msg = error_of(edited("rows = 8", "rows = \"eight\""));
  EXPECT_NE(msg.find("roller.layouts[0].rows = \"eight\": must be a whole number between 1 and"),
            std::string::npos)
      << msg;
}

TEST(DeviceDataReader, BadDirectionIsNamed) {
  const std::string msg =
      error_of(edited("directions_deg = [0.0, 90.0, 45.0, 135.0]\ndirections_source = \"Fern",
                      "directions_deg = [0.0, 400.0]\ndirections_source = \"Fern"));
  EXPECT_NE(
      msg.find("roller.directions_deg[1] = 400.0: must be a number at least 0 and below 360 deg"),
      std::string::npos)
      << msg;
  // A full turn is the same direction as none: 360 is not allowed.
  EXPECT_NE(error_of(edited("directions_deg = [0.0, 90.0, 45.0, 135.0]\ndirections_source = \"Fern",
                            "directions_deg = [0.0, 360]\ndirections_source = \"Fern"))
                .find("roller.directions_deg[1] = 360"),
            std::string::npos);
}

TEST(DeviceDataReader, SyntaxErrorNamesFileAndLine) {
  const std::string msg = error_of(edited("[needle]", "[needle"));
  EXPECT_NE(msg.find("citsim_devices_"), std::string::npos) << msg;
  EXPECT_NE(msg.find(": line "), std::string::npos) << msg;
  EXPECT_NE(msg.find("not valid TOML"), std::string::npos) << msg;
  EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
}

TEST(DeviceDataReader, MissingFileIsAnError) {
  EXPECT_THROW(read_device_data("/nonexistent/devices.toml"), Error);
  EXPECT_EQ(error_of("/nonexistent/devices.toml"), "/nonexistent/devices.toml: cannot open file");
}

}  // namespace
}  // namespace citsim
