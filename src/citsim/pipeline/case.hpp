// A case: one patient, one treated site, one device and one course of
// sessions, as plain values read from a case file (see docs/case-format.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "citsim/device/device.hpp"
#include "citsim/healing/course.hpp"
#include "citsim/io/scan_reader.hpp"
#include "citsim/skin/patient.hpp"
#include "citsim/skin/site.hpp"

namespace citsim {

/// The course of sessions.
struct Protocol {
  int sessions = 1;
  int interval_days = 30;
  int follow_up_days = 180;  ///< counted from the last session
};

/// The day (since the first) of every session of the protocol.
inline std::vector<int> session_days_of(const Protocol& p) {
  return regular_session_days(p.sessions, p.interval_days);
}

/// The day (since the first session) follow-up ends.
inline int end_day_of(const Protocol& p) { return session_days_of(p).back() + p.follow_up_days; }

struct SimulationSettings {
  std::uint64_t seed = 0;
  Fidelity fidelity = Fidelity::plan;
  double patch_um = 10000.0;      ///< side of the periodic patch channels are generated on
  double block_um = 2000.0;       ///< side of the 3D block the injury field is resolved on
  double voxel_um = 10.0;         ///< voxel edge of that block
  double healing_cell_um = 40.0;  ///< full fidelity: healing cell edge (a multiple of voxel_um)
};

/// The site's surface as measured ([site.surface]): the scan the try-on
/// uses instead of a patch drawn from the scar groups. The file is read when
/// the try-on is built (read_scan), not with the case.
struct SurfaceScan {
  std::string scan;            ///< as written in the case file
  std::filesystem::path file;  ///< `scan` resolved against the case file's folder
  ScanOptions options;         ///< pixel_um, height_per_level_um (0 = not given), mesh_unit
  bool mesh_unit_given = false;
};

struct Case {
  std::string source;  ///< the file it was read from, for messages
  Patient patient;
  Site site;
  std::optional<SurfaceScan> surface_scan;  ///< [site.surface]; absent: drawn from the scar groups
  DeviceSpec device;
  Protocol protocol;
  SimulationSettings simulation;
};

}  // namespace citsim
