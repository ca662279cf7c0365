#include "citsim/observe/risks.hpp"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace citsim {
namespace {

/// Rows of a course whose redness after each session rises to `peak` and
/// decays with `half_life_days`, sampled every 3 h for 30 days a session.
std::vector<ObservableRow> course(const std::vector<int>& sessions, double peak,
                                  double half_life_days) {
  std::vector<ObservableRow> rows;
  const int end = sessions.back() + 30;
  for (int h = 0; h <= end * 24; h += 3) {
    ObservableRow r;
    r.day = h / 24.0;
    int last = sessions.front();
    for (int s : sessions)
      if (s <= r.day) last = s;
    const double since = r.day - last;
    r[Observable::erythema] = since > 0.0 ? peak * std::exp2(-since / half_life_days) : 0.0;
    rows.push_back(r);
  }
  return rows;
}

TEST(Risks, RednessLastsUntilItFallsBelowATenthOfItsPeak) {
  const auto rows = course({0, 30}, 0.5, 0.5);
  const std::vector<double> d = redness_days(rows, std::vector<int>{0, 30});
  ASSERT_EQ(d.size(), 2u);
  // The sampled peak is the 3 h row, 0.5 x 2^(-0.125 / 0.5); the redness
  // falls through a tenth of it at t = 0.125 + 0.5 log2(10) = 1.79 days.
  EXPECT_NEAR(d[0], 0.125 + 0.5 * std::log2(10.0), 0.01);
  EXPECT_NEAR(d[1], d[0], 1e-9);
}

TEST(Risks, PihGrowsWithRednessAndPhototypeButNotBeyondTheSusceptibleShare) {
  RiskParams p;
  p.pih_hazard_per_erythema_day = 2.0;
  const std::vector<int> sessions{0, 30, 60};
  const auto mild = course(sessions, 0.05, 0.3);
  const auto strong = course(sessions, 0.8, 0.5);
  const auto risk = [&](const std::vector<ObservableRow>& rows, int type) {
    return course_risks(rows, sessions, type, p).pih_probability;
  };
  EXPECT_LT(risk(mild, 4), risk(strong, 4));
  EXPECT_LT(risk(strong, 2), risk(strong, 4));
  EXPECT_LT(risk(strong, 4), risk(strong, 6));
  for (int type = 1; type <= 6; ++type) {
    EXPECT_LE(risk(strong, type), p.pih_susceptible_share[static_cast<std::size_t>(type - 1)]);
  }
}

TEST(Risks, LongerRednessMakesProlongedErythemaLikelier) {
  RiskParams p;
  const std::vector<int> sessions{0, 30, 60, 90};
  const double short_lived =
      course_risks(course(sessions, 0.5, 0.3), sessions, 3, p).prolonged_erythema_probability;
  const double long_lived =
      course_risks(course(sessions, 0.5, 1.5), sessions, 3, p).prolonged_erythema_probability;
  EXPECT_GE(short_lived, 0.0);
  EXPECT_LT(short_lived, 0.01);
  EXPECT_GT(long_lived, 5.0 * short_lived);
  EXPECT_LT(long_lived, 1.0);
  // Redness too faint to see is never prolonged, however long it lasts.
  EXPECT_EQ(
      course_risks(course(sessions, 0.01, 3.0), sessions, 3, p).prolonged_erythema_probability,
      0.0);
  // More sessions, more chances.
  const std::vector<int> one{0};
  EXPECT_LT(course_risks(course(one, 0.5, 1.5), one, 3, p).prolonged_erythema_probability,
            long_lived);
}

}  // namespace
}  // namespace citsim
