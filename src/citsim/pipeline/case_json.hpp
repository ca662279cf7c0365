// A case as JSON, with every quantity in the units of the case format, for
// summary.json ("the case as read").
#pragma once

#include <nlohmann/json.hpp>

#include "citsim/pipeline/case.hpp"

namespace citsim {

/// Keys carry their unit as in case files (needle_length_mm); the values are
/// those the model uses, so defaults the reader filled in are shown too.
nlohmann::json case_to_json(const Case& c);

}  // namespace citsim
