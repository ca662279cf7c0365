// How deep a needle really goes: the session's penetration fraction, the
// spread between channels, and the width of the opening a conical tip leaves.
//
//   double f = session_penetration_fraction(data.roller, seed, session);
//   CounterRng rng(seed, RngPurpose::channel_jitter, stroke, session);
//   double depth_um = channel_depth_um(f, data.roller.channel_cv, 1500.0, rng);
#pragma once

#include <cstdint>

#include "citsim/core/rng.hpp"
#include "citsim/device/device.hpp"
#include "citsim/device/device_data.hpp"

namespace citsim {

/// The penetration data that applies to `kind` (RF pens use the pen's).
const PenetrationRange& penetration_for(DeviceKind kind, const DeviceData& data);

/// The inverse CDF of the triangular distribution on [lo, hi] with `mode`, at u in [0, 1).
double triangular_quantile(double u, double lo, double mode, double hi);

/// Mean of the session fraction's distribution: (min + mode + max) / 3.
double mean_penetration_fraction(const PenetrationRange& range);

/// The mean penetration fraction of one session, keyed by (seed, session).
double session_penetration_fraction(const PenetrationRange& range, std::uint64_t seed, int session);

/// One channel's real depth: fraction x length x (1 + cv z), z standard
/// normal from `rng`, clipped to [0, length_um].
double channel_depth_um(double fraction, double channel_cv, double length_um, CounterRng& rng);

/// Width of the opening at the surface left by a needle of shaft
/// `diameter_um` whose conical tip (half-angle `tip_half_angle_rad`) went
/// `depth_um` deep: min(diameter, 2 depth tan(angle)).
double opening_width_um(double depth_um, double diameter_um, double tip_half_angle_rad);

}  // namespace citsim
