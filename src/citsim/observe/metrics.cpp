#include "citsim/observe/metrics.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

constexpr std::array<std::string_view, 5> kMetricNames = {
    "end", "peak_days_after_last_session", "median_closure_hours", "p95_closure_hours",
    "erythema_fall_hours"};

double closure_hours(const CourseSpec& spec, double open_fraction) {
  CourseRun run(spec, 1);
  run.advance_to(0);  // the first session opens its channels
  std::int64_t lo = 0, hi = 30 * kTicksPerDay;
  if (run.open_fraction_at(hi) > open_fraction) return static_cast<double>(hi) / 60.0;
  while (hi - lo > 1) {
    const std::int64_t mid = (lo + hi) / 2;
    (run.open_fraction_at(mid) > open_fraction ? lo : hi) = mid;
  }
  return static_cast<double>(hi) / 60.0;
}

double erythema_fall_hours(const CourseSpec& spec) {
  CourseSpec one = spec;
  one.session_days = {0};
  one.follow_up_days = 14;
  CourseRun run(one, 1);
  double peak = 0.0;
  for (int hour = 0; hour <= 14 * 24; ++hour) {
    run.advance_to(static_cast<std::int64_t>(hour) * 60);
    const double e = run.observe()[Observable::erythema];
    peak = std::max(peak, e);
    if (peak > 0.0 && e < 0.1 * peak) return hour;
  }
  return 14.0 * 24.0;
}

}  // namespace

std::optional<Metric> metric_from_string(std::string_view name) {
  for (std::size_t i = 0; i < kMetricNames.size(); ++i) {
    if (kMetricNames[i] == name) return static_cast<Metric>(i);
  }
  return std::nullopt;
}

std::optional<Observable> observable_from_string(std::string_view name) {
  const auto& names = observable_names();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<Observable>(i);
  }
  return std::nullopt;
}

double measure(const CourseSpec& spec, Observable observable, Metric metric) {
  switch (metric) {
    case Metric::median_closure_hours:
      return closure_hours(spec, 0.5);
    case Metric::p95_closure_hours:
      return closure_hours(spec, 0.05);
    case Metric::erythema_fall_hours:
      return erythema_fall_hours(spec);
    case Metric::end:
    case Metric::peak_days_after_last_session:
      break;
  }
  CourseRun run(spec, 1);
  run.run_to_end();
  const auto& rows = run.rows();
  CITSIM_ASSERT(!rows.empty(), "a course reports rows");
  if (metric == Metric::end) return rows.back()[observable];
  const auto peak = std::max_element(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
    return a[observable] < b[observable];
  });
  return peak->day - spec.session_days.back();
}

double solve_monotone(const std::function<double(double)>& f, double target, double lo, double hi,
                      int iterations) {
  CITSIM_ASSERT(lo > 0.0 && hi >= lo, "a positive bracket");
  const double f_lo = f(lo), f_hi = f(hi);
  const bool rising = f_hi >= f_lo;
  if ((target - f_lo) * (rising ? 1 : -1) <= 0) return lo;
  if ((target - f_hi) * (rising ? 1 : -1) >= 0) return hi;
  double a = std::log(lo), b = std::log(hi);
  for (int i = 0; i < iterations; ++i) {
    const double mid = 0.5 * (a + b);
    const bool below = (f(std::exp(mid)) < target) == rising;
    (below ? a : b) = mid;
  }
  return std::exp(0.5 * (a + b));
}

}  // namespace citsim
