#include "citsim/io/sealed_file.hpp"

#include <charconv>

#include <fmt/format.h>

#include "citsim/core/error.hpp"
#include "citsim/core/toml_fields.hpp"
#include "citsim/core/version.hpp"

namespace citsim {
namespace {

constexpr int kFormat = 1;

/// The next "\n"-ended line of `text` from `pos`, or nothing.
bool next_line(std::string_view text, std::size_t& pos, std::string_view& line) {
  const std::size_t nl = text.find('\n', pos);
  if (nl == std::string_view::npos || nl - pos > 200) return false;
  line = text.substr(pos, nl - pos);
  pos = nl + 1;
  return true;
}

}  // namespace

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string seal(std::string_view kind, std::string_view payload) {
  return fmt::format("CITSIM {} {}\nversion {}\nlength {}\nfnv1a64 {:016x}\n", kind, kFormat,
                     kVersion, payload.size(), fnv1a64(payload)) +
         std::string(payload);
}

std::string unseal_text(const std::filesystem::path& file, std::string_view kind,
                        std::string_view text) {
  const auto fail = [&](const std::string& what) -> std::string {
    throw Error(fmt::format("{}: not a usable {} file: {}", file.string(), kind, what));
  };
  std::size_t pos = 0;
  std::string_view head, version, length, sum;
  if (!next_line(text, pos, head) || !next_line(text, pos, version) ||
      !next_line(text, pos, length) || !next_line(text, pos, sum)) {
    return fail("its header is missing or cut short");
  }
  if (head != fmt::format("CITSIM {} {}", kind, kFormat)) {
    return fail(fmt::format("it is not a CITSim {} of format {}", kind, kFormat));
  }
  if (version != fmt::format("version {}", kVersion)) {
    return fail(fmt::format("written by CITSim {}; this is CITSim {}",
                            version.substr(0, std::min<std::size_t>(version.size(), 40)),
                            kVersion));
  }
  std::size_t n = 0;
  if (length.rfind("length ", 0) != 0 ||
      std::from_chars(length.data() + 7, length.data() + length.size(), n).ec != std::errc()) {
    return fail("its length line is damaged");
  }
  const std::string_view payload = text.substr(pos);
  if (payload.size() != n) {
    return fail(
        fmt::format("{} bytes where {} were written (truncated or edited)", payload.size(), n));
  }
  if (sum != fmt::format("fnv1a64 {:016x}", fnv1a64(payload))) {
    return fail("its checksum does not match (corrupted or edited)");
  }
  return std::string(payload);
}

std::string unseal(const std::filesystem::path& file, std::string_view kind) {
  return unseal_text(file, kind, detail::read_text_file(file));
}

}  // namespace citsim
