// Case-file names of scar types and striae stages.
#include "citsim/skin/lesion.hpp"

#include <array>
#include <utility>

namespace citsim {
namespace {

constexpr std::array<std::pair<ScarType, std::string_view>, 3> kScarNames = {{
    {ScarType::icepick, "icepick"},
    {ScarType::boxcar, "boxcar"},
    {ScarType::rolling, "rolling"},
}};

constexpr std::array<std::pair<StriaeStage, std::string_view>, 2> kStriaeNames = {{
    {StriaeStage::rubra, "rubra"},
    {StriaeStage::alba, "alba"},
}};

}  // namespace

std::string_view to_string(ScarType type) {
  for (const auto& [t, name] : kScarNames) {
    if (t == type) return name;
  }
  return "unknown";
}

std::optional<ScarType> scar_type_from_string(std::string_view name) {
  for (const auto& [t, n] : kScarNames) {
    if (n == name) return t;
  }
  return std::nullopt;
}

std::string_view to_string(StriaeStage stage) {
  for (const auto& [s, name] : kStriaeNames) {
    if (s == stage) return name;
  }
  return "unknown";
}

std::optional<StriaeStage> striae_stage_from_string(std::string_view name) {
  for (const auto& [s, n] : kStriaeNames) {
    if (n == name) return s;
  }
  return std::nullopt;
}

}  // namespace citsim
