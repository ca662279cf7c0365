// Reads the zone atlas of skin anatomy and its modifiers from data/skin/.
//
//   SkinAtlas atlas = read_skin_atlas(find_data_dir());
//   SkinColumn col = build_skin(atlas, Zone::cheek, patient);
#pragma once

#include <filesystem>

#include "citsim/skin/skin.hpp"

namespace citsim {

/// Reads `data_dir`/skin/zones.toml, modifiers.toml and lesions.toml. Every
/// zone must be present and every value must carry its unit and source; a bad,
/// missing or unknown value throws Error with one line naming file, key, value
/// and what is allowed.
SkinAtlas read_skin_atlas(const std::filesystem::path& data_dir);

}  // namespace citsim
