// Counter-based random numbers (Philox4x32-10, Salmon et al. 2011, SC'11).
//
// A stream is keyed by (seed, purpose, entity, step): the numbers an entity
// draws do not depend on which thread draws them or in which order entities
// are visited, so results match on any thread count.
//
//   CounterRng rng(seed, RngPurpose::channel_jitter, channel_index, session);
//   double u = rng.uniform();          // [0, 1)
//   double z = rng.normal();           // standard normal
#pragma once

#include <array>
#include <cstdint>

namespace citsim {

/// What a stream is for; keeps the draws of different purposes independent.
enum class RngPurpose : std::uint32_t {
  test = 0,
  stroke_placement = 1,
  channel_jitter = 2,
  penetration = 3,
  session_penetration = 4,
  lesion_placement = 5,
  ensemble_member = 6,
  case_mutation = 7,
  channel_closure = 8,
  posterior_sample = 9,
  cohort_patient = 10,
  patient_factor = 11,
};

/// The Philox4x32-10 block function: 4 x 32-bit counter, 2 x 32-bit key.
std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> counter,
                                        std::array<std::uint32_t, 2> key);

/// One reproducible stream of random numbers. Cheap to construct.
class CounterRng {
 public:
  CounterRng(std::uint64_t seed, RngPurpose purpose, std::uint64_t entity, std::uint64_t step = 0);

  std::uint32_t next_u32();
  std::uint64_t next_u64();
  /// Uniform in [0, 1) with 53 random bits.
  double uniform();
  /// Uniform in [lo, hi).
  double uniform(double lo, double hi);
  /// Standard normal (Box-Muller; the project's own, so it matches across
  /// standard libraries).
  double normal();
  /// Uniform integer in [0, n), n > 0 (unbiased, by rejection).
  std::uint64_t below(std::uint64_t n);

 private:
  void refill();

  std::array<std::uint32_t, 2> key_{};
  std::array<std::uint32_t, 4> counter_{};
  std::array<std::uint32_t, 4> block_{};
  int used_ = 4;
  bool has_spare_normal_ = false;
  double spare_normal_ = 0.0;
};

}  // namespace citsim
