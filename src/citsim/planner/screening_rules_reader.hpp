// Reads screening rules files (data/planner/screening.toml, and a clinic's own
// file in the same format), checking every id against the vocabularies.
//
//   auto rules = read_screening_rules(data_dir / "planner" / "screening.toml", vocab);
//   rules = merge_rules(rules, read_screening_rules("clinic.toml", vocab));
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "citsim/planner/screening.hpp"
#include "citsim/planner/vocabulary.hpp"

namespace citsim {

/// Reads and validates a rules file. A rule with `enabled = false` needs only
/// its id. Throws Error with one line naming file, key, value and what is
/// allowed.
std::vector<ScreeningRule> read_screening_rules(const std::filesystem::path& file,
                                                const Vocabulary& vocabulary);

/// The same from TOML text; `source` names it in messages and in each rule's origin.
std::vector<ScreeningRule> parse_screening_rules(std::string_view toml_text,
                                                 const std::string& source,
                                                 const Vocabulary& vocabulary);

/// Medication name -> class, from the vocabulary.
MedicationClasses medication_classes(const Vocabulary& vocabulary);

}  // namespace citsim
