#include "citsim/pipeline/summary_json.hpp"

#include "citsim/core/version.hpp"
#include "citsim/pipeline/case_json.hpp"

namespace citsim {

using nlohmann::json;

json skin_to_json(const SkinColumn& skin) {
  json layers = json::object();
  for (Layer l : kAllLayers) layers[std::string(to_string(l)) + "_um"] = skin.layers.thickness(l);
  return {{"zone", to_string(skin.zone)},
          {"layers", layers},
          {"epidermis_um", skin.layers.epidermis_um()},
          {"dermis_um", skin.layers.dermis_um()},
          {"plexus_depth_um", skin.plexus_depth_um},
          {"matrix_area_fraction",
           {{"collagen_I", skin.matrix.collagen_I},
            {"collagen_III", skin.matrix.collagen_III},
            {"elastin", skin.matrix.elastin}}}};
}

json channel_stats_to_json(const ChannelStats& s) {
  return {{"channel_count_on_patch", s.channel_count},
          {"density_per_cm2", s.density_per_cm2},
          {"expected_density_per_cm2", s.expected_density_per_cm2},
          {"coverage_fraction", s.coverage},
          {"expected_coverage_fraction", s.expected_coverage},
          {"mean_depth_um", s.mean_depth_um},
          {"p10_depth_um", s.p10_depth_um},
          {"p90_depth_um", s.p90_depth_um},
          {"mean_opening_width_um", s.mean_opening_width_um},
          {"mean_opening_length_um", s.mean_opening_length_um},
          {"fraction_reaching_dermis", s.fraction_reaching_dermis},
          {"fraction_reaching_plexus", s.fraction_reaching_plexus},
          {"bleeding_points_per_cm2", s.bleeding_points_per_cm2}};
}

json injury_stats_to_json(const InjuryStats& s) {
  json layers = json::object();
  for (Layer l : kAllLayers) {
    layers[std::string(to_string(l))] = s.layer_disrupted_fraction[static_cast<std::size_t>(l)];
  }
  return {{"disrupted_volume_fraction", s.disrupted_volume_fraction},
          {"layer_disrupted_fraction", layers},
          {"barrier_breach_fraction", s.barrier_breach_fraction},
          {"dermal_disrupted_mm3_per_cm2", s.dermal_disrupted_mm3_per_cm2},
          {"vascular_disrupted_mm3_per_cm2", s.vascular_disrupted_mm3_per_cm2},
          {"max_depth_um", s.max_depth_um}};
}

json healing_params_to_json(const HealingParams& params) {
  json out = json::object();
  const auto& infos = param_infos();
  for (std::size_t n = 0; n < kParamCount; ++n) {
    const ParamEntry& e = params.entries[n];
    out[std::string(infos[n].name)] = {
        {"value", e.file_value}, {"unit", infos[n].unit}, {"calibrated", e.calibrated}};
  }
  return out;
}

json simulate_summary(const Case& c, const CourseSpec& spec, const CourseInjury& course,
                      const std::vector<ObservableRow>& rows, const EnsembleResult* ensemble,
                      const json& outputs) {
  json sessions = json::array();
  for (const auto& s : course.sessions) {
    sessions.push_back({{"session", s.session + 1},
                        {"day", s.day},
                        {"penetration_fraction", s.penetration_fraction},
                        {"channels", channel_stats_to_json(s.channels)},
                        {"injury", injury_stats_to_json(s.injury)}});
  }
  const auto& names = observable_names();
  json end = json::object();
  if (!rows.empty()) {
    end["day"] = rows.back().day;
    for (std::size_t o = 0; o < kObservableCount; ++o) {
      if (ensemble) {
        end[std::string(names[o])] = {{"value", rows.back().values[o]},
                                      {"p10", ensemble->bands[o].p10.back()},
                                      {"p50", ensemble->bands[o].p50.back()},
                                      {"p90", ensemble->bands[o].p90.back()}};
      } else {
        end[std::string(names[o])] = rows.back().values[o];
      }
    }
  }
  return {{"version", kVersion},
          {"seed", c.simulation.seed},
          {"case", case_to_json(c)},
          {"skin", skin_to_json(spec.skin)},
          {"sessions", sessions},
          {"healing",
           {{"fidelity", to_string(spec.fidelity)},
            {"ensemble_members", ensemble ? ensemble->members : 0},
            {"parameters", healing_params_to_json(spec.params)}}},
          {"observables_end_of_follow_up", end},
          {"outputs", outputs}};
}

}  // namespace citsim
