#include "citsim/healing/cascade.hpp"

#include <algorithm>
#include <cmath>

#include "citsim/core/parallel.hpp"
#include "citsim/healing/baseline.hpp"

namespace citsim {
namespace {

double patankar(double y, double production, double loss_rate, double dt) {
  return (y + dt * production) / (1.0 + dt * loss_rate);
}

}  // namespace

double activation(double tgf, const HealingParams& p) {
  const double excess = std::max(0.0, tgf - 1.0);
  return excess / (p[Param::fibroblast_activation_half_saturation] + excess);
}

void injure(Tissue& t, std::span<const double> disruption, const HealingParams& p) {
  const std::size_t n = t.mesh.size();
  for (std::size_t i = 0; i < n; ++i) {
    const double phi = std::clamp(disruption[i], 0.0, 1.0);
    if (phi <= 0.0) continue;
    auto& d = t[Species::damage][i];
    d = d + (1.0 - d) * phi;
    t[Species::signal][i] += phi;  // burst of vasoactive mediators
    t[Species::tgf][i] += phi * t.vascular[i] * p[Param::tgf_platelet_release];
    // Cells in a track are crushed; fibres are mostly parted, partly destroyed.
    t[Species::fibroblasts][i] *= 1.0 - phi;
    const double matrix_kept = 1.0 - phi * p[Param::matrix_loss_in_track];
    for (Species s : {Species::collagen_I, Species::collagen_III, Species::new_collagen_I,
                      Species::new_collagen_III, Species::elastin}) {
      t[s][i] *= matrix_kept;
    }
  }
}

void react(Tissue& t, const HealingParams& p, double dt, int threads) {
  // Rates (1/s) from half-lives and per-day values converted by the reader.
  const double k_d = p[Param::damage_clearance_half_life];
  const double g_m = p[Param::macrophage_clearance_gain];
  const double l_s = p[Param::signal_half_life];
  const double k_s = p[Param::inflammation_half_saturation];
  const double r_n = p[Param::neutrophil_recruitment_rate];
  const double r_m = p[Param::macrophage_recruitment_rate];
  const double k_b = p[Param::perfusion_half_saturation];
  const double l_b = p[Param::perfusion_half_life];
  const double l_n = p[Param::neutrophil_half_life];
  const double l_m = p[Param::macrophage_half_life];
  const double share_n = p[Param::macrophage_recruitment_from_neutrophils];
  const double l_t = p[Param::tgf_half_life];
  const double p_tm = p[Param::tgf_macrophage_production];
  const double r_f = p[Param::fibroblast_proliferation_rate];
  const double f_cap = p[Param::fibroblast_capacity];
  const double l_f = p[Param::fibroblast_excess_half_life];
  const double k_deg = p[Param::collagen_half_life];
  const double rho = p[Param::collagen_III_degradation_ratio];
  const double beta_c = p[Param::collagen_synthesis_gain];
  const BaselineMatrix base = baseline_matrix(p);
  const double x0 = base.III_share;
  const double k_mat = p[Param::collagen_maturation_half_life];
  const double x_wound = std::max(p[Param::collagen_III_fraction_wound], x0);
  const double c_cap = p[Param::collagen_capacity];
  const double mmp = p[Param::remodeling_mmp_gain];
  const double k_age = p[Param::ageing_collagen_loss];
  const double k_syn = base.synthesis_per_s;
  const double total0 = base.collagen_I + base.collagen_III + base.new_collagen_I + base.new_collagen_III;
  const double k_e = p[Param::elastin_half_life];
  const double beta_e = p[Param::elastin_synthesis_gain];

  const Mesh& m = t.mesh;
  const std::int64_t rows = static_cast<std::int64_t>(m.nz) * m.ny;
  parallel_for(0, rows, threads, [&](std::int64_t row) {
    const std::size_t begin = static_cast<std::size_t>(row) * static_cast<std::size_t>(m.nx);
    for (std::size_t i = begin; i < begin + static_cast<std::size_t>(m.nx); ++i) {
      const double dermal = t.dermis[i];
      double& d = t[Species::damage][i];
      double& s = t[Species::signal][i];
      double& b = t[Species::perfusion][i];
      double& ne = t[Species::neutrophils][i];
      double& ma = t[Species::macrophages][i];
      double& tg = t[Species::tgf][i];
      double& fb = t[Species::fibroblasts][i];
      double& c1 = t[Species::collagen_I][i];
      double& c3 = t[Species::collagen_III][i];
      double& n1 = t[Species::new_collagen_I][i];
      double& n3 = t[Species::new_collagen_III][i];
      double& el = t[Species::elastin][i];

      // Damaged tissue is cleared, faster where macrophages are.
      d = patankar(d, 0.0, k_d * (1.0 + g_m * ma), dt);
      // The burst of vasoactive mediators released at injury decays.
      s = patankar(s, 0.0, l_s, dt);
      // Damaged tissue recruits leukocytes until cleared; recruitment
      // saturates at small injuries (receptors fill).
      const double drive = d / (k_s + d);
      // Vasodilation saturates with the signal; 1 = the strongest possible.
      b = patankar(b, l_b * s / (k_b + s), l_b, dt);
      // Neutrophils, then macrophages, are recruited from dermal vessels.
      ne = patankar(ne, dermal * r_n * drive, l_n, dt);
      ma = patankar(ma, dermal * r_m * ((1.0 - share_n) * drive + share_n * ne), l_m, dt);
      // TGF-beta: the tissue's baseline production (1), plus macrophages.
      tg = patankar(tg, l_t * (1.0 + p_tm * ma), l_t, dt);
      if (dermal <= 0.0) continue;

      const double a = activation(tg, p);
      // Fibroblasts: TGF-driven logistic proliferation, excess removed.
      fb = patankar(fb, r_f * a * fb + l_f, r_f * a * fb / f_cap + l_f, dt);
      // Collagen: synthesis by fibroblasts, boosted by TGF-beta, limited by
      // the room left in the matrix, goes into new (not yet cross-linked)
      // collagen that matures into fibres. III is the provisional collagen:
      // degraded faster, and much faster while remodelling (excess
      // fibroblasts and macrophages carry the MMPs). Ageing removes fibres.
      const double total = c1 + c3 + n1 + n3;
      const double room = std::max(0.0, (c_cap - total) / (c_cap - total0));
      const double synthesis = k_syn * fb * (1.0 + beta_c * a) * room;
      const double share3 = x0 + (x_wound - x0) * a;
      const double remodeling = std::max(0.0, fb - 1.0) + ma;  // MMP sources
      const double k3 = rho * k_deg * (1.0 + mmp * remodeling);
      n3 = patankar(n3, synthesis * share3, k_mat + k3, dt);
      n1 = patankar(n1, synthesis * (1.0 - share3), k_mat + k_deg, dt);
      c3 = patankar(c3, k_mat * n3, k3 + k_age, dt);
      c1 = patankar(c1, k_mat * n1, k_deg + k_age, dt);
      // Elastin: slow turnover, synthesis boosted like collagen.
      el = patankar(el, k_e * fb * (1.0 + beta_e * a), k_e, dt);
    }
  });
}

void transport(Tissue& t, const HealingParams& p, double dt, TransportWorkspace& w,
               int threads) {
  const std::size_t n = t.mesh.size();
  w.diffusivity.resize(n);
  // Solutes move through epidermis and dermis alike.
  std::fill(w.diffusivity.begin(), w.diffusivity.end(), p[Param::signal_diffusivity]);
  diffuse_implicit(t.mesh, w.diffusivity, dt, t[Species::signal], w.diffusion, threads);
  std::fill(w.diffusivity.begin(), w.diffusivity.end(), p[Param::tgf_diffusivity]);
  diffuse_implicit(t.mesh, w.diffusivity, dt, t[Species::tgf], w.diffusion, threads);
  // Cells move by random motility within the dermis only (zero diffusivity
  // in the epidermis closes the dermal-epidermal junction to them).
  for (std::size_t i = 0; i < n; ++i) w.diffusivity[i] = t.dermis[i] * p[Param::cell_motility];
  for (Species s : {Species::neutrophils, Species::macrophages, Species::fibroblasts}) {
    diffuse_implicit(t.mesh, w.diffusivity, dt, t[s], w.diffusion, threads);
  }
  // Fibroblasts climb TGF-beta gradients within the dermis. Above the
  // dermis the attractant copies the first dermal cell of its column, so no
  // gradient (and no flux) crosses the dermal-epidermal junction.
  w.attractant.resize(n);
  const auto tgf = t[Species::tgf];
  const Mesh& m = t.mesh;
  for (int j = 0; j < m.ny; ++j) {
    for (int i = 0; i < m.nx; ++i) {
      int first = 0;
      while (first < m.nz - 1 && t.dermis[m.index(i, j, first)] <= 0.0) ++first;
      for (int k = 0; k < m.nz; ++k) {
        w.attractant[m.index(i, j, k)] = tgf[m.index(i, j, std::max(k, first))];
      }
    }
  }
  chemotaxis_explicit(t.mesh, p[Param::fibroblast_chemotaxis], w.attractant, dt,
                      t[Species::fibroblasts], w.chemotaxis, threads);
}

}  // namespace citsim
