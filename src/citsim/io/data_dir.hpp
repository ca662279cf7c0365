// Where CITSim finds its data files (parameters, atlas, vocabularies).
#pragma once

#include <filesystem>

namespace citsim {

/// The data folder: `requested` if not empty, else $CITSIM_DATA_DIR, else
/// ../share/citsim/data beside the running executable, else the source tree's
/// data/ the build was configured from. Throws Error if none exists.
std::filesystem::path find_data_dir(const std::filesystem::path& requested = {});

}  // namespace citsim
