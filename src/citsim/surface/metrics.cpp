// Areal and profile surface parameters, Gaussian filters, lesion measures.
#include "citsim/surface/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "citsim/core/error.hpp"
#include "citsim/core/units.hpp"

namespace citsim {
namespace {

/// alpha = sqrt(ln 2 / pi) of ISO 16610-21/-61.
const double kAlpha = std::sqrt(std::log(2.0) / units::pi);

constexpr int kMaxSamplingLengths = 5;  // ISO 21920-3 / ISO 4287 default
constexpr int kMinRingPixels = 2;

/// Samples of the Gaussian weighting at k dx, k = -h..h, h = floor(cutoff/dx)
/// (truncation at +/- one cut-off). Unnormalised: callers renormalise.
std::vector<double> gaussian_weights(double dx_um, double cutoff_um) {
  const auto h = static_cast<int>(std::floor(cutoff_um / dx_um));
  std::vector<double> w(static_cast<std::size_t>(2 * h + 1));
  for (int k = -h; k <= h; ++k) {
    const double u = k * dx_um / (kAlpha * cutoff_um);
    w[static_cast<std::size_t>(k + h)] = std::exp(-units::pi * u * u);
  }
  return w;
}

/// Low-pass of n samples at `in` with stride `stride`, written to `out` (contiguous).
void filter_line(const double* in, std::size_t stride, int n, const std::vector<double>& w,
                 double* out) {
  const int h = static_cast<int>(w.size() / 2);
  for (int i = 0; i < n; ++i) {
    const int k0 = std::max(-h, -i);
    const int k1 = std::min(h, n - 1 - i);
    double sum = 0.0;
    double weight = 0.0;
    for (int k = k0; k <= k1; ++k) {
      const double wk = w[static_cast<std::size_t>(k + h)];
      sum += wk * in[static_cast<std::size_t>(i + k) * stride];
      weight += wk;
    }
    out[i] = sum / weight;
  }
}

HeightMap low_pass_2d(const HeightMap& map, double cutoff_um) {
  CITSIM_ASSERT(cutoff_um > 0.0, "filter cut-off is positive");
  const std::vector<double> w = gaussian_weights(map.pixel_um, cutoff_um);
  const auto nx = static_cast<std::size_t>(map.nx);
  const auto ny = static_cast<std::size_t>(map.ny);
  // Along x, row by row.
  HeightMap rows(map.nx, map.ny, map.pixel_um);
  for (std::size_t j = 0; j < ny; ++j) {
    filter_line(map.z_um.data() + j * nx, 1, map.nx, w, rows.z_um.data() + j * nx);
  }
  // Along y: whole rows at a time, so memory is read in order. The weights
  // renormalise per output row (the 2D weight and its truncated domain are
  // both products, so this equals the 2D renormalisation).
  HeightMap out(map.nx, map.ny, map.pixel_um, 0.0);
  const int h = static_cast<int>(w.size() / 2);
  for (int j = 0; j < map.ny; ++j) {
    const int k0 = std::max(-h, -j);
    const int k1 = std::min(h, map.ny - 1 - j);
    double weight = 0.0;
    double* dst = out.z_um.data() + static_cast<std::size_t>(j) * nx;
    for (int k = k0; k <= k1; ++k) {
      const double wk = w[static_cast<std::size_t>(k + h)];
      weight += wk;
      const double* src = rows.z_um.data() + static_cast<std::size_t>(j + k) * nx;
      for (std::size_t i = 0; i < nx; ++i) dst[i] += wk * src[i];
    }
    for (std::size_t i = 0; i < nx; ++i) dst[i] /= weight;
  }
  return out;
}

/// Removes the least-squares line from n samples spaced dx (in place).
void remove_line(std::vector<double>& z) {
  const auto n = static_cast<double>(z.size());
  const double xm = 0.5 * (n - 1.0);
  double zm = 0.0;
  for (double v : z) zm += v;
  zm /= n;
  double sxz = 0.0;
  double sxx = 0.0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double x = static_cast<double>(i) - xm;
    sxz += x * (z[i] - zm);
    sxx += x * x;
  }
  const double slope = sxx > 0.0 ? sxz / sxx : 0.0;
  for (std::size_t i = 0; i < z.size(); ++i) z[i] -= zm + slope * (static_cast<double>(i) - xm);
}

double mean_of(const HeightMap& map, const std::vector<std::size_t>& pixels) {
  double sum = 0.0;
  for (std::size_t p : pixels) sum += map.z_um[p];
  return sum / static_cast<double>(pixels.size());
}

}  // namespace

HeightMap remove_least_squares_plane(const HeightMap& map) {
  // On a full rectangular grid the centred coordinates are orthogonal, so the
  // normal equations decouple: a = mean z, b = sum x z / sum x^2, c likewise.
  const double xm = 0.5 * (map.nx - 1);
  const double ym = 0.5 * (map.ny - 1);
  double zm = 0.0;
  for (double z : map.z_um) zm += z;
  zm /= static_cast<double>(map.size());
  double sxz = 0.0, syz = 0.0, sxx = 0.0, syy = 0.0;
  for (int j = 0; j < map.ny; ++j) {
    for (int i = 0; i < map.nx; ++i) {
      const double x = i - xm;
      const double y = j - ym;
      const double dz = map.at(i, j) - zm;
      sxz += x * dz;
      syz += y * dz;
      sxx += x * x;
      syy += y * y;
    }
  }
  const double b = sxx > 0.0 ? sxz / sxx : 0.0;
  const double c = syy > 0.0 ? syz / syy : 0.0;
  HeightMap out = map;
  for (int j = 0; j < map.ny; ++j) {
    for (int i = 0; i < map.nx; ++i) out.at(i, j) -= zm + b * (i - xm) + c * (j - ym);
  }
  return out;
}

HeightMap gaussian_low_pass(const HeightMap& map, double cutoff_um) {
  return low_pass_2d(map, cutoff_um);
}

std::vector<double> gaussian_low_pass(std::span<const double> z, double dx_um, double cutoff_um) {
  CITSIM_ASSERT(dx_um > 0.0 && cutoff_um > 0.0, "profile spacing and cut-off are positive");
  std::vector<double> out(z.size());
  filter_line(z.data(), 1, static_cast<int>(z.size()), gaussian_weights(dx_um, cutoff_um),
              out.data());
  return out;
}

HeightMap scale_limited_surface(const HeightMap& map, const FilterSpec& filter) {
  CITSIM_ASSERT(filter.s_cutoff_um >= 0.0 && filter.l_cutoff_um >= 0.0, "cut-offs are validated");
  HeightMap surface = remove_least_squares_plane(map);
  if (filter.s_cutoff_um > 0.0) surface = low_pass_2d(surface, filter.s_cutoff_um);
  if (filter.l_cutoff_um > 0.0) {
    const HeightMap mean_surface = low_pass_2d(surface, filter.l_cutoff_um);
    for (std::size_t p = 0; p < surface.size(); ++p) surface.z_um[p] -= mean_surface.z_um[p];
  }
  return surface;
}

ArealParams areal_parameters(const HeightMap& map, const FilterSpec& filter) {
  const HeightMap z = scale_limited_surface(map, filter);
  const auto n = static_cast<double>(z.size());
  double s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0;
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  for (double v : z.z_um) {
    const double v2 = v * v;
    s1 += std::abs(v);
    s2 += v2;
    s3 += v2 * v;
    s4 += v2 * v2;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  ArealParams a;
  a.sa_um = s1 / n;
  a.sq_um = std::sqrt(s2 / n);
  a.sz_um = hi - lo;
  if (a.sq_um > 0.0) {
    a.ssk = (s3 / n) / (a.sq_um * a.sq_um * a.sq_um);
    a.sku = (s4 / n) / (a.sq_um * a.sq_um * a.sq_um * a.sq_um);
  }
  return a;
}

ProfileParams profile_parameters(const HeightMap& map, double lambda_c_um) {
  CITSIM_ASSERT(lambda_c_um > 0.0, "profile cut-off is positive");
  const double row_um = map.width_um();
  if (row_um < lambda_c_um) {
    throw Error("profile_parameters: rows of " + std::to_string(row_um) +
                " um are shorter than the cut-off lambda_c = " + std::to_string(lambda_c_um) +
                " um: must hold at least one sampling length");
  }
  const int n_sl =
      std::min(kMaxSamplingLengths, static_cast<int>(std::floor(row_um / lambda_c_um)));
  const auto samples_per_sl =
      std::max(1, static_cast<int>(std::lround(lambda_c_um / map.pixel_um)));
  const int eval = std::min(map.nx, n_sl * samples_per_sl);
  const int start = (map.nx - eval) / 2;

  ProfileParams out;
  out.sampling_lengths = n_sl;
  std::vector<double> row(static_cast<std::size_t>(map.nx));
  for (int j = 0; j < map.ny; ++j) {
    for (int i = 0; i < map.nx; ++i) row[static_cast<std::size_t>(i)] = map.at(i, j);
    remove_line(row);
    const std::vector<double> mean_line = gaussian_low_pass(row, map.pixel_um, lambda_c_um);
    double abs_sum = 0.0;
    double rz_sum = 0.0;
    for (int s = 0; s < n_sl; ++s) {
      const int i0 = start + s * samples_per_sl;
      const int i1 = (s + 1 == n_sl) ? start + eval : i0 + samples_per_sl;
      double lo = std::numeric_limits<double>::infinity();
      double hi = -std::numeric_limits<double>::infinity();
      for (int i = i0; i < i1; ++i) {
        const auto u = static_cast<std::size_t>(i);
        const double r = row[u] - mean_line[u];
        abs_sum += std::abs(r);
        lo = std::min(lo, r);
        hi = std::max(hi, r);
      }
      rz_sum += hi - lo;
    }
    out.ra_um += abs_sum / eval;
    out.rz_um += rz_sum / n_sl;
  }
  out.ra_um /= map.ny;
  out.rz_um /= map.ny;
  return out;
}

std::vector<ScarMeasure> measure_lesions(const HeightMap& map, const SiteSurface& surface,
                                         const LesionMeasureSpec& spec) {
  CITSIM_ASSERT(map.nx == surface.relief.nx && map.ny == surface.relief.ny &&
                    map.pixel_um == surface.relief.pixel_um,
                "the map is on the surface's grid");
  CITSIM_ASSERT(spec.ring_width_fraction > 0.0, "ring width is validated");
  const std::size_t n = surface.lesions.size();
  std::vector<std::vector<std::size_t>> footprints(n);
  std::vector<char> in_lesion(map.size(), 0);
  for (std::size_t k = 0; k < n; ++k) {
    footprints[k] = lesion_footprint(surface, k);
    for (std::size_t p : footprints[k]) in_lesion[p] = 1;
  }
  std::vector<std::size_t> unscarred;
  for (std::size_t p = 0; p < map.size(); ++p) {
    if (!in_lesion[p]) unscarred.push_back(p);
  }
  const double unscarred_um = unscarred.empty() ? 0.0 : mean_of(map, unscarred);
  const double pixel_area_mm2 = units::um_to_mm(map.pixel_um) * units::um_to_mm(map.pixel_um);
  const double pixel_um3_to_mm3 = map.pixel_um * map.pixel_um * 1e-9;

  std::vector<ScarMeasure> measures;
  measures.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    const PlacedLesion& lesion = surface.lesions[k];
    const double rim_um = 0.5 * lesion.width_um;
    const double ring_um =
        std::max(spec.ring_width_fraction * rim_um, kMinRingPixels * map.pixel_um);
    // The ring: pixels whose distance to the centre (segment) is in [rim, rim + ring).
    double ring_sum = 0.0;
    std::size_t ring_n = 0;
    const double reach = rim_um + ring_um;
    const double x_lo = lesion.x_um - reach - 0.5 * lesion.length_um;
    const double x_hi = lesion.x_um + reach + 0.5 * lesion.length_um;
    const double y_lo = lesion.y_um - reach - 0.5 * lesion.length_um;
    const double y_hi = lesion.y_um + reach + 0.5 * lesion.length_um;
    const int i0 = std::max(0, static_cast<int>(std::floor(x_lo / map.pixel_um)));
    const int i1 = std::min(map.nx - 1, static_cast<int>(std::ceil(x_hi / map.pixel_um)));
    const int j0 = std::max(0, static_cast<int>(std::floor(y_lo / map.pixel_um)));
    const int j1 = std::min(map.ny - 1, static_cast<int>(std::ceil(y_hi / map.pixel_um)));
    for (int j = j0; j <= j1; ++j) {
      for (int i = i0; i <= i1; ++i) {
        const std::size_t p = map.index(i, j);
        if (in_lesion[p]) continue;
        const double d =
            lesion_distance_um(lesion, (i + 0.5) * map.pixel_um, (j + 0.5) * map.pixel_um);
        if (d >= rim_um && d < reach) {
          ring_sum += map.z_um[p];
          ++ring_n;
        }
      }
    }
    ScarMeasure m;
    m.lesion = k;
    m.kind = lesion.kind;
    m.ring_reference = ring_n > 0;
    m.reference_um = ring_n > 0 ? ring_sum / static_cast<double>(ring_n) : unscarred_um;
    m.area_mm2 = static_cast<double>(footprints[k].size()) * pixel_area_mm2;
    double lowest = std::numeric_limits<double>::infinity();
    double volume_um3_per_px = 0.0;
    for (std::size_t p : footprints[k]) {
      lowest = std::min(lowest, map.z_um[p]);
      volume_um3_per_px += std::max(0.0, m.reference_um - map.z_um[p]);
    }
    m.depth_um = footprints[k].empty() ? 0.0 : std::max(0.0, m.reference_um - lowest);
    m.volume_mm3 = volume_um3_per_px * pixel_um3_to_mm3;
    measures.push_back(m);
  }
  return measures;
}

double mean_scar_depth_um(std::span<const ScarMeasure> measures) {
  if (measures.empty()) return 0.0;
  double sum = 0.0;
  for (const ScarMeasure& m : measures) sum += m.depth_um;
  return sum / static_cast<double>(measures.size());
}

double total_scar_volume_mm3(std::span<const ScarMeasure> measures) {
  double sum = 0.0;
  for (const ScarMeasure& m : measures) sum += m.volume_mm3;
  return sum;
}

}  // namespace citsim
