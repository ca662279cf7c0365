#include "citsim/healing/course.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <istream>
#include <limits>
#include <numbers>
#include <ostream>

#include "citsim/core/error.hpp"
#include "citsim/core/rng.hpp"
#include "citsim/device/treatment.hpp"
#include "citsim/healing/injury_map.hpp"
#include "citsim/injury/injury.hpp"

namespace citsim {
namespace {

constexpr char kMagic[8] = {'C', 'I', 'T', 'S', 'I', 'M', 'C', 'K'};
// 4: rows carry papillary_collagen_III_change_pct; 5: and collagen_deposited_change_pct
constexpr std::uint32_t kCheckpointVersion = 5;

template <typename T>
void put(std::ostream& out, const T& value) {
  out.write(reinterpret_cast<const char*>(&value), sizeof value);
}
template <typename T>
T get(std::istream& in) {
  T value{};
  in.read(reinterpret_cast<char*>(&value), sizeof value);
  if (!in) throw Error("checkpoint: truncated or unreadable");
  return value;
}
void put_doubles(std::ostream& out, std::span<const double> values) {
  put<std::uint64_t>(out, values.size());
  out.write(reinterpret_cast<const char*>(values.data()),
            static_cast<std::streamsize>(values.size() * sizeof(double)));
}
void get_doubles(std::istream& in, std::span<double> values) {
  if (get<std::uint64_t>(in) != values.size())
    throw Error("checkpoint: made for another case or fidelity");
  in.read(reinterpret_cast<char*>(values.data()),
          static_cast<std::streamsize>(values.size() * sizeof(double)));
  if (!in) throw Error("checkpoint: truncated or unreadable");
}

double domain_depth_um(const CourseSpec& spec) {
  const double skin_bottom = spec.skin.layers.epidermis_um() + spec.skin.layers.dermis_um();
  const double reach = needles_of(spec.device).length_um + spec.depth_margin_um;
  return std::clamp(reach, spec.skin.layers.epidermis_um() + 200.0, skin_bottom);
}

Mesh course_mesh_of(const CourseSpec& spec) {
  const double depth = domain_depth_um(spec);
  if (spec.fidelity == Fidelity::plan) {
    // The unit cell holds one channel: radius 1 / sqrt(pi n).
    const double per_um2 = expected_density_per_cm2(spec.device, spec.device_data) / 1.0e8;
    const double radius = 1.0 / std::sqrt(std::numbers::pi * per_um2);
    const int nz = static_cast<int>(std::ceil(depth / spec.plan_cell_um));
    return axisymmetric_mesh(spec.plan_radial_cells, nz, radius / spec.plan_radial_cells,
                             spec.plan_cell_um);
  }
  const int n = std::max(1, static_cast<int>(std::lround(spec.block_um / spec.full_cell_um)));
  const int nz = static_cast<int>(std::ceil(depth / spec.full_cell_um));
  return cartesian_mesh(n, n, nz, spec.full_cell_um, spec.full_cell_um, spec.full_cell_um, false);
}

double pct(double treated, double control) {
  return control > 0.0 ? 100.0 * (treated / control - 1.0) : 0.0;
}

}  // namespace

std::string_view to_string(Fidelity fidelity) {
  return fidelity == Fidelity::plan ? "plan" : "full";
}

StepSchedule course_step_schedule() {
  // Months and years after a session only the matrix remodels and matures
  // (time constants of months): the day and week steps there add no time
  // step error to what the faster phases give (docs/performance.md;
  // CourseSteps tests).
  return {{kTicksPerDay, 15},
          {14 * kTicksPerDay, 60},
          {60 * kTicksPerDay, 360},
          {180 * kTicksPerDay, kTicksPerDay},
          {std::numeric_limits<std::int64_t>::max(), 7 * kTicksPerDay}};
}

StepSchedule refined_schedule(const StepSchedule& schedule, int divisor) {
  CITSIM_ASSERT(divisor > 0, "a positive divisor");
  StepSchedule out = schedule;
  for (StepTier& tier : out) {
    CITSIM_ASSERT(tier.ticks % divisor == 0, "the divisor divides every step");
    tier.ticks /= divisor;
  }
  return out;
}

std::int64_t step_ticks_after_session(const StepSchedule& schedule, std::int64_t since_session) {
  CITSIM_ASSERT(!schedule.empty(), "a schedule has a tier");
  for (const StepTier& tier : schedule) {
    if (since_session < tier.until) return tier.ticks;
  }
  return schedule.back().ticks;
}

Mesh course_mesh(const CourseSpec& spec) { return course_mesh_of(spec); }

std::vector<int> regular_session_days(int sessions, int interval_days) {
  std::vector<int> days;
  for (int s = 0; s < sessions; ++s) days.push_back(s * interval_days);
  return days;
}

std::vector<int> maintenance_days(int last_course_day, int interval_months, int sessions) {
  std::vector<int> days;
  for (int k = 1; k <= sessions; ++k) {
    days.push_back(last_course_day +
                   static_cast<int>(std::lround(k * interval_months * kDaysPerMonth)));
  }
  return days;
}

int course_end_day(const CourseSpec& spec) {
  return spec.session_days.back() + spec.follow_up_days;
}

std::int64_t course_step_count(const CourseSpec& spec) {
  const std::int64_t end = static_cast<std::int64_t>(course_end_day(spec)) * kTicksPerDay;
  const std::size_t n = spec.session_days.size();
  std::int64_t steps = 0;
  for (std::size_t s = 0; s < n; ++s) {
    const std::int64_t start = static_cast<std::int64_t>(spec.session_days[s]) * kTicksPerDay;
    const std::int64_t stop =
        s + 1 < n ? static_cast<std::int64_t>(spec.session_days[s + 1]) * kTicksPerDay : end;
    for (std::int64_t t = start; t < stop; ++steps) {
      t += std::min(step_ticks_after_session(spec.steps, t - start), stop - t);
    }
  }
  return steps;
}

std::vector<std::int64_t> course_report_ticks(const CourseSpec& spec) {
  std::vector<std::int64_t> ticks;
  const int end_day = course_end_day(spec);
  std::size_t latest = 0;  // the last session on or before `day`
  for (int day = 0; day <= end_day; ++day) {
    while (latest + 1 < spec.session_days.size() && spec.session_days[latest + 1] <= day) {
      ++latest;
    }
    const int since = day - spec.session_days[latest];
    if (since <= 30 || since % 7 == 0 || day == end_day) {
      ticks.push_back(static_cast<std::int64_t>(day) * kTicksPerDay);
    }
    // Hours after a session, where redness rises and falls.
    if (since == 0 && day < end_day) {
      for (int hour : {3, 6, 12, 18}) {
        ticks.push_back(static_cast<std::int64_t>(day) * kTicksPerDay + hour * 60);
      }
    }
  }
  return ticks;
}

namespace {

/// The length of the step from `tick`: the step for the time since the last
/// session, cut at the next report, the next session and `target` (the one
/// rule CourseRun::advance_to and course_shared_prefix_tick step by).
std::int64_t next_step_ticks(const StepSchedule& schedule, std::int64_t tick,
                             std::int64_t last_session_tick, std::int64_t next_event,
                             std::int64_t target) {
  return std::min(step_ticks_after_session(schedule, tick - last_session_tick),
                  std::min(target, next_event) - tick);
}

/// What a run of `spec` does, boundary by boundary, without the physics: at
/// each tick it stops at, whether a session starts and whether a row is
/// reported there.
struct Boundary {
  std::int64_t tick;
  bool session, report;
  bool operator==(const Boundary&) const = default;
};

std::vector<Boundary> course_boundaries(const CourseSpec& spec) {
  const std::vector<std::int64_t> reports = course_report_ticks(spec);
  const std::int64_t end = static_cast<std::int64_t>(course_end_day(spec)) * kTicksPerDay;
  const auto session_tick = [&](std::size_t s) {
    return static_cast<std::int64_t>(spec.session_days[s]) * kTicksPerDay;
  };
  std::vector<Boundary> out;
  std::size_t sessions = 0, next_report = 0;
  std::int64_t tick = 0, last_session = 0;
  while (true) {
    Boundary b{tick, false, false};
    while (sessions < spec.session_days.size() && session_tick(sessions) == tick) {
      b.session = true;
      last_session = tick;
      ++sessions;
    }
    while (next_report < reports.size() && reports[next_report] == tick) {
      b.report = true;
      ++next_report;
    }
    out.push_back(b);
    if (tick >= end) break;
    std::int64_t next = end;
    if (next_report < reports.size()) next = std::min(next, reports[next_report]);
    if (sessions < spec.session_days.size()) next = std::min(next, session_tick(sessions));
    tick += next_step_ticks(spec.steps, tick, last_session, next, end);
  }
  return out;
}

}  // namespace

std::int64_t course_shared_prefix_tick(const CourseSpec& a, const CourseSpec& b) {
  if (a.steps != b.steps) return -1;  // they step differently from the first
  const std::vector<Boundary> x = course_boundaries(a), y = course_boundaries(b);
  std::int64_t shared = -1;
  for (std::size_t i = 0; i < std::min(x.size(), y.size()) && x[i] == y[i]; ++i) shared = x[i].tick;
  return shared;
}

CourseRun::CourseRun(CourseSpec spec, int threads, std::vector<SessionChannels> treatment)
    : spec_(std::move(spec)), threads_(threads), treatment_(std::move(treatment)) {
  spec_.params = at_site(for_age(spec_.params, spec_.age_years), spec_.skin.redness_resolution);
  CITSIM_ASSERT(!spec_.session_days.empty() && spec_.session_days.front() == 0 &&
                    std::is_sorted(spec_.session_days.begin(), spec_.session_days.end()) &&
                    std::adjacent_find(spec_.session_days.begin(), spec_.session_days.end()) ==
                        spec_.session_days.end(),
                "session days start at 0 and strictly ascend");
  CITSIM_ASSERT(treatment_.empty() || treatment_.size() == spec_.session_days.size(),
                "a given treatment has every session of the course");
  const BaselineMatrix matrix = baseline_matrix(spec_.params);
  const Mesh mesh = course_mesh_of(spec_);
  treated_ = healthy_tissue(mesh, spec_.skin, matrix);
  control_ =
      healthy_tissue(axisymmetric_mesh(1, mesh.nz, mesh.dx_um, mesh.dz_um), spec_.skin, matrix);
  dermis_treated_ = dermis_weights(treated_);
  papillary_treated_ = layer_weights(treated_, Layer::papillary_dermis);
  dermis_control_ = dermis_weights(control_);
  papillary_control_ = layer_weights(control_, Layer::papillary_dermis);
  control_collagen_day0_ = masked_mean(control_, Species::collagen_I, dermis_control_) +
                           masked_mean(control_, Species::collagen_III, dermis_control_);

  end_tick_ = static_cast<std::int64_t>(course_end_day(spec_)) * kTicksPerDay;
  report_ticks_ = course_report_ticks(spec_);
}

std::int64_t CourseRun::next_report_tick() const {
  return done() ? end_tick_ : report_ticks_[next_report_];
}

void CourseRun::advance_to(std::int64_t target) {
  target = std::min(target, end_tick_);
  const int sessions = session_count(spec_);
  const auto session_tick = [&](int s) {
    return static_cast<std::int64_t>(spec_.session_days[static_cast<std::size_t>(s)]) *
           kTicksPerDay;
  };
  while (true) {
    while (sessions_done_ < sessions && session_tick(sessions_done_) == tick_) {
      apply_session(sessions_done_);
      ++sessions_done_;
    }
    while (!done() && report_ticks_[next_report_] == tick_) {
      record_row();
      ++next_report_;
    }
    if (tick_ >= target) break;
    std::int64_t next = target;
    if (!done()) next = std::min(next, report_ticks_[next_report_]);
    if (sessions_done_ < sessions) next = std::min(next, session_tick(sessions_done_));
    const std::int64_t dt = next_step_ticks(spec_.steps, tick_, last_session_tick_, next, target);
    if (stop_.stop_requested()) throw Cancelled();
    step(dt);
    tick_ += dt;
  }
}

void CourseRun::step(std::int64_t ticks) {
  const double dt = static_cast<double>(ticks) * kTickSeconds;
  const HealingParams& p = spec_.params;
  react(treated_, p, dt, threads_);
  transport(treated_, p, dt, work_, threads_);
  deposit_orientation(treated_, p, dt);
  react(control_, p, dt, 1);  // laterally and vertically uniform: no transport
  // The epidermis follows the papillary dermis with the epidermal turnover time.
  const double target = 1.0 + p[Param::epidermal_coupling] * (papillary_collagen_ratio() - 1.0);
  epidermis_ = target + (epidermis_ - target) * std::exp(-dt / p[Param::epidermal_turnover]);
}

double CourseRun::papillary_collagen_ratio(bool type_III_only) const {
  // Papillary collagen, matured or new (all of it: the matrix the epidermis
  // rests on; or type III alone).
  const auto total = [type_III_only](const Tissue& t, const MaskWeights& mask) {
    double sum = 0.0;
    for (Species s : {Species::collagen_I, Species::collagen_III, Species::new_collagen_I,
                      Species::new_collagen_III}) {
      const bool type_III = s == Species::collagen_III || s == Species::new_collagen_III;
      if (type_III || !type_III_only) sum += masked_mean(t, s, mask);
    }
    return sum;
  };
  const double control = total(control_, papillary_control_);
  return control > 0.0 ? total(treated_, papillary_treated_) / control : 1.0;
}

void CourseRun::apply_session(int session) {
  const SessionChannels s = treatment_.empty() ? session_channels(spec_.device, spec_.device_data,
                                                                  spec_.patch, spec_.seed, session)
                                               : treatment_[static_cast<std::size_t>(session)];
  const Mesh& mesh = treated_.mesh;
  std::vector<double> disruption;
  if (spec_.fidelity == Fidelity::plan) {
    const auto profile = mean_disruption_profile(s.channels, spec_.patch, mesh);
    disruption = axisymmetric_disruption(s.channels, profile, mesh);
  } else {
    const InjuryGridSpec block{.block_um = mesh.extent_x_um(),
                               .voxel_um = spec_.injury_voxel_um,
                               .depth_um = mesh.extent_z_um(),
                               .subsamples = 2};
    const InjuryField field = voxelise_injury(s.channels, spec_.patch, spec_.skin, block, threads_);
    disruption = block_disruption(field, mesh);
  }
  injure(treated_, disruption, spec_.params);
  if (spec_.heat && !spec_.heat->empty()) {
    const thermal::ThermalLesion& heat = *spec_.heat;
    std::vector<double> coagulated, heated;  // heated: coagulated or shocked
    if (spec_.fidelity == Fidelity::plan) {
      const double per_um2 = static_cast<double>(s.channels.size()) / spec_.patch.area_um2();
      coagulated = axisymmetric_column(heat.coagulated_radius_um, heat.row_um, per_um2, mesh);
      heated = axisymmetric_column(heat.shocked_radius_um, heat.row_um, per_um2, mesh);
    } else {
      coagulated =
          block_column(s.channels, spec_.patch, heat.coagulated_radius_um, heat.row_um, mesh);
      heated = block_column(s.channels, spec_.patch, heat.shocked_radius_um, heat.row_um, mesh);
    }
    for (std::size_t i = 0; i < heated.size(); ++i)
      heated[i] = std::max(0.0, heated[i] - coagulated[i]);
    injure_heat(treated_, coagulated, heated, spec_.params);
  }

  // Re-epithelialisation: each opening closes from its sides at a
  // keratinocyte front speed that varies between channels (lognormal).
  const HealingParams& p = spec_.params;
  const double cv = p[Param::closure_speed_cv];
  const double sigma = std::sqrt(std::log(1.0 + cv * cv));
  const std::size_t stride = std::max<std::size_t>(1, s.channels.size() / 4000);
  closure_ticks_.clear();
  for (std::size_t i = 0; i < s.channels.size(); i += stride) {
    CounterRng rng(spec_.seed, RngPurpose::channel_closure, i, static_cast<std::uint64_t>(session));
    const double speed =
        p[Param::closure_speed] * std::exp(sigma * rng.normal() - 0.5 * sigma * sigma);
    const double seconds = p[Param::closure_lag] + 0.5 * s.channels[i].diameter_um / speed;
    closure_ticks_.push_back(tick_ + static_cast<std::int64_t>(std::ceil(seconds / kTickSeconds)));
  }
  std::sort(closure_ticks_.begin(), closure_ticks_.end());
  last_session_tick_ = tick_;
}

double CourseRun::open_fraction_at(std::int64_t tick) const {
  if (closure_ticks_.empty()) return 0.0;
  const auto open =
      closure_ticks_.end() - std::upper_bound(closure_ticks_.begin(), closure_ticks_.end(), tick);
  return static_cast<double>(open) / static_cast<double>(closure_ticks_.size());
}

ObservableRow CourseRun::observe() const {
  ObservableRow row;
  row.day = static_cast<double>(tick_) / static_cast<double>(kTicksPerDay);
  const auto mean = [](const Tissue& t, Species s, const MaskWeights& mask) {
    return masked_mean(t, s, mask);
  };
  const auto& md = dermis_treated_;
  const auto& mc = dermis_control_;
  const double c1 = mean(treated_, Species::collagen_I, md),
               c1c = mean(control_, Species::collagen_I, mc);
  const double c3 = mean(treated_, Species::collagen_III, md),
               c3c = mean(control_, Species::collagen_III, mc);
  const HealingParams& p = spec_.params;
  row[Observable::collagen_change_pct] = pct(c1 + c3, c1c + c3c);
  // All the collagen laid down, matured into cross-linked fibres or not yet:
  // the matrix that fills the dermis's volume (the visible lift and the dermal
  // thickness follow it; histology of cross-linked fibres and imaging read
  // the matured count, collagen_change_pct).
  const double n1 = mean(treated_, Species::new_collagen_I, md),
               n1c = mean(control_, Species::new_collagen_I, mc);
  const double n3 = mean(treated_, Species::new_collagen_III, md),
               n3c = mean(control_, Species::new_collagen_III, mc);
  row[Observable::collagen_deposited_change_pct] = pct(c1 + c3 + n1 + n3, c1c + c3c + n1c + n3c);
  row[Observable::collagen_I_change_pct] = pct(c1, c1c);
  row[Observable::collagen_III_change_pct] = pct(c3, c3c);
  row[Observable::elastin_change_pct] =
      pct(mean(treated_, Species::elastin, md), mean(control_, Species::elastin, mc));
  row[Observable::epidermal_thickness_change_pct] = 100.0 * (epidermis_ - 1.0);
  row[Observable::dermal_thickness_change_pct] =
      p[Param::collagen_volume_fraction] * row[Observable::collagen_deposited_change_pct];
  row[Observable::erythema] = mean(treated_, Species::perfusion, papillary_treated_);
  row[Observable::open_channels_fraction] = open_fraction_at(tick_);
  row[Observable::papillary_collagen_change_pct] = 100.0 * (papillary_collagen_ratio() - 1.0);
  row[Observable::papillary_collagen_III_change_pct] =
      100.0 * (papillary_collagen_ratio(true) - 1.0);
  row[Observable::fibroblasts_change_pct] =
      pct(mean(treated_, Species::fibroblasts, md), mean(control_, Species::fibroblasts, mc));
  row[Observable::tgf_change_pct] =
      pct(mean(treated_, Species::tgf, md), mean(control_, Species::tgf, mc));
  row[Observable::macrophages] = mean(treated_, Species::macrophages, md);
  row[Observable::neutrophils] = mean(treated_, Species::neutrophils, md);
  row[Observable::damage] = mean(treated_, Species::damage, md);
  row[Observable::control_collagen_change_pct] = pct(c1c + c3c, control_collagen_day0_);
  row[Observable::collagen_alignment] = collagen_alignment(treated_, dermis_treated_);
  return row;
}

void CourseRun::save_state(std::ostream& out) const {
  out.write(kMagic, sizeof kMagic);
  put(out, kCheckpointVersion);
  put(out, tick_);
  put<std::uint64_t>(out, next_report_);
  put(out, sessions_done_);
  put(out, last_session_tick_);
  put(out, epidermis_);
  put<std::uint64_t>(out, closure_ticks_.size());
  for (auto t : closure_ticks_) put(out, t);
  put<std::uint64_t>(out, rows_.size());
  for (const auto& r : rows_) {
    put(out, r.day);
    for (double v : r.values) put(out, v);
  }
  for (const Tissue* t : {&treated_, &control_}) {
    for (const auto& field : t->c) put_doubles(out, field);
    for (const auto& field : t->orientation) put_doubles(out, field);
  }
  if (!out) throw Error("checkpoint: write failed");
}

void CourseRun::load_state(std::istream& in) {
  char magic[sizeof kMagic];
  in.read(magic, sizeof magic);
  if (!in || std::memcmp(magic, kMagic, sizeof kMagic) != 0)
    throw Error("checkpoint: not a CITSim checkpoint");
  if (get<std::uint32_t>(in) != kCheckpointVersion)
    throw Error("checkpoint: written by another version of CITSim");
  tick_ = get<std::int64_t>(in);
  next_report_ = get<std::uint64_t>(in);
  sessions_done_ = get<int>(in);
  last_session_tick_ = get<std::int64_t>(in);
  epidermis_ = get<double>(in);
  // Counts grow with what is really there: a count larger than the file
  // ends in "truncated", never in a huge allocation.
  closure_ticks_.clear();
  for (std::uint64_t n = get<std::uint64_t>(in); n > 0; --n)
    closure_ticks_.push_back(get<std::int64_t>(in));
  rows_.clear();
  for (std::uint64_t n = get<std::uint64_t>(in); n > 0; --n) {
    if (rows_.size() >= report_ticks_.size()) throw Error("checkpoint: made for another case");
    ObservableRow r;
    r.day = get<double>(in);
    for (double& v : r.values) v = get<double>(in);
    rows_.push_back(r);
  }
  for (Tissue* t : {&treated_, &control_}) {
    for (auto& field : t->c) get_doubles(in, field);
    for (auto& field : t->orientation) get_doubles(in, field);
  }
  if (tick_ < 0 || tick_ > end_tick_ || next_report_ > report_ticks_.size() ||
      rows_.size() != next_report_ || sessions_done_ < 0 || sessions_done_ > session_count(spec_) ||
      last_session_tick_ < 0 || last_session_tick_ > tick_ || !std::isfinite(epidermis_)) {
    throw Error("checkpoint: made for another case");
  }
}

}  // namespace citsim
