#include "citsim/device/treatment.hpp"

#include "citsim/core/units.hpp"
#include "citsim/device/pen.hpp"
#include "citsim/device/penetration.hpp"
#include "citsim/device/rf_tip.hpp"
#include "citsim/device/roller.hpp"
#include "citsim/device/stamp.hpp"

namespace citsim {

double expected_density_per_cm2(const DeviceSpec& device, const DeviceData& data) {
  struct Visitor {
    const DeviceData& data;
    double operator()(const Roller& d) const { return roller_density_per_um2(d); }
    double operator()(const Stamp& d) const { return stamp_density_per_um2(d); }
    double operator()(const Pen& d) const { return pen_density_per_um2(d, data); }
    double operator()(const RfPen& d) const {
      return d.motion == RfMotion::stamp ? stamp_density_per_um2(tip_stamp(d, data))
                                         : pen_density_per_um2(d.pen, data);
    }
  };
  return std::visit(Visitor{data}, device) * units::um2_per_cm2;
}

SessionChannels session_channels(const DeviceSpec& device, const DeviceData& data,
                                 const Patch& patch, std::uint64_t seed, int session) {
  SessionChannels out;
  out.kind = kind_of(device);
  out.session = session;
  out.patch = patch;
  out.needle_length_um = needles_of(device).length_um;
  out.penetration_fraction =
      session_penetration_fraction(penetration_for(out.kind, data), seed, session);
  out.expected_density_per_cm2 = expected_density_per_cm2(device, data);
  const double f = out.penetration_fraction;
  struct Visitor {
    const DeviceData& data;
    const Patch& patch;
    std::uint64_t seed;
    int session;
    double f;
    std::vector<Channel> operator()(const Roller& d) const {
      return roller_channels(d, data, patch, seed, session, f);
    }
    std::vector<Channel> operator()(const Stamp& d) const {
      return stamp_channels(d, data, patch, seed, session, f);
    }
    std::vector<Channel> operator()(const Pen& d) const {
      return pen_channels(d, data, patch, seed, session, f);
    }
    std::vector<Channel> operator()(const RfPen& d) const {
      if (d.motion == RfMotion::stamp)
        return stamp_channels(tip_stamp(d, data), data, patch, seed, session, f);
      return pen_channels(d.pen, data, patch, seed, session, f);
    }
  };
  out.channels = std::visit(Visitor{data, patch, seed, session, f}, device);
  return out;
}

std::vector<SessionChannels> course_channels(const DeviceSpec& device, const DeviceData& data,
                                             const Patch& patch, std::uint64_t seed, int sessions) {
  std::vector<SessionChannels> out;
  out.reserve(static_cast<std::size_t>(std::max(0, sessions)));
  for (int s = 0; s < sessions; ++s) out.push_back(session_channels(device, data, patch, seed, s));
  return out;
}

}  // namespace citsim
