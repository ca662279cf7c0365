// The exception types of CITSim, and the assertion macro for invariants.
//
//   throw citsim::Error("case.toml: device.needle_length_mm = -1: must be between 0.1 and 3.5");
//   throw citsim::Error("case.toml: " + citsim::printable(key) + " is not a known key");
//   CITSIM_ASSERT(n > 0, "a grid has at least one cell");
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace citsim {

/// Bad input or environment. The message names where, what and why, in one line.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A computation stopped because its caller asked (a std::stop_token was
/// triggered): not an Error, so that it is never reported as bad input.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

/// `text` fit to be quoted in a one-line message: control characters (and
/// DEL) written as \xNN, and cut to `max_chars` characters ending in "..."
/// when longer. Text without control characters that fits is unchanged.
std::string printable(std::string_view text, std::size_t max_chars = 80);

namespace detail {
[[noreturn]] void assertion_failed(const char* condition, const char* why, const char* file,
                                   int line);
}  // namespace detail

}  // namespace citsim

#if !defined(NDEBUG) || defined(CITSIM_ENABLE_ASSERTS)
#define CITSIM_ASSERT(cond, why)                                          \
  do {                                                                    \
    if (!(cond)) {                                                        \
      ::citsim::detail::assertion_failed(#cond, why, __FILE__, __LINE__); \
    }                                                                     \
  } while (false)
#else
#define CITSIM_ASSERT(cond, why) \
  do {                           \
  } while (false)
#endif
