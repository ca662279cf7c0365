#include "citsim/io/scan_reader.hpp"

#include <gtest/gtest.h>
#include <tiffio.h>
#include <zlib.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <limits>
#include <string>
#include <vector>

#include "citsim/core/error.hpp"
#include "citsim/io/png_io.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;

// The reference surface: a Gaussian pit, 60 um deep, sigma 200 um, centred on
// a 64 x 64 grid of 20 um pixels (1.28 mm), on a tilted plane that levelling
// must remove.
constexpr int kN = 64;
constexpr double kPixelUm = 20.0;

double surface_um(double x_um, double y_um) {
  const double c = 0.5 * kN * kPixelUm;
  const double r2 = (x_um - c) * (x_um - c) + (y_um - c) * (y_um - c);
  return -60.0 * std::exp(-r2 / (2 * 200.0 * 200.0)) + 0.02 * x_um - 0.01 * y_um;
}

HeightMap sampled_surface() {
  HeightMap m(kN, kN, kPixelUm);
  for (int j = 0; j < kN; ++j)
    for (int i = 0; i < kN; ++i)
      m.at(i, j) = surface_um((i + 0.5) * kPixelUm, (j + 0.5) * kPixelUm);
  return m;
}

HeightMap expected_map() {
  HeightMap m = sampled_surface();
  level_scan(m);
  return m;
}

double max_abs_difference(const HeightMap& a, const HeightMap& b) {
  EXPECT_EQ(a.nx, b.nx);
  EXPECT_EQ(a.ny, b.ny);
  if (a.size() != b.size()) return 1e300;
  double d = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) d = std::max(d, std::abs(a.z_um[k] - b.z_um[k]));
  return d;
}

fs::path temp_dir(const std::string& name) {
  const auto dir = fs::temp_directory_path() / ("citsim-scan-test-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string g17(double v) {
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 17);
  return std::string(buf, r.ptr);
}

void write_text(const fs::path& p, const std::string& s) {
  std::ofstream(p, std::ios::binary) << s;
}

// ------------------------------------------------------------ file writers

GrayImage quantised(const HeightMap& m, double height_per_level_um, int bits) {
  const double lo = *std::min_element(m.z_um.begin(), m.z_um.end());
  GrayImage g;
  g.width = m.nx;
  g.height = m.ny;
  g.bit_depth = bits;
  for (const double z : m.z_um)
    g.level.push_back(static_cast<std::uint16_t>(std::lround((z - lo) / height_per_level_um)));
  return g;
}

// Writes one-channel (or spp-channel) TIFF samples, row-major.
void write_tiff(const fs::path& p, int w, int h, int bits, int format, int spp, const void* data,
                bool tiled = false) {
  TIFF* t = TIFFOpen(p.c_str(), "w");
  ASSERT_NE(t, nullptr);
  TIFFSetField(t, TIFFTAG_IMAGEWIDTH, static_cast<std::uint32_t>(w));
  TIFFSetField(t, TIFFTAG_IMAGELENGTH, static_cast<std::uint32_t>(h));
  TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, bits);
  TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, spp);
  TIFFSetField(t, TIFFTAG_SAMPLEFORMAT, format);
  TIFFSetField(t, TIFFTAG_PHOTOMETRIC, spp == 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK);
  TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField(t, TIFFTAG_COMPRESSION, tiled ? COMPRESSION_NONE : COMPRESSION_LZW);
  const std::size_t pixel_bytes = static_cast<std::size_t>(bits / 8 * spp);
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  if (tiled) {
    constexpr int kTile = 16;
    TIFFSetField(t, TIFFTAG_TILEWIDTH, kTile);
    TIFFSetField(t, TIFFTAG_TILELENGTH, kTile);
    std::vector<std::uint8_t> tile(kTile * kTile * pixel_bytes);
    for (int ty = 0; ty < h; ty += kTile) {
      for (int tx = 0; tx < w; tx += kTile) {
        std::fill(tile.begin(), tile.end(), std::uint8_t{0});
        for (int y = ty; y < std::min(h, ty + kTile); ++y)
          for (int x = tx; x < std::min(w, tx + kTile); ++x)
            std::memcpy(&tile[(static_cast<std::size_t>(y - ty) * kTile +
                               static_cast<std::size_t>(x - tx)) *
                              pixel_bytes],
                        bytes + (static_cast<std::size_t>(y) * static_cast<std::size_t>(w) +
                                 static_cast<std::size_t>(x)) *
                                    pixel_bytes,
                        pixel_bytes);
        ASSERT_GE(TIFFWriteTile(t, tile.data(), static_cast<std::uint32_t>(tx),
                                static_cast<std::uint32_t>(ty), 0, 0),
                  0);
      }
    }
  } else {
    TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, 8);
    std::vector<std::uint8_t> row(static_cast<std::size_t>(w) * pixel_bytes);
    for (int y = 0; y < h; ++y) {
      std::memcpy(row.data(), bytes + static_cast<std::size_t>(y) * row.size(), row.size());
      ASSERT_EQ(TIFFWriteScanline(t, row.data(), static_cast<std::uint32_t>(y), 0), 1);
    }
  }
  TIFFClose(t);
}

std::string csv_of(const HeightMap& m, const std::string& header = "") {
  std::string s = header;
  for (int j = 0; j < m.ny; ++j) {
    for (int i = 0; i < m.nx; ++i) s += (i ? "," : "") + g17(m.at(i, j));
    s += "\n";
  }
  return s;
}

// A triangulated grid of (kN + 1)^2 vertices on the cell corners, so the
// pixel centres fall inside the cells (on a diagonal). Coordinates in mm.
struct GridMesh {
  std::vector<std::array<double, 3>> v;
  std::vector<std::array<int, 3>> f;
};

GridMesh grid_mesh(double unit_um) {
  GridMesh g;
  for (int j = 0; j <= kN; ++j)
    for (int i = 0; i <= kN; ++i) {
      const double x = i * kPixelUm, y = j * kPixelUm;
      g.v.push_back({x / unit_um, y / unit_um, surface_um(x, y) / unit_um});
    }
  for (int j = 0; j < kN; ++j)
    for (int i = 0; i < kN; ++i) {
      const int a = j * (kN + 1) + i, b = a + 1, c = a + kN + 1, d = c + 1;
      g.f.push_back({a, b, d});
      g.f.push_back({a, d, c});
    }
  return g;
}

std::string obj_of(const GridMesh& g) {
  std::string s = "# grid\no pit\n";
  for (const auto& p : g.v) s += "v " + g17(p[0]) + " " + g17(p[1]) + " " + g17(p[2]) + "\n";
  s += "vn 0 0 1\n";
  for (const auto& f : g.f)
    s += "f " + std::to_string(f[0] + 1) + "//1 " + std::to_string(f[1] + 1) + "//1 " +
         std::to_string(f[2] + 1) + "//1\n";
  return s;
}

std::string ply_ascii_of(const GridMesh& g) {
  std::string s = "ply\nformat ascii 1.0\ncomment made by a test\nelement vertex " +
                  std::to_string(g.v.size()) +
                  "\nproperty double x\nproperty double y\nproperty double z\nproperty uchar red\n"
                  "element face " +
                  std::to_string(g.f.size()) +
                  "\nproperty list uchar int vertex_indices\nend_header\n";
  for (const auto& p : g.v) s += g17(p[0]) + " " + g17(p[1]) + " " + g17(p[2]) + " 200\n";
  for (const auto& f : g.f)
    s += "3 " + std::to_string(f[0]) + " " + std::to_string(f[1]) + " " + std::to_string(f[2]) +
         "\n";
  return s;
}

template <typename T>
void put(std::string& s, T v) {
  const auto u = std::bit_cast<std::array<char, sizeof(T)>>(v);  // the test host is little-endian
  s.append(u.begin(), u.end());
}

std::string ply_binary_of(const GridMesh& g) {
  // Floats for x, y, an extra property between them and z, quads written as
  // two triangles' worth of lists, and a trailing per-face property to skip.
  std::string s =
      "ply\r\nformat binary_little_endian 1.0\r\nelement vertex " + std::to_string(g.v.size()) +
      "\r\nproperty float x\r\nproperty float y\r\nproperty short quality\r\nproperty float z\r\n"
      "element face " +
      std::to_string(g.f.size()) +
      "\r\nproperty list uchar uint vertex_index\r\nproperty uchar flags\r\nend_header\r\n";
  for (const auto& p : g.v) {
    put(s, static_cast<float>(p[0]));
    put(s, static_cast<float>(p[1]));
    put(s, std::int16_t{-3});
    put(s, static_cast<float>(p[2]));
  }
  for (const auto& f : g.f) {
    put(s, std::uint8_t{3});
    for (const int k : f) put(s, static_cast<std::uint32_t>(k));
    put(s, std::uint8_t{9});
  }
  return s;
}

std::string stl_ascii_of(const GridMesh& g) {
  std::string s = "solid pit\n";
  for (const auto& f : g.f) {
    s += "  facet normal 0 0 1\n    outer loop\n";
    for (const int k : f) {
      const auto& p = g.v[static_cast<std::size_t>(k)];
      s += "      vertex " + g17(p[0]) + " " + g17(p[1]) + " " + g17(p[2]) + "\n";
    }
    s += "    endloop\n  endfacet\n";
  }
  return s + "endsolid pit\n";
}

std::string stl_binary_of(const GridMesh& g) {
  std::string s(80, ' ');
  s.replace(0, 5, "solid");  // some writers start binary headers with "solid" too
  put(s, static_cast<std::uint32_t>(g.f.size()));
  for (const auto& f : g.f) {
    for (int k = 0; k < 3; ++k) put(s, 0.0f);
    for (const int k : f)
      for (const double c : g.v[static_cast<std::size_t>(k)]) put(s, static_cast<float>(c));
    put(s, std::uint16_t{0});
  }
  return s;
}

ScanOptions options(double pixel_um, double height_per_level_um = 0.0) {
  ScanOptions o;
  o.pixel_um = pixel_um;
  o.height_per_level_um = height_per_level_um;
  return o;
}

// ------------------------------------------------------------ reading back

TEST(ScanReader, SixteenBitPngMatchesTheSurfaceToHalfALevel) {
  const auto dir = temp_dir("png16");
  write_png_gray(dir / "pit.png", quantised(sampled_surface(), 0.01, 16));
  const HeightMap m = read_scan(dir / "pit.png", options(kPixelUm, 0.01));
  EXPECT_DOUBLE_EQ(m.pixel_um, kPixelUm);
  EXPECT_LT(max_abs_difference(m, expected_map()), 0.01);
}

TEST(ScanReader, EightBitPngMatchesTheSurfaceToHalfALevel) {
  const auto dir = temp_dir("png8");
  write_png_gray(dir / "pit.PNG", quantised(sampled_surface(), 0.5, 8));
  const HeightMap m = read_scan(dir / "pit.PNG", options(kPixelUm, 0.5));
  EXPECT_LT(max_abs_difference(m, expected_map()), 0.5);
}

TEST(ScanReader, SixteenBitTiffMatchesTheSurface) {
  const auto dir = temp_dir("tif16");
  const GrayImage g = quantised(sampled_surface(), 0.01, 16);
  write_tiff(dir / "pit.tif", kN, kN, 16, SAMPLEFORMAT_UINT, 1, g.level.data());
  EXPECT_LT(max_abs_difference(read_scan(dir / "pit.tif", options(kPixelUm, 0.01)), expected_map()),
            0.01);
}

TEST(ScanReader, FloatTiffIsInUmAndMayBeTiledOrScaled) {
  const auto dir = temp_dir("tif32");
  const HeightMap s = sampled_surface();
  std::vector<float> f(s.z_um.begin(), s.z_um.end());
  write_tiff(dir / "pit.tiff", kN, kN, 32, SAMPLEFORMAT_IEEEFP, 1, f.data());
  EXPECT_LT(max_abs_difference(read_scan(dir / "pit.tiff", options(kPixelUm)), expected_map()),
            1e-3);
  write_tiff(dir / "tiled.tif", kN, kN, 32, SAMPLEFORMAT_IEEEFP, 1, f.data(), true);
  EXPECT_LT(max_abs_difference(read_scan(dir / "tiled.tif", options(kPixelUm)), expected_map()),
            1e-3);
  // Samples in mm, with height_per_level_um = 1000.
  for (auto& v : f) v /= 1000.0f;
  write_tiff(dir / "mm.tif", kN, kN, 32, SAMPLEFORMAT_IEEEFP, 1, f.data());
  EXPECT_LT(
      max_abs_difference(read_scan(dir / "mm.tif", options(kPixelUm, 1000.0)), expected_map()),
      1e-3);
}

TEST(ScanReader, CsvMatchesTheSurfaceWithPixelSizeFromHeaderOrOptions) {
  const auto dir = temp_dir("csv");
  write_text(dir / "pit.csv", csv_of(sampled_surface(), "# pixel_um = 20\n"));
  const HeightMap a = read_scan(dir / "pit.csv", ScanOptions{});
  EXPECT_DOUBLE_EQ(a.pixel_um, 20.0);
  EXPECT_LT(max_abs_difference(a, expected_map()), 1e-9);
  write_text(dir / "bare.csv", csv_of(sampled_surface()));
  EXPECT_LT(max_abs_difference(read_scan(dir / "bare.csv", options(kPixelUm)), expected_map()),
            1e-9);
  // Both given and different: an error rather than a guess.
  EXPECT_THROW(read_scan(dir / "pit.csv", options(25.0)), Error);
}

TEST(ScanReader, MeshesInEveryFormatMatchTheSurfaceToTheInterpolationError) {
  // Linear interpolation between vertices 20 um apart misses a Gaussian of
  // sigma 200 um, 60 um deep, by at most h^2/8 * |z''| (about 0.15 um here).
  const auto dir = temp_dir("mesh");
  const GridMesh g = grid_mesh(1000.0);  // mm
  write_text(dir / "pit.obj", obj_of(g));
  write_text(dir / "pit.ply", ply_ascii_of(g));
  write_text(dir / "pit-bin.ply", ply_binary_of(g));
  write_text(dir / "pit.stl", stl_ascii_of(g));
  write_text(dir / "pit-bin.stl", stl_binary_of(g));
  const HeightMap expected = expected_map();
  for (const char* name : {"pit.obj", "pit.ply", "pit-bin.ply", "pit.stl", "pit-bin.stl"}) {
    const HeightMap m = read_scan(dir / name, options(kPixelUm));
    EXPECT_EQ(m.nx, kN) << name;
    EXPECT_EQ(m.ny, kN) << name;
    EXPECT_LT(max_abs_difference(m, expected), 0.3) << name;
  }
}

TEST(ScanReader, MeshInUmAndAQuadMeshReadTheSame) {
  const auto dir = temp_dir("mesh-um");
  ScanOptions o = options(kPixelUm);
  o.mesh_unit = MeshUnit::um;
  write_text(dir / "pit.obj", obj_of(grid_mesh(1.0)));
  EXPECT_LT(max_abs_difference(read_scan(dir / "pit.obj", o), expected_map()), 0.3);
  // Quads, 1-based and negative (relative) indices.
  std::string s;
  const GridMesh g = grid_mesh(1.0);
  for (const auto& p : g.v) s += "v " + g17(p[0]) + " " + g17(p[1]) + " " + g17(p[2]) + "\n";
  for (int j = 0; j < kN; ++j)
    for (int i = 0; i < kN; ++i) {
      const int a = j * (kN + 1) + i + 1;
      s += "f " + std::to_string(a) + " " + std::to_string(a + 1) + " " +
           std::to_string(a + kN + 2) + " " + std::to_string(a + kN + 1) + "\n";
    }
  s += "v 0 0 -5000\nv 1 0 -5000\nv 0 1 -5000\nf -3 -2 -1\n";  // a small face far below: hidden
                                                               // from above
  write_text(dir / "quads.obj", s);
  EXPECT_LT(max_abs_difference(read_scan(dir / "quads.obj", o), expected_map()), 0.3);
}

TEST(ScanReader, MeshHolesAreFilledFromNeighbours) {
  const auto dir = temp_dir("mesh-hole");
  GridMesh g = grid_mesh(1000.0);
  // Drop the two triangles of one interior cell: one pixel centre is left uncovered.
  const std::size_t cell = static_cast<std::size_t>(2 * (10 * kN + 10));
  g.f.erase(g.f.begin() + static_cast<std::ptrdiff_t>(cell),
            g.f.begin() + static_cast<std::ptrdiff_t>(cell + 2));
  write_text(dir / "hole.obj", obj_of(g));
  EXPECT_LT(max_abs_difference(read_scan(dir / "hole.obj", options(kPixelUm)), expected_map()),
            0.5);
}

// ------------------------------------------------------------ errors

void expect_error(const std::function<void()>& f, std::initializer_list<std::string> parts) {
  try {
    f();
    ADD_FAILURE() << "expected citsim::Error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    for (const std::string& p : parts)
      EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
  }
}

HeightMap flat_csv_map(int nx, int ny, double pixel_um, double amplitude_um) {
  HeightMap m(nx, ny, pixel_um);
  for (int j = 0; j < ny; ++j)
    for (int i = 0; i < nx; ++i) m.at(i, j) = amplitude_um * std::sin(0.7 * i) * std::cos(0.3 * j);
  return m;
}

TEST(ScanReaderErrors, UnreadableFile) {
  const auto dir = temp_dir("err-unreadable");
  for (const char* name :
       {"none.png", "none.tif", "none.csv", "none.obj", "none.ply", "none.stl"}) {
    expect_error([&] { read_scan(dir / name, options(20.0, 1.0)); }, {name, "cannot read"});
  }
  write_text(dir / "junk.tif", "this is not a tiff");
  expect_error([&] { read_scan(dir / "junk.tif", options(20.0, 1.0)); },
               {"junk.tif", "cannot read as TIFF"});
}

TEST(ScanReaderErrors, UnknownExtension) {
  expect_error([] { read_scan("scan.jpg", options(20.0, 1.0)); },
               {"scan.jpg", ".jpg", ".png, .tif, .tiff, .csv, .obj, .ply, .stl"});
  expect_error([] { read_scan("scan", options(20.0, 1.0)); }, {"no extension"});
}

TEST(ScanReaderErrors, ColourPngAndTiff) {
  const auto dir = temp_dir("err-colour");
  RgbImage rgb(32, 32, {10, 20, 30});
  write_png(dir / "colour.png", rgb);
  expect_error([&] { read_scan(dir / "colour.png", options(50.0, 1.0)); },
               {"colour.png", "colour (RGB)", "grayscale"});
  write_tiff(dir / "colour.tif", 32, 32, 8, SAMPLEFORMAT_UINT, 3, rgb.rgb.data());
  expect_error([&] { read_scan(dir / "colour.tif", options(50.0, 1.0)); },
               {"colour.tif", "3 samples a pixel"});
}

TEST(ScanReaderErrors, UnsupportedTiffSampleTypes) {
  const auto dir = temp_dir("err-depth");
  std::vector<std::uint32_t> u32(32 * 32, 7);
  write_tiff(dir / "u32.tif", 32, 32, 32, SAMPLEFORMAT_UINT, 1, u32.data());
  expect_error([&] { read_scan(dir / "u32.tif", options(50.0, 1.0)); },
               {"u32.tif", "32-bit unsigned integer", "16-bit"});
  std::vector<std::int16_t> i16(32 * 32, 7);
  write_tiff(dir / "i16.tif", 32, 32, 16, SAMPLEFORMAT_INT, 1, i16.data());
  expect_error([&] { read_scan(dir / "i16.tif", options(50.0, 1.0)); },
               {"i16.tif", "16-bit signed integer"});
}

TEST(ScanReaderErrors, MissingPixelSize) {
  const auto dir = temp_dir("err-pixel");
  write_png_gray(dir / "pit.png", quantised(sampled_surface(), 0.01, 16));
  expect_error([&] { read_scan(dir / "pit.png", options(0.0, 0.01)); },
               {"pit.png", "pixel_um = 0", "pixel size"});
  write_text(dir / "pit.csv", csv_of(sampled_surface()));
  expect_error([&] { read_scan(dir / "pit.csv", ScanOptions{}); },
               {"pit.csv", "pixel_um = 0", "# pixel_um"});
  write_text(dir / "pit.stl", stl_ascii_of(grid_mesh(1000.0)));
  expect_error([&] { read_scan(dir / "pit.stl", ScanOptions{}); },
               {"pit.stl", "pixel_um = 0", "meshes"});
}

TEST(ScanReaderErrors, MissingHeightScale) {
  const auto dir = temp_dir("err-height");
  write_png_gray(dir / "pit.png", quantised(sampled_surface(), 0.01, 16));
  expect_error([&] { read_scan(dir / "pit.png", options(20.0)); },
               {"pit.png", "height_per_level_um = 0", "16-bit"});
  const GrayImage g = quantised(sampled_surface(), 0.01, 16);
  write_tiff(dir / "pit.tif", kN, kN, 16, SAMPLEFORMAT_UINT, 1, g.level.data());
  expect_error([&] { read_scan(dir / "pit.tif", options(20.0)); },
               {"pit.tif", "height_per_level_um = 0"});
}

TEST(ScanReaderErrors, MapTooSmallOrTooLarge) {
  const auto dir = temp_dir("err-size");
  write_text(dir / "small.csv", csv_of(flat_csv_map(10, 12, 200.0, 5.0)));
  expect_error([&] { read_scan(dir / "small.csv", options(200.0)); },
               {"small.csv", "10x12 pixels", "16 to 4096"});
  GrayImage wide;
  wide.width = 4097;
  wide.height = 16;
  wide.bit_depth = 8;
  wide.level.assign(4097 * 16, 0);
  wide.level[5] = 200;
  write_png_gray(dir / "wide.png", wide);
  expect_error([&] { read_scan(dir / "wide.png", options(20.0, 1.0)); },
               {"wide.png", "4097x16 pixels"});
}

TEST(ScanReaderErrors, AnImageBombIsRefusedFromItsHeader) {
  // 74 bytes declaring 100,000 x 100,000 16-bit pixels (20 GB decoded).
  std::string png("\x89PNG\r\n\x1a\n", 8);
  const auto chunk = [&](const std::string& type, const std::string& data) {
    std::string c;
    for (int shift : {24, 16, 8, 0}) c += static_cast<char>((data.size() >> shift) & 0xff);
    const std::string body = type + data;
    const auto crc = static_cast<std::uint32_t>(
        ::crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
    c += body;
    for (int shift : {24, 16, 8, 0}) c += static_cast<char>((crc >> shift) & 0xff);
    png += c;
  };
  std::string ihdr;
  for (std::uint32_t v : {100000u, 100000u})
    for (int shift : {24, 16, 8, 0}) ihdr += static_cast<char>((v >> shift) & 0xff);
  ihdr += std::string("\x10\x00\x00\x00\x00", 5);  // 16-bit grey
  chunk("IHDR", ihdr);
  chunk("IDAT", std::string("\x78\x9c\x03\x00\x00\x00\x00\x01", 8));
  chunk("IEND", "");
  const auto dir = temp_dir("err-bomb");
  write_text(dir / "bomb.png", png);
  expect_error([&] { read_scan(dir / "bomb.png", options(20.0, 1.0)); },
               {"bomb.png", "100000x100000 pixels (from its header)", "at most 4096"});
}

TEST(ScanReaderErrors, AMeshTooCostlyToDrawIsRefusedBeforeDrawing) {
  // 2,000 triangles each covering the whole 100 mm map at 25 um (4000 x 4000).
  std::string obj = "v 0 0 0\nv 100 0 0.1\nv 0 100 0.2\nv 100 100 0.3\n";
  for (int i = 0; i < 1000; ++i) obj += "f 1 2 3\nf 2 4 3\n";
  const auto dir = temp_dir("err-costly");
  write_text(dir / "costly.obj", obj);
  expect_error([&] { read_scan(dir / "costly.obj", options(25.0)); },
               {"costly.obj", "2000 triangles over a 4000x4000 grid", "at most 2e+08"});
}

TEST(ScanReaderErrors, NonNumericAndRaggedCsv) {
  const auto dir = temp_dir("err-csv");
  const std::string text = csv_of(flat_csv_map(20, 20, 100.0, 5.0));
  write_text(dir / "words.csv", "# pixel_um = 100\n1,2,x3\n");
  expect_error([&] { read_scan(dir / "words.csv", ScanOptions{}); },
               {"words.csv", "line 2, column 3", "'x3' is not a number"});
  write_text(dir / "ragged.csv", text + "1,2,3\n");
  expect_error([&] { read_scan(dir / "ragged.csv", options(100.0)); },
               {"ragged.csv", "line 21 has 3 values", "same number"});
  write_text(dir / "empty.csv", "# pixel_um = 100\n\n");
  expect_error([&] { read_scan(dir / "empty.csv", ScanOptions{}); }, {"empty.csv", "no rows"});
}

TEST(ScanReaderErrors, NanOrInfinity) {
  const auto dir = temp_dir("err-nan");
  write_text(dir / "nan.csv", "1,2,nan\n");
  expect_error([&] { read_scan(dir / "nan.csv", options(100.0)); },
               {"nan.csv", "line 1, column 3", "finite"});
  std::vector<float> f(32 * 32, 1.0f);
  f[40] = std::numeric_limits<float>::infinity();
  write_tiff(dir / "inf.tif", 32, 32, 32, SAMPLEFORMAT_IEEEFP, 1, f.data());
  expect_error([&] { read_scan(dir / "inf.tif", options(50.0)); },
               {"inf.tif", "pixel (8, 1)", "inf", "finite"});
}

TEST(ScanReaderErrors, EmptyMesh) {
  const auto dir = temp_dir("err-empty");
  write_text(dir / "points.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\n");
  expect_error([&] { read_scan(dir / "points.obj", options(20.0)); },
               {"points.obj", "empty mesh", "0 triangles"});
  std::string stl(80, ' ');
  put(stl, std::uint32_t{0});
  write_text(dir / "none.stl", stl);
  expect_error([&] { read_scan(dir / "none.stl", options(20.0)); }, {"none.stl", "empty mesh"});
  write_text(
      dir / "none.ply",
      "ply\nformat ascii 1.0\nelement vertex 0\nproperty float x\nproperty float y\n"
      "property float z\nelement face 0\nproperty list uchar int vertex_indices\nend_header\n");
  expect_error([&] { read_scan(dir / "none.ply", options(20.0)); }, {"none.ply", "empty mesh"});
}

TEST(ScanReaderErrors, MeshWithNoAreaInXY) {
  const auto dir = temp_dir("err-wall");
  write_text(dir / "wall.obj", "v 0 0 0\nv 5 0 0\nv 5 0 5\nv 0 0 5\nf 1 2 3 4\n");
  expect_error([&] { read_scan(dir / "wall.obj", options(20.0)); }, {"wall.obj", "no area in x-y"});
}

TEST(ScanReaderErrors, MeshWithTooManyUncoveredPixels) {
  const auto dir = temp_dir("err-holes");
  write_text(dir / "half.obj",
             "v 0 0 0\nv 2 0 0.05\nv 0 2 0\nf 1 2 3\n");  // a triangle: half the square
  expect_error([&] { read_scan(dir / "half.obj", options(20.0)); },
               {"half.obj", "lie under no triangle", "at most 5 %"});
}

TEST(ScanReaderErrors, HeightRangeTooLargeOrTooSmall) {
  const auto dir = temp_dir("err-range");
  write_text(dir / "tall.csv", csv_of(flat_csv_map(20, 20, 100.0, 4000.0)));
  expect_error([&] { read_scan(dir / "tall.csv", options(100.0)); },
               {"tall.csv", "height range", "0.5 um to 5 mm", "check pixel_um / mesh unit"});
  write_text(dir / "flat.csv", csv_of(flat_csv_map(20, 20, 100.0, 0.1)));
  expect_error([&] { read_scan(dir / "flat.csv", options(100.0)); }, {"flat.csv", "height range"});
  // A tilted but otherwise flat surface is flat once levelled.
  HeightMap tilt(20, 20, 100.0);
  for (int j = 0; j < 20; ++j)
    for (int i = 0; i < 20; ++i) tilt.at(i, j) = 30.0 * i;
  write_text(dir / "tilt.csv", csv_of(tilt));
  expect_error([&] { read_scan(dir / "tilt.csv", options(100.0)); }, {"tilt.csv", "height range"});
}

TEST(ScanReaderErrors, MapTooNarrowOrTooWide) {
  const auto dir = temp_dir("err-width");
  write_text(dir / "pit.csv", csv_of(flat_csv_map(16, 40, 20.0, 5.0)));
  expect_error([&] { read_scan(dir / "pit.csv", options(20.0)); },
               {"pit.csv", "0.32 x 0.8 mm", "1 to 200 mm", "check pixel_um / mesh unit"});
  expect_error([&] { read_scan(dir / "pit.csv", options(20000.0)); }, {"pit.csv", "320 x 800 mm"});
  // A mesh in um read as mm is 1000 times too wide.
  write_text(dir / "um.obj", obj_of(grid_mesh(1.0)));
  expect_error([&] { read_scan(dir / "um.obj", options(20.0)); },
               {"um.obj", "1280 x 1280 mm", "mesh unit"});
  // A pixel far too large for the mesh gives too few pixels, with the hint.
  write_text(dir / "mm.obj", obj_of(grid_mesh(1000.0)));
  expect_error([&] { read_scan(dir / "mm.obj", options(200.0)); },
               {"mm.obj", "6x6 pixels", "check pixel_um"});
}

TEST(ScanReaderErrors, BigEndianPly) {
  const auto dir = temp_dir("err-ply");
  write_text(dir / "be.ply", "ply\nformat binary_big_endian 1.0\nelement vertex 0\nend_header\n");
  expect_error([&] { read_scan(dir / "be.ply", options(20.0)); },
               {"be.ply", "binary_big_endian", "ascii or binary_little_endian"});
}

}  // namespace
}  // namespace citsim
