// summary.json of `citsim simulate`: version, seed, the case as read, the
// skin it was run on and per-session channel and injury statistics.
#pragma once

#include <nlohmann/json.hpp>

#include "citsim/injury/course.hpp"
#include "citsim/io/case.hpp"
#include "citsim/skin/skin.hpp"

namespace citsim {

nlohmann::json skin_to_json(const SkinColumn& skin);
nlohmann::json channel_stats_to_json(const ChannelStats& stats);
nlohmann::json injury_stats_to_json(const InjuryStats& stats);

/// The whole summary; `outputs` lists the files written beside it.
nlohmann::json simulate_summary(const Case& c, const SkinColumn& skin,
                                const CourseInjury& course,
                                const nlohmann::json& outputs);

}  // namespace citsim
