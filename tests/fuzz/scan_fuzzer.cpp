// libFuzzer target for the scan reader: the first byte picks the format, the
// rest is the file. Any input either reads into a height map or throws
// citsim::Error; anything else (crash, sanitizer report, another exception,
// a runaway allocation) is a finding. Run by scripts/fuzz.
#include <unistd.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "citsim/core/error.hpp"
#include "citsim/io/scan_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  static constexpr std::array<const char*, 7> kExtensions{".png", ".tif", ".csv", ".obj",
                                                          ".ply", ".stl", ".tiff"};
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() /
      ("citsim-scan-fuzz-" + std::to_string(getpid()) + kExtensions[data[0] % kExtensions.size()]);
  {
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  citsim::ScanOptions options;
  options.pixel_um = 50.0;
  options.height_per_level_um = 0.5;
  try {
    const citsim::HeightMap map = citsim::read_scan(file, options);
    (void)map.size();
  } catch (const citsim::Error&) {
    // Rejected with a message: the expected outcome for bad input.
  }
  std::filesystem::remove(file);
  return 0;
}
