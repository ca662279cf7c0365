#include "citsim/healing/params.hpp"

#include <algorithm>
#include <cmath>

#include "citsim/core/error.hpp"
#include "citsim/core/rng.hpp"
#include "citsim/core/units.hpp"

namespace citsim {
namespace {

constexpr double kHour = units::s_per_hour;
constexpr double kDay = units::s_per_day;
constexpr double kYear = 365.25 * units::s_per_day;

constexpr std::array<ParamInfo, kParamCount> kInfos = {{
    {"damage_clearance_half_life", "h", kHour, true},
    {"macrophage_clearance_gain", "dimensionless", 1.0, false},
    {"signal_half_life", "h", kHour, true},
    {"inflammation_half_saturation", "dimensionless", 1.0, false},
    {"signal_diffusivity", "um2/s", 1.0, false},
    {"perfusion_half_saturation", "dimensionless", 1.0, false},
    {"perfusion_half_life", "h", kHour, true},
    {"neutrophil_half_life", "h", kHour, true},
    {"macrophage_half_life", "day", kDay, true},
    {"neutrophil_recruitment_rate", "1/day", 1.0 / kDay, false},
    {"macrophage_recruitment_rate", "1/day", 1.0 / kDay, false},
    {"macrophage_recruitment_from_neutrophils", "dimensionless", 1.0, false},
    {"cell_motility", "um2/s", 1.0, false},
    {"tgf_half_life", "h", kHour, true},
    {"tgf_diffusivity", "um2/s", 1.0, false},
    {"tgf_platelet_release", "dimensionless", 1.0, false},
    {"tgf_macrophage_production", "dimensionless", 1.0, false},
    {"fibroblast_proliferation_rate", "1/day", 1.0 / kDay, false},
    {"fibroblast_activation_half_saturation", "dimensionless", 1.0, false},
    {"fibroblast_capacity", "dimensionless", 1.0, false},
    {"fibroblast_excess_half_life", "day", kDay, true},
    {"fibroblast_chemotaxis", "um2/s", 1.0, false},
    {"collagen_half_life", "year", kYear, true},
    {"collagen_maturation_half_life", "day", kDay, true},
    {"collagen_III_fraction", "dimensionless", 1.0, false},
    {"collagen_III_degradation_ratio", "dimensionless", 1.0, false},
    {"collagen_synthesis_gain", "dimensionless", 1.0, false},
    {"collagen_III_fraction_wound", "dimensionless", 1.0, false},
    {"collagen_capacity", "dimensionless", 1.0, false},
    {"matrix_loss_in_track", "dimensionless", 1.0, false},
    {"remodeling_mmp_gain", "dimensionless", 1.0, false},
    {"ageing_collagen_loss", "1/decade", 1.0 / (10.0 * kYear), false},
    {"collagen_volume_fraction", "dimensionless", 1.0, false},
    {"alignment_gradient_half_saturation", "1/um", 1.0, false},
    {"elastin_half_life", "year", kYear, true},
    {"elastin_synthesis_gain", "dimensionless", 1.0, false},
    {"epidermal_turnover", "day", kDay, false},
    {"epidermal_coupling", "dimensionless", 1.0, false},
    {"closure_speed", "um/h", 1.0 / kHour, false},
    {"closure_lag", "h", kHour, false},
    {"closure_speed_cv", "dimensionless", 1.0, false},
    {"age_reference", "year", 1.0, false},
    {"age_closure_loss", "1/decade", 1.0, false},
    {"age_fibroblast_loss", "1/decade", 1.0, false},
    {"heat_shock_injury", "dimensionless", 1.0, false},
}};

}  // namespace

const std::array<ParamInfo, kParamCount>& param_infos() { return kInfos; }

std::optional<Param> param_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kParamCount; ++i) {
    if (kInfos[i].name == name) return static_cast<Param>(i);
  }
  return std::nullopt;
}

HealingParams for_age(const HealingParams& params, double age_years) {
  HealingParams aged = params;
  const double decades = std::max(0.0, age_years - params[Param::age_reference]) / 10.0;
  const auto scale = [&](Param p, double factor) { aged.entry(p).value *= factor; };
  const double closure = std::exp(-params[Param::age_closure_loss] * decades);
  const double fibroblast = std::exp(-params[Param::age_fibroblast_loss] * decades);
  scale(Param::closure_speed, closure);
  scale(Param::fibroblast_proliferation_rate, fibroblast);
  scale(Param::collagen_synthesis_gain, fibroblast);
  return aged;
}

HealingParams at_site(const HealingParams& params, double redness_resolution) {
  HealingParams site = params;
  // Both are rates (ln 2 / half-life): the redness's whole course stretches
  // by 1 / redness_resolution.
  site.entry(Param::signal_half_life).value *= redness_resolution;
  site.entry(Param::perfusion_half_life).value *= redness_resolution;
  return site;
}

double param_to_internal(Param p, double file_value) {
  const auto& info = kInfos[static_cast<std::size_t>(p)];
  const double x = file_value * info.to_internal;
  return info.is_half_life ? std::log(2.0) / x : x;
}

std::size_t joint_sample_row(std::uint64_t seed, std::uint64_t member, std::size_t rows) {
  CITSIM_ASSERT(rows > 0, "joint samples have rows");
  CounterRng rng(seed, RngPurpose::posterior_sample, member);
  const auto n = static_cast<double>(rows);
  return std::min(rows - 1, static_cast<std::size_t>(rng.uniform() * n));
}

HealingParams sample_params(const HealingParams& nominal, std::uint64_t seed,
                            std::uint64_t member) {
  HealingParams out = nominal;
  CounterRng rng(seed, RngPurpose::ensemble_member, member);
  for (std::size_t i = 0; i < kParamCount; ++i) {
    ParamEntry& e = out.entries[i];
    const double u = rng.uniform();  // drawn for every parameter: stable streams
    // Calibrated parameters are pinned by their targets: they keep the
    // fitted value; the ensemble varies the sourced ones.
    // With joint samples (a posterior), those alone vary: the hand-set
    // ranges are what the posterior replaces.
    if (e.lo == e.hi || e.calibrated || out.joint) continue;
    e.value = e.log_uniform ? std::exp(std::log(e.lo) + u * (std::log(e.hi) - std::log(e.lo)))
                            : e.lo + u * (e.hi - e.lo);
  }
  if (out.joint && !out.joint->rows.empty()) {
    const std::size_t row = joint_sample_row(seed, member, out.joint->rows.size());
    for (std::size_t k = 0; k < out.joint->params.size(); ++k) {
      const Param p = out.joint->params[k];
      ParamEntry& e = out.entry(p);
      e.file_value = out.joint->rows[row][k];
      e.value = param_to_internal(p, e.file_value);
    }
    if (!out.joint->spread_params.empty()) {
      std::vector<PatientSpread> spreads;
      for (std::size_t k = 0; k < out.joint->spread_params.size(); ++k)
        spreads.push_back({out.joint->spread_params[k], out.joint->spreads[row][k]});
      apply_patient_factors(out, spreads, seed, member);
    }
  }
  return out;
}

void set_spread(std::vector<PatientSpread>& spreads, PatientSpread spread) {
  const auto it = std::find_if(spreads.begin(), spreads.end(),
                               [&](const PatientSpread& x) { return x.param == spread.param; });
  if (it == spreads.end())
    spreads.push_back(spread);
  else
    it->log_sd = spread.log_sd;
}

void apply_patient_factors(HealingParams& params, const std::vector<PatientSpread>& spreads,
                           std::uint64_t seed, std::uint64_t member) {
  CounterRng rng(seed, RngPurpose::patient_factor, member);
  for (const PatientSpread& s : spreads) {
    const double z = std::clamp(rng.normal(), -3.0, 3.0);
    ParamEntry& e = params.entry(s.param);
    e.file_value *= std::exp(s.log_sd * z);
    e.value = param_to_internal(s.param, e.file_value);
  }
}

}  // namespace citsim
