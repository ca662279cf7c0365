// Course-level timings: the channels of a course, one plan-fidelity course,
// an RF pulse, a 100-member ensemble, and full-fidelity throughput, each also
// as a ratio to a reference workload run in the same process (a fixed
// diffusion loop), so figures compare across machines, with the process's
// peak memory so far (the workloads run from small to large). Not a test: it
// asserts nothing. Run from a Release build:
//   build/release/bench/citsim_course_bench [--quick]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>

#include "citsim/core/parallel.hpp"
#include "citsim/device/treatment.hpp"
#include "citsim/healing/diffusion.hpp"
#include "citsim/healing/diffusion_reference.hpp"
#include "citsim/observe/ensemble.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/pipeline/model_data.hpp"
#include "citsim/pipeline/rf.hpp"
#include "citsim/planner/vocabulary.hpp"
#include "citsim/thermal/pulse.hpp"
#include "reference.hpp"

namespace {

using citsim::CourseRun;
using citsim::CourseSpec;
using citsim::bench::best_of;
using citsim::bench::reference_seconds;
using citsim::bench::seconds;

CourseSpec spec_of(const std::string& name, const std::function<void(citsim::Case&)>& edit = {}) {
  static const auto vocab = citsim::read_vocabulary(CITSIM_BENCH_DATA_DIR);
  static const auto data = citsim::read_model_data(CITSIM_BENCH_DATA_DIR);
  citsim::Case c =
      citsim::read_case(std::filesystem::path(CITSIM_BENCH_EXAMPLES_DIR) / (name + ".toml"), vocab);
  if (edit) edit(c);
  return citsim::course_spec(c, data);
}

/// The process's peak resident memory so far, MiB.
double peak_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

/// One row: workload, seconds, x reference, peak memory so far, and an
/// optional throughput.
void row(const char* label, double t, double ref, const char* rate = "") {
  std::printf("%-58s %10.3f %10.2f %9.0f   %s\n", label, t, t / ref, peak_mib(), rate);
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int threads = citsim::resolve_threads(0);
  const double ref = reference_seconds();
  char label[96];
  std::printf("reference (200 diffusion steps, 40^3 cells, 1 thread): %.3f s\n\n", ref);
  std::printf("%-58s %10s %10s %9s\n", "workload", "seconds", "x reference", "peak MiB");

  // The channels of every session of a course, on its patch: placed,
  // profiled and kept (device/treatment).
  for (const char* name : {"pen-cheek-rejuvenation", "roller-acne-scars", "rf-stamp-acne-scars"}) {
    const CourseSpec spec = spec_of(name);
    const int sessions = citsim::session_count(spec);
    std::size_t channels = 0;
    const double t_channels = best_of(3, [&] {
      const auto course =
          citsim::course_channels(spec.device, spec.device_data, spec.patch, spec.seed, sessions);
      channels = 0;
      for (const auto& session : course) channels += session.channels.size();
    });
    char rate[64];
    std::snprintf(rate, sizeof rate, "(%.1f M channels/s)",
                  static_cast<double>(channels) / t_channels / 1e6);
    std::snprintf(label, sizeof label, "channels, %s, %d sessions (%zu)", name, sessions, channels);
    row(label, t_channels, ref, rate);
  }

  // One plan-fidelity course: 4 sessions a month apart, 180 days follow-up.
  const CourseSpec plan = spec_of("pen-cheek-rejuvenation");
  const double t_plan = best_of(3, [&] {
    CourseRun run(plan, 1);
    run.run_to_end();
  });
  row("plan course, pen, 4 sessions + 180 days, 1 thread", t_plan, ref);

  const CourseSpec roller = spec_of("roller-acne-scars");
  const double t_roller = best_of(3, [&] {
    CourseRun run(roller, 1);
    run.run_to_end();
  });
  row("plan course, roller, 5 sessions + 60 days, 1 thread", t_roller, ref);

  // One RF pulse on the grid `simulate` uses (20 um) and on a finer one
  // (10 um): the stamped tip of examples/rf-stamp-acne-scars.toml, 20 mJ per
  // pin in 100 ms and its cooling; potential and heat re-solved every step.
  {
    static const auto vocab = citsim::read_vocabulary(CITSIM_BENCH_DATA_DIR);
    static const auto data = citsim::read_model_data(CITSIM_BENCH_DATA_DIR);
    const citsim::Case c = citsim::read_case(
        std::filesystem::path(CITSIM_BENCH_EXAMPLES_DIR) / "rf-stamp-acne-scars.toml", vocab);
    const CourseSpec rf_spec = citsim::course_spec(c, data);
    const auto session = citsim::rf_session(c, rf_spec, data.thermal);
    const auto layers =
        citsim::thermal::skin_layers(data.thermal, rf_spec.skin.layers.epidermis_um(),
                                     rf_spec.skin.layers.dermis_um(), session->frequency_mhz);
    for (double cell : {20.0, 10.0}) {
      citsim::thermal::PulseGeometry geo = session->geometry;
      geo.cell_um = cell;
      const double t_pulse =
          best_of(3, [&] { citsim::thermal::simulate_pulse(geo, layers, session->pulse); });
      const citsim::thermal::PulseResult r =
          citsim::thermal::simulate_pulse(geo, layers, session->pulse);
      std::snprintf(label, sizeof label, "one RF pulse, %.0f um grid (%d x %d cells)", cell,
                    r.grid.nr, r.grid.nz);
      row(label, t_pulse, ref);
    }
    const double t_rf = best_of(3, [&] {
      CourseRun run(rf_spec, 1);
      run.run_to_end();
    });
    row("plan course, RF stamp, 3 sessions + 90 days, 1 thread", t_rf, ref);
  }

  // A 100-member ensemble of the same course on all cores.
  const int members = quick ? 20 : 100;
  const double t_ens = seconds([&] { citsim::run_ensemble(plan, members, threads); });
  std::snprintf(label, sizeof label, "ensemble of %d plan courses, %d threads", members, threads);
  row(label, t_ens, ref);

  // Full fidelity: a 2 mm block at 40 um cells, one session and 14 days.
  const CourseSpec full = spec_of("pen-cheek-rejuvenation", [&](citsim::Case& c) {
    c.protocol.sessions = 1;
    c.protocol.follow_up_days = quick ? 3 : 14;
    c.simulation.fidelity = citsim::Fidelity::full;
  });
  for (int t : {1, threads}) {
    CourseRun run(full, t);
    std::int64_t steps = 0;
    const double t_full = seconds([&] {
      while (!run.done()) {
        run.advance_to(run.next_report_tick());
        ++steps;
      }
    });
    const double cells = static_cast<double>(run.treated().mesh.size());
    // Step count: the run's own schedule over the follow-up.
    const std::int64_t n_steps = citsim::course_step_count(full);
    const double updates =
        cells * static_cast<double>(citsim::kSpeciesCount) * static_cast<double>(n_steps);
    std::snprintf(label, sizeof label, "full fidelity, %.0f cells x %d species, %d thread(s)",
                  cells, static_cast<int>(citsim::kSpeciesCount), t);
    char rate[64];
    std::snprintf(rate, sizeof rate, "(%.1f M voxel-updates/s)", updates / t_full / 1e6);
    row(label, t_full, ref, rate);
  }
  return 0;
}
