#include "citsim/pipeline/rf.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "citsim/core/error.hpp"
#include "citsim/core/parallel.hpp"
#include "citsim/core/units.hpp"
#include "citsim/device/rf_tip.hpp"
#include "citsim/device/treatment.hpp"
#include "citsim/thermal/dielectric.hpp"

namespace citsim {
namespace {

/// Every input of a pulse, exactly (hex floats), as the key of the cache.
std::string pulse_key(const thermal::PulseGeometry& g,
                      const std::vector<thermal::TissueLayer>& layers,
                      const thermal::PulseSettings& s) {
  std::string key = fmt::format(
      "{:a} {:a} {:a} {:a} {:a} {:a} {} {} | {:a} {:a} {} {:a} {} {:a} {:a} {} {:a} {:a} {:a} {:a} "
      "{:a} "
      "|",
      g.needle_length_um, g.insulated_um, g.needle_radius_um, g.domain_radius_um, g.domain_depth_um,
      g.cell_um, static_cast<int>(g.electrodes), g.neighbours_fire_together, s.power_w,
      s.duration_ms, s.sub_pulses, s.sub_pulse_gap_ms, s.stacks, s.stack_gap_ms, s.cooling_ms,
      s.steps, s.conductivity_per_c, s.frequency_hz, s.damage.frequency_factor_per_s,
      s.damage.activation_energy_j_mol, s.body_c);
  for (const thermal::TissueLayer& l : layers) {
    key += fmt::format(" {:a} {:a} {:a} {:a} {:a} {:a} {}", l.thickness_um, l.conductivity_s_m,
                       l.relative_permittivity, l.thermal_conductivity, l.heat_capacity,
                       l.perfusion, l.epidermis);
  }
  return key;
}

/// One pulse per distinct input: the planner and the ensembles ask for the
/// same pulse many times, and a pulse takes about a second. The result does
/// not depend on whether it was cached.
thermal::PulseResult cached_pulse(const thermal::PulseGeometry& g,
                                  const std::vector<thermal::TissueLayer>& layers,
                                  const thermal::PulseSettings& s) {
  static std::mutex mutex;
  static std::map<std::string, thermal::PulseResult> cache;
  const std::string key = pulse_key(g, layers, s);
  {
    const std::lock_guard lock(mutex);
    if (const auto it = cache.find(key); it != cache.end()) return it->second;
  }
  thermal::PulseResult r = thermal::simulate_pulse(g, layers, s);
  const std::lock_guard lock(mutex);
  if (cache.size() >= 32) cache.clear();  // bounded: a few distinct courses per run
  cache.emplace(key, r);
  return r;
}

}  // namespace

std::string rf_setting_text(const RfPen& rf) {
  const RfSettings& r = rf.rf;
  const int pins = std::max(1, rf.pen.needles.count);
  std::string out =
      r.energy_given ? fmt::format("energy_per_pin_mj = {:g} over pulse_duration_ms = {:g}",
                                   r.power_w / pins * r.pulse_duration_ms, r.pulse_duration_ms)
                     : fmt::format("rf_power_w = {:g} W over {} needles, pulse_duration_ms = {:g}",
                                   r.power_w, pins, r.pulse_duration_ms);
  if (r.sub_pulses > 1) out += fmt::format(", sub_pulses = {}", r.sub_pulses);
  if (r.stacks > 1) out += fmt::format(", stacks = {}", r.stacks);
  return out;
}

std::optional<RfSession> rf_session(const Case& c, const CourseSpec& spec,
                                    const thermal::ThermalData& data) {
  const auto* rf = std::get_if<RfPen>(&c.device);
  if (rf == nullptr) return std::nullopt;
  const Needles& needles = rf->pen.needles;
  const RfSettings& set = rf->rf;
  RfSession s;
  s.pin_pitch_um = pin_pitch_um(*rf, spec.device_data);
  thermal::PulseGeometry& geo = s.geometry;
  geo.cell_um = kRfCellUm;
  geo.needle_length_um = needles.length_um;
  geo.needle_radius_um = 0.5 * needles.diameter_um;
  if (set.insulated_needles) {
    geo.insulated_um = set.insulated_length_um > 0.0
                           ? set.insulated_length_um
                           : std::max(0.0, needles.length_um - kInsulatedBareTipUm);
  }
  // The cell around one pin: bipolar, a grounded cylinder half way to the
  // neighbours of opposite polarity; monopolar, a cylinder of the pin's share
  // of the tip's area, insulated (every pin at the same voltage).
  geo.electrodes = set.bipolar ? thermal::Electrodes::bipolar : thermal::Electrodes::monopolar;
  const double cell_radius_um =
      set.bipolar ? 0.5 * s.pin_pitch_um : s.pin_pitch_um / std::sqrt(units::pi);
  geo.domain_radius_um = std::max(geo.needle_radius_um + 3.0 * kRfCellUm,
                                  std::round(cell_radius_um / kRfCellUm) * kRfCellUm);
  geo.neighbours_fire_together = true;
  geo.domain_depth_um = std::ceil((needles.length_um + 1500.0) / kRfCellUm) * kRfCellUm;
  s.pulse.power_w = set.power_w / std::max(1, needles.count);
  s.pulse.duration_ms = set.pulse_duration_ms;
  s.pulse.sub_pulses = set.sub_pulses;
  s.pulse.sub_pulse_gap_ms = set.sub_pulse_interval_ms;
  s.pulse.stacks = set.stacks;
  s.pulse.stack_gap_ms = set.stack_interval_ms;
  s.pulse.cooling_ms = std::max(50.0, set.pulse_duration_ms);
  s.pulse.steps = 20;
  s.pulse.conductivity_per_c = data.conductivity_per_c;
  s.pulse.frequency_hz = set.frequency_mhz * 1e6;
  const double epidermis_um = spec.skin.layers.epidermis_um();
  const double dermis_um = spec.skin.layers.dermis_um();
  s.epidermis_um = epidermis_um;
  s.heat_shock_omega = data.heat_shock_omega;
  s.dermis_um = dermis_um;
  s.result = cached_pulse(
      s.geometry, thermal::skin_layers(data, epidermis_um, dermis_um, set.frequency_mhz), s.pulse);
  s.frequency_mhz = set.frequency_mhz;
  s.displacement_ratio_dermis =
      thermal::dielectric_at(data.dermis.dielectric, set.frequency_mhz * 1e6).displacement_ratio;
  s.displacement_ratio_epidermis =
      thermal::dielectric_at(data.epidermis.dielectric, set.frequency_mhz * 1e6).displacement_ratio;
  s.lesion = thermal::thermal_lesion(s.result, geo.needle_radius_um, geo.needle_length_um,
                                     data.heat_shock_omega);

  // The coagulated share of the skin down to the needles' tips: one column
  // per channel, at the device's channel density of a session.
  // Columns placed at random overlap: the Boolean-model union; the
  // heat-shocked shells likewise (those not coagulated).
  const double per_um2 = expected_density_per_cm2(spec.device, spec.device_data) / 1.0e8;
  s.coagulated_volume_fraction =
      1.0 - std::exp(-s.result.coagulated_volume_um3 * per_um2 / needles.length_um);
  double heated_um3 = 0.0;
  for (double r : s.lesion.shocked_radius_um) heated_um3 += units::pi * r * r * s.lesion.row_um;
  s.heat_shocked_volume_fraction =
      std::max(0.0, 1.0 - std::exp(-heated_um3 * per_um2 / needles.length_um) -
                        s.coagulated_volume_fraction);

  const thermal::PulseResult& r = s.result;
  const std::string setting = rf_setting_text(*rf);
  if (r.epidermal_max_damage >= 1.0) {
    s.warnings.push_back(
        {"epidermal_burn", "stop",
         fmt::format("{}: the epidermis coagulates (peak {:.0f} C, damage integral "
                     "{:.2g} >= 1): a burn and a risk of scarring and "
                     "pigmentation; lower the energy or insulate the needles",
                     setting, r.peak_epidermal_temperature_c, r.epidermal_max_damage)});
  } else if (r.peak_epidermal_temperature_c > 45.0) {
    s.warnings.push_back({"epidermal_heating", "caution",
                          fmt::format("{}: the epidermis reaches {:.0f} C (above 45 C, where "
                                      "heat begins to harm cells) without coagulating",
                                      setting, r.peak_epidermal_temperature_c)});
  }
  if (r.coagulation_depth_um > epidermis_um + dermis_um) {
    s.warnings.push_back(
        {"fat_injury", "caution",
         fmt::format("{}: coagulation reaches {:.0f} um, below the dermis ({:.0f} um): "
                     "the subcutaneous fat is injured (volume loss, contour "
                     "irregularity)",
                     setting, r.coagulation_depth_um, epidermis_um + dermis_um)});
  }
  if (r.peak_dermal_temperature_c > 100.0) {
    s.warnings.push_back({"above_boiling", "caution",
                          fmt::format("{}: the model's peak is {:.0f} C; above 100 C tissue water "
                                      "boils and devices cut off, which the model does not "
                                      "include: coagulation may be overestimated",
                                      setting, r.peak_dermal_temperature_c)});
  }
  // Pigmentation in darker skin: the evidence, and whether this pulse heats
  // the epidermis (where melanocytes are).
  if (c.patient.fitzpatrick >= 4) {
    const bool epidermis_heated =
        r.epidermal_max_damage >= data.heat_shock_omega || r.peak_epidermal_temperature_c > 45.0;
    if (epidermis_heated) {
      s.warnings.push_back(
          {"pih_epidermal_heat", "caution",
           fmt::format("Fitzpatrick {} with {}: the epidermis, where the melanocytes are, is "
                       "heated (peak {:.0f} C, damage integral {:.2g}); heat in the epidermis "
                       "is what raises post-inflammatory hyperpigmentation in darker skin "
                       "(Cachafeiro 2016: 13.6 % after non-ablative fractional laser against "
                       "none after needling); insulated needles or a lower energy keep it cool",
                       c.patient.fitzpatrick,
                       set.insulated_needles ? "insulated needles" : "non-insulated needles",
                       r.peak_epidermal_temperature_c, r.epidermal_max_damage)});
    } else {
      s.warnings.push_back(
          {"pih_evidence", "info",
           fmt::format("Fitzpatrick {}: the epidermis stays at {:.0f} C here (the heat is in the "
                       "dermis). Published RF microneedling in phototypes III-V reports little "
                       "and mostly transient pigmentation: none in 29 patients after "
                       "non-insulated RFMN (2022, PMC9110589), transient hyperpigmentation "
                       "among the side effects in 31 (Chandrashekar 2014, PMC4134659), 6.5 % of "
                       "92 fractional bipolar RF sessions, most faded within 2 months (Yeung "
                       "2012, reported; not microneedling). The course's PIH probability "
                       "(risks) follows its redness",
                       c.patient.fitzpatrick, r.peak_epidermal_temperature_c)});
    }
  }
  if (s.coagulated_volume_fraction > kFractionalLimit) {
    s.warnings.push_back(
        {"bulk_coagulation", "stop",
         fmt::format("{}, {} channels per cm2 a session: the coagulated columns overlap into "
                     "{:.0f} % of the skin down to the needle tips (above {:.0f} %): no longer "
                     "fractional, the untouched tissue between columns that heals them is "
                     "mostly gone (a burn); fewer passes, a lower energy, or stamping the tip "
                     "rather than gliding it",
                     setting, std::lround(expected_density_per_cm2(spec.device, spec.device_data)),
                     100.0 * s.coagulated_volume_fraction, 100.0 * kFractionalLimit)});
  }
  if (set.bipolar) {
    s.warnings.push_back(
        {"bipolar_equivalent_cell", "info",
         fmt::format("bipolar = true: the current from each pin to its neighbours of opposite "
                     "polarity is modelled as flowing to a grounded cylinder half way to them "
                     "(radius {:g} um, half the pin pitch of {:g} um); docs/rf.md",
                     geo.domain_radius_um, s.pin_pitch_um)});
  }
  if (set.insulated_needles && set.insulated_length_um <= 0.0) {
    s.warnings.push_back(
        {"insulated_length_assumed", "info",
         fmt::format("insulated_needles = true without insulated_length_mm: the needles are "
                     "taken as insulated down to {:g} um, the last {:g} um bare (model choice)",
                     geo.insulated_um, kInsulatedBareTipUm)});
  }
  return s;
}

bool rf_settings_unsafe(const RfSession& rf) {
  return std::any_of(rf.warnings.begin(), rf.warnings.end(),
                     [](const RfWarning& w) { return w.level == "stop" || w.level == "caution"; });
}

bool rf_serves(const std::string& indication) {
  for (const char* i :
       {"laxity", "fine_lines", "atrophic_acne_scars", "surgical_scars", "traumatic_scars"}) {
    if (indication == i) return true;
  }
  return false;
}

RfPen checked_rf_tip(const Case& c, const CourseSpec& spec, double energy_mj) {
  constexpr double kBareUm = 300.0, kPitchUm = 1400.0, kPulseMs = 100.0;
  const double skin_um = spec.skin.layers.epidermis_um() + spec.skin.layers.dermis_um();
  // The case's depth, kept 0.2 mm inside the dermis so the bare tip heats
  // no fat, and at least 0.5 mm.
  const double depth_um = std::max(500.0, std::min(needles_of(c.device).length_um,
                                                   std::floor((skin_um - 200.0) / 100.0) * 100.0));
  RfPen rf;
  rf.motion = RfMotion::stamp;
  rf.pen.needles = {49, depth_um, 200.0};
  rf.pen.passes = 2;
  rf.pen.stroke_rate_hz = 0.0;
  rf.pen.glide_speed_um_per_s = 0.0;
  rf.rf.pulse_duration_ms = kPulseMs;
  rf.rf.insulated_needles = true;
  rf.rf.insulated_length_um = std::max(0.0, depth_um - kBareUm);
  rf.rf.bipolar = true;
  rf.rf.pin_pitch_um = kPitchUm;
  rf.rf.energy_given = true;
  rf.rf.power_w = energy_mj * 1e-3 / (kPulseMs * 1e-3) * rf.pen.needles.count;
  return rf;
}

std::optional<RfSession> checked_rf_session(const Case& c, const CourseSpec& spec,
                                            const thermal::ThermalData& data, double energy_mj) {
  const RfPen tip = checked_rf_tip(c, spec, energy_mj);
  Case trial = c;
  trial.device = tip;
  CourseSpec trial_spec = spec;
  trial_spec.device = tip;
  return rf_session(trial, trial_spec, data);
}

std::optional<CheckedRf> checked_rf(const Case& c, const CourseSpec& spec,
                                    const thermal::ThermalData& data, int threads,
                                    std::stop_token stop) {
  // The highest safe energy, searched from the top, as many energies at a
  // time as there are threads (each pulse is the same whichever thread runs
  // it): the first round that holds a safe energy holds the highest, so the
  // answer is the same for any thread count. Where every energy is safe one
  // round decides it instead of six pulses.
  const auto round = static_cast<std::size_t>(std::max(1, threads));
  std::array<std::optional<RfSession>, kCheckedRfEnergiesMj.size()> sessions;
  for (std::size_t top = kCheckedRfEnergiesMj.size(); top > 0;) {
    const std::size_t low = top > round ? top - round : 0;
    parallel_for(static_cast<std::int64_t>(low), static_cast<std::int64_t>(top), threads,
                 [&](std::int64_t k) {
                   const auto e = static_cast<std::size_t>(k);
                   if (stop.stop_requested()) return;
                   sessions[e] = checked_rf_session(c, spec, data, kCheckedRfEnergiesMj[e]);
                 });
    if (stop.stop_requested()) throw Cancelled();
    for (std::size_t e = top; e-- > low;) {
      if (!sessions[e] || rf_settings_unsafe(*sessions[e])) continue;
      const double mj = kCheckedRfEnergiesMj[e];
      return CheckedRf{
          checked_rf_tip(c, spec, mj), mj,
          fmt::format("radiofrequency microneedling adds dermal heat to the needling for {}; {:g} "
                      "mJ per pin is the highest of 5 to 30 mJ at which the model predicts, in "
                      "this patient's skin, no epidermal heating above 45 C, no fat injury, no "
                      "boiling and a coagulated share under {:.0f} % (insulated needles keep the "
                      "heat off the epidermis)",
                      c.site.indication, mj, 100.0 * kFractionalLimit)};
    }
    top = low;
  }
  return std::nullopt;
}

nlohmann::json rf_json(const RfSession& s) {
  const thermal::PulseResult& r = s.result;
  nlohmann::json warnings = nlohmann::json::array();
  for (const RfWarning& w : s.warnings)
    warnings.push_back({{"id", w.id}, {"level", w.level}, {"message", w.message}});
  return {
      {"coagulation_depth_um", r.coagulation_depth_um},
      {"coagulation_top_um", r.coagulation_top_um},
      {"coagulation_width_um", r.coagulation_width_um},
      {"coagulated_volume_fraction", s.coagulated_volume_fraction},
      {"heat_shocked_volume_fraction", s.heat_shocked_volume_fraction},
      {"peak_epidermal_temperature_c", r.peak_epidermal_temperature_c},
      {"peak_dermal_temperature_c", r.peak_dermal_temperature_c},
      {"epidermal_max_damage", r.epidermal_max_damage},
      {"power_per_needle_w", s.pulse.power_w},
      {"pin_pitch_um", s.pin_pitch_um},
      {"insulated_length_um", s.geometry.insulated_um},
      {"pulse_duration_ms", s.pulse.duration_ms},
      {"energy_per_needle_j", r.energy_j},
      {"model",
       fmt::format("one pin in its cell of the tip ({}), axisymmetric {:g} um grid; "
                   "quasi-static potential with conduction and displacement currents at {:g} "
                   "MHz (Gabriel 1996 Cole-Cole; displacement against conduction {:.2f} in the "
                   "dermis, {:.1f} in the epidermis), Pennes bioheat, Henriques-Moritz damage "
                   "(docs/rf.md)",
                   s.geometry.electrodes == thermal::Electrodes::bipolar ? "bipolar" : "monopolar",
                   s.geometry.cell_um, s.frequency_mhz, s.displacement_ratio_dermis,
                   s.displacement_ratio_epidermis)},
      {"warnings", warnings}};
}

}  // namespace citsim
