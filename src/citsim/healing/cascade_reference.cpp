#include "citsim/healing/cascade_reference.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "citsim/core/parallel.hpp"
#include "citsim/healing/baseline.hpp"
#include "citsim/healing/cascade.hpp"

namespace citsim::detail {
namespace {

double patankar(double y, double production, double loss_rate, double dt) {
  return (y + dt * production) / (1.0 + dt * loss_rate);
}

/// Collagen synthesis rate (relative mass per s) of one dermal cell.
double synthesis_rate(double fibroblasts, double tgf, double total_collagen, const HealingParams& p,
                      const BaselineMatrix& base) {
  const double total0 =
      base.collagen_I + base.collagen_III + base.new_collagen_I + base.new_collagen_III;
  const double c_cap = p[Param::collagen_capacity];
  const double room = std::max(0.0, (c_cap - total_collagen) / (c_cap - total0));
  return base.synthesis_per_s * fibroblasts *
         (1.0 + p[Param::collagen_synthesis_gain] * activation(tgf, p)) * room;
}

}  // namespace

void deposit_orientation_reference(Tissue& t, const HealingParams& p, double dt) {
  const Mesh& m = t.mesh;
  const BaselineMatrix base = baseline_matrix(p);
  const double g_half = p[Param::alignment_gradient_half_saturation];
  const double turnover =
      std::exp(-dt * (p[Param::collagen_half_life] + p[Param::ageing_collagen_loss]));
  const auto tgf = t[Species::tgf];
  const auto value = [&](int i, int j, int k) { return tgf[m.index(i, j, k)]; };
  for (int k = 0; k < m.nz; ++k) {
    for (int j = 0; j < m.ny; ++j) {
      for (int i = 0; i < m.nx; ++i) {
        const std::size_t idx = m.index(i, j, k);
        for (auto& o : t.orientation) o[idx] *= turnover;
        if (t.dermis[idx] == 0) continue;
        // Central differences within the dermis (one-sided at its edges).
        const auto diff = [&](int a0, int a1, double h, auto at) {
          return (at(a1) - at(a0)) / (h * (a1 - a0));
        };
        const int xi0 = std::max(0, i - 1), xi1 = std::min(m.nx - 1, i + 1);
        const int yj0 = std::max(0, j - 1), yj1 = std::min(m.ny - 1, j + 1);
        int zk0 = std::max(0, k - 1), zk1 = std::min(m.nz - 1, k + 1);
        if (t.dermis[m.index(i, j, zk0)] == 0) zk0 = k;
        const double gx =
            xi1 > xi0 ? diff(xi0, xi1, m.dx_um, [&](int a) { return value(a, j, k); }) : 0.0;
        const double gy =
            yj1 > yj0 ? diff(yj0, yj1, m.dy_um, [&](int a) { return value(i, a, k); }) : 0.0;
        const double gz =
            zk1 > zk0 ? diff(zk0, zk1, m.dz_um, [&](int a) { return value(i, j, a); }) : 0.0;
        const double g = std::sqrt(gx * gx + gy * gy + gz * gz);
        const double total = t[Species::collagen_I][idx] + t[Species::collagen_III][idx] +
                             t[Species::new_collagen_I][idx] + t[Species::new_collagen_III][idx];
        const double mass =
            synthesis_rate(t[Species::fibroblasts][idx], tgf[idx], total, p, base) * dt;
        const double w = g / (g + g_half);
        const double iso = mass * (1.0 - w) / 3.0;
        const double dir = g > 0.0 ? mass * w / (g * g) : 0.0;
        t.orientation[0][idx] += iso + dir * gx * gx;
        t.orientation[1][idx] += iso + dir * gy * gy;
        t.orientation[2][idx] += dir * gx * gy;
      }
    }
  }
}

void react_reference(Tissue& t, const HealingParams& p, double dt, int threads) {
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
  const BaselineMatrix base = baseline_matrix(p);
  const double x0 = base.III_share;
  const double k_mat = p[Param::collagen_maturation_half_life];
  const double x_wound = std::max(p[Param::collagen_III_fraction_wound], x0);
  const double mmp = p[Param::remodeling_mmp_gain];
  const double k_age = p[Param::ageing_collagen_loss];
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
      const double synthesis = synthesis_rate(fb, tg, c1 + c3 + n1 + n3, p, base);
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

}  // namespace citsim::detail
