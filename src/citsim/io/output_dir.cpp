#include "citsim/io/output_dir.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "citsim/core/error.hpp"
#include "citsim/core/version.hpp"

namespace citsim {
namespace fs = std::filesystem;
namespace {

constexpr const char* kWriting = ".citsim-writing-";
constexpr const char* kOld = ".citsim-old-";

fs::path parent_of(const fs::path& destination) {
  fs::path parent = destination.parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

/// `.NAME<tag>PID` beside the destination.
fs::path sibling(const fs::path& destination, const char* tag, long pid) {
  return parent_of(destination) / fmt::format(".{}{}{}", destination.filename().string(), tag, pid);
}

bool process_alive(long pid) { return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM; }

/// Every regular file below `root`, relative to it, sorted.
std::vector<fs::path> files_below(const fs::path& root) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) out.push_back(fs::relative(e.path(), root));
  }
  std::sort(out.begin(), out.end());
  return out;
}

void move_file(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to.parent_path(), ec);
  fs::rename(from, to, ec);
  if (ec)
    throw Error(fmt::format("cannot move {} to {}: {}", from.string(), to.string(), ec.message()));
}

/// Removes the folders below `root` (deepest first) that are empty.
void remove_empty_folders(const fs::path& root) {
  std::vector<fs::path> dirs;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(root, ec)) {
    if (e.is_directory()) dirs.push_back(e.path());
  }
  std::sort(dirs.rbegin(), dirs.rend());
  for (const auto& d : dirs) {
    if (fs::is_empty(d, ec)) fs::remove(d, ec);
  }
}

/// What dead runs left beside `destination`: their temporary folders go; the
/// files of a replacement they did not finish go back where they were.
void clean_dead_runs(const fs::path& destination) {
  const std::string name = destination.filename().string();
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(parent_of(destination), ec)) {
    const std::string entry = e.path().filename().string();
    for (const char* tag : {kWriting, kOld}) {
      const std::string prefix = "." + name + tag;
      if (entry.rfind(prefix, 0) != 0) continue;
      char* end = nullptr;
      const long pid = std::strtol(entry.c_str() + prefix.size(), &end, 10);
      if (end == nullptr || *end != '\0' || pid <= 0 || process_alive(pid)) continue;
      if (tag == kOld) {
        for (const fs::path& f : files_below(e.path())) {
          if (!fs::exists(destination / f, ec)) move_file(e.path() / f, destination / f);
        }
      }
      fs::remove_all(e.path(), ec);
    }
  }
}

}  // namespace

std::vector<fs::path> result_files(const fs::path& folder) {
  std::ifstream in(folder / kResultManifest);
  if (!in) return {};
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    std::vector<fs::path> out{kResultManifest};
    for (const auto& f : j.at("files")) {
      const fs::path p = f.get<std::string>();
      // Only plain relative paths inside the folder: a manifest never
      // reaches outside it.
      if (p.empty() || p.is_absolute() || p.lexically_normal().string().rfind("..", 0) == 0)
        continue;
      out.push_back(p.lexically_normal());
    }
    return out;
  } catch (const std::exception&) {
    return {};
  }
}

void check_output_destination(const fs::path& destination, bool force) {
  std::error_code ec;
  if (!fs::exists(destination, ec)) return;
  if (!fs::is_directory(destination, ec)) {
    throw Error(fmt::format("--out {}: exists and is not a folder", destination.string()));
  }
  if (fs::is_empty(destination, ec)) return;
  if (result_files(destination).empty()) {
    throw Error(fmt::format(
        "--out {}: a folder that is not a CITSim result (no {}); choose a new or empty folder",
        destination.string(), kResultManifest));
  }
  if (!force) {
    throw Error(fmt::format(
        "--out {}: holds an earlier CITSim result; add --force to replace it (only the files "
        "CITSim wrote there are replaced)",
        destination.string()));
  }
}

void commit_result(const fs::path& from, const fs::path& destination, bool force,
                   std::string_view command, const std::vector<std::string>& skip) {
  std::vector<fs::path> files;
  for (const fs::path& f : files_below(from)) {
    if (std::find(skip.begin(), skip.end(), f.string()) == skip.end() && f != kResultManifest)
      files.push_back(f);
  }
  nlohmann::json manifest = {{"format", "citsim-result/1"},
                             {"command", std::string(command)},
                             {"version", kVersion},
                             {"files", nlohmann::json::array()}};
  for (const fs::path& f : files) manifest["files"].push_back(f.generic_string());
  write_file(from / kResultManifest, manifest.dump(2) + "\n");
  files.insert(files.begin(), kResultManifest);

  std::error_code ec;
  check_output_destination(destination, force);
  if (skip.empty() && (!fs::exists(destination, ec) || fs::is_empty(destination, ec))) {
    // The whole folder in one rename (an empty destination is replaced).
    fs::rename(from, destination, ec);
    if (!ec) return;
    if (fs::exists(destination, ec) && !fs::is_empty(destination, ec)) {
      throw Error(fmt::format("--out {}: cannot move results into place", destination.string()));
    }
  }
  // File by file: the earlier result's files go to a backup beside the
  // destination, the new ones in, and only then is the backup removed. On
  // any failure the new files come out and the old ones go back.
  fs::create_directories(destination, ec);
  const fs::path backup = sibling(destination, kOld, static_cast<long>(::getpid()));
  std::vector<fs::path> backed_up, moved_in;
  try {
    for (const fs::path& f : result_files(destination)) {
      if (!fs::exists(destination / f, ec)) continue;
      move_file(destination / f, backup / f);
      backed_up.push_back(f);
    }
    for (const fs::path& f : files) {
      if (fs::exists(destination / f, ec)) {
        throw Error(
            fmt::format("--out {}: {} is there and was not written by CITSim; move it away "
                        "or choose another folder",
                        destination.string(), f.string()));
      }
      move_file(from / f, destination / f);
      moved_in.push_back(f);
    }
  } catch (const Error& e) {
    for (const fs::path& f : moved_in) move_file(destination / f, from / f);
    for (const fs::path& f : backed_up) move_file(backup / f, destination / f);
    fs::remove_all(backup, ec);
    throw Error(
        fmt::format("--out {}: cannot replace the earlier result ({}); it is left as it "
                    "was",
                    destination.string(), e.what()));
  }
  fs::remove_all(backup, ec);
  remove_empty_folders(destination);
  for (const fs::path& f : files) fs::remove(from / f, ec);
}

OutputDir::OutputDir(fs::path destination, bool force)
    : destination_(std::move(destination)), force_(force) {
  check_output_destination(destination_, force_);
  const fs::path parent = parent_of(destination_);
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) {
    throw Error(fmt::format("--out {}: cannot create {}: {}", destination_.string(),
                            parent.string(), ec.message()));
  }
  clean_dead_runs(destination_);
  temp_ = sibling(destination_, kWriting, static_cast<long>(::getpid()));
  fs::remove_all(temp_, ec);  // this process's own, from an earlier attempt
  if (!fs::create_directory(temp_, ec)) {
    throw Error(fmt::format("--out {}: cannot create a temporary folder in {}: {}",
                            destination_.string(), parent.string(), ec.message()));
  }
}

OutputDir::~OutputDir() {
  if (!committed_ && !temp_.empty()) {
    std::error_code ec;
    fs::remove_all(temp_, ec);
  }
}

void OutputDir::commit(std::string_view command) {
  commit_result(temp_, destination_, force_, command);
  committed_ = true;
  std::error_code ec;
  fs::remove_all(temp_, ec);  // empty folders left by a file-by-file commit
}

FileWriter::FileWriter(fs::path file) : file_(std::move(file)) {
  fd_ = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw Error(fmt::format("{}: cannot write: {}", file_.string(), std::strerror(errno)));
  }
}

FileWriter::~FileWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void FileWriter::write(std::string_view bytes) {
  CITSIM_ASSERT(fd_ >= 0, "FileWriter: write after close");
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n < 0 ? errno : EIO;
      ::close(fd_);
      fd_ = -1;
      throw Error(fmt::format("{}: write failed: {}", file_.string(), std::strerror(err)));
    }
    done += static_cast<std::size_t>(n);
  }
}

void FileWriter::close() {
  CITSIM_ASSERT(fd_ >= 0, "FileWriter: closed twice");
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    throw Error(fmt::format("{}: write failed on close: {}", file_.string(), std::strerror(errno)));
  }
}

void write_file(const fs::path& file, std::string_view text) {
  FileWriter out(file);
  out.write(text);
  out.close();
}

void write_file_atomically(const fs::path& file, std::string_view text) {
  const fs::path tmp = file.string() + ".tmp";
  write_file(tmp, text);
  std::error_code ec;
  fs::rename(tmp, file, ec);
  if (ec) throw Error(fmt::format("{}: cannot replace: {}", file.string(), ec.message()));
}

}  // namespace citsim
