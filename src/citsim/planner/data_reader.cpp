#include "citsim/planner/data_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "citsim/core/error.hpp"
#include "citsim/core/toml_fields.hpp"
#include "citsim/planner/screening_rules_reader.hpp"

namespace citsim {
namespace {

constexpr double kUmPerMm = 1000.0;

std::vector<std::string> zone_names() {
  std::vector<std::string> names;
  for (Zone z : kAllZones) names.emplace_back(to_string(z));
  return names;
}

std::vector<std::string> device_names() { return {"roller", "stamp", "pen", "rf_pen"}; }

std::vector<std::string> keys_of(const std::map<std::string, std::string>& m) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : m) keys.push_back(k);
  return keys;
}

std::vector<std::string> rule_ids(const std::vector<ScreeningRule>& rules) {
  std::vector<std::string> ids;
  for (const auto& r : rules) ids.push_back(r.id);
  return ids;
}

/// Each sub-table of `key` in file order, with its dotted prefix.
template <typename F>
void each_entry(detail::TableReader& t, std::string_view key, const std::string& file, F&& f) {
  const toml::table& table = t.table(key);
  for (const auto& [name, node] : table) {
    const auto* sub = node.as_table();
    const std::string prefix = fmt::format("{}.{}.", key, name.str());
    if (sub == nullptr) {
      throw Error(fmt::format("{}: {}.{} = {}: must be a table [{}.{}]", file, key, name.str(),
                              detail::describe(node), key, name.str()));
    }
    detail::TableReader entry(*sub, file, prefix);
    f(std::string(name.str()), entry);
    entry.finish();
  }
}

int minutes_of(detail::TableReader& t, std::string_view key) {
  const std::string text = t.text(key);
  const bool shape = text.size() == 5 && text[2] == ':' && std::isdigit(text[0]) &&
                     std::isdigit(text[1]) && std::isdigit(text[3]) && std::isdigit(text[4]);
  const int h = shape ? (text[0] - '0') * 10 + (text[1] - '0') : -1;
  const int m = shape ? (text[3] - '0') * 10 + (text[4] - '0') : -1;
  if (h < 0 || h > 23 || m < 0 || m > 59) t.fail(key, "a time of day \"HH:MM\" (00:00 to 23:59)");
  return h * 60 + m;
}

/// `over`'s top-level keys, and the entries of its tables, replace `base`'s;
/// `origin` records which file each table entry came from.
void merge_price_tables(toml::table& base, const toml::table& over, const std::string& over_file,
                        std::map<std::string, std::string>& origin) {
  for (const auto& [key, node] : over) {
    const std::string k(key.str());
    const auto* over_table = node.as_table();
    auto* base_table = base.get_as<toml::table>(k);
    if (over_table != nullptr && base_table != nullptr) {
      for (const auto& [sub, sub_node] : *over_table) {
        base_table->insert_or_assign(sub.str(), sub_node);
        origin[k + "." + std::string(sub.str())] = over_file;
      }
    } else {
      base.insert_or_assign(k, node);
      origin[k] = over_file;
    }
  }
}

}  // namespace

ProtocolData read_protocol_data(const std::filesystem::path& path, const Vocabulary& vocabulary) {
  const std::string file = path.string();
  const toml::table root = detail::parse_toml_file(path);
  detail::TableReader top(root, file, "");
  ProtocolData d;
  d.no_consensus = top.text("no_consensus");
  d.no_consensus_source = top.text("no_consensus_source");
  d.final_assessment_days = static_cast<int>(top.integer("final_assessment_days", 1, 3650));
  d.final_assessment_source = top.text("final_assessment_source");

  const auto zones = zone_names();
  each_entry(top, "zones", file, [&](const std::string& name, detail::TableReader& t) {
    const auto zone = zone_from_string(name);
    if (!zone) t.fail("depth_mm", "in a table named after a zone: " + detail::join_choices(zones));
    auto [lo, hi] = t.number_pair("depth_mm", 0.05, 3.5, "mm");
    d.zones.push_back(ZoneDepth{*zone, lo * kUmPerMm, hi * kUmPerMm, t.text("source")});
  });

  const auto adjuvants_known = [&] {
    std::vector<std::string> ids;
    if (const auto* a = root.get_as<toml::table>("adjuvants")) {
      for (const auto& [k, v] : *a) ids.emplace_back(k.str());
    }
    return ids;
  }();
  each_entry(top, "indications", file, [&](const std::string& name, detail::TableReader& t) {
    if (!vocabulary.indications.contains(name)) {
      t.fail("device", "in a table named after an indication: " +
                           detail::join_choices(keys_of(vocabulary.indications)));
    }
    IndicationProtocol p;
    p.indication = name;
    p.device = *device_kind_from_string(t.choice("device", device_names()));
    p.device_source = t.text("device_source");
    auto [lo, hi] = t.number_pair("depth_mm", 0.05, 3.5, "mm");
    p.depth_min_um = lo * kUmPerMm;
    p.depth_max_um = hi * kUmPerMm;
    p.depth_source = t.text("depth_source");
    p.endpoint = t.text("endpoint");
    p.endpoint_source = t.text("endpoint_source");
    std::tie(p.sessions_min, p.sessions_max) = t.integer_pair("sessions", 1, 52);
    p.sessions_source = t.text("sessions_source");
    std::tie(p.interval_min_days, p.interval_max_days) = t.integer_pair("interval_days", 1, 365);
    p.interval_source = t.text("interval_source");
    std::tie(p.maintenance_min_months, p.maintenance_max_months) =
        t.integer_pair("maintenance_months", 1, 60);
    p.maintenance_source = t.text("maintenance_source");
    p.adjuvants = t.string_list("adjuvants", adjuvants_known);
    p.note = t.text_or("note", "");
    d.indications.push_back(std::move(p));
  });

  each_entry(top, "passes", file, [&](const std::string& name, detail::TableReader& t) {
    const auto kind = device_kind_from_string(name);
    if (!kind)
      t.fail("passes", "in a table named after a device: " + detail::join_choices(device_names()));
    DevicePasses p;
    p.device = *kind;
    p.passes = static_cast<int>(t.integer("passes", 1, 50));
    std::tie(p.passes_min, p.passes_max) = t.integer_pair("range", 1, 50);
    if (p.passes < p.passes_min || p.passes > p.passes_max) t.fail("passes", "within range");
    p.source = t.text("source");
    d.passes.push_back(std::move(p));
  });

  each_entry(top, "adjuvants", file, [&](const std::string& name, detail::TableReader& t) {
    d.adjuvants.push_back(Adjuvant{name, t.text("name"), t.text("evidence"), t.text("source")});
  });

  each_entry(top, "scar_types", file, [&](const std::string& name, detail::TableReader& t) {
    const auto type = scar_type_from_string(name);
    if (!type) t.fail("response", "in a table named icepick, boxcar or rolling");
    d.scar_types.push_back(ScarTypeAdvice{*type, t.text("response"), t.text("source")});
  });

  {
    detail::TableReader t = top.child("skin_of_colour");
    SkinOfColourAdvice& s = d.skin_of_colour;
    s.fitzpatrick_min = static_cast<int>(t.integer("fitzpatrick_min", 1, 6));
    s.prefer = *device_kind_from_string(t.choice("prefer", device_names()));
    for (const auto& n : t.string_list("avoid", device_names()))
      s.avoid.push_back(*device_kind_from_string(n));
    s.why = t.text("why");
    s.source = t.text("source");
    t.finish();
  }
  top.finish();
  return d;
}

CareData read_care_data(const std::filesystem::path& path,
                        const std::vector<ScreeningRule>& rules) {
  const std::string file = path.string();
  const toml::table root = detail::parse_toml_file(path);
  detail::TableReader top(root, file, "");
  CareData d;
  d.session_start_minute = minutes_of(top, "session_time");
  d.session_time_source = top.text("session_time_source");
  std::vector<detail::TableReader> events = top.optional_tables("event");
  top.finish();
  if (events.empty()) throw Error(file + ": no [[event]] entries");
  const std::vector<std::string> phases = {"pre",      "day_of",    "aftercare",
                                           "expected", "follow_up", "maintenance"};
  const std::vector<std::string> anchors = {"first_session", "each_session", "last_session"};
  const auto ids = rule_ids(rules);
  for (detail::TableReader& t : events) {
    CareEventTemplate e;
    e.id = t.text("id");
    e.phase = t.choice("phase", phases);
    e.anchor = *care_anchor_from_string(t.choice("anchor", anchors));
    e.offset_days = static_cast<int>(t.integer("offset_days", -365, 3650));
    if (t.has("minutes_from_session")) {
      e.minutes_from_session = static_cast<int>(t.integer("minutes_from_session", -720, 720));
      e.duration_minutes = static_cast<int>(t.integer("duration_minutes", 1, 720));
    } else {
      e.duration_days = static_cast<int>(t.integer("duration_days", 1, 365));
    }
    e.title = t.text("title");
    e.detail = t.text("detail");
    e.source = t.text("source");
    e.if_findings = t.string_list("if_findings", ids);
    t.finish();
    d.events.push_back(std::move(e));
  }
  return d;
}

PriceBook read_price_book(const std::filesystem::path& path,
                          const std::filesystem::path& clinic_file) {
  toml::table root = detail::parse_toml_file(path);
  std::map<std::string, std::string> origin;
  if (!clinic_file.empty()) {
    merge_price_tables(root, detail::parse_toml_file(clinic_file), clinic_file.string(), origin);
  }
  const std::string base_file = path.string();
  auto file_of = [&](const std::string& key) {
    auto it = origin.find(key);
    return it == origin.end() ? base_file : it->second;
  };
  // Top-level scalars: read each with the file it came from.
  auto top_reader = [&](const std::string& key) {
    return detail::TableReader(root, file_of(key), "");
  };
  PriceBook b;
  b.currency = top_reader("currency").text("currency");
  b.price_year = static_cast<int>(top_reader("price_year").integer("price_year", 1990, 2100));
  b.source = top_reader("source").text("source");
  b.default_region = top_reader("default_region").text("default_region");
  b.insurance_note = top_reader("insurance_note").text("insurance_note");
  b.insurance_source = top_reader("insurance_source").text("insurance_source");
  b.providers = top_reader("providers").texts("providers");
  if (b.providers.empty())
    top_reader("providers").fail("providers", "a non-empty list of provider types");

  // Tables whose entries may come from either file.
  auto entries = [&](const std::string& key, auto&& f) {
    const auto* table = root.get_as<toml::table>(key);
    if (table == nullptr) {
      throw Error(
          fmt::format("{}: {} is missing: a table [{}] is required", file_of(key), key, key));
    }
    for (const auto& [name, node] : *table) {
      const std::string n(name.str());
      const std::string file = file_of(key + "." + n);
      f(n, node, file);
    }
  };

  const auto zones = zone_names();
  entries(
      "zone_area", [&](const std::string& name, const toml::node& node, const std::string& file) {
        const auto zone = zone_from_string(name);
        const auto* s = node.as_string();
        if (!zone || s == nullptr) {
          throw Error(fmt::format("{}: zone_area.{} = {}: must be a zone ({}) = an area name", file,
                                  name, detail::describe(node), detail::join_choices(zones)));
        }
        b.zone_area[*zone] = s->get();
      });
  auto table_of = [](const toml::node& node, const std::string& file,
                     const std::string& key) -> const toml::table& {
    const auto* t = node.as_table();
    if (t == nullptr) {
      throw Error(
          fmt::format("{}: {} = {}: must be a table [{}]", file, key, detail::describe(node), key));
    }
    return *t;
  };
  entries("areas", [&](const std::string& name, const toml::node& node, const std::string& file) {
    detail::TableReader t(table_of(node, file, "areas." + name), file, "areas." + name + ".");
    AreaPrices a;
    a.area = name;
    for (const auto& provider : b.providers) {
      if (t.has(provider)) {
        auto [lo, hi] = t.number_pair(provider, 0.0, 1e6, b.currency);
        a.by_provider[provider] = PriceRange{lo, hi};
      }
    }
    a.source = t.text("source");
    t.finish();
    b.areas.push_back(std::move(a));
  });
  entries("regions", [&](const std::string& name, const toml::node& node, const std::string& file) {
    detail::TableReader t(table_of(node, file, "regions." + name), file, "regions." + name + ".");
    b.region_factors[name] = t.number("factor", 0.05, 20.0);
    b.region_sources[name] = t.text("source");
    t.finish();
  });
  if (!b.region_factors.contains(b.default_region)) {
    top_reader("default_region").fail("default_region", "one of the [regions] entries");
  }
  {
    const auto* pkg = root.get_as<toml::table>("package");
    if (pkg == nullptr)
      throw Error(file_of("package") + ": package is missing: a table [package] is required");
    // Each key of [package] may come from either file; name the clinic's if any key came from it.
    std::string file = base_file;
    for (const char* k : {"min_sessions", "discount", "source"}) {
      if (origin.contains(std::string("package.") + k))
        file = origin.at(std::string("package.") + k);
    }
    if (origin.contains("package")) file = origin.at("package");
    detail::TableReader t(*pkg, file, "package.");
    b.package_min_sessions = static_cast<int>(t.integer("min_sessions", 1, 100));
    std::tie(b.package_discount_min, b.package_discount_max) = t.number_pair("discount", 0.0, 0.9);
    b.package_source = t.text("source");
    t.finish();
  }
  auto items = [&](const std::string& key, std::vector<PricedItem>& out) {
    entries(key, [&](const std::string& name, const toml::node& node, const std::string& file) {
      detail::TableReader t(table_of(node, file, key + "." + name), file, key + "." + name + ".");
      PricedItem item;
      item.id = name;
      item.name = t.text("name");
      auto [lo, hi] = t.number_pair("price", 0.0, 1e6, b.currency);
      item.price = PriceRange{lo, hi};
      item.per = t.choice("per", {"session", "device"});
      item.note = t.text_or("note", "");
      item.source = t.text("source");
      t.finish();
      out.push_back(std::move(item));
    });
  };
  items("add_ons", b.add_ons);
  items("home_devices", b.home_devices);

  // Unknown top-level keys.
  const std::vector<std::string> known = {
      "currency",       "price_year",       "source",      "providers", "default_region",
      "insurance_note", "insurance_source", "zone_area",   "areas",     "regions",
      "package",        "add_ons",          "home_devices"};
  for (const auto& [key, node] : root) {
    if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
      detail::fail_unknown_key(file_of(std::string(key.str())), printable(key.str(), 60), node,
                               known);
    }
  }
  // Every zone must be priced.
  for (Zone z : kAllZones) {
    const auto it = b.zone_area.find(z);
    if (it == b.zone_area.end()) {
      throw Error(fmt::format("{}: zone_area.{} is missing: every zone needs a priced area",
                              file_of("zone_area"), to_string(z)));
    }
    const bool priced = std::any_of(b.areas.begin(), b.areas.end(),
                                    [&](const AreaPrices& a) { return a.area == it->second; });
    if (!priced) {
      throw Error(fmt::format("{}: zone_area.{} = \"{}\": must name an [areas] entry",
                              file_of("zone_area." + std::string(to_string(z))), to_string(z),
                              it->second));
    }
  }
  return b;
}

std::vector<Alternative> read_alternatives(const std::filesystem::path& path,
                                           const Vocabulary& vocabulary,
                                           const std::vector<ScreeningRule>& rules) {
  const std::string file = path.string();
  const toml::table root = detail::parse_toml_file(path);
  detail::TableReader top(root, file, "");
  std::vector<Alternative> out;
  const auto indications = keys_of(vocabulary.indications);
  const auto ids = rule_ids(rules);
  each_entry(top, "alternative", file, [&](const std::string& name, detail::TableReader& t) {
    Alternative a;
    a.id = name;
    a.name = t.text("name");
    a.mechanism = t.text("mechanism");
    a.best_for = t.string_list("best_for", indications);
    a.best_for_text = t.text("best_for_text");
    std::tie(a.downtime_min_days, a.downtime_max_days) = t.integer_pair("downtime_days", 0, 365);
    std::tie(a.sessions_min, a.sessions_max) = t.integer_pair("sessions", 1, 52);
    std::tie(a.cost_min, a.cost_max) = t.number_pair("cost", 0.0, 1e6);
    a.currency = t.text("currency");
    a.cost_source = t.text("cost_source");
    a.pih_risk = *pih_risk_from_string(t.choice("pih_risk", {"low", "moderate", "high"}));
    a.dark_skin = t.text("dark_skin");
    a.avoid_if_findings = t.string_list("avoid_if_findings", ids);
    a.avoid_note = t.text_or("avoid_note", "");
    if (!a.avoid_if_findings.empty() && a.avoid_note.empty()) {
      t.fail("avoid_note", "a non-empty string when avoid_if_findings is given");
    }
    a.source = t.text("source");
    out.push_back(std::move(a));
  });
  top.finish();
  if (out.empty()) throw Error(file + ": no [alternative.ID] entries");
  // Microneedling first, the others in file-table order.
  std::stable_partition(out.begin(), out.end(),
                        [](const Alternative& a) { return a.id == "microneedling"; });
  return out;
}

PlannerData read_planner_data(const std::filesystem::path& data_dir, const Vocabulary& vocabulary,
                              const ClinicFiles& clinic) {
  const auto dir = data_dir / "planner";
  PlannerData d;
  d.rules = read_screening_rules(dir / "screening.toml", vocabulary);
  // Outputs name shipped data files relative to the data folder, never by
  // this machine's absolute path.
  for (ScreeningRule& r : d.rules) r.origin = "planner/screening.toml";
  if (!clinic.rules.empty()) {
    d.rules = merge_rules(std::move(d.rules), read_screening_rules(clinic.rules, vocabulary));
  }
  d.protocols = read_protocol_data(dir / "protocols.toml", vocabulary);
  d.care = read_care_data(dir / "care.toml", d.rules);
  d.prices = read_price_book(dir / "prices.toml", clinic.prices);
  d.alternatives = read_alternatives(dir / "alternatives.toml", vocabulary, d.rules);
  return d;
}

}  // namespace citsim
