// The calibrated parameters of the whole model, set by name, and their
// posterior: the joint samples scripts/posterior writes to
// data/calibration/posterior_samples.csv (docs/calibration.md). Ensemble
// member m of a run seeded s takes one sample, row joint_sample_row(s, m, n),
// for all of its parameters at once: the healing ones (sample_params) and the
// visible response's and the risks' (member_settings).
//
//   ModelSettings shipped{data.healing, tryon.response, data.risks};
//   set_parameter(shipped, "response", "fill_per_gain", 8.0, "--sets line 3");
//   const ModelSettings m = member_settings(shipped, data.posterior.get(), seed, 7);
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "citsim/healing/params.hpp"
#include "citsim/observe/risks.hpp"
#include "citsim/surface/response.hpp"

namespace citsim {

/// Everything an outcome's value depends on beyond its case: the healing
/// parameters, the visible response, the risk model.
struct ModelSettings {
  HealingParams healing;
  ScarResponseParams response;
  RiskParams risks;
  /// The between-patient spread of healing parameters (empty: the typical
  /// patient only); a patient's own factors come from apply_patient_factors.
  std::vector<PatientSpread> patient_spread{};
};

/// Sets one parameter, in its data file's units, checked against its range:
///   healing.<name>   a parameter of data/healing/parameters.toml, within
///                    its range there (the prior);
///   response.<name>  fill_per_gain, line_fill_per_gain (0.1..50),
///                    neck_line_response (0..1], remodel_half_life
///                    (2..1000 day), tether_share_rolling (0..0.99) of
///                    data/surface/response.toml;
///   pih.pih_hazard   pih_hazard_per_erythema_day (0..100] of risks.toml;
///   patient.<name>   the between-patient spread (the SD of the log of
///                    patients' factors, 0..2) of a ranged parameter of
///                    data/healing/parameters.toml.
/// Throws Error "<where>: <group>.<name> = <value>: <what is allowed>".
void set_parameter(ModelSettings& settings, std::string_view group, std::string_view name,
                   double value, std::string_view where);

/// Joint samples of calibrated parameters (a posterior), in file units.
struct Posterior {
  struct Column {
    std::string group, name;
  };
  std::vector<Column> columns;  ///< model.discrepancy is kept but not set
  /// patient.<name> columns: the between-patient spread, in healing->spreads.
  std::vector<std::vector<double>> rows;
  std::string provenance;  ///< the file's first comment line (version, command, seed)
  /// The healing columns, for HealingParams::joint.
  std::shared_ptr<const ParamSamples> healing;
};

/// Reads a posterior: '#' lines are comments (the first is kept as its
/// provenance), the first other line names the columns group.name, each
/// further line is one sample. Every value is checked by set_parameter
/// against `healing`'s ranges and the response's and risks'; at most
/// 100000 rows. Throws Error naming file, line, column and value.
Posterior read_posterior(const std::filesystem::path& file, const HealingParams& healing);

/// Ensemble member `member`'s settings: `shipped` with the posterior's
/// sample for the member (joint_sample_row) set, or `shipped` itself
/// without a posterior.
ModelSettings member_settings(const ModelSettings& shipped, const Posterior* posterior,
                              std::uint64_t seed, std::uint64_t member);

/// Where an ensemble's members take their parameters from, in a sentence
/// for every output that shows a band.
std::string ensemble_parameters_note(const Posterior* posterior);

}  // namespace citsim
