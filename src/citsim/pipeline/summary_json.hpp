// summary.json of `citsim simulate`: version, seed, the case as read, the
// skin it was run on, per-session channel and injury statistics, the healing
// parameters used and the observables at the end of follow-up.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "citsim/healing/course.hpp"
#include "citsim/injury/course.hpp"
#include "citsim/observe/ensemble.hpp"
#include "citsim/pipeline/case.hpp"
#include "citsim/skin/skin.hpp"

namespace citsim {

nlohmann::json skin_to_json(const SkinColumn& skin);
nlohmann::json channel_stats_to_json(const ChannelStats& stats);
nlohmann::json injury_stats_to_json(const InjuryStats& stats);
nlohmann::json healing_params_to_json(const HealingParams& params);

/// The whole summary. `ensemble` may be null; `outputs` lists the files
/// written beside it.
nlohmann::json simulate_summary(const Case& c, const CourseSpec& spec, const CourseInjury& course,
                                const std::vector<ObservableRow>& rows,
                                const EnsembleResult* ensemble, const nlohmann::json& outputs);

}  // namespace citsim
