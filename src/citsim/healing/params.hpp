// Parameters of the healing cascade, in internal units (s, um), with the
// ranges the ensemble samples. Values come from data/healing/parameters.toml
// (citsim/healing/params_reader.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace citsim {

enum class Param : std::size_t {
  damage_clearance_half_life,
  macrophage_clearance_gain,
  signal_half_life,
  inflammation_half_saturation,
  signal_diffusivity,
  perfusion_half_saturation,
  perfusion_half_life,
  neutrophil_half_life,
  macrophage_half_life,
  neutrophil_recruitment_rate,
  macrophage_recruitment_rate,
  macrophage_recruitment_from_neutrophils,
  cell_motility,
  tgf_half_life,
  tgf_diffusivity,
  tgf_platelet_release,
  tgf_macrophage_production,
  fibroblast_proliferation_rate,
  fibroblast_activation_half_saturation,
  fibroblast_capacity,
  fibroblast_excess_half_life,
  fibroblast_chemotaxis,
  collagen_half_life,
  collagen_maturation_half_life,
  collagen_III_fraction,
  collagen_III_degradation_ratio,
  collagen_synthesis_gain,
  collagen_III_fraction_wound,
  collagen_capacity,
  matrix_loss_in_track,
  remodeling_mmp_gain,
  ageing_collagen_loss,
  collagen_volume_fraction,
  alignment_gradient_half_saturation,
  elastin_half_life,
  elastin_synthesis_gain,
  epidermal_turnover,
  epidermal_coupling,
  closure_speed,
  closure_lag,
  closure_speed_cv,
  age_reference,
  age_closure_loss,
  age_fibroblast_loss,
  heat_shock_injury,
  count,
};

inline constexpr std::size_t kParamCount = static_cast<std::size_t>(Param::count);

/// How a parameter is given in the data file and converted to internal units.
struct ParamInfo {
  std::string_view name;  ///< key in parameters.toml
  std::string_view unit;  ///< unit the data file must state
  double to_internal;     ///< internal value = file value * to_internal (or 1/x for rates)
  bool is_half_life;      ///< true: file gives a half-life; internal value is a rate ln2/T
};

/// The table of every parameter, indexed by Param.
const std::array<ParamInfo, kParamCount>& param_infos();
std::optional<Param> param_from_name(std::string_view name);

/// One parameter as read: internal value, sampling range and provenance.
struct ParamEntry {
  double value = 0.0;         ///< internal units (rates in 1/s, lengths in um)
  double lo = 0.0, hi = 0.0;  ///< sampling range, internal units; lo == hi: fixed
  bool log_uniform = false;
  bool calibrated = false;
  double file_value = 0.0;              ///< as written in the file, in its unit
  double file_lo = 0.0, file_hi = 0.0;  ///< range as written in the file
  std::string provenance;               ///< source or calibration target
};

/// Joint samples of some parameters, in the data file's units: the
/// posterior of the calibration (data/calibration/posterior_samples.csv,
/// docs/calibration.md). One row per sample, one column per parameter.
/// `spread_params` are the parameters that differ between patients: row r's
/// `spreads[r][k]` is the standard deviation of the logarithm of patient
/// factors on spread_params[k] (the between-patient spread inferred beside
/// the parameters; apply_patient_factors).
struct ParamSamples {
  std::vector<Param> params;
  std::vector<std::vector<double>> rows;
  std::vector<Param> spread_params;
  std::vector<std::vector<double>> spreads;
};

/// The between-patient spread of one parameter: patients' factors on it are
/// lognormal with this standard deviation of their logarithm.
struct PatientSpread {
  Param param;
  double log_sd = 0.0;
};

/// Sets `spread.param`'s spread in `spreads`: replaces its entry, or adds one
/// at the end (the order factors are drawn in).
void set_spread(std::vector<PatientSpread>& spreads, PatientSpread spread);

struct HealingParams {
  std::array<ParamEntry, kParamCount> entries{};
  /// When set, ensemble members draw these parameters jointly from it.
  std::shared_ptr<const ParamSamples> joint;

  double operator[](Param p) const { return entries[static_cast<std::size_t>(p)].value; }
  ParamEntry& entry(Param p) { return entries[static_cast<std::size_t>(p)]; }
  const ParamEntry& entry(Param p) const { return entries[static_cast<std::size_t>(p)]; }
};

/// A copy with every ranged, sourced parameter drawn from its range, keyed by
/// (seed, member): the same member always gets the same parameters.
/// Calibrated parameters keep their fitted values. With `joint` samples (a
/// posterior) the member takes one sample (row, joint_sample_row) for all of
/// the sampled parameters at once, and every other parameter keeps its value;
/// when the samples carry a between-patient spread, the member is also a
/// patient of its own (apply_patient_factors with the row's spreads).
HealingParams sample_params(const HealingParams& nominal, std::uint64_t seed, std::uint64_t member);

/// The factors that make patient `member` of a run seeded `seed` differ from
/// the typical patient: each spread parameter's file value times
/// exp(log_sd z), z a standard normal of the member's own stream
/// (RngPurpose::patient_factor) cut at +-3, drawn in the order of `spreads`.
/// The same member always gets the same z, whatever the spreads' values.
void apply_patient_factors(HealingParams& params, const std::vector<PatientSpread>& spreads,
                           std::uint64_t seed, std::uint64_t member);

/// The sample (row, of `rows` > 0) of joint samples that ensemble member
/// `member` of a run seeded `seed` takes: the same row for the healing
/// parameters and for every other jointly sampled parameter of the member
/// (the visible response's, the risks').
std::size_t joint_sample_row(std::uint64_t seed, std::uint64_t member, std::size_t rows);

/// The parameters for a patient of `age_years`: older skin closes its
/// channels more slowly, and its fibroblasts proliferate and make collagen
/// less. Each factor is exp(-loss max(0, age - age_reference) / 10) (loss per
/// decade of age): closure_speed by age_closure_loss;
/// fibroblast_proliferation_rate and collagen_synthesis_gain by
/// age_fibroblast_loss. At or below the reference age, unchanged.
HealingParams for_age(const HealingParams& params, double age_years);

/// The parameters at a body site whose redness fades `redness_resolution`
/// times as fast as the face's (data/skin/zones.toml; 1 on the face): the
/// rates of the signal and of the perfusion it drives (signal_half_life,
/// perfusion_half_life) scaled by it, so that the redness's course stretches
/// by 1 / redness_resolution. Nothing else in the cascade reads either.
HealingParams at_site(const HealingParams& params, double redness_resolution);

/// Converts a value in the file's unit to internal units for parameter p.
double param_to_internal(Param p, double file_value);

}  // namespace citsim
