#include "citsim/planner/vocabulary.hpp"

#include <toml++/toml.h>

#include "citsim/core/error.hpp"
#include "citsim/core/toml_fields.hpp"

namespace citsim {
namespace {

std::map<std::string, std::string> read_ids(const std::filesystem::path& file,
                                            std::string_view field) {
  const toml::table root = detail::parse_toml_file(file);
  std::map<std::string, std::string> ids;
  for (const auto& [key, node] : root) {
    const auto* entry = node.as_table();
    const auto* value = entry ? entry->get_as<std::string>(field) : nullptr;
    if (value == nullptr) {
      throw Error(file.string() + ": " + std::string(key.str()) + "." + std::string(field) +
                  " is missing: every entry needs a string " + std::string(field));
    }
    ids.emplace(std::string(key.str()), value->get());
  }
  if (ids.empty()) throw Error(file.string() + ": no entries");
  return ids;
}

}  // namespace

Vocabulary read_vocabulary(const std::filesystem::path& data_dir) {
  const auto dir = data_dir / "vocabulary";
  return Vocabulary{
      .conditions = read_ids(dir / "conditions.toml", "description"),
      .medications = read_ids(dir / "medications.toml", "class"),
      .indications = read_ids(dir / "indications.toml", "description"),
  };
}

}  // namespace citsim
