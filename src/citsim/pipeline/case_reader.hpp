// Reads and validates a case file (docs/case-format.md).
//
//   Vocabulary vocab = read_vocabulary(data_dir);
//   Case c = read_case("cases/pen-cheek.toml", vocab);   // throws Error on any bad key
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "citsim/pipeline/case.hpp"
#include "citsim/planner/vocabulary.hpp"

namespace citsim {

/// Reads a case file. Every key is checked (type, range, allowed values,
/// unknown keys, cross-field sense); the first problem throws Error with one
/// line: `file: key = value: must be ...`.
Case read_case(const std::filesystem::path& file, const Vocabulary& vocabulary);

/// The same, from TOML text; `source` names it in messages.
Case parse_case(std::string_view toml_text, const std::string& source,
                const Vocabulary& vocabulary);

}  // namespace citsim
