#include "citsim/core/rng.hpp"

#include <cmath>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

constexpr std::uint32_t kMul0 = 0xD2511F53u;
constexpr std::uint32_t kMul1 = 0xCD9E8D57u;
constexpr std::uint32_t kWeyl0 = 0x9E3779B9u;
constexpr std::uint32_t kWeyl1 = 0xBB67AE85u;

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

std::uint32_t lo32(std::uint64_t x) { return static_cast<std::uint32_t>(x); }
std::uint32_t hi32(std::uint64_t x) { return static_cast<std::uint32_t>(x >> 32); }

}  // namespace

std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> ctr,
                                        std::array<std::uint32_t, 2> key) {
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = std::uint64_t{kMul0} * ctr[0];
    const std::uint64_t p1 = std::uint64_t{kMul1} * ctr[2];
    ctr = {hi32(p1) ^ ctr[1] ^ key[0], lo32(p1), hi32(p0) ^ ctr[3] ^ key[1], lo32(p0)};
    key[0] += kWeyl0;
    key[1] += kWeyl1;
  }
  return ctr;
}

CounterRng::CounterRng(std::uint64_t seed, RngPurpose purpose, std::uint64_t entity,
                       std::uint64_t step) {
  // The key mixes seed, purpose and step; the counter holds the entity and
  // the block number, so one stream can draw 2^64 blocks.
  std::uint64_t k = splitmix64(seed);
  k = splitmix64(k ^ (static_cast<std::uint64_t>(purpose) + 0x5851F42D4C957F2Dull));
  k = splitmix64(k ^ step);
  key_ = {lo32(k), hi32(k)};
  counter_ = {lo32(entity), hi32(entity), 0u, 0u};
}

void CounterRng::refill() {
  block_ = philox4x32(counter_, key_);
  if (++counter_[2] == 0) ++counter_[3];
  used_ = 0;
}

std::uint32_t CounterRng::next_u32() {
  if (used_ == 4) refill();
  return block_[static_cast<std::size_t>(used_++)];
}

std::uint64_t CounterRng::next_u64() {
  const std::uint64_t hi = next_u32();
  return (hi << 32) | next_u32();
}

double CounterRng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double CounterRng::uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

double CounterRng::normal() {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  constexpr double two_pi = 6.283185307179586476925;
  const double u1 = 1.0 - uniform();  // (0, 1]
  const double u2 = uniform();
  const double r = std::sqrt(-2.0 * std::log(u1));
  spare_normal_ = r * std::sin(two_pi * u2);
  has_spare_normal_ = true;
  return r * std::cos(two_pi * u2);
}

std::uint64_t CounterRng::below(std::uint64_t n) {
  CITSIM_ASSERT(n > 0, "below(n) needs n > 0");
  const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
  std::uint64_t x = next_u64();
  while (x >= limit) x = next_u64();
  return x % n;
}

}  // namespace citsim
