// What `citsim serve` reads once at start (server.cpp): the page's files and
// the bundled examples, and the small text helpers its parts share.
#pragma once

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "citsim/core/error.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/planner/vocabulary.hpp"

namespace citsim::serve_detail {

namespace fs = std::filesystem;

inline std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

inline std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(file.string() + ": cannot open");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The bundled examples a request may send back, sorted by name:
/// [{"name", "toml"}]. Examples that name a scan file are left out (the
/// server refuses those, see parse_request_case).
inline nlohmann::json read_examples(const std::filesystem::path& dir,
                                    const Vocabulary& vocabulary) {
  std::vector<std::pair<std::string, fs::path>> files;
  std::error_code ec;
  if (!dir.empty() && fs::is_directory(dir, ec)) {
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".toml" && entry.is_regular_file(ec)) {
        files.emplace_back(entry.path().stem().string(), entry.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [name, path] : files) {
    if (read_case(path, vocabulary).surface_scan) continue;
    out.push_back({{"name", name}, {"toml", read_text(path)}});
  }
  return out;
}

/// The page's files: every regular file directly in `dir` (not a link, not in
/// a subfolder) with an allowed extension, read once. Requests are answered
/// from this map only, so no request path ever reaches the file system.
struct Asset {
  std::string content;
  std::string mime;
};

inline std::map<std::string, Asset> read_assets(const std::filesystem::path& dir) {
  static const std::map<std::string, std::string> kMime = {
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".html", "text/html; charset=utf-8"},
      {".map", "application/json; charset=utf-8"}};
  std::map<std::string, Asset> assets;
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(dir, ec)) return assets;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto status = entry.symlink_status(ec);
    if (ec || !fs::is_regular_file(status)) continue;  // skips links and folders
    const auto mime = kMime.find(entry.path().extension().string());
    if (mime == kMime.end()) continue;
    assets[entry.path().filename().string()] = Asset{read_text(entry.path()), mime->second};
  }
  return assets;
}

}  // namespace citsim::serve_detail
