// Screening: contraindications and cautions as rules over the patient and the
// treated site. Each rule is data (data/planner/screening.toml) with a level,
// the message shown, its source and, where guidance differs, a note.
//
//   ScreeningResult r = screen(rules, patient, site, medication_classes);
//   if (r.outcome == ScreeningOutcome::stop) { /* r.findings names every reason */ }
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "citsim/skin/patient.hpp"
#include "citsim/skin/site.hpp"
#include "citsim/skin/zone.hpp"

namespace citsim {

/// How a fired rule bears on treatment, least to most severe.
enum class ScreeningLevel { info, caution, stop };

std::string_view to_string(ScreeningLevel level);
std::optional<ScreeningLevel> screening_level_from_string(std::string_view name);

/// An inclusive whole-number range.
struct IntRange {
  int min = 0;
  int max = 0;
};

/// When a rule applies. Every field that is set must hold (they are and-ed);
/// `all`, `any` and `none` combine sub-matchers. An empty matcher never
/// matches (the reader rejects it).
struct RuleMatcher {
  std::vector<std::string> conditions;          ///< any of these condition ids is present
  std::vector<std::string> medications;         ///< a medication with one of these names
  std::vector<std::string> medication_classes;  ///< ... or of one of these classes
  /// The medication is current or was stopped fewer than this many days ago;
  /// unset: current only.
  std::optional<int> within_days;
  std::optional<IntRange> age_years;
  std::optional<IntRange> fitzpatrick;   ///< phototype I..VI as 1..6
  std::vector<Zone> zones;               ///< the site is one of these zones
  std::vector<std::string> indications;  ///< the site is treated for one of these
  std::vector<RuleMatcher> all;          ///< every one holds
  std::vector<RuleMatcher> any;          ///< at least one holds
  std::vector<RuleMatcher> none;         ///< none holds

  bool empty() const;
};

struct ScreeningRule {
  std::string id;
  ScreeningLevel level = ScreeningLevel::caution;
  RuleMatcher when;
  std::string message;  ///< shown to clinician and patient
  std::string source;   ///< citation
  std::string note;     ///< where guidance differs; may be empty
  bool enabled = true;  ///< a clinic file may switch a shipped rule off
  std::string origin;   ///< the file the rule came from
};

/// Medication name -> class (data/vocabulary/medications.toml).
using MedicationClasses = std::map<std::string, std::string, std::less<>>;

/// One rule that fired, with what in the case made it fire.
struct ScreeningFinding {
  std::string rule_id;
  ScreeningLevel level = ScreeningLevel::info;
  std::string message;
  std::string source;
  std::string note;
  std::string origin;
  std::vector<std::string> because;  ///< e.g. "isotretinoin (oral_retinoid) stopped 60 days ago"
};

enum class ScreeningOutcome {
  proceed,               ///< nothing fired, or only info
  proceed_with_caution,  ///< at least one caution, no stop
  stop,                  ///< at least one stop: do not treat now
};

std::string_view to_string(ScreeningOutcome outcome);

struct ScreeningResult {
  ScreeningOutcome outcome = ScreeningOutcome::proceed;
  /// Every rule that fired: stop first, then caution, then info; rules-file
  /// order within a level.
  std::vector<ScreeningFinding> findings;

  bool fired(std::string_view rule_id) const;
};

/// True if `matcher` holds for the patient and site; appends to `because`
/// (when given) what matched.
bool matches(const RuleMatcher& matcher, const Patient& patient, const Site& site,
             const MedicationClasses& classes, std::vector<std::string>* because = nullptr);

/// Runs every enabled rule.
ScreeningResult screen(const std::vector<ScreeningRule>& rules, const Patient& patient,
                       const Site& site, const MedicationClasses& classes);

/// A clinic's rules over the shipped ones: a rule with a shipped id replaces
/// it in place (a disabled one switches it off), a new id is added at the end.
std::vector<ScreeningRule> merge_rules(std::vector<ScreeningRule> base,
                                       const std::vector<ScreeningRule>& overrides);

}  // namespace citsim
