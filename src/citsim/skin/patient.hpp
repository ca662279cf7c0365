// The patient as the case file describes them: plain values, already validated.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace citsim {

enum class Sex { female, male };

std::string_view to_string(Sex sex);

/// A medication, current or stopped some days before the first session.
struct Medication {
  std::string name;  ///< id from data/vocabulary/medications.toml
  bool current = false;
  std::optional<int> stopped_days_ago;  ///< set when not current
};

struct Patient {
  int age_years = 40;
  Sex sex = Sex::female;
  int fitzpatrick = 3;                  ///< phototype I..VI as 1..6
  std::vector<std::string> conditions;  ///< ids from data/vocabulary/conditions.toml
  std::vector<Medication> medications;
};

}  // namespace citsim
