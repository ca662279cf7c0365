// Device data: how deep needles really go, how channels spread, default
// cartridge sizes and roller layouts, and how strokes are laid, read from
// data/devices/devices.toml (citsim/device/data_reader.hpp).
#pragma once

#include <string>
#include <vector>

namespace citsim {

/// Real channel depth as a fraction of needle length (roller, stamp) or depth
/// setting (pens). Each session draws its mean fraction from a triangular
/// distribution on [min, max] with the given mode; each channel then varies
/// about it with relative standard deviation `channel_cv`.
struct PenetrationRange {
  double fraction_min = 0.0;  ///< 0 < min <= mode <= max <= 1
  double fraction_mode = 0.0;
  double fraction_max = 0.0;
  double channel_cv = 0.0;  ///< >= 0, relative sd of depth between channels
  std::string source;
};

/// Needle-array diameter of a pen cartridge with `needle_count` needles.
struct CartridgeSize {
  int needle_count = 0;
  double diameter_um = 0.0;
};

/// Rings of needles across a roller drum with `needle_count` needles.
struct RollerLayout {
  int needle_count = 0;
  int rows = 0;
};

/// A measured roller channel, to check the tear geometry against.
struct RollerChannelReference {
  double needle_length_um = 0.0;
  double needle_base_width_um = 0.0;
  double depth_um = 0.0;
  double depth_sd_um = 0.0;
  double surface_diameter_um = 0.0;
  double surface_diameter_sd_um = 0.0;
  double drum_diameter_um = 0.0;
  std::string source;
};

/// Everything data/devices/devices.toml holds. Member defaults are
/// placeholders; the reader overwrites every one.
struct DeviceData {
  PenetrationRange roller;
  PenetrationRange stamp;
  PenetrationRange pen;  ///< also used by RF pens (same mechanics)
  /// Half-angle of the conical needle tip: the opening at the surface is no
  /// wider than 2 depth tan(angle), and never wider than the shaft.
  double needle_tip_half_angle_rad = 0.0;
  /// Centre-to-centre needle spacing in a pen cartridge, for cartridges not
  /// in `pen_cartridges`.
  double pen_needle_pitch_um = 0.0;
  std::vector<CartridgeSize> pen_cartridges;  ///< ascending needle_count
  std::vector<RollerLayout> roller_layouts;   ///< ascending needle_count
  /// Stroke directions cycled pass by pass, radians from the x axis.
  std::vector<double> roller_directions_rad;
  std::vector<double> pen_directions_rad;
  RollerChannelReference roller_reference;
};

}  // namespace citsim
