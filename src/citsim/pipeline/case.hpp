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

/// Sessions after the course, to keep its result: every `interval_months`
/// from the course's last session, `sessions` times (none when 0).
struct Maintenance {
  int interval_months = 12;
  int sessions = 0;
};

/// The longest a course with its maintenance and follow-up may run, in days
/// from the first session (ten years).
inline constexpr int kMaxCourseSpanDays = 3653;

/// The course of sessions.
struct Protocol {
  int sessions = 1;        ///< of the course (the size of session_days when given)
  int interval_days = 30;  ///< of a regular course; 0 when session_days is given
  /// The course's session days when given (first 0, ascending); empty: a
  /// regular course of `sessions` every `interval_days`.
  std::vector<int> session_days;
  Maintenance maintenance;
  int follow_up_days = 180;  ///< counted from the last session of all (maintenance too)
};

/// The days (since the first session) of the course's sessions, without maintenance.
std::vector<int> course_session_days(const Protocol& p);
/// The days of the maintenance sessions: the course's last session day plus
/// k * interval_months months, rounded to whole days, for k = 1..sessions.
std::vector<int> maintenance_session_days(const Protocol& p);
/// The day of every session, the course's then the maintenance ones.
std::vector<int> session_days_of(const Protocol& p);
/// The day (since the first session) follow-up ends.
int end_day_of(const Protocol& p);
inline bool has_maintenance(const Protocol& p) { return p.maintenance.sessions > 0; }
/// The protocol without its maintenance (the course alone), with the same
/// follow-up end day when `same_end` (so the two can be compared day by day).
Protocol without_maintenance(const Protocol& p, bool same_end);

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
