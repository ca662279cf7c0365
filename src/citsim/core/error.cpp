#include "citsim/core/error.hpp"

#include <cstdio>
#include <cstdlib>

namespace citsim::detail {

void assertion_failed(const char* condition, const char* why, const char* file, int line) {
  // An invariant of the library is broken: this is a bug, not bad input.
  std::fprintf(stderr, "citsim: internal error at %s:%d: %s (%s)\n", file, line, why, condition);
  std::abort();
}

}  // namespace citsim::detail
