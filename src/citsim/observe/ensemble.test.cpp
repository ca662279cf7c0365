#include "citsim/observe/ensemble.hpp"

#include <gtest/gtest.h>

namespace citsim {
namespace {

TEST(Quantile, InterpolatesLinearlyBetweenOrderStatistics) {
  // Type 7: h = (n - 1) q; for 1..5, q = 0.1 gives 1.4, q = 0.5 gives 3.
  EXPECT_DOUBLE_EQ(quantile({5, 1, 4, 2, 3}, 0.1), 1.4);
  EXPECT_DOUBLE_EQ(quantile({5, 1, 4, 2, 3}, 0.5), 3.0);
  EXPECT_DOUBLE_EQ(quantile({5, 1, 4, 2, 3}, 0.9), 4.6);
  EXPECT_DOUBLE_EQ(quantile({7}, 0.9), 7.0);
}

TEST(Quantile, IsMonotoneInQ) {
  const std::vector<double> v = {0.3, -2.0, 8.5, 1.0, 1.0, 4.0};
  double last = -1e300;
  for (double q = 0.0; q <= 1.0; q += 0.05) {
    const double x = quantile(v, q);
    EXPECT_GE(x, last);
    last = x;
  }
}

TEST(MemberSeed, DiffersBetweenMembersAndIsStable) {
  EXPECT_NE(member_seed(7, 0), member_seed(7, 1));
  EXPECT_EQ(member_seed(7, 3), member_seed(7, 3));
}

}  // namespace
}  // namespace citsim
