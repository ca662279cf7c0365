#include "citsim/io/vtk.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <sstream>

namespace citsim {
namespace {

TEST(Vtk, WritesImageDataWithAppendedArraysOfTheRightSize) {
  Grid g{.nx = 3, .ny = 2, .nz = 4, .dx_um = 10, .dy_um = 10, .dz_um = 5};
  std::vector<double> a(g.size());
  std::vector<std::uint8_t> b(g.size(), 7);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = 0.5 * static_cast<double>(i);
  const auto file = std::filesystem::temp_directory_path() / "citsim-vtk-test.vti";
  write_vti(file, g,
            {{"damage", std::span<const double>(a)}, {"layer", std::span<const std::uint8_t>(b)}});

  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  EXPECT_NE(text.find("WholeExtent=\"0 3 0 2 0 4\""), std::string::npos);
  EXPECT_NE(text.find("Spacing=\"0.01 0.01 0.005\""), std::string::npos);
  EXPECT_NE(text.find("Name=\"damage\" format=\"appended\" offset=\"0\""), std::string::npos);
  // Second array starts after the first's 8-byte header and 24 floats.
  EXPECT_NE(text.find("Name=\"layer\" format=\"appended\" offset=\"104\""), std::string::npos);
  const auto start = text.find('_', text.find("<AppendedData")) + 1;
  std::uint64_t bytes = 0;
  std::memcpy(&bytes, text.data() + start, sizeof bytes);
  EXPECT_EQ(bytes, g.size() * sizeof(float));
  float last = 0.0f;
  std::memcpy(&last, text.data() + start + 8 + (g.size() - 1) * sizeof(float), sizeof last);
  EXPECT_FLOAT_EQ(last, 0.5f * static_cast<float>(g.size() - 1));
  std::memcpy(&bytes, text.data() + start + 104, sizeof bytes);
  EXPECT_EQ(bytes, g.size());
}

}  // namespace
}  // namespace citsim
