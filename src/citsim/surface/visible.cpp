#include "citsim/surface/visible.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

/// y(t) following x(t) with rate `rate`: dy/dt = rate (x - y), x linear
/// between the samples, y = 0 before the first. Exact for that input.
std::vector<double> follow(std::span<const double> days, std::span<const double> x, double rate) {
  CITSIM_ASSERT(days.size() == x.size(), "one input per day");
  std::vector<double> y(days.size(), 0.0);
  for (std::size_t i = 1; i < days.size(); ++i) {
    const double h = days[i] - days[i - 1];
    CITSIM_ASSERT(h >= 0.0, "days ascend");
    if (h == 0.0) {
      y[i] = y[i - 1];
      continue;
    }
    // x = x0 + s t: y(h) = x(h) - s / rate + (y0 - x0 + s / rate) e^{-rate h}.
    const double s = (x[i] - x[i - 1]) / h;
    const double decay = std::exp(-rate * h);
    y[i] = x[i] - s / rate + (y[i - 1] - x[i - 1] + s / rate) * decay;
  }
  return y;
}

double rate_of(double half_life_days) {
  CITSIM_ASSERT(half_life_days > 0.0, "half-lives are positive");
  return std::numbers::ln2 / half_life_days;
}

}  // namespace

std::vector<double> matrix_lift(std::span<const double> days, std::span<const double> gain,
                                double half_life_days) {
  std::vector<double> g(gain.begin(), gain.end());
  for (double& v : g) v = std::max(0.0, v);
  return follow(days, g, rate_of(half_life_days));
}

std::vector<double> swelling_pct(std::span<const double> days, std::span<const double> erythema,
                                 double per_erythema_pct, double half_life_days) {
  std::vector<double> drive(erythema.begin(), erythema.end());
  for (double& v : drive) v = per_erythema_pct * std::max(0.0, v);
  return follow(days, drive, rate_of(half_life_days));
}

std::vector<VisibleChange> visible_course(std::span<const ObservableRow> rows,
                                          const VisibleParams& params) {
  std::vector<double> days, gain, erythema;
  for (const ObservableRow& r : rows) {
    days.push_back(r.day);
    gain.push_back(r[Observable::collagen_deposited_change_pct] / 100.0);
    erythema.push_back(r[Observable::erythema]);
  }
  const std::vector<double> lift = matrix_lift(days, gain, params.remodel_half_life_days);
  const std::vector<double> swelling = swelling_pct(
      days, erythema, params.swelling_per_erythema_pct, params.swelling_half_life_days);
  std::vector<VisibleChange> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out.push_back(
        VisibleChange{.day = days[i],
                      .matrix_lift = lift[i],
                      .epidermal_gain = rows[i][Observable::epidermal_thickness_change_pct] / 100.0,
                      .swelling_pct = swelling[i]});
  }
  return out;
}

double tether_released(double day, std::span<const int> session_days, double per_session,
                       double half_life_days) {
  CITSIM_ASSERT(per_session >= 0.0 && per_session <= 1.0, "a share");
  const double rate = rate_of(half_life_days);
  double intact = 1.0;
  double risen = 0.0;
  for (int s : session_days) {
    if (s > day) break;
    const double cut = intact * per_session;
    risen += cut * (1.0 - std::exp(-rate * (day - s)));
    intact -= cut;
  }
  return risen;
}

double texture_scale(double epidermal_gain, double texture_per_epidermal_gain) {
  return std::exp(-texture_per_epidermal_gain * std::max(0.0, epidermal_gain));
}

}  // namespace citsim
