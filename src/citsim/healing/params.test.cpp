// Ensemble members draw the parameters of joint samples (a posterior)
// together, one sample each, the same for the same member.
#include "citsim/healing/params.hpp"

#include <memory>

#include <gtest/gtest.h>

namespace citsim {
namespace {

TEST(SampleParams, JointSamplesAreTakenWholeAndReproducibly) {
  HealingParams p;
  auto samples = std::make_shared<ParamSamples>();
  samples->params = {Param::collagen_synthesis_gain, Param::epidermal_coupling};
  samples->rows = {{50.0, 0.6}, {100.0, 0.9}, {200.0, 1.2}};
  p.joint = samples;
  bool seen[3] = {false, false, false};
  for (std::uint64_t m = 0; m < 64; ++m) {
    const HealingParams a = sample_params(p, 7, m), b = sample_params(p, 7, m);
    const double gain = a.entry(Param::collagen_synthesis_gain).file_value;
    const double coupling = a.entry(Param::epidermal_coupling).file_value;
    int row = -1;
    for (int r = 0; r < 3; ++r)
      if (samples->rows[static_cast<std::size_t>(r)][0] == gain) row = r;
    ASSERT_GE(row, 0) << "a value of the samples";
    EXPECT_EQ(coupling, samples->rows[static_cast<std::size_t>(row)][1]) << "from the same sample";
    EXPECT_EQ(a[Param::collagen_synthesis_gain],
              param_to_internal(Param::collagen_synthesis_gain, gain));
    EXPECT_EQ(b.entry(Param::collagen_synthesis_gain).file_value, gain)
        << "the same member, the same draw";
    seen[row] = true;
  }
  EXPECT_TRUE(seen[0] && seen[1] && seen[2]) << "every sample is drawn over 64 members";
}

TEST(SampleParams, WithJointSamplesOnlyTheSampledParametersVary) {
  HealingParams p;
  ParamEntry& ranged = p.entry(Param::fibroblast_proliferation_rate);
  ranged.lo = 0.1;
  ranged.hi = 1.0;
  ranged.value = 0.5;
  EXPECT_NE(sample_params(p, 3, 1)[Param::fibroblast_proliferation_rate], 0.5)
      << "without a posterior, a sourced range is drawn from";
  auto samples = std::make_shared<ParamSamples>();
  samples->params = {Param::collagen_synthesis_gain};
  samples->rows = {{50.0}, {100.0}};
  p.joint = samples;
  for (std::uint64_t m = 0; m < 8; ++m)
    EXPECT_EQ(sample_params(p, 3, m)[Param::fibroblast_proliferation_rate], 0.5)
        << "the posterior replaces the ranges";
}

TEST(SampleParams, JointRowsAreSpreadOverTheSamples) {
  std::vector<int> count(10, 0);
  for (std::uint64_t m = 0; m < 10000; ++m) ++count[joint_sample_row(11, m, 10)];
  for (int c : count) EXPECT_NEAR(c, 1000, 150) << "each row about equally often";
}

}  // namespace
}  // namespace citsim
