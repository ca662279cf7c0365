#include "citsim/io/output_dir.hpp"

#include <system_error>

#include <fmt/format.h>
#include <unistd.h>

#include "citsim/core/error.hpp"

namespace citsim {
namespace fs = std::filesystem;

void check_output_destination(const fs::path& destination) {
  std::error_code ec;
  if (!fs::exists(destination, ec)) return;
  if (!fs::is_directory(destination, ec)) {
    throw Error(fmt::format("--out {}: exists and is not a folder", destination.string()));
  }
  if (!fs::is_empty(destination, ec) && !fs::exists(destination / "summary.json", ec)) {
    throw Error(
        fmt::format("--out {}: a folder that is not a CITSim result; choose a new or empty folder",
                    destination.string()));
  }
}

OutputDir::OutputDir(fs::path destination) : destination_(std::move(destination)) {
  check_output_destination(destination_);
  fs::path parent = destination_.parent_path();
  if (parent.empty()) parent = ".";
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec)
    throw Error(fmt::format("--out {}: cannot create {}: {}", destination_.string(),
                            parent.string(), ec.message()));
  const std::string stem = destination_.filename().string();
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path candidate = parent / fmt::format(".{}.tmp-{}-{}", stem, ::getpid(), attempt);
    if (fs::create_directory(candidate, ec)) {
      temp_ = candidate;
      return;
    }
  }
  throw Error(fmt::format("--out {}: cannot create a temporary folder in {}", destination_.string(),
                          parent.string()));
}

OutputDir::~OutputDir() {
  if (!committed_ && !temp_.empty()) {
    std::error_code ec;
    fs::remove_all(temp_, ec);
  }
}

void OutputDir::commit() {
  std::error_code ec;
  fs::path old;
  if (fs::exists(destination_, ec)) {
    check_output_destination(destination_);
    old = destination_.parent_path() /
          fmt::format(".{}.old-{}", destination_.filename().string(), ::getpid());
    fs::rename(destination_, old, ec);
    if (ec)
      throw Error(
          fmt::format("--out {}: cannot replace it: {}", destination_.string(), ec.message()));
  }
  fs::rename(temp_, destination_, ec);
  if (ec) {
    if (!old.empty()) fs::rename(old, destination_, ec);
    throw Error(fmt::format("--out {}: cannot move results into place: {}", destination_.string(),
                            ec.message()));
  }
  committed_ = true;
  if (!old.empty()) fs::remove_all(old, ec);
}

}  // namespace citsim
