// The ids a case file may use for conditions, medications and indications,
// read from data/vocabulary/.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace citsim {

struct Vocabulary {
  std::map<std::string, std::string> conditions;   ///< id -> description
  std::map<std::string, std::string> medications;  ///< id -> class
  std::map<std::string, std::string> indications;  ///< id -> description
};

/// Reads data_dir/vocabulary/{conditions,medications,indications}.toml.
Vocabulary read_vocabulary(const std::filesystem::path& data_dir);

}  // namespace citsim
