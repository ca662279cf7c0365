#include "citsim/planner/screening_rules_reader.hpp"

#include <fmt/format.h>

#include <set>

#include "citsim/core/error.hpp"
#include "citsim/core/toml_fields.hpp"

namespace citsim {
namespace {

std::vector<std::string> keys_of(const std::map<std::string, std::string>& m) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : m) keys.push_back(k);
  return keys;
}

struct Allowed {
  std::vector<std::string> conditions, medications, classes, zones, indications;
};

Allowed allowed_names(const Vocabulary& v) {
  Allowed a{keys_of(v.conditions), keys_of(v.medications), {}, {}, keys_of(v.indications)};
  std::set<std::string> classes;
  for (const auto& [name, cls] : v.medications) classes.insert(cls);
  a.classes.assign(classes.begin(), classes.end());
  for (Zone z : kAllZones) a.zones.emplace_back(to_string(z));
  return a;
}

RuleMatcher read_matcher(detail::TableReader t, const Allowed& allowed);

std::vector<RuleMatcher> read_matchers(detail::TableReader& t, std::string_view key,
                                       const Allowed& allowed) {
  std::vector<RuleMatcher> out;
  for (detail::TableReader& m : t.optional_tables(key)) out.push_back(read_matcher(m, allowed));
  return out;
}

RuleMatcher read_matcher(detail::TableReader t, const Allowed& allowed) {
  RuleMatcher m;
  m.conditions = t.string_list("conditions", allowed.conditions);
  m.medications = t.string_list("medications", allowed.medications);
  m.medication_classes = t.string_list("medication_classes", allowed.classes);
  if (auto d = t.optional_integer("within_days", 1, 36500)) m.within_days = static_cast<int>(*d);
  if (t.has("age_years")) {
    auto [lo, hi] = t.integer_pair("age_years", 0, 150);
    m.age_years = IntRange{lo, hi};
  }
  if (t.has("fitzpatrick")) {
    auto [lo, hi] = t.integer_pair("fitzpatrick", 1, 6);
    m.fitzpatrick = IntRange{lo, hi};
  }
  for (const auto& z : t.string_list("zones", allowed.zones))
    m.zones.push_back(*zone_from_string(z));
  m.indications = t.string_list("indications", allowed.indications);
  m.all = read_matchers(t, "all", allowed);
  m.any = read_matchers(t, "any", allowed);
  m.none = read_matchers(t, "none", allowed);
  t.finish();
  if (m.within_days && m.medications.empty() && m.medication_classes.empty()) {
    t.fail("within_days", "given only with medications or medication_classes");
  }
  if (m.empty()) {
    std::string where = t.path("");
    where.pop_back();  // "rule[0].when." names the table "rule[0].when"
    throw Error(
        fmt::format("{}: {} is empty: a matcher needs at least one of conditions, "
                    "medications, medication_classes, age_years, fitzpatrick, zones, "
                    "indications, all, any or none",
                    t.file(), where));
  }
  return m;
}

}  // namespace

MedicationClasses medication_classes(const Vocabulary& vocabulary) {
  return MedicationClasses(vocabulary.medications.begin(), vocabulary.medications.end());
}

std::vector<ScreeningRule> parse_screening_rules(std::string_view toml_text,
                                                 const std::string& source,
                                                 const Vocabulary& vocabulary) {
  const toml::table root = detail::parse_toml_text(toml_text, source);
  const Allowed allowed = allowed_names(vocabulary);
  detail::TableReader top(root, source, "");
  std::vector<detail::TableReader> rules = top.optional_tables("rule");
  top.finish();
  if (rules.empty()) {
    throw Error(source + ": no [[rule]] entries: a rules file lists its rules as [[rule]] tables");
  }
  std::vector<ScreeningRule> out;
  std::set<std::string> ids;
  const std::vector<std::string> levels = {"stop", "caution", "info"};
  for (detail::TableReader& t : rules) {
    ScreeningRule r;
    r.id = t.text("id");
    for (char c : r.id) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
        t.fail("id", "lower-case letters, digits and _ only");
      }
    }
    if (!ids.insert(r.id).second) t.fail("id", "unique within the file");
    r.origin = source;
    r.enabled = t.boolean_or("enabled", true);
    if (r.enabled || t.has("level")) {
      r.level = *screening_level_from_string(t.choice("level", levels));
    }
    if (r.enabled || t.has("when")) {
      r.when = read_matcher(t.child("when"), allowed);
    }
    r.message = r.enabled ? t.text("message") : t.text_or("message", "");
    r.source = r.enabled ? t.text("source") : t.text_or("source", "");
    r.note = t.text_or("note", "");
    t.finish();
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<ScreeningRule> read_screening_rules(const std::filesystem::path& file,
                                                const Vocabulary& vocabulary) {
  return parse_screening_rules(detail::read_text_file(file), file.string(), vocabulary);
}

}  // namespace citsim
