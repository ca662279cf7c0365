#include "citsim/device/channel.hpp"

namespace citsim {

std::string_view to_string(ChannelShape shape) {
  switch (shape) {
    case ChannelShape::cone:
      return "cone";
    case ChannelShape::v_tear:
      return "v_tear";
  }
  return "cone";
}

}  // namespace citsim
