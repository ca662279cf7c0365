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

/// Radio-frequency delivery of an RF pen (the pulse of every insertion; the
/// electro-thermal model is in thermal/ and pipeline/rf).
struct RfSettings {
  double power_w = 0.0;            ///< the tip's power, shared by its pins
  double pulse_duration_ms = 0.0;  ///< on-time of one pulse (its sub-pulses together)
  bool insulated_needles = true;
  /// Insulated from the hub down (um); 0 = not given (a model default applies).
  double insulated_length_um = 0.0;
  bool bipolar = true;
  double frequency_mhz = 1.0;
  /// The pulse split into sub-pulses with a pause between them.
  int sub_pulses = 1;
  double sub_pulse_interval_ms = 0.0;
  /// Pulses fired in the same insertion (stacking), this far apart.
  int stacks = 1;
  double stack_interval_ms = 0.0;
  /// Distance between neighbouring pins (um); 0 = from the cartridge and count.
  double pin_pitch_um = 0.0;
  /// The energy per pin per pulse was given rather than the power.
  bool energy_given = false;
};

/// How an RF tip moves over the site.
enum class RfMotion {
  glide,  ///< like a pen: stamping at the stroke rate while gliding
  stamp,  ///< pressed once per spot and pass, the tip tiling the site
};

/// An RF microneedling device: pen geometry (a stamped tip uses its needles,
/// cartridge and passes only) plus RF delivery.
struct RfPen {
  Pen pen;
  RfSettings rf;
  RfMotion motion = RfMotion::glide;
};

using DeviceSpec = std::variant<Roller, Stamp, Pen, RfPen>;

enum class DeviceKind { roller, stamp, pen, rf_pen };

std::string_view to_string(DeviceKind kind);
std::optional<DeviceKind> device_kind_from_string(std::string_view name);
DeviceKind kind_of(const DeviceSpec& device);
const Needles& needles_of(const DeviceSpec& device);

}  // namespace citsim
