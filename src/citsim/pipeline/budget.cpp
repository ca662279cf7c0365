#include "citsim/pipeline/budget.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "citsim/core/error.hpp"
#include "citsim/device/treatment.hpp"
#include "citsim/healing/course.hpp"
#include "citsim/healing/tissue.hpp"
#include "citsim/injury/course.hpp"

namespace citsim {
namespace {

// What each unit of work costs, measured with `citsim validate` estimates
// against timed runs on the reference machine (docs/performance.md, "Run
// cost"), rounded up.
constexpr double kSecondsPerCellStep = 2.0e-7;      ///< healing: one cell, one step
constexpr double kSecondsPerVoxel = 8.0e-8;         ///< injury: one voxel of a block, one session
constexpr double kSecondsPerChannel = 1.0e-5;       ///< device: one channel made, placed, profiled
constexpr double kSecondsPerChannelVoxel = 1.0e-8;  ///< injury: one voxel of one channel drawn
/// Healing, per cell: the species, the in-plane orientation tensor, the
/// chemotaxis workspace (two doubles) and the one-byte masks, rounded up to
/// a double (measured: about 139 bytes per cell of a full-fidelity block,
/// docs/performance.md). A plan cell adds the implicit-diffusion factors of
/// the three fields and the time steps cached (9 doubles and the field's
/// copy per set, 4 sets) and the field made cell by cell; a full-fidelity
/// block's fields go by depth, so their factors do not grow with its cells.
constexpr double kBytesPerCell = 8.0 * (kSpeciesCount + kOrientationParts + 2 + 1);
constexpr double kBytesPerPlanCell = kBytesPerCell + 8.0 * (10 * 4 + 1);
/// What a session adds for its injury on the healing mesh: the disruption
/// of each cell (the voxels are kBytesPerVoxel).
constexpr double kSessionBytesPerCell = 8.0;
/// The chemotaxis workspace, made at the first step (after the first session).
constexpr double kWorkspaceBytesPerCell = 16.0;
/// The summary's injury field as kept: disruption and layer of each voxel.
constexpr double kKeptBytesPerVoxel = 9.0;
constexpr double kBytesPerVoxel = 20.0;                     ///< disruption, layer, sub-sample work
constexpr double kBytesPerChannel = 2.0 * sizeof(Channel);  ///< kept and copied once

std::string bytes_text(double b) {
  if (b >= 1024.0 * 1024.0 * 1024.0)
    return fmt::format("{:.1f} GiB", b / (1024.0 * 1024.0 * 1024.0));
  return fmt::format("{:.0f} MiB", std::max(1.0, b / (1024.0 * 1024.0)));
}

std::string seconds_text(double s) {
  if (s >= 3600.0) return fmt::format("{:.1f} h", s / 3600.0);
  if (s >= 120.0) return fmt::format("{:.0f} min", s / 60.0);
  return fmt::format("{:.0f} s", std::max(1.0, s));
}

}  // namespace

std::string RunCost::summary() const {
  return fmt::format("about {} and {} on one core", bytes_text(memory_bytes),
                     seconds_text(seconds));
}

RunCost estimate_run_cost(const Case& c, const ModelData& data, const RunShape& shape) {
  const CourseSpec spec = course_spec(c, data);
  RunCost cost;
  // The channels of one session on the patch, kept for every session.
  const double patch_cm2 = spec.patch.width_um * spec.patch.height_um / 1.0e8;
  cost.channels = expected_density_per_cm2(spec.device, spec.device_data) * patch_cm2;
  const double channel_bytes = cost.channels * session_count(spec) * kBytesPerChannel;
  // The summary's injury block, voxelised once a session.
  const double depth_um = injury_block_depth_um(spec.device, spec.skin);
  const double side = std::ceil(c.simulation.block_um / c.simulation.voxel_um);
  cost.injury_voxels = side * side * std::ceil(depth_um / c.simulation.voxel_um);
  // Each channel in a block is drawn voxel by voxel: its cross-section times
  // its depth, in voxels of that block.
  const Needles& needles = needles_of(spec.device);
  const auto channel_voxels = [&](double voxel_um) {
    const double across = needles.diameter_um / voxel_um + 1.0;
    return across * across * std::ceil(needles.length_um / voxel_um);
  };
  const auto channels_in = [&](double block_um) {
    return cost.channels *
           std::min(1.0, block_um * block_um / (spec.patch.width_um * spec.patch.height_um));
  };
  const double injury_draw =
      channels_in(c.simulation.block_um) * channel_voxels(c.simulation.voxel_um);
  // The healing mesh; full fidelity voxelises each session on it too.
  const Mesh mesh = course_mesh(spec);
  cost.healing_cells = static_cast<double>(mesh.size());
  cost.steps = static_cast<double>(course_step_count(spec));
  double healing_voxels = 0.0, healing_draw = 0.0;
  if (spec.fidelity == Fidelity::full) {
    const double n = std::ceil(mesh.extent_x_um() / spec.injury_voxel_um);
    healing_voxels = n * n * std::ceil(mesh.extent_z_um() / spec.injury_voxel_um);
    healing_draw = channels_in(mesh.extent_x_um()) * channel_voxels(spec.injury_voxel_um);
  }
  // A course at its largest: healing, with every workspace; or a session,
  // with its injury voxelised on the mesh (the first before any workspace).
  const double per_cell = spec.fidelity == Fidelity::full ? kBytesPerCell : kBytesPerPlanCell;
  const double at_session =
      per_cell - (session_count(spec) > 1 ? 0.0 : kWorkspaceBytesPerCell) + kSessionBytesPerCell;
  const double member_bytes =
      std::max(cost.healing_cells * per_cell,
               cost.healing_cells * at_session + healing_voxels * kBytesPerVoxel);
  const double at_once = std::min<double>(std::max(1, shape.threads), shape.ensemble + 1);
  // The summary's block is voxelised before any course is made; its field
  // stays through the course unless the caller frees it.
  const double injury_bytes = cost.injury_voxels * kBytesPerVoxel;
  const double kept_bytes =
      shape.keeps_injury_field ? cost.injury_voxels * kKeptBytesPerVoxel : 0.0;
  cost.memory_bytes = 64.0 * 1024 * 1024  // the program, the data, the outputs
                      + channel_bytes + std::max(injury_bytes, kept_bytes + member_bytes * at_once);
  const double runs = (1.0 + shape.ensemble) * std::max(1, shape.courses);
  const double t_injury = session_count(spec) * (cost.injury_voxels * kSecondsPerVoxel +
                                                 injury_draw * kSecondsPerChannelVoxel);
  cost.seconds = runs * (cost.healing_cells * cost.steps * kSecondsPerCellStep +
                         session_count(spec) * (cost.channels * kSecondsPerChannel +
                                                healing_voxels * kSecondsPerVoxel +
                                                healing_draw * kSecondsPerChannelVoxel)) +
                 t_injury;

  // The key to change: the largest part of each.
  const bool full = spec.fidelity == Fidelity::full;
  if (channel_bytes >= injury_bytes && channel_bytes >= member_bytes * at_once) {
    cost.memory_key = "device (needles, passes, speed: channels per session)";
  } else if (injury_bytes >= member_bytes * at_once) {
    cost.memory_key = "simulation.voxel_um / simulation.block_mm";
  } else {
    cost.memory_key = full ? "simulation.healing_cell_um / simulation.block_mm" : "--ensemble";
  }
  const double t_channels = runs * session_count(spec) * cost.channels * kSecondsPerChannel;
  if (t_channels >= t_injury && t_channels >= cost.seconds / 2) {
    cost.time_key = "device (needles, passes, speed: channels per session)";
  } else if (t_injury >= cost.seconds / 2) {
    cost.time_key = "simulation.voxel_um / simulation.block_mm";
  } else if (full) {
    cost.time_key = "simulation.healing_cell_um / simulation.block_mm / protocol";
  } else {
    cost.time_key = "protocol (sessions, maintenance, follow_up_days) / --ensemble";
  }
  return cost;
}

void check_run_cost(const RunCost& cost, const RunLimits& limits) {
  const double max_bytes = limits.memory_gib * 1024.0 * 1024.0 * 1024.0;
  if (cost.memory_bytes > max_bytes) {
    throw Error(fmt::format(
        "{}: this run needs {} of memory; at most {:g} GiB is allowed (choose coarser or fewer, "
        "or raise the limit with --max-memory-gib)",
        cost.memory_key, bytes_text(cost.memory_bytes), limits.memory_gib));
  }
  if (cost.seconds > limits.minutes * 60.0) {
    throw Error(fmt::format(
        "{}: this run would take {} on one core; at most {:g} min is allowed (choose coarser or "
        "fewer, or raise the limit with --max-minutes)",
        cost.time_key, seconds_text(cost.seconds), limits.minutes));
  }
}

}  // namespace citsim
