#include "citsim/device/device.hpp"

#include <array>

namespace citsim {
namespace {

constexpr std::array<std::string_view, 4> kKindNames = {"roller", "stamp", "pen", "rf_pen"};
constexpr std::array<std::string_view, 2> kPatternNames = {"lines", "circles"};

template <typename Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(DeviceKind kind) { return kKindNames[static_cast<std::size_t>(kind)]; }

std::optional<DeviceKind> device_kind_from_string(std::string_view name) {
  return lookup<DeviceKind>(kKindNames, name);
}

std::string_view to_string(PenPattern pattern) {
  return kPatternNames[static_cast<std::size_t>(pattern)];
}

std::optional<PenPattern> pen_pattern_from_string(std::string_view name) {
  return lookup<PenPattern>(kPatternNames, name);
}

DeviceKind kind_of(const DeviceSpec& device) { return static_cast<DeviceKind>(device.index()); }

const Needles& needles_of(const DeviceSpec& device) {
  struct Visitor {
    const Needles& operator()(const Roller& d) const { return d.needles; }
    const Needles& operator()(const Stamp& d) const { return d.needles; }
    const Needles& operator()(const Pen& d) const { return d.needles; }
    const Needles& operator()(const RfPen& d) const { return d.pen.needles; }
  };
  return std::visit(Visitor{}, device);
}

}  // namespace citsim
