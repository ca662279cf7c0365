// Channels: the holes a session opens in the skin, and their statistics.
#pragma once

#include <string_view>
#include <vector>

namespace citsim {

/// How a channel looks in section.
enum class ChannelShape {
  cone,    ///< vertical entry: a cylinder of the needle diameter ending in the conical tip
  v_tear,  ///< angled entry and exit (roller): wide at the surface along the
           ///< rolling direction, narrowing to the tip (a V in section)
};

std::string_view to_string(ChannelShape shape);

/// One channel. Positions are on the treated patch (periodic), z = 0 at the surface.
struct Channel {
  double x_um = 0.0;
  double y_um = 0.0;
  double depth_um = 0.0;     ///< real depth reached (penetration fraction x length)
  double diameter_um = 0.0;  ///< width across the channel at the surface
  double length_um = 0.0;    ///< extent along `azimuth_rad` at the surface (>= diameter)
  double tilt_rad = 0.0;     ///< largest angle of the needle to the skin normal while in skin
  double azimuth_rad = 0.0;  ///< direction of motion across the surface
  ChannelShape shape = ChannelShape::cone;
  int pass = 0;  ///< which pass (stroke set) opened it
};

/// The periodic square of skin on which channels are generated; statistics
/// are densities, so they carry over to the whole site.
struct Patch {
  double width_um = 10000.0;
  double height_um = 10000.0;
  double area_um2() const { return width_um * height_um; }
};

}  // namespace citsim
