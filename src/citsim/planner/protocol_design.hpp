// Protocol design: for the site's zone and indication, a proposed course
// (device, needle depth, passes, endpoint, sessions, spacing, maintenance,
// adjuvants), every default with its source, from data/planner/protocols.toml.
//
//   ProposedCourse p = propose_course(protocol_data, patient, site);
//   auto diffs = compare_course(p, given_course(c.device, 4, 30, 180));
#pragma once

#include <string>
#include <vector>

#include "citsim/device/device.hpp"
#include "citsim/skin/lesion.hpp"
#include "citsim/skin/patient.hpp"
#include "citsim/skin/site.hpp"
#include "citsim/skin/zone.hpp"

namespace citsim {

/// The needle depths a zone takes; there is no consensus table (see docs/planner.md).
struct ZoneDepth {
  Zone zone = Zone::cheek;
  double depth_min_um = 0.0;
  double depth_max_um = 0.0;
  std::string source;
};

/// A topical or procedure combined with needling, with its evidence.
struct Adjuvant {
  std::string id;
  std::string name;
  std::string evidence;
  std::string source;
};

/// The defaults for one indication.
struct IndicationProtocol {
  std::string indication;
  DeviceKind device = DeviceKind::pen;
  std::string device_source;
  double depth_min_um = 0.0;
  double depth_max_um = 0.0;
  std::string depth_source;
  std::string endpoint;
  std::string endpoint_source;
  int sessions_min = 1;
  int sessions_max = 1;
  std::string sessions_source;
  int interval_min_days = 28;
  int interval_max_days = 42;
  std::string interval_source;
  int maintenance_min_months = 6;
  int maintenance_max_months = 12;
  std::string maintenance_source;
  std::vector<std::string> adjuvants;  ///< ids into ProtocolData::adjuvants
  std::string note;
};

/// Passes over each spot by device kind.
struct DevicePasses {
  DeviceKind device = DeviceKind::pen;
  int passes = 3;
  int passes_min = 2;
  int passes_max = 4;
  std::string source;
};

/// How a scar type responds to needling and what to combine it with.
struct ScarTypeAdvice {
  ScarType type = ScarType::boxcar;
  std::string response;
  std::string source;
};

/// Skin of colour: which device to prefer and why.
struct SkinOfColourAdvice {
  int fitzpatrick_min = 4;
  DeviceKind prefer = DeviceKind::pen;
  std::vector<DeviceKind> avoid;  ///< heat-delivering devices
  std::string why;
  std::string source;
};

struct ProtocolData {
  std::vector<ZoneDepth> zones;
  std::vector<IndicationProtocol> indications;
  std::vector<DevicePasses> passes;
  std::vector<Adjuvant> adjuvants;
  std::vector<ScarTypeAdvice> scar_types;
  SkinOfColourAdvice skin_of_colour;
  std::string no_consensus;  ///< said with every proposal
  std::string no_consensus_source;
  int final_assessment_days = 90;  ///< after the last session
  std::string final_assessment_source;
};

/// The proposed course for one zone, every value with its source.
struct ProposedCourse {
  Zone zone = Zone::cheek;
  std::string indication;
  DeviceKind device = DeviceKind::pen;
  std::string device_why;
  std::string device_source;
  double depth_min_um = 0.0;
  double depth_max_um = 0.0;
  double depth_um = 0.0;  ///< starting setting: the middle of the range, to 0.05 mm
  std::string depth_source;
  std::string depth_note;
  int passes = 3;
  int passes_min = 2;
  int passes_max = 4;
  std::string passes_source;
  std::string endpoint;
  std::string endpoint_source;
  int sessions = 3;  ///< the lower end of the range; titrate to response
  int sessions_min = 3;
  int sessions_max = 4;
  std::string sessions_source;
  int interval_days = 28;
  int interval_min_days = 28;
  int interval_max_days = 42;
  std::string interval_source;
  int maintenance_min_months = 6;
  int maintenance_max_months = 12;
  std::string maintenance_source;
  /// Proposed maintenance: every maintenance_max_months (the guides' range's
  /// less frequent end, as sessions take the lower end), for four years
  /// (kMaintenanceYears, a model choice: the span of the long view).
  int maintenance_interval_months = 12;
  int maintenance_sessions = 4;
  int follow_up_days = 90;  ///< final assessment after the last session
  std::string follow_up_source;
  std::vector<Adjuvant> adjuvants;
  std::vector<std::string> notes;  ///< consensus gap, skin of colour, scar types
};

/// The course the case file gives: the clinician's choice.
struct GivenCourse {
  DeviceKind device = DeviceKind::pen;
  double needle_length_um = 0.0;
  int passes = 0;
  int sessions = 0;
  int interval_days = 0;
  int follow_up_days = 0;
  std::vector<int> session_days;        ///< of the course, days from the first; empty: regular
  int maintenance_interval_months = 0;  ///< 0: no maintenance
  int maintenance_sessions = 0;
};

/// Years of maintenance the planner proposes (a model choice).
inline constexpr int kMaintenanceYears = 4;

GivenCourse given_course(const DeviceSpec& device, int sessions, int interval_days,
                         int follow_up_days);

/// Throws Error if the data has no entry for the site's zone or indication.
ProposedCourse propose_course(const ProtocolData& data, const Patient& patient, const Site& site);

/// Where the given course departs from the proposal, one sentence each.
std::vector<std::string> compare_course(const ProposedCourse& proposed, const GivenCourse& given);

}  // namespace citsim
