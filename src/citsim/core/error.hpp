// The one exception type of CITSim, and the assertion macro for invariants.
//
//   throw citsim::Error("case.toml: device.needle_length_mm = -1: must be between 0.1 and 3.5");
//   CITSIM_ASSERT(n > 0, "a grid has at least one cell");
#pragma once

#include <stdexcept>
#include <string>

namespace citsim {

/// Bad input or environment. The message names where, what and why, in one line.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

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
