#include "citsim/core/error.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace citsim {

std::string printable(std::string_view text, std::size_t max_chars) {
  max_chars = std::max<std::size_t>(max_chars, 4);
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      char code[5];
      std::snprintf(code, sizeof code, "\\x%02x", static_cast<unsigned>(u));
      out += code;
    } else {
      out += c;
    }
    if (out.size() > max_chars) break;
  }
  if (out.size() <= max_chars) return out;
  out.resize(max_chars - 3);
  // Not in the middle of a UTF-8 character.
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
  if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
  return out + "...";
}

}  // namespace citsim

namespace citsim::detail {

void assertion_failed(const char* condition, const char* why, const char* file, int line) {
  // An invariant of the library is broken: this is a bug, not bad input.
  std::fprintf(stderr, "citsim: internal error at %s:%d: %s (%s)\n", file, line, why, condition);
  std::abort();
}

}  // namespace citsim::detail
