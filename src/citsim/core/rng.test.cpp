#include "citsim/core/rng.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

namespace citsim {
namespace {

// Known-answer vectors from the Random123 distribution (kat_vectors,
// philox4x32_10), Salmon et al. 2011.
TEST(Philox, MatchesRandom123KnownAnswerForZeroInput) {
  const auto out = philox4x32({0, 0, 0, 0}, {0, 0});
  EXPECT_EQ(out[0], 0x6627e8d5u);
  EXPECT_EQ(out[1], 0xe169c58du);
  EXPECT_EQ(out[2], 0xbc57ac4cu);
  EXPECT_EQ(out[3], 0x9b00dbd8u);
}

TEST(Philox, MatchesRandom123KnownAnswerForAllOnesInput) {
  const auto out =
      philox4x32({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu});
  EXPECT_EQ(out[0], 0x408f276du);
  EXPECT_EQ(out[1], 0x41c83b0eu);
  EXPECT_EQ(out[2], 0xa20bc7c6u);
  EXPECT_EQ(out[3], 0x6d5451fdu);
}

TEST(Philox, MatchesRandom123KnownAnswerForPiDigits) {
  const auto out =
      philox4x32({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0xa4093822u, 0x299f31d0u});
  EXPECT_EQ(out[0], 0xd16cfe09u);
  EXPECT_EQ(out[1], 0x94fdccebu);
  EXPECT_EQ(out[2], 0x5001e420u);
  EXPECT_EQ(out[3], 0x24126ea1u);
}

TEST(CounterRng, SameKeyGivesSameStream) {
  CounterRng a(42, RngPurpose::test, 7, 3);
  CounterRng b(42, RngPurpose::test, 7, 3);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next_u64(), b.next_u64());
}

TEST(CounterRng, DifferentEntitiesStepsPurposesAndSeedsDiffer) {
  std::set<std::uint64_t> firsts;
  for (std::uint64_t seed : {1u, 2u})
    for (auto purpose : {RngPurpose::test, RngPurpose::penetration})
      for (std::uint64_t entity : {0u, 1u, 2u})
        for (std::uint64_t step : {0u, 1u})
          firsts.insert(CounterRng(seed, purpose, entity, step).next_u64());
  EXPECT_EQ(firsts.size(), 24u);
}

TEST(CounterRng, UniformHasMeanOneHalfAndStaysInUnitInterval) {
  CounterRng rng(5, RngPurpose::test, 0);
  double sum = 0.0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  // Standard error of the mean is sqrt(1/12/n) = 6.5e-4; allow 5 sigma.
  EXPECT_NEAR(sum / n, 0.5, 3.3e-3);
}

TEST(CounterRng, NormalHasZeroMeanAndUnitVariance) {
  CounterRng rng(9, RngPurpose::test, 1);
  double sum = 0.0, sum2 = 0.0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double z = rng.normal();
    sum += z;
    sum2 += z * z;
  }
  const double mean = sum / n;
  EXPECT_NEAR(mean, 0.0, 0.012);
  EXPECT_NEAR(sum2 / n - mean * mean, 1.0, 0.02);
}

TEST(CounterRng, BelowIsUniformOverItsRange) {
  CounterRng rng(3, RngPurpose::test, 2);
  int counts[6] = {};
  const int n = 60000;
  for (int i = 0; i < n; ++i) ++counts[rng.below(6)];
  for (int c : counts) EXPECT_NEAR(c, n / 6, 5 * std::sqrt(n / 6.0));
}

}  // namespace
}  // namespace citsim
