// Reads data/healing/parameters.toml into HealingParams (internal units).
#pragma once

#include <filesystem>

#include "citsim/healing/params.hpp"

namespace citsim {

/// Every parameter of Param must be present, once, with its unit as
/// param_infos() states, a finite value, an optional `range = [lo, hi]`
/// holding the value (positive bounds when `log = true`), and exactly one of
/// `source` or `calibrated` (a non-empty string). Throws Error with one line
/// naming file, key, value and what is allowed otherwise.
HealingParams read_healing_params(const std::filesystem::path& file);

}  // namespace citsim
