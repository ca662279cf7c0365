#include "citsim/injury/course.hpp"

#include <algorithm>

#include "citsim/device/treatment.hpp"

namespace citsim {

double injury_block_depth_um(const DeviceSpec& device, const SkinColumn& skin) {
  const double margin_um = 200.0;  // room below the deepest tip for the field to end
  return std::min(needles_of(device).length_um + margin_um, skin.layers.total_um());
}

CourseInjury injure_course(const std::vector<SessionChannels>& treatment, const DeviceSpec& device,
                           const SkinColumn& skin, const CourseSettings& settings, int threads) {
  CourseInjury course;
  InjuryGridSpec block = settings.block;
  block.depth_um = injury_block_depth_um(device, skin);
  for (int s = 0; s < static_cast<int>(treatment.size()); ++s) {
    const SessionChannels& channels = treatment[static_cast<std::size_t>(s)];
    InjuryField field = voxelise_injury(channels.channels, settings.patch, skin, block, threads);
    SessionInjury result;
    result.session = s;
    result.day = settings.session_days[static_cast<std::size_t>(s)];
    result.penetration_fraction = channels.penetration_fraction;
    result.channels = channel_stats(channels, skin);
    result.injury = injury_stats(field, skin);
    course.sessions.push_back(result);
    if (s == 0) course.first_field = std::move(field);
  }
  return course;
}

}  // namespace citsim
