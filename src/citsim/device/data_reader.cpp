#include "citsim/device/data_reader.hpp"

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "citsim/core/toml_fields.hpp"
#include "citsim/core/units.hpp"

namespace citsim {
namespace {

using detail::TableReader;

PenetrationRange read_penetration(TableReader t) {
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
  const toml::table root = detail::parse_toml_file(file);
  TableReader top(root, file.string(), "");
  top.only({"penetration", "needle", "roller", "pen"});
  DeviceData data;

  TableReader pen_table = top.child("penetration");
  pen_table.only({"roller", "stamp", "pen"});
  data.roller = read_penetration(pen_table.child("roller"));
  data.stamp = read_penetration(pen_table.child("stamp"));
  data.pen = read_penetration(pen_table.child("pen"));

  TableReader needle = top.child("needle");
  needle.only({"tip_half_angle_deg", "source", "note"});
  data.needle_tip_half_angle_rad =
      units::deg_to_rad(needle.number("tip_half_angle_deg", 0.5, 45.0));
  needle.text("source");

  TableReader roller = top.child("roller");
  roller.only({"directions_deg", "directions_source", "layouts", "reference_channel"});
  data.roller_directions_rad =
      degrees_to_radians(roller.numbers("directions_deg", 0.0, 360.0, "deg", true));
  roller.text("directions_source");
  int previous = 0;
  for (TableReader& layout : roller.tables("layouts")) {
    layout.only({"needle_count", "rows", "source"});
    RollerLayout l;
    l.needle_count = static_cast<int>(layout.integer("needle_count", previous + 1, 10000));
    l.rows = static_cast<int>(layout.integer("rows", 1, l.needle_count));
    layout.text("source");
    previous = l.needle_count;
    data.roller_layouts.push_back(l);
  }
  TableReader ref = roller.child("reference_channel");
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

  TableReader pen = top.child("pen");
  pen.only(
      {"needle_pitch_mm", "pitch_source", "directions_deg", "directions_source", "cartridges"});
  data.pen_needle_pitch_um = units::mm_to_um(pen.number("needle_pitch_mm", 0.1, 5.0));
  pen.text("pitch_source");
  data.pen_directions_rad =
      degrees_to_radians(pen.numbers("directions_deg", 0.0, 360.0, "deg", true));
  pen.text("directions_source");
  previous = 0;
  for (TableReader& cartridge : pen.tables("cartridges")) {
    cartridge.only({"needle_count", "diameter_mm", "source"});
    CartridgeSize c;
    c.needle_count = static_cast<int>(cartridge.integer("needle_count", previous + 1, 1000));
    c.diameter_um = units::mm_to_um(cartridge.number("diameter_mm", 0.1, 30.0));
    cartridge.text("source");
    previous = c.needle_count;
    data.pen_cartridges.push_back(c);
  }
  return data;
}

}  // namespace citsim
