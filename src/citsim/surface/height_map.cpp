#include "citsim/surface/height_map.hpp"
