// A session's injury carried onto the healing mesh: the volume fraction of
// each healing cell that the session's channels disrupted.
#pragma once

#include <span>
#include <vector>

#include "citsim/device/channel.hpp"
#include "citsim/healing/mesh.hpp"
#include "citsim/injury/injury.hpp"
#include "citsim/thermal/lesion.hpp"

namespace citsim {

/// Lateral mean disruption at each depth of the mesh: the union of the
/// channels' sections over the periodic patch, by the Boolean-model formula
/// 1 - exp(-sum of section areas / patch area) (random placement).
std::vector<double> mean_disruption_profile(std::span<const Channel> channels, const Patch& patch,
                                            const Mesh& mesh);

/// Plan fidelity: the disruption of an axisymmetric unit cell around one
/// representative channel (mean opening width and depth, tapering like a
/// cone), rescaled depth by depth so the cell's mean equals `profile` (which
/// carries the real spread of depths and the overlap of channels).
std::vector<double> axisymmetric_disruption(std::span<const Channel> channels,
                                            std::span<const double> profile, const Mesh& mesh);

/// Plan fidelity: the columns of an RF lesion (radius per depth row of
/// `row_um`, thermal/lesion.hpp) around the session's channels,
/// `density_per_um2` of them placed at random: each depth's mean is their
/// union 1 - exp(-n pi r^2), shaped as the representative column at the axis.
std::vector<double> axisymmetric_column(const std::vector<double>& radius_um, double row_um,
                                        double density_per_um2, const Mesh& mesh);

/// Full fidelity: the same columns around each channel of the periodic patch
/// on the block (the corner [0, extent] of the patch): the union of the
/// columns' cover of each cell.
std::vector<double> block_column(std::span<const Channel> channels, const Patch& patch,
                                 const std::vector<double>& radius_um, double row_um,
                                 const Mesh& mesh);

/// Full fidelity: the voxelised injury field averaged onto the Cartesian
/// healing mesh (cells coarser than voxels by a whole factor, same origin).
std::vector<double> block_disruption(const InjuryField& field, const Mesh& mesh);

}  // namespace citsim
