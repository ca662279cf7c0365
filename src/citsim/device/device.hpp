// The four kinds of microneedling device, as plain values: what is mounted
// and how it is moved over the site. Lengths in um, times in s.
#pragma once

#include <optional>
#include <string_view>
#include <variant>

namespace citsim {

/// The needles every device carries.
struct Needles {
  int count = 1;
  double length_um = 1000.0;   ///< nominal length (roller, stamp) or depth setting (pens)
  double diameter_um = 250.0;  ///< shaft diameter
};

/// A drum studded with rings of needles, rolled over the skin in strokes of
/// several directions. `passes` is the number of rolling strokes over each spot.
struct Roller {
  Needles needles;
  double drum_diameter_um = 20000.0;  ///< to the needle bases
  double drum_width_um = 20000.0;
  int rows = 8;  ///< rings of needles across the drum width
  int passes = 16;
};

/// A flat plate of needles pressed vertically, repeatedly, over the site.
struct Stamp {
  Needles needles;
  double plate_area_um2 = 50.0e6;
  int passes = 4;  ///< presses over each spot
};

/// How a pen is glided over the site.
enum class PenPattern {
  lines,    ///< straight strokes, each pass in a new direction (0, 90, 45, 135 deg)
  circles,  ///< small overlapping circles along the stroke
};

std::string_view to_string(PenPattern pattern);
std::optional<PenPattern> pen_pattern_from_string(std::string_view name);

/// An automated pen: a cartridge of needles stamping at the stroke rate while
/// the pen glides over the skin.
struct Pen {
  Needles needles;
  double stroke_rate_hz = 100.0;
  double glide_speed_um_per_s = 10000.0;
  double cartridge_diameter_um = 0.0;  ///< needle-array diameter; 0 = from data
  int passes = 3;
  PenPattern pattern = PenPattern::lines;
};

/// Radio-frequency delivery of an RF pen; the electro-thermal model that uses
/// it is built by the RF issue. Energy per needle per pulse.
struct RfSettings {
  double power_w = 0.0;
  double pulse_duration_ms = 0.0;
  bool insulated_needles = true;
  bool bipolar = true;
};

/// An RF microneedling pen: pen geometry plus RF delivery.
struct RfPen {
  Pen pen;
  RfSettings rf;
};

using DeviceSpec = std::variant<Roller, Stamp, Pen, RfPen>;

enum class DeviceKind { roller, stamp, pen, rf_pen };

std::string_view to_string(DeviceKind kind);
std::optional<DeviceKind> device_kind_from_string(std::string_view name);
DeviceKind kind_of(const DeviceSpec& device);
const Needles& needles_of(const DeviceSpec& device);

}  // namespace citsim
