// The injury side of a course: for every session, the channels the device
// opens and the tissue they disrupt, on the patient's skin.
//
//   const auto treatment = course_channels(device, data, patch, seed, sessions);
//   CourseInjury course = injure_course(treatment, device, skin, settings, threads);
//   course.sessions[0].channels.density_per_cm2;  course.first_field.disruption;
#pragma once

#include <cstdint>
#include <vector>

#include "citsim/device/channel_stats.hpp"
#include "citsim/device/device.hpp"
#include "citsim/device/device_data.hpp"
#include "citsim/device/treatment.hpp"
#include "citsim/injury/injury.hpp"
#include "citsim/skin/skin.hpp"

namespace citsim {

struct CourseSettings {
  std::uint64_t seed = 0;
  std::vector<int> session_days = {0};  ///< day of every session, since the first
  Patch patch;                          ///< periodic patch the channels are generated on
  InjuryGridSpec block;  ///< block the injury is resolved on (depth set from the skin)
};

struct SessionInjury {
  int session = 0;  ///< 0-based
  int day = 0;      ///< days since the first session
  double penetration_fraction = 0.0;
  ChannelStats channels;
  InjuryStats injury;
};

struct CourseInjury {
  std::vector<SessionInjury> sessions;
  InjuryField first_field;  ///< the first session's field, for inspection
};

/// The injury of every session of `treatment` (device/treatment.hpp, one
/// entry a session, on settings.patch); session s happens on day
/// settings.session_days[s]. Results depend only on the inputs, not on `threads`.
CourseInjury injure_course(const std::vector<SessionChannels>& treatment, const DeviceSpec& device,
                           const SkinColumn& skin, const CourseSettings& settings, int threads);

/// Depth of the injury block for a device: the needle reaches at most its
/// length; the block goes 200 um further, and no deeper than the skin.
double injury_block_depth_um(const DeviceSpec& device, const SkinColumn& skin);

}  // namespace citsim
