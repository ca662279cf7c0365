#include "citsim/io/png_io.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

std::filesystem::path temp_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("citsim-png-test-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

RgbImage test_pattern() {
  RgbImage im(37, 23);
  for (int y = 0; y < im.height; ++y)
    for (int x = 0; x < im.width; ++x)
      im.set_pixel(x, y,
                   {static_cast<std::uint8_t>(7 * x), static_cast<std::uint8_t>(11 * y),
                    static_cast<std::uint8_t>((x * y) % 256)});
  return im;
}

TEST(PngIo, RgbRoundTripIsExactAndBytesAreDeterministic) {
  const auto dir = temp_dir("rgb");
  const RgbImage im = test_pattern();
  write_png(dir / "a.png", im);
  write_png(dir / "b.png", im);
  const RgbImage back = read_png_rgb(dir / "a.png");
  EXPECT_EQ(back.width, im.width);
  EXPECT_EQ(back.height, im.height);
  EXPECT_EQ(back.rgb, im.rgb);
  const std::string a = file_bytes(dir / "a.png");
  EXPECT_EQ(a, file_bytes(dir / "b.png"));
  EXPECT_EQ(a.find("tIME"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "a.png.part"));
}

TEST(PngIo, GrayRoundTripKeepsSixteenBitLevels) {
  const auto dir = temp_dir("gray");
  GrayImage g;
  g.width = 20;
  g.height = 17;
  g.bit_depth = 16;
  for (int k = 0; k < g.width * g.height; ++k)
    g.level.push_back(static_cast<std::uint16_t>(k * 191 % 65536));
  write_png_gray(dir / "g16.png", g);
  const GrayImage back = read_png_gray(dir / "g16.png");
  EXPECT_EQ(back.width, 20);
  EXPECT_EQ(back.height, 17);
  EXPECT_EQ(back.bit_depth, 16);
  EXPECT_EQ(back.level, g.level);

  g.bit_depth = 8;
  for (auto& v : g.level) v = static_cast<std::uint16_t>(v % 256);
  write_png_gray(dir / "g8.png", g);
  EXPECT_EQ(read_png_gray(dir / "g8.png").level, g.level);
  // A grey PNG reads as RGB with equal channels.
  const RgbImage rgb = read_png_rgb(dir / "g8.png");
  EXPECT_EQ(rgb.pixel(3, 2)[0], g.level[2 * 20 + 3]);
  EXPECT_EQ(rgb.pixel(3, 2)[2], g.level[2 * 20 + 3]);
}

TEST(PngIo, ReadingAColourImageAsGreyIsAnError) {
  const auto dir = temp_dir("colour");
  write_png(dir / "c.png", test_pattern());
  try {
    read_png_gray(dir / "c.png");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("c.png: a colour (RGB) image"), std::string::npos)
        << e.what();
  }
}

TEST(PngIo, MissingTruncatedAndNonPngFilesAreErrors) {
  const auto dir = temp_dir("bad");
  EXPECT_THROW(read_png_rgb(dir / "nope.png"), Error);
  std::ofstream(dir / "text.png") << "hello, not a png";
  EXPECT_THROW(read_png_rgb(dir / "text.png"), Error);
  write_png(dir / "whole.png", test_pattern());
  const std::string bytes = file_bytes(dir / "whole.png");
  std::ofstream(dir / "cut.png", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  try {
    read_png_rgb(dir / "cut.png");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cut.png"), std::string::npos) << e.what();
  }
  EXPECT_THROW(write_png(dir / "no-such-folder" / "x.png", test_pattern()), Error);
  EXPECT_THROW(write_png(dir / "empty.png", RgbImage{}), Error);
}

}  // namespace
}  // namespace citsim
