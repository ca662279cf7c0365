// Reads the planner's data files (data/planner/{screening,protocols,care,
// prices,alternatives}.toml) into the planner's structs, checking every value
// once, here; clinic files override rules and prices.
//
//   PlannerData d = read_planner_data(data_dir, vocab, {.rules = "clinic.toml"});
#pragma once

#include <filesystem>
#include <vector>

#include "citsim/planner/alternatives.hpp"
#include "citsim/planner/calendar.hpp"
#include "citsim/planner/costs.hpp"
#include "citsim/planner/plan.hpp"
#include "citsim/planner/protocol_design.hpp"
#include "citsim/planner/vocabulary.hpp"

namespace citsim {

ProtocolData read_protocol_data(const std::filesystem::path& file, const Vocabulary& vocabulary);
CareData read_care_data(const std::filesystem::path& file, const std::vector<ScreeningRule>& rules);
/// The shipped price book, with `clinic_file` (if not empty) replacing its
/// top-level keys and the entries of its tables one by one.
PriceBook read_price_book(const std::filesystem::path& file,
                          const std::filesystem::path& clinic_file = {});
std::vector<Alternative> read_alternatives(const std::filesystem::path& file,
                                           const Vocabulary& vocabulary,
                                           const std::vector<ScreeningRule>& rules);

struct ClinicFiles {
  std::filesystem::path rules;   ///< empty: none
  std::filesystem::path prices;  ///< empty: none
};

/// Everything under data_dir/planner, with the clinic's overrides.
PlannerData read_planner_data(const std::filesystem::path& data_dir, const Vocabulary& vocabulary,
                              const ClinicFiles& clinic = {});

}  // namespace citsim
