// Measurements of a course that published studies report: a value at the
// end of follow-up, the time of a peak, closure and resolution times. Used by
// calibration and validation (data/healing/targets.toml).
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "citsim/healing/course.hpp"
#include "citsim/healing/observables.hpp"

namespace citsim {

enum class Metric {
  end,                           ///< value at the end of follow-up
  peak_days_after_last_session,  ///< day of the maximum minus the last session's day
  median_closure_hours,          ///< hours until half the first session's channels are closed
  p95_closure_hours,             ///< hours until 95 % are closed
  erythema_fall_hours,           ///< hours from the first session until erythema < 10 % of its peak
};

std::optional<Metric> metric_from_string(std::string_view name);
std::optional<Observable> observable_from_string(std::string_view name);

/// Runs the course of `spec` (one thread) and measures `metric` of `observable`.
double measure(const CourseSpec& spec, Observable observable, Metric metric);

/// Finds x in [lo, hi] with f(x) = target by bisection on log(x) (lo > 0),
/// assuming f is monotone; returns the bound nearest the target when the
/// target is outside [f(lo), f(hi)]. `iterations` halvings.
double solve_monotone(const std::function<double(double)>& f, double target, double lo, double hi,
                      int iterations);

}  // namespace citsim
