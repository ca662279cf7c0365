#include "citsim/io/data_dir.hpp"

#include <cstdlib>
#include <system_error>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

bool is_data_dir(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_directory(p / "vocabulary", ec);
}

std::filesystem::path executable_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path{} : exe.parent_path();
}

}  // namespace

std::filesystem::path find_data_dir(const std::filesystem::path& requested) {
  if (!requested.empty()) {
    if (!is_data_dir(requested)) {
      throw Error("--data-dir " + requested.string() +
                  ": not a CITSim data folder (it must contain vocabulary/)");
    }
    return requested;
  }
  if (const char* env = std::getenv("CITSIM_DATA_DIR"); env != nullptr && *env != '\0') {
    if (!is_data_dir(env)) {
      throw Error(std::string("CITSIM_DATA_DIR = ") + env +
                  ": not a CITSim data folder (it must contain vocabulary/)");
    }
    return env;
  }
  if (const auto exe = executable_dir(); !exe.empty()) {
    if (auto installed = exe / ".." / "share" / "citsim" / "data"; is_data_dir(installed)) {
      return installed.lexically_normal();
    }
  }
#ifdef CITSIM_SOURCE_DATA_DIR
  if (is_data_dir(CITSIM_SOURCE_DATA_DIR)) return CITSIM_SOURCE_DATA_DIR;
#endif
  throw Error("no CITSim data folder found: pass --data-dir DIR or set CITSIM_DATA_DIR");
}

}  // namespace citsim
