// A case: one patient, one treated site, one device and one course of
// sessions, as plain values read from a case file (see docs/case-format.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "citsim/device/device.hpp"
#include "citsim/healing/course.hpp"
#include "citsim/skin/patient.hpp"
#include "citsim/skin/site.hpp"

namespace citsim {

/// The course of sessions.
struct Protocol {
  int sessions = 1;
  int interval_days = 30;
  int follow_up_days = 180;  ///< counted from the last session
};

struct SimulationSettings {
  std::uint64_t seed = 0;
  Fidelity fidelity = Fidelity::plan;
  double patch_um = 10000.0;       ///< side of the periodic patch channels are generated on
  double block_um = 2000.0;        ///< side of the 3D block the injury field is resolved on
  double voxel_um = 10.0;          ///< voxel edge of that block
  double healing_cell_um = 40.0;   ///< full fidelity: healing cell edge (a multiple of voxel_um)
};

struct Case {
  std::string source;              ///< the file it was read from, for messages
  Patient patient;
  Site site;
  DeviceSpec device;
  Protocol protocol;
  SimulationSettings simulation;
};

}  // namespace citsim
