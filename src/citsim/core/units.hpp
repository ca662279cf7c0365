// Unit conversions at the edges. Inside CITSim lengths are in um and times in s;
// a quantity's unit is part of its name (depth_um, dt_s, interval_days).
#pragma once

namespace citsim::units {

inline constexpr double um_per_mm = 1000.0;
inline constexpr double um_per_cm = 10000.0;
inline constexpr double um2_per_mm2 = um_per_mm * um_per_mm;
inline constexpr double um2_per_cm2 = um_per_cm * um_per_cm;
inline constexpr double s_per_hour = 3600.0;
inline constexpr double s_per_day = 86400.0;
inline constexpr double pi = 3.14159265358979323846;

constexpr double mm_to_um(double mm) { return mm * um_per_mm; }
constexpr double um_to_mm(double um) { return um / um_per_mm; }
constexpr double mm2_to_um2(double mm2) { return mm2 * um2_per_mm2; }
constexpr double um2_to_cm2(double um2) { return um2 / um2_per_cm2; }
constexpr double cm2_to_um2(double cm2) { return cm2 * um2_per_cm2; }
constexpr double days_to_s(double days) { return days * s_per_day; }
constexpr double hours_to_s(double hours) { return hours * s_per_hour; }
constexpr double deg_to_rad(double deg) { return deg * pi / 180.0; }
constexpr double rad_to_deg(double rad) { return rad * 180.0 / pi; }

}  // namespace citsim::units
