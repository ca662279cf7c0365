// The healing cascade on a Tissue: the injury of a session, the local
// reactions of every species, and transport (diffusion, chemotaxis).
// Equations and parameters: docs/healing.md.
//
//   injure(tissue, disruption, params);
//   react(tissue, params, dt_s, threads);      // stiff, positivity-preserving
//   transport(tissue, params, dt_s, work, threads);
#pragma once

#include <span>

#include "citsim/healing/chemotaxis.hpp"
#include "citsim/healing/diffusion.hpp"
#include "citsim/healing/params.hpp"
#include "citsim/healing/tissue.hpp"

namespace citsim {

/// Scratch space for transport, reused between steps.
struct TransportWorkspace {
  DiffusionWorkspace diffusion;
  ChemotaxisWorkspace chemotaxis;
  std::vector<double> diffusivity;  ///< by depth plane
};

/// A session's injury: `disruption` (volume fraction torn, per cell) kills
/// cells and tears matrix in that volume, adds damage, releases a burst of
/// vasoactive mediators (the signal), and platelet TGF-beta where the torn
/// tissue is vascular.
void injure(Tissue& tissue, std::span<const double> disruption, const HealingParams& p);

/// The heat of a session's RF pulses: `coagulated` (volume fraction with
/// damage integral >= 1, per cell) kills its cells and denatures all its
/// matrix, adds damage and the burst of mediators, but releases no platelet
/// TGF-beta (coagulation seals the vessels); `shocked` (volume fraction
/// heated into the heat-shock response but living) is injured without dying:
/// damage (which calls in leukocytes) and the burst of mediators, scaled by
/// heat_shock_injury.
void injure_heat(Tissue& tissue, std::span<const double> coagulated,
                 std::span<const double> shocked, const HealingParams& p);

/// Advances the local reactions of every cell by dt_s with a
/// production-destruction (Patankar-Euler) scheme: each species is updated
/// as y' = (y + dt P) / (1 + dt L) with P >= 0 its production and L y its
/// loss, so every species stays >= 0 and stiff losses are stable for any dt.
/// Species are updated in cascade order, each using the ones before it.
void react(Tissue& tissue, const HealingParams& p, double dt_s, int threads);

/// Diffusion of the signal, TGF-beta and inflammatory cells, random motility
/// and chemotaxis (up TGF-beta) of fibroblasts within the dermis.
void transport(Tissue& tissue, const HealingParams& p, double dt_s, TransportWorkspace& work,
               int threads);

/// Fibroblast activation by TGF-beta above baseline, 0..1.
double activation(double tgf, const HealingParams& p);

/// Lays the collagen made over dt_s into the orientation tensor: along the
/// fibroblasts' migration (up the TGF-beta gradient) in proportion to how
/// steep the gradient is, at random otherwise; deposited collagen turns over
/// with the matrix.
void deposit_orientation(Tissue& tissue, const HealingParams& p, double dt_s);

/// Coherent in-plane alignment of the collagen deposited since the first
/// session over the cells of `mask`: (l1 - l2) / (l1 + l2) of the
/// averaged horizontal tensor; 0 = random in the plane (basket-weave), 1 = all
/// parallel (scar bundles). Zero by symmetry on an axisymmetric mesh.
double collagen_alignment(const Tissue& tissue, const MaskWeights& mask);

}  // namespace citsim
