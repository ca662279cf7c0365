// A course of sessions on one patient's skin: each session injures the
// current, still-remodelling tissue; the cascade runs between sessions and
// through follow-up beside an untreated control that ages too.
//
//   CourseRun run(spec, threads);
//   while (!run.done()) run.advance_to(run.next_report_tick());
//   run.rows();                       // one ObservableRow per reported day
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <stop_token>
#include <string_view>
#include <vector>

#include "citsim/device/channel.hpp"
#include "citsim/device/device.hpp"
#include "citsim/device/device_data.hpp"
#include "citsim/device/treatment.hpp"
#include "citsim/healing/cascade.hpp"
#include "citsim/healing/observables.hpp"
#include "citsim/healing/params.hpp"
#include "citsim/healing/tissue.hpp"
#include "citsim/skin/skin.hpp"
#include "citsim/thermal/lesion.hpp"

namespace citsim {

enum class Fidelity {
  plan,  ///< axisymmetric unit cell around a representative channel
  full,  ///< 3D block with the session's real channel layout
};

std::string_view to_string(Fidelity fidelity);

/// Time is counted in whole ticks of one minute.
inline constexpr double kTickSeconds = 60.0;
inline constexpr std::int64_t kTicksPerDay = 1440;

/// The time steps of a course, restarted at every session: a step of `ticks`
/// until `until` ticks after the session, tier by tier; the last tier's step
/// holds to the next session. Steps are cut at report rows and sessions.
struct StepTier {
  std::int64_t until, ticks;
  bool operator==(const StepTier&) const = default;
};
using StepSchedule = std::vector<StepTier>;

/// The shipped schedule: 15 minutes for the first day (signal, perfusion),
/// an hour to day 14 (cells), 6 hours to day 60 (matrix laid down), a day to
/// day 180 and a week after (matrix remodelling and maturing, months).
StepSchedule course_step_schedule();

/// `schedule` with every step divided by `divisor` (> 0, dividing each step):
/// a reference for the time step error.
StepSchedule refined_schedule(const StepSchedule& schedule, int divisor);

struct CourseSpec {
  DeviceSpec device;
  DeviceData device_data;
  SkinColumn skin;
  HealingParams params;
  /// Day of every session, counted from the first (0), strictly ascending;
  /// regular_session_days builds the list of a course at a fixed interval.
  std::vector<int> session_days = {0};
  int follow_up_days = 180;  ///< after the last session
  std::uint64_t seed = 0;
  /// The patient's age: the run's parameters are for_age(params, age_years).
  double age_years = 30.0;
  Fidelity fidelity = Fidelity::plan;
  Patch patch;                    ///< channel patch
  double block_um = 2000.0;       ///< full: side of the 3D block
  double injury_voxel_um = 10.0;  ///< full: voxel of the injury field
  double full_cell_um = 40.0;     ///< full: healing cell edge
  double plan_cell_um = 25.0;     ///< plan: depth spacing of the unit cell
  int plan_radial_cells = 10;
  /// The healing domain reaches this far below the needle's nominal length
  /// (and no deeper than the dermis): the "treated dermis" of the observables.
  double depth_margin_um = 500.0;
  /// RF devices: the lesion each pulse leaves around its channel (the same
  /// every session), added to the mechanical injury; none for other devices.
  std::optional<thermal::ThermalLesion> heat;
  /// The time steps (course_step_schedule(); tests compare others).
  StepSchedule steps = course_step_schedule();
};

/// The session days of `sessions` sessions every `interval_days` days:
/// 0, interval, 2 interval, ...
std::vector<int> regular_session_days(int sessions, int interval_days);

/// A month of maintenance, in days (a year of 365.25 days over 12).
inline constexpr double kDaysPerMonth = 30.4375;

/// The days of `sessions` maintenance sessions every `interval_months`
/// months after `last_course_day`: last_course_day + k * interval_months
/// months, rounded to whole days, k = 1..sessions.
std::vector<int> maintenance_days(int last_course_day, int interval_months, int sessions);

/// The number of sessions of a course.
inline int session_count(const CourseSpec& spec) {
  return static_cast<int>(spec.session_days.size());
}

/// The day (since the first session) the course ends: last session plus follow-up.
int course_end_day(const CourseSpec& spec);

/// The step (ticks) `schedule` takes `since_session` ticks after a session.
std::int64_t step_ticks_after_session(const StepSchedule& schedule, std::int64_t since_session);

/// The mesh the course's treated tissue is solved on.
Mesh course_mesh(const CourseSpec& spec);

/// About how many time steps the course takes from its first session to its
/// end (report days cut a few more): for estimating its cost.
std::int64_t course_step_count(const CourseSpec& spec);

/// The ticks a run of `spec` reports a row at: every day for 30 days after
/// each session, then weekly, the end, and hours 3, 6, 12 and 18 of each
/// session's day.
std::vector<std::int64_t> course_report_ticks(const CourseSpec& spec);

/// The last tick up to which runs of `a` and `b` stop at the same ticks,
/// start the same sessions and report the same rows (-1 if not even the
/// first): for specs that are otherwise the same (tissue, device, seed,
/// parameters), a run of `a` advanced to that tick holds the state a run of
/// `b` has there, so `b` may continue from it (load_state) bit for bit. Used
/// to run a course with and without its later sessions once up to where they
/// part (run_members with a trunk).
std::int64_t course_shared_prefix_tick(const CourseSpec& a, const CourseSpec& b);

class CourseRun {
 public:
  /// `treatment`, when given, holds the channels of every session
  /// (course_channels of the spec's device, patch and seed), computed once by
  /// the caller; when empty, each session's channels are made as it starts.
  CourseRun(CourseSpec spec, int threads, std::vector<SessionChannels> treatment = {});

  std::int64_t tick() const { return tick_; }
  std::int64_t end_tick() const { return end_tick_; }
  bool done() const { return next_report_ >= report_ticks_.size(); }
  /// The tick of the next row to report (end_tick() when done).
  std::int64_t next_report_tick() const;
  /// Runs to `tick` (clamped to the end), recording every report row passed.
  /// Throws Cancelled between two steps once the stop token (if set) is
  /// triggered; the run is then left part-way.
  void advance_to(std::int64_t tick);
  /// A token that cancels advance_to (see above); none by default.
  void set_stop_token(std::stop_token stop) { stop_ = std::move(stop); }
  /// Runs to the end.
  void run_to_end() { advance_to(end_tick_); }

  const std::vector<ObservableRow>& rows() const { return rows_; }
  /// The observables now (rows() holds them at the reported days).
  ObservableRow observe() const;
  /// Fraction of the last session's channels still open at `tick`.
  double open_fraction_at(std::int64_t tick) const;
  const Tissue& treated() const { return treated_; }
  const CourseSpec& spec() const { return spec_; }
  /// Days (since the first session) of every session.
  const std::vector<int>& session_days() const { return spec_.session_days; }

  /// The full state (not the spec): restoring it into a run made from the
  /// same spec continues bit-identically.
  void save_state(std::ostream& out) const;
  void load_state(std::istream& in);

 private:
  void step(std::int64_t ticks);
  void apply_session(int session);
  void record_row() { rows_.push_back(observe()); }
  /// Papillary collagen, matured or new, treated over control: all of it, or
  /// type III alone (what a silver stain of the upper dermis shows).
  double papillary_collagen_ratio(bool type_III_only = false) const;

  CourseSpec spec_;
  int threads_ = 1;
  std::stop_token stop_;
  std::vector<SessionChannels> treatment_;
  Tissue treated_;
  Tissue control_;
  // The masks' weights, for the means taken at every step and report.
  MaskWeights dermis_treated_, papillary_treated_, dermis_control_, papillary_control_;
  double control_collagen_day0_ = 1.0;
  TransportWorkspace work_;
  std::vector<std::int64_t> report_ticks_;
  std::int64_t end_tick_ = 0;

  // State that changes as the course runs (saved in checkpoints).
  std::int64_t tick_ = 0;
  std::size_t next_report_ = 0;
  int sessions_done_ = 0;
  std::int64_t last_session_tick_ = 0;
  double epidermis_ = 1.0;                   ///< treated epidermal thickness / control
  std::vector<std::int64_t> closure_ticks_;  ///< last session's channels, sorted
  std::vector<ObservableRow> rows_;
};

}  // namespace citsim
