#include "citsim/healing/cascade.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "citsim/core/error.hpp"
#include "citsim/core/parallel.hpp"
#include "citsim/healing/baseline.hpp"

namespace citsim {
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

void injure_heat(Tissue& t, std::span<const double> coagulated, std::span<const double> shocked,
                 const HealingParams& p) {
  const std::size_t n = t.mesh.size();
  for (std::size_t i = 0; i < n; ++i) {
    const double phi = std::clamp(coagulated[i], 0.0, 1.0);
    const double psi = std::clamp(shocked[i], 0.0, 1.0 - phi);
    if (phi <= 0.0 && psi <= 0.0) continue;
    // Heat-shocked cells live but are injured: they call in leukocytes
    // (damage, cleared like any) and release mediators, scaled by
    // heat_shock_injury against torn tissue.
    const double hit = phi + psi * p[Param::heat_shock_injury];
    auto& d = t[Species::damage][i];
    d = d + (1.0 - d) * std::min(1.0, hit);
    t[Species::signal][i] += hit;
    t[Species::fibroblasts][i] *= 1.0 - phi;
    for (Species s : {Species::collagen_I, Species::collagen_III, Species::new_collagen_I,
                      Species::new_collagen_III, Species::elastin}) {
      t[s][i] *= 1.0 - phi;
    }
  }
}

namespace {

/// std::max(0.0, x) (the same value for every x, NaN included), written as a
/// select so that loops over it vectorise.
double at_least_zero(double x) { return 0.0 < x ? x : 0.0; }

/// Everything react's cells share in one call: the parameters, and every
/// sub-expression of the per-cell update that involves only them and dt,
/// computed once with the same operations in the same order as the per-cell
/// expression it stands for (so each cell's result is unchanged, bit for bit).
struct ReactConstants {
  double dt;
  double zero;  ///< dt * 0.0: the production term of the species only cleared
  double k_d, g_m, k_s, k_b, l_b, r_n, r_m, share_n, one_minus_share_n, l_t, p_tm;
  double den_s, den_b, den_n, den_m, den_t;  ///< 1 + dt L for the constant losses L
  double k_a, r_f, f_cap, l_f;
  double synthesis_per_s, gain, c_cap, room_span;
  double x0, x_span, mmp, rho_k_deg, k_mat, k_age, beta_e, k_e;
  double den_n1, den_c1, den_e;
};

ReactConstants react_constants(const HealingParams& p, double dt) {
  // Rates (1/s) from half-lives and per-day values converted by the reader.
  ReactConstants c{};
  c.dt = dt;
  c.zero = dt * 0.0;
  c.k_d = p[Param::damage_clearance_half_life];
  c.g_m = p[Param::macrophage_clearance_gain];
  c.k_s = p[Param::inflammation_half_saturation];
  c.r_n = p[Param::neutrophil_recruitment_rate];
  c.r_m = p[Param::macrophage_recruitment_rate];
  c.k_b = p[Param::perfusion_half_saturation];
  c.l_b = p[Param::perfusion_half_life];
  c.share_n = p[Param::macrophage_recruitment_from_neutrophils];
  c.one_minus_share_n = 1.0 - c.share_n;
  c.l_t = p[Param::tgf_half_life];
  c.p_tm = p[Param::tgf_macrophage_production];
  c.den_s = 1.0 + dt * p[Param::signal_half_life];
  c.den_b = 1.0 + dt * c.l_b;
  c.den_n = 1.0 + dt * p[Param::neutrophil_half_life];
  c.den_m = 1.0 + dt * p[Param::macrophage_half_life];
  c.den_t = 1.0 + dt * c.l_t;
  c.k_a = p[Param::fibroblast_activation_half_saturation];
  c.r_f = p[Param::fibroblast_proliferation_rate];
  c.f_cap = p[Param::fibroblast_capacity];
  c.l_f = p[Param::fibroblast_excess_half_life];
  const BaselineMatrix base = baseline_matrix(p);
  c.synthesis_per_s = base.synthesis_per_s;
  c.gain = p[Param::collagen_synthesis_gain];
  c.c_cap = p[Param::collagen_capacity];
  const double total0 =
      base.collagen_I + base.collagen_III + base.new_collagen_I + base.new_collagen_III;
  c.room_span = c.c_cap - total0;
  const double k_deg = p[Param::collagen_half_life];
  c.x0 = base.III_share;
  c.x_span = std::max(p[Param::collagen_III_fraction_wound], c.x0) - c.x0;
  c.mmp = p[Param::remodeling_mmp_gain];
  c.rho_k_deg = p[Param::collagen_III_degradation_ratio] * k_deg;
  c.k_mat = p[Param::collagen_maturation_half_life];
  c.k_age = p[Param::ageing_collagen_loss];
  c.beta_e = p[Param::elastin_synthesis_gain];
  c.k_e = p[Param::elastin_half_life];
  c.den_n1 = 1.0 + dt * (c.k_mat + k_deg);
  c.den_c1 = 1.0 + dt * (k_deg + c.k_age);
  c.den_e = 1.0 + dt * c.k_e;
  return c;
}

/// The species' arrays, one each: no cell's update reads another's.
struct ReactFields {
  double* dmg;
  double* sig;
  double* per;
  double* neu;
  double* mac;
  double* tgf;
  double* fib;
  double* col1;
  double* col3;
  double* new1;
  double* new3;
  double* ela;
};

ReactFields fields_of(Tissue& t) {
  return {t[Species::damage].data(),           t[Species::signal].data(),
          t[Species::perfusion].data(),        t[Species::neutrophils].data(),
          t[Species::macrophages].data(),      t[Species::tgf].data(),
          t[Species::fibroblasts].data(),      t[Species::collagen_I].data(),
          t[Species::collagen_III].data(),     t[Species::new_collagen_I].data(),
          t[Species::new_collagen_III].data(), t[Species::elastin].data()};
}

// Each statement below is the Patankar step (y + dt P) / (1 + dt L) of one
// species written out, in cascade order (docs/healing.md). The constants are
// taken by value so that the loops need not reload them after each store,
// and the cells are independent (ivdep), so the loops vectorise.

/// Injury clearance, mediators, perfusion, leukocytes and TGF-beta of cells
/// [lo, hi): every cell.
void react_inflammation(const ReactConstants k, const ReactFields f, const std::uint8_t* dermis,
                        std::size_t lo, std::size_t hi) {
  const double dt = k.dt;
#pragma GCC ivdep
  for (std::size_t i = lo; i < hi; ++i) {
    const double dermal = dermis[i];
    const double ma0 = f.mac[i];
    // Damaged tissue is cleared, faster where macrophages are.
    const double d = (f.dmg[i] + k.zero) / (1.0 + dt * (k.k_d * (1.0 + k.g_m * ma0)));
    // The burst of vasoactive mediators released at injury decays.
    const double s = (f.sig[i] + k.zero) / k.den_s;
    // Damaged tissue recruits leukocytes until cleared; recruitment
    // saturates at small injuries (receptors fill).
    const double drive = d / (k.k_s + d);
    // Vasodilation saturates with the signal; 1 = the strongest possible.
    const double b = (f.per[i] + dt * (k.l_b * s / (k.k_b + s))) / k.den_b;
    // Neutrophils, then macrophages, are recruited from dermal vessels.
    const double ne = (f.neu[i] + dt * (dermal * k.r_n * drive)) / k.den_n;
    const double ma =
        (ma0 + dt * (dermal * k.r_m * (k.one_minus_share_n * drive + k.share_n * ne))) / k.den_m;
    // TGF-beta: the tissue's baseline production (1), plus macrophages.
    f.tgf[i] = (f.tgf[i] + dt * (k.l_t * (1.0 + k.p_tm * ma))) / k.den_t;
    f.dmg[i] = d;
    f.sig[i] = s;
    f.per[i] = b;
    f.neu[i] = ne;
    f.mac[i] = ma;
  }
}

/// Fibroblasts, collagen and elastin of dermal cells [lo, hi), after
/// react_inflammation.
void react_matrix(const ReactConstants k, const ReactFields f, std::size_t lo, std::size_t hi) {
  const double dt = k.dt;
#pragma GCC ivdep
  for (std::size_t i = lo; i < hi; ++i) {
    const double tg = f.tgf[i];
    const double ma = f.mac[i];
    // Fibroblast activation by TGF-beta (activation()).
    const double excess = at_least_zero(tg - 1.0);
    const double a = excess / (k.k_a + excess);
    // Fibroblasts: TGF-driven logistic proliferation, excess removed.
    const double fb0 = f.fib[i];
    const double growth = k.r_f * a * fb0;
    const double fb = (fb0 + dt * (growth + k.l_f)) / (1.0 + dt * (growth / k.f_cap + k.l_f));
    // Collagen: synthesis by fibroblasts, boosted by TGF-beta, limited by
    // the room left in the matrix, goes into new (not yet cross-linked)
    // collagen that matures into fibres. III is the provisional collagen:
    // degraded faster, and much faster while remodelling (excess
    // fibroblasts and macrophages carry the MMPs). Ageing removes fibres.
    const double c1 = f.col1[i], c3 = f.col3[i], n1 = f.new1[i], n3 = f.new3[i];
    const double total = c1 + c3 + n1 + n3;
    const double room = at_least_zero((k.c_cap - total) / k.room_span);
    const double synthesis = k.synthesis_per_s * fb * (1.0 + k.gain * a) * room;
    const double share3 = k.x0 + k.x_span * a;
    const double remodeling = at_least_zero(fb - 1.0) + ma;  // MMP sources
    const double k3 = k.rho_k_deg * (1.0 + k.mmp * remodeling);
    const double n3_new = (n3 + dt * (synthesis * share3)) / (1.0 + dt * (k.k_mat + k3));
    const double n1_new = (n1 + dt * (synthesis * (1.0 - share3))) / k.den_n1;
    f.fib[i] = fb;
    f.new3[i] = n3_new;
    f.new1[i] = n1_new;
    f.col3[i] = (c3 + dt * (k.k_mat * n3_new)) / (1.0 + dt * (k3 + k.k_age));
    f.col1[i] = (c1 + dt * (k.k_mat * n1_new)) / k.den_c1;
    // Elastin: slow turnover, synthesis boosted like collagen.
    f.ela[i] = (f.ela[i] + dt * (k.k_e * fb * (1.0 + k.beta_e * a))) / k.den_e;
  }
}

/// react on cells [lo, hi): the matrix only in the dermis (dermis > 0), in
/// runs of consecutive dermal cells.
void react_cells(const ReactConstants& k, const ReactFields& f, const std::uint8_t* dermis,
                 std::size_t lo, std::size_t hi) {
  react_inflammation(k, f, dermis, lo, hi);
  std::size_t i = lo;
  while (i < hi) {
    while (i < hi && dermis[i] == 0) ++i;
    std::size_t end = i;
    while (end < hi && dermis[end] != 0) ++end;
    react_matrix(k, f, i, end);
    i = end;
  }
}

/// Two cells at once for deposit_orientation, in GCC's vector extension
/// (also Clang's): each operation is the scalar one lane by lane, so a
/// lane's result is the scalar code's bit for bit. The compiler does not
/// vectorise that loop itself (its selects would need operations it will not
/// speculate).
using Pair = double __attribute__((vector_size(16)));

double splat(double v, double) { return v; }
Pair splat(double v, Pair) { return Pair{v, v}; }
double square_root(double v) { return std::sqrt(v); }
Pair square_root(Pair v) { return Pair{std::sqrt(v[0]), std::sqrt(v[1])}; }
/// a < b ? x : y, lane by lane.
double where_less(double a, double b, double x, double y) { return a < b ? x : y; }
Pair where_less(Pair a, Pair b, Pair x, Pair y) {
  using Mask = decltype(a < b);  // all bits set in the lanes where a < b
  const Mask m = a < b;
  return (Pair)((m & (Mask)x) | (~m & (Mask)y));
}

/// The orientation laid by collagen made over dt in a dermal cell with TGF-beta
/// gradient (gx, gy, gz), in the plane of the skin: xx, yy, xy (the depth
/// gradient counts in the gradient's strength). T is one cell (double) or two
/// (Pair).
template <class T>
void laid_orientation(const ReactConstants& k, double g_half, T gx, T gy, T gz, T tgf, T fib,
                      T total, T (&out)[3]) {
  const T zero = splat(0.0, gx), one = splat(1.0, gx);
  const T g = square_root(gx * gx + gy * gy + gz * gz);
  // The collagen made over dt (react's synthesis, at this state).
  const T excess_raw = tgf - one;
  const T excess = where_less(zero, excess_raw, excess_raw, zero);  // std::max(0.0, ...)
  const T a = excess / (splat(k.k_a, g) + excess);
  const T room_raw = (splat(k.c_cap, g) - total) / splat(k.room_span, g);
  const T room = where_less(zero, room_raw, room_raw, zero);
  const T mass =
      splat(k.synthesis_per_s, g) * fib * (one + splat(k.gain, g) * a) * room * splat(k.dt, g);
  const T w = g / (g + splat(g_half, g));
  const T iso = mass * (one - w) / splat(3.0, g);
  // Along the gradient where there is one (g > 0), else nothing: the
  // quotient is computed in every lane and kept only where g > 0.
  const T dir = where_less(zero, g, mass * w / (g * g), zero);
  out[0] = iso + dir * gx * gx;
  out[1] = iso + dir * gy * gy;
  out[2] = dir * gx * gy;
}

}  // namespace

void deposit_orientation(Tissue& t, const HealingParams& p, double dt) {
  const Mesh& m = t.mesh;
  const ReactConstants k = react_constants(p, dt);
  const double g_half = p[Param::alignment_gradient_half_saturation];
  const double turnover =
      std::exp(-dt * (p[Param::collagen_half_life] + p[Param::ageing_collagen_loss]));
  for (auto& o : t.orientation) {
    for (double& v : o) v *= turnover;
  }
  const double* const tgf = t[Species::tgf].data();
  const double* const fib = t[Species::fibroblasts].data();
  const double* const col1 = t[Species::collagen_I].data();
  const double* const col3 = t[Species::collagen_III].data();
  const double* const new1 = t[Species::new_collagen_I].data();
  const double* const new3 = t[Species::new_collagen_III].data();
  const std::uint8_t* const dermis = t.dermis.data();
  std::array<double*, kOrientationParts> o{};
  for (std::size_t a = 0; a < kOrientationParts; ++a) o[a] = t.orientation[a].data();
  const auto nx = static_cast<std::size_t>(m.nx);
  const std::size_t sy = nx, sz = nx * static_cast<std::size_t>(m.ny);
  // Central differences within the dermis (one-sided at its edges): over
  // two cells, (c[+] - c[-]) / (h * 2), over one (h * 1).
  const auto diff = [tgf](std::size_t lo, std::size_t hi, double h, int cells) {
    return (tgf[hi] - tgf[lo]) / (h * cells);
  };
  // A row's gradients and collagen totals, then its dermal cells two by two.
  std::vector<double> gx(nx), gy(nx), gz(nx), total(nx);
  for (int kz = 0; kz < m.nz; ++kz) {
    for (int j = 0; j < m.ny; ++j) {
      const std::size_t row = m.index(0, j, kz);
      for (int i = 0; i < m.nx; ++i) {
        const std::size_t idx = row + static_cast<std::size_t>(i);
        const auto c = static_cast<std::size_t>(i);
        if (dermis[idx] == 0) continue;
        const int xi0 = std::max(0, i - 1), xi1 = std::min(m.nx - 1, i + 1);
        const int yj0 = std::max(0, j - 1), yj1 = std::min(m.ny - 1, j + 1);
        int zk0 = std::max(0, kz - 1);
        const int zk1 = std::min(m.nz - 1, kz + 1);
        if (dermis[idx - static_cast<std::size_t>(kz - zk0) * sz] == 0) zk0 = kz;
        gx[c] = xi1 > xi0 ? diff(idx - static_cast<std::size_t>(i - xi0),
                                 idx + static_cast<std::size_t>(xi1 - i), m.dx_um, xi1 - xi0)
                          : 0.0;
        gy[c] = yj1 > yj0 ? diff(idx - static_cast<std::size_t>(j - yj0) * sy,
                                 idx + static_cast<std::size_t>(yj1 - j) * sy, m.dy_um, yj1 - yj0)
                          : 0.0;
        gz[c] = zk1 > zk0 ? diff(idx - static_cast<std::size_t>(kz - zk0) * sz,
                                 idx + static_cast<std::size_t>(zk1 - kz) * sz, m.dz_um, zk1 - zk0)
                          : 0.0;
        total[c] = col1[idx] + col3[idx] + new1[idx] + new3[idx];
      }
      std::size_t i = 0;
      while (i < nx) {
        if (dermis[row + i] == 0) {
          ++i;
          continue;
        }
        const std::size_t idx = row + i;
        if (i + 1 < nx && dermis[idx + 1] != 0) {
          const auto pair = [](const double* v) { return Pair{v[0], v[1]}; };
          Pair add[kOrientationParts];
          laid_orientation(k, g_half, pair(&gx[i]), pair(&gy[i]), pair(&gz[i]), pair(&tgf[idx]),
                           pair(&fib[idx]), pair(&total[i]), add);
          for (std::size_t a = 0; a < kOrientationParts; ++a) {
            o[a][idx] += add[a][0];
            o[a][idx + 1] += add[a][1];
          }
          i += 2;
        } else {
          double add[kOrientationParts];
          laid_orientation(k, g_half, gx[i], gy[i], gz[i], tgf[idx], fib[idx], total[i], add);
          for (std::size_t a = 0; a < kOrientationParts; ++a) o[a][idx] += add[a];
          i += 1;
        }
      }
    }
  }
}

double collagen_alignment(const Tissue& t, const MaskWeights& mask) {
  const Mesh& m = t.mesh;
  CITSIM_ASSERT(mask.nx == m.nx && mask.w.size() == static_cast<std::size_t>(m.nx) *
                                                        static_cast<std::size_t>(m.nz),
                "the weights are of this mesh");
  const auto nx = static_cast<std::size_t>(m.nx);
  double xx = 0.0, yy = 0.0, xy = 0.0;
  for (int k = 0; k < m.nz; ++k) {
    const double* w = mask.w.data() + static_cast<std::size_t>(k) * nx;
    for (int j = 0; j < m.ny; ++j) {
      const std::size_t row = m.index(0, j, k);
      for (std::size_t i = 0; i < nx; ++i) {
        xx += w[i] * t.orientation[0][row + i];
        yy += w[i] * t.orientation[1][row + i];
        xy += w[i] * t.orientation[2][row + i];
      }
    }
  }
  if (m.geometry == Geometry::axisymmetric) {
    // Around the axis every horizontal direction is alike.
    const double mean = 0.5 * (xx + yy);
    xx = yy = mean;
    xy = 0.0;
  }
  const double trace = xx + yy;
  if (trace <= 0.0) return 0.0;
  const double spread = std::sqrt((xx - yy) * (xx - yy) + 4.0 * xy * xy);  // l1 - l2
  return spread / trace;
}

void react(Tissue& t, const HealingParams& p, double dt, int threads) {
  const ReactConstants k = react_constants(p, dt);
  const ReactFields f = fields_of(t);
  const Mesh& m = t.mesh;
  const std::size_t n = m.size();
  // Cells are independent: contiguous blocks of whole rows, one per thread.
  const std::int64_t rows = static_cast<std::int64_t>(m.nz) * m.ny;
  const std::int64_t blocks = std::clamp<std::int64_t>(threads, 1, rows);
  const std::size_t row = static_cast<std::size_t>(m.nx);
  parallel_for(0, blocks, static_cast<int>(blocks), [&](std::int64_t b) {
    const auto lo = static_cast<std::size_t>(rows * b / blocks) * row;
    const auto hi = std::min(n, static_cast<std::size_t>(rows * (b + 1) / blocks) * row);
    react_cells(k, f, t.dermis.data(), lo, hi);
  });
}

void transport(Tissue& t, const HealingParams& p, double dt, TransportWorkspace& w, int threads) {
  const Mesh& m = t.mesh;
  // Every diffusivity goes by depth: one value per plane.
  w.diffusivity.resize(static_cast<std::size_t>(m.nz));
  const auto by_depth = [&](std::span<const Solute> solutes) {
    diffuse_implicit_batch_by_depth(m, w.diffusivity, dt, solutes, w.diffusion, threads);
  };
  // Solutes move through epidermis and dermis alike.
  std::fill(w.diffusivity.begin(), w.diffusivity.end(), p[Param::signal_diffusivity]);
  const Solute signal{.c = t[Species::signal]};
  by_depth({&signal, 1});
  std::fill(w.diffusivity.begin(), w.diffusivity.end(), p[Param::tgf_diffusivity]);
  const Solute tgf{.c = t[Species::tgf]};
  by_depth({&tgf, 1});
  // Cells move by random motility within the dermis only (zero diffusivity
  // in the epidermis closes the dermal-epidermal junction to them).
  for (int k = 0; k < m.nz; ++k) {
    w.diffusivity[static_cast<std::size_t>(k)] =
        t.dermis[m.index(0, 0, k)] * p[Param::cell_motility];
  }
  // One batch: the three share the field, so their lines are swept together.
  const Solute cells[] = {{.c = t[Species::neutrophils]},
                          {.c = t[Species::macrophages]},
                          {.c = t[Species::fibroblasts]}};
  by_depth(cells);
  // Fibroblasts climb TGF-beta gradients within the dermis. Above the
  // dermis the attractant is the first dermal cell of its column, so no
  // gradient (and no flux) crosses the dermal-epidermal junction.
  const int first = first_dermal_plane(t);
  chemotaxis_explicit(t.mesh, p[Param::fibroblast_chemotaxis], t[Species::tgf], first, dt,
                      t[Species::fibroblasts], w.chemotaxis, threads);
}

}  // namespace citsim
