// The fields of one RF pulse for the user: a cross-section through the
// needle as ParaView image data (peak temperature, damage integral, lesion
// zone) and as a labelled picture (peak temperature left of the needle, the
// lesion right of it).
//
//   write_rf_fields(out / "rf_pulse.vti", rf);
//   write_png(out / "rf_pulse.png", rf_cross_section(rf));
#pragma once

#include <filesystem>

#include "citsim/pipeline/rf.hpp"
#include "citsim/surface/image.hpp"

namespace citsim {

/// Zone of a cell of the cross-section.
enum class RfZone : std::uint8_t {
  tissue = 0,
  heat_shocked = 1,  ///< shock threshold <= Omega < 1
  coagulated = 2,    ///< Omega >= 1
  needle = 3,
};

/// The cross-section (r from -R to R, depth down) as VTK XML image data, mm:
/// cell arrays peak_temperature_c, damage_omega, zone (RfZone), layer
/// (0 epidermis, 1 dermis, 2 fat).
void write_rf_fields(const std::filesystem::path& file, const RfSession& rf);

/// The same cross-section as a picture, `px` pixels per grid cell: left of
/// the needle the peak temperature (37 C dark to 100 C and above white),
/// right of it the zones (coagulated dark red, heat-shocked orange, tissue
/// shaded by layer), the needle grey (its insulated part darker), a 500 um
/// scale bar and labels.
RgbImage rf_cross_section(const RfSession& rf, int px = 6);

}  // namespace citsim
