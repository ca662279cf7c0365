// Ensemble members draw the parameters of joint samples (a posterior)
// together, one sample each, the same for the same member.
#include "citsim/healing/params.hpp"

#include <cmath>
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

// Between-patient spread: each member is a patient of its own, its factor
// lognormal with the row's spread, the same member always the same patient.
TEST(PatientFactors, AreLognormalWithTheRowsSpreadAndTheSameForAMember) {
  HealingParams p;
  p.entry(Param::collagen_synthesis_gain).file_value = 80.0;
  p.entry(Param::signal_half_life).file_value = 4.0;
  const std::vector<PatientSpread> none = {{Param::collagen_synthesis_gain, 0.0}};
  HealingParams same = p;
  apply_patient_factors(same, none, 3, 17);
  EXPECT_EQ(same.entry(Param::collagen_synthesis_gain).file_value, 80.0) << "no spread, no factor";

  const std::vector<PatientSpread> spread = {{Param::collagen_synthesis_gain, 0.3},
                                             {Param::signal_half_life, 0.5}};
  double sum = 0.0, sum2 = 0.0, cross = 0.0;
  const int n = 20000;
  for (int m = 0; m < n; ++m) {
    HealingParams a = p, b = p;
    apply_patient_factors(a, spread, 3, static_cast<std::uint64_t>(m));
    apply_patient_factors(b, spread, 3, static_cast<std::uint64_t>(m));
    const double g = std::log(a.entry(Param::collagen_synthesis_gain).file_value / 80.0);
    const double h = std::log(a.entry(Param::signal_half_life).file_value / 4.0);
    ASSERT_EQ(a.entry(Param::collagen_synthesis_gain).file_value,
              b.entry(Param::collagen_synthesis_gain).file_value)
        << "the same member, the same patient";
    ASSERT_EQ(
        a[Param::signal_half_life],
        param_to_internal(Param::signal_half_life, a.entry(Param::signal_half_life).file_value))
        << "the internal value follows the file value (a half-life becomes a rate)";
    ASSERT_LE(std::abs(g), 3.0 * 0.3 + 1e-12) << "cut at 3 SD";
    sum += g;
    sum2 += g * g;
    cross += g * h;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.01) << "the typical patient is the population's";
  EXPECT_NEAR(std::sqrt(sum2 / n), 0.3, 0.01) << "the spread asked for";
  EXPECT_NEAR(cross / n / (0.3 * 0.5), 0.0, 0.03) << "independent between parameters";
}

TEST(PatientFactors, SampleParamsMakesEachMemberAPatientOfItsRow) {
  HealingParams p;
  auto samples = std::make_shared<ParamSamples>();
  samples->params = {Param::collagen_synthesis_gain};
  samples->rows = {{50.0}, {200.0}};
  samples->spread_params = {Param::collagen_synthesis_gain};
  samples->spreads = {{0.0}, {0.4}};
  p.joint = samples;
  bool spread_seen = false;
  for (std::uint64_t m = 0; m < 64; ++m) {
    const std::size_t row = joint_sample_row(9, m, 2);
    HealingParams expected = p;
    expected.entry(Param::collagen_synthesis_gain).file_value = samples->rows[row][0];
    apply_patient_factors(expected, {{Param::collagen_synthesis_gain, samples->spreads[row][0]}}, 9,
                          m);
    const double got = sample_params(p, 9, m).entry(Param::collagen_synthesis_gain).file_value;
    EXPECT_EQ(got, expected.entry(Param::collagen_synthesis_gain).file_value);
    if (row == 0) {
      EXPECT_EQ(got, 50.0) << "a row without spread: its value";
    }
    if (row == 1 && got != 200.0) spread_seen = true;
  }
  EXPECT_TRUE(spread_seen) << "a row with spread moves its members";
}

}  // namespace
}  // namespace citsim
