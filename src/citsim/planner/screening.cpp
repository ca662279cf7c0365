#include "citsim/planner/screening.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace citsim {
namespace {

constexpr std::array<std::string_view, 3> kLevelNames = {"info", "caution", "stop"};
constexpr std::array<std::string_view, 3> kOutcomeNames = {"proceed", "proceed_with_caution",
                                                           "stop"};

template <typename T>
bool contains(const std::vector<T>& items, const T& x) {
  return std::find(items.begin(), items.end(), x) != items.end();
}

const char* roman(int phototype) {
  static constexpr std::array<const char*, 7> kRoman = {"?", "I", "II", "III", "IV", "V", "VI"};
  return (phototype >= 1 && phototype <= 6) ? kRoman[static_cast<std::size_t>(phototype)] : "?";
}

std::string class_of(const MedicationClasses& classes, const std::string& name) {
  auto it = classes.find(name);
  return it == classes.end() ? std::string("other") : it->second;
}

/// The medications that satisfy the medication part of `m`, described.
std::vector<std::string> matching_medications(const RuleMatcher& m, const Patient& patient,
                                              const MedicationClasses& classes) {
  std::vector<std::string> hits;
  for (const Medication& med : patient.medications) {
    const std::string cls = class_of(classes, med.name);
    if (!contains(m.medications, med.name) && !contains(m.medication_classes, cls)) continue;
    // A medication that is neither current nor dated is treated as current.
    const bool current = med.current || !med.stopped_days_ago.has_value();
    bool recent = current;
    if (!current && m.within_days) recent = *med.stopped_days_ago < *m.within_days;
    if (!recent) continue;
    std::string text = med.name + " (" + cls + ")";
    text += current ? std::string(" current")
                    : " stopped " + std::to_string(*med.stopped_days_ago) + " days ago";
    hits.push_back(std::move(text));
  }
  return hits;
}

}  // namespace

std::string_view to_string(ScreeningLevel level) {
  return kLevelNames[static_cast<std::size_t>(level)];
}

std::optional<ScreeningLevel> screening_level_from_string(std::string_view name) {
  for (std::size_t i = 0; i < kLevelNames.size(); ++i) {
    if (kLevelNames[i] == name) return static_cast<ScreeningLevel>(i);
  }
  return std::nullopt;
}

std::string_view to_string(ScreeningOutcome outcome) {
  return kOutcomeNames[static_cast<std::size_t>(outcome)];
}

bool RuleMatcher::empty() const {
  return conditions.empty() && medications.empty() && medication_classes.empty() && !within_days &&
         !age_years && !fitzpatrick && zones.empty() && indications.empty() && all.empty() &&
         any.empty() && none.empty();
}

bool ScreeningResult::fired(std::string_view rule_id) const {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const ScreeningFinding& f) { return f.rule_id == rule_id; });
}

bool matches(const RuleMatcher& m, const Patient& patient, const Site& site,
             const MedicationClasses& classes, std::vector<std::string>* because) {
  if (m.empty()) return false;
  std::vector<std::string> why;
  if (!m.conditions.empty()) {
    bool any = false;
    for (const auto& c : patient.conditions) {
      if (contains(m.conditions, c)) {
        why.push_back("condition " + c);
        any = true;
      }
    }
    if (!any) return false;
  }
  if (!m.medications.empty() || !m.medication_classes.empty()) {
    auto hits = matching_medications(m, patient, classes);
    if (hits.empty()) return false;
    for (auto& h : hits) why.push_back(std::move(h));
  }
  if (m.age_years) {
    if (patient.age_years < m.age_years->min || patient.age_years > m.age_years->max) return false;
    why.push_back("age " + std::to_string(patient.age_years) + " years");
  }
  if (m.fitzpatrick) {
    if (patient.fitzpatrick < m.fitzpatrick->min || patient.fitzpatrick > m.fitzpatrick->max) {
      return false;
    }
    why.push_back(std::string("Fitzpatrick phototype ") + roman(patient.fitzpatrick));
  }
  if (!m.zones.empty()) {
    if (!contains(m.zones, site.zone)) return false;
    why.push_back("zone " + std::string(to_string(site.zone)));
  }
  if (!m.indications.empty()) {
    if (!contains(m.indications, site.indication)) return false;
    why.push_back("indication " + site.indication);
  }
  for (const auto& sub : m.all) {
    if (!matches(sub, patient, site, classes, &why)) return false;
  }
  if (!m.any.empty()) {
    bool any = false;
    for (const auto& sub : m.any) any = matches(sub, patient, site, classes, &why) || any;
    if (!any) return false;
  }
  for (const auto& sub : m.none) {
    if (matches(sub, patient, site, classes, nullptr)) return false;
  }
  if (because != nullptr) {
    for (auto& w : why) {
      if (!contains(*because, w)) because->push_back(std::move(w));
    }
  }
  return true;
}

ScreeningResult screen(const std::vector<ScreeningRule>& rules, const Patient& patient,
                       const Site& site, const MedicationClasses& classes) {
  ScreeningResult result;
  for (const auto& rule : rules) {
    if (!rule.enabled) continue;
    std::vector<std::string> because;
    if (!matches(rule.when, patient, site, classes, &because)) continue;
    result.findings.push_back(ScreeningFinding{rule.id, rule.level, rule.message, rule.source,
                                               rule.note, rule.origin, std::move(because)});
  }
  std::stable_sort(result.findings.begin(), result.findings.end(),
                   [](const ScreeningFinding& a, const ScreeningFinding& b) {
                     return static_cast<int>(a.level) > static_cast<int>(b.level);
                   });
  for (const auto& f : result.findings) {
    if (f.level == ScreeningLevel::stop) {
      result.outcome = ScreeningOutcome::stop;
    } else if (f.level == ScreeningLevel::caution && result.outcome == ScreeningOutcome::proceed) {
      result.outcome = ScreeningOutcome::proceed_with_caution;
    }
  }
  return result;
}

std::vector<ScreeningRule> merge_rules(std::vector<ScreeningRule> base,
                                       const std::vector<ScreeningRule>& overrides) {
  for (const auto& o : overrides) {
    auto it = std::find_if(base.begin(), base.end(),
                           [&](const ScreeningRule& r) { return r.id == o.id; });
    if (it != base.end()) {
      if (o.enabled) {
        *it = o;
      } else {
        it->enabled = false;
        it->origin = o.origin;
      }
    } else {
      base.push_back(o);
    }
  }
  return base;
}

}  // namespace citsim
