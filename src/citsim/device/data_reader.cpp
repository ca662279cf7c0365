#include "citsim/device/data_reader.hpp"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "citsim/core/error.hpp"
#include "citsim/core/units.hpp"

namespace citsim {
namespace {

/// One table of the file, with its dotted key for messages.
class TableReader {
 public:
  TableReader(std::string file, std::string key, const toml::table& table)
      : file_(std::move(file)), key_(std::move(key)), table_(table) {}

  [[noreturn]] void fail(std::string_view name, std::string_view value,
                         std::string_view why) const {
    std::ostringstream msg;
    msg << file_ << ": " << full(name) << " = " << value << ": " << why;
    throw Error(msg.str());
  }

  std::string full(std::string_view name) const {
    return key_.empty() ? std::string(name) : key_ + "." + std::string(name);
  }

  /// Rejects keys not in `allowed`.
  void only(std::initializer_list<std::string_view> allowed) const {
    for (const auto& [k, v] : table_) {
      if (std::find(allowed.begin(), allowed.end(), k.str()) == allowed.end()) {
        std::string list;
        for (const std::string_view a : allowed)
          list += (list.empty() ? "" : ", ") + std::string(a);
        fail(k.str(), "...", "unknown key (allowed: " + list + ")");
      }
    }
  }

  const toml::node& node(std::string_view name) const {
    const toml::node* n = table_.get(name);
    if (n == nullptr) fail(name, "(missing)", "required");
    return *n;
  }

  TableReader table(std::string_view name) const {
    const toml::table* t = node(name).as_table();
    if (t == nullptr) fail(name, "(not a table)", "must be a table");
    return TableReader(file_, full(name), *t);
  }

  double number(std::string_view name, double lo, double hi) const {
    const toml::node& n = node(name);
    std::optional<double> v = n.value<double>();
    if (!v || !(n.is_floating_point() || n.is_integer())) {
      fail(name, "(not a number)", range_text(lo, hi));
    }
    check(name, *v, lo, hi);
    return *v;
  }

  int integer(std::string_view name, std::int64_t lo, std::int64_t hi) const {
    const toml::node& n = node(name);
    if (!n.is_integer()) fail(name, "(not an integer)", range_text(lo, hi));
    const std::int64_t v = *n.value<std::int64_t>();
    if (v < lo || v > hi) fail(name, std::to_string(v), range_text(lo, hi));
    return static_cast<int>(v);
  }

  std::string text(std::string_view name) const {
    const toml::node& n = node(name);
    if (!n.is_string()) fail(name, "(not a string)", "must be a string");
    return *n.value<std::string>();
  }

  /// An array of numbers in [lo, hi), at least one.
  std::vector<double> numbers(std::string_view name, double lo, double hi) const {
    const toml::array* a = node(name).as_array();
    if (a == nullptr || a->empty())
      fail(name, "(not an array)", "must be a non-empty array of numbers");
    std::vector<double> out;
    for (std::size_t i = 0; i < a->size(); ++i) {
      const toml::node& n = *a->get(i);
      const std::string item = std::string(name) + "[" + std::to_string(i) + "]";
      std::optional<double> v = n.value<double>();
      if (!v || !(n.is_floating_point() || n.is_integer()))
        fail(item, "(not a number)", range_text(lo, hi));
      if (!(*v >= lo && *v < hi)) {
        std::ostringstream why;
        why << "must be at least " << lo << " and below " << hi;
        fail(item, format(*v), why.str());
      }
      out.push_back(*v);
    }
    return out;
  }

  /// The tables of an array of tables.
  std::vector<TableReader> tables(std::string_view name) const {
    const toml::array* a = node(name).as_array();
    if (a == nullptr || !a->is_array_of_tables() || a->empty()) {
      fail(name, "(not an array of tables)", "must be one or more [[" + full(name) + "]] tables");
    }
    std::vector<TableReader> out;
    for (std::size_t i = 0; i < a->size(); ++i) {
      out.emplace_back(file_, full(name) + "[" + std::to_string(i) + "]", *a->get(i)->as_table());
    }
    return out;
  }

  void check(std::string_view name, double v, double lo, double hi) const {
    if (!(v >= lo && v <= hi)) fail(name, format(v), range_text(lo, hi));
  }

  static std::string format(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
  }

  template <typename T>
  static std::string range_text(T lo, T hi) {
    std::ostringstream s;
    s << "must be between " << lo << " and " << hi;
    return s.str();
  }

 private:
  std::string file_;
  std::string key_;
  const toml::table& table_;
};

PenetrationRange read_penetration(const TableReader& t) {
  t.only({"fraction_min", "fraction_mode", "fraction_max", "channel_cv", "source", "note"});
  PenetrationRange p;
  p.fraction_min = t.number("fraction_min", 0.01, 1.0);
  p.fraction_mode = t.number("fraction_mode", p.fraction_min, 1.0);
  p.fraction_max = t.number("fraction_max", p.fraction_mode, 1.0);
  p.channel_cv = t.number("channel_cv", 0.0, 0.5);
  p.source = t.text("source");
  return p;
}

std::vector<double> degrees_to_radians(const std::vector<double>& deg) {
  std::vector<double> rad;
  rad.reserve(deg.size());
  for (const double d : deg) rad.push_back(units::deg_to_rad(d));
  return rad;
}

}  // namespace

DeviceData read_device_data(const std::filesystem::path& file) {
  const std::string name = file.string();
  toml::table root;
  try {
    root = toml::parse_file(name);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << name << ":" << e.source().begin.line << ": " << e.description();
    throw Error(msg.str());
  }
  const TableReader top(name, "", root);
  top.only({"penetration", "needle", "roller", "pen"});
  DeviceData data;

  const TableReader pen_table = top.table("penetration");
  pen_table.only({"roller", "stamp", "pen"});
  data.roller = read_penetration(pen_table.table("roller"));
  data.stamp = read_penetration(pen_table.table("stamp"));
  data.pen = read_penetration(pen_table.table("pen"));

  const TableReader needle = top.table("needle");
  needle.only({"tip_half_angle_deg", "source", "note"});
  data.needle_tip_half_angle_rad =
      units::deg_to_rad(needle.number("tip_half_angle_deg", 0.5, 45.0));
  needle.text("source");

  const TableReader roller = top.table("roller");
  roller.only({"directions_deg", "directions_source", "layouts", "reference_channel"});
  data.roller_directions_rad = degrees_to_radians(roller.numbers("directions_deg", 0.0, 360.0));
  roller.text("directions_source");
  int previous = 0;
  for (const TableReader& layout : roller.tables("layouts")) {
    layout.only({"needle_count", "rows", "source"});
    RollerLayout l;
    l.needle_count = layout.integer("needle_count", previous + 1, 10000);
    l.rows = layout.integer("rows", 1, l.needle_count);
    layout.text("source");
    previous = l.needle_count;
    data.roller_layouts.push_back(l);
  }
  const TableReader ref = roller.table("reference_channel");
  ref.only({"needle_length_um", "needle_base_width_um", "depth_um", "depth_sd_um",
            "surface_diameter_um", "surface_diameter_sd_um", "drum_diameter_mm", "source"});
  RollerChannelReference& r = data.roller_reference;
  r.needle_length_um = ref.number("needle_length_um", 10.0, 5000.0);
  r.needle_base_width_um = ref.number("needle_base_width_um", 1.0, 1000.0);
  r.depth_um = ref.number("depth_um", 1.0, r.needle_length_um);
  r.depth_sd_um = ref.number("depth_sd_um", 0.0, r.depth_um);
  r.surface_diameter_um = ref.number("surface_diameter_um", 1.0, 1000.0);
  r.surface_diameter_sd_um = ref.number("surface_diameter_sd_um", 0.0, r.surface_diameter_um);
  r.drum_diameter_um = units::mm_to_um(ref.number("drum_diameter_mm", 2.0, 100.0));
  r.source = ref.text("source");

  const TableReader pen = top.table("pen");
  pen.only(
      {"needle_pitch_mm", "pitch_source", "directions_deg", "directions_source", "cartridges"});
  data.pen_needle_pitch_um = units::mm_to_um(pen.number("needle_pitch_mm", 0.1, 5.0));
  pen.text("pitch_source");
  data.pen_directions_rad = degrees_to_radians(pen.numbers("directions_deg", 0.0, 360.0));
  pen.text("directions_source");
  previous = 0;
  for (const TableReader& cartridge : pen.tables("cartridges")) {
    cartridge.only({"needle_count", "diameter_mm", "source"});
    CartridgeSize c;
    c.needle_count = cartridge.integer("needle_count", previous + 1, 1000);
    c.diameter_um = units::mm_to_um(cartridge.number("diameter_mm", 0.1, 30.0));
    cartridge.text("source");
    previous = c.needle_count;
    data.pen_cartridges.push_back(c);
  }
  return data;
}

}  // namespace citsim
