// Surface metrics against analytic surfaces: each expectation is a closed-form
// value with a stated tolerance, so a wrong formula, filter or reference fails.
#include "citsim/surface/metrics.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <functional>

#include "citsim/core/error.hpp"
#include "citsim/core/units.hpp"
#include "citsim/surface/generate.hpp"

namespace citsim {
namespace {

constexpr double kPi = units::pi;

HeightMap make_map(int nx, int ny, double pixel_um,
                   const std::function<double(double x_um, double y_um)>& z) {
  HeightMap map(nx, ny, pixel_um);
  for (int j = 0; j < ny; ++j) {
    for (int i = 0; i < nx; ++i) map.at(i, j) = z((i + 0.5) * pixel_um, (j + 0.5) * pixel_um);
  }
  return map;
}

// z = A sin(2 pi x / L + pi/2) over 20 whole periods, 40 samples a period.
// Continuous values: Sa = 2A/pi, Sq = A/sqrt2, Sz = 2A, Ssk = 0, Sku = 1.5.
// The phase makes the wave even about the map's centre, so the least-squares
// plane is flat; a sine with phase 0 would lose a tilt of +/- 3A/(pi n) at the
// ends (0.05 A for n = 20), which the F-operator rightly removes but which
// moves Sz by ~8 %.
TEST(ArealParameters, SinusoidMatchesClosedForm) {
  const double a = 10.0;
  const double wavelength = 400.0;
  const HeightMap map = make_map(800, 20, 10.0, [&](double x, double) {
    return a * std::sin(2 * kPi * x / wavelength + 0.5 * kPi);
  });
  const ArealParams p = areal_parameters(map, {});
  EXPECT_NEAR(p.sa_um, 2 * a / kPi, 0.005 * a);
  EXPECT_NEAR(p.sq_um, a / std::sqrt(2.0), 0.005 * a);
  EXPECT_NEAR(p.sz_um, 2 * a, 0.01 * a);
  EXPECT_NEAR(p.ssk, 0.0, 0.01);
  EXPECT_NEAR(p.sku, 1.5, 0.01);
}

TEST(ArealParameters, TiltedPlaneIsRemovedByTheFOperator) {
  const auto plane = [](double x, double y) { return 40.0 + 0.03 * x - 0.02 * y; };
  const ArealParams flat = areal_parameters(make_map(120, 90, 10.0, plane), {});
  EXPECT_LT(flat.sq_um, 1e-9);
  EXPECT_LT(flat.sz_um, 1e-9);
  // A sinusoid on the same tilt reads as the sinusoid alone.
  const auto wave = [](double x, double) { return 5.0 * std::sin(2 * kPi * x / 200.0); };
  const ArealParams on_tilt = areal_parameters(
      make_map(400, 60, 10.0, [&](double x, double y) { return plane(x, y) + wave(x, y); }), {});
  const ArealParams alone = areal_parameters(make_map(400, 60, 10.0, wave), {});
  EXPECT_NEAR(on_tilt.sq_um, alone.sq_um, 1e-9);
  EXPECT_NEAR(on_tilt.sa_um, alone.sa_um, 1e-9);
  EXPECT_NEAR(on_tilt.sz_um, alone.sz_um, 1e-9);
}

// A step of height h halfway across x. The least-squares plane is h/2 +
// 1.5 h (x/W - 1/2), leaving residuals with Sq = h/4, Sa = 5h/24, Sz = h
// (from h/2 just right of the step to -h/2 just left of it), Ssk = 0.
TEST(ArealParameters, StepAfterPlaneRemovalMatchesClosedForm) {
  const double h = 100.0;
  const HeightMap map =
      make_map(1000, 10, 5.0, [&](double x, double) { return x < 2500.0 ? 0.0 : h; });
  const ArealParams p = areal_parameters(map, {});
  EXPECT_NEAR(p.sq_um, h / 4.0, 0.005 * h);
  EXPECT_NEAR(p.sa_um, 5.0 * h / 24.0, 0.005 * h);
  EXPECT_NEAR(p.sz_um, h, 0.01 * h);
  EXPECT_NEAR(p.ssk, 0.0, 0.01);
}

double interior_amplitude(const HeightMap& map, int margin) {
  double hi = 0.0;
  for (int j = margin; j < map.ny - margin; ++j) {
    for (int i = margin; i < map.nx - margin; ++i) hi = std::max(hi, std::abs(map.at(i, j)));
  }
  return hi;
}

// ISO 16610-61: the Gaussian passes 50 % of the amplitude at the cut-off,
// exp(-pi (alpha lc / lambda)^2) in general: 0.5^(1/9) at 3 lc, 0.5^9 at lc / 3.
TEST(GaussianFilter, PassesHalfTheAmplitudeAtTheCutOff) {
  const double cutoff = 800.0;
  for (double ratio : {1.0, 3.0, 1.0 / 3.0}) {
    const double wavelength = cutoff * ratio;
    const HeightMap map = make_map(480, 480, 10.0, [&](double x, double y) {
      return std::cos(2 * kPi * (x + 0.5 * y) / wavelength);  // oblique: both passes act
    });
    const HeightMap low = gaussian_low_pass(map, cutoff);
    // |k| of the oblique wave is sqrt(1.25) / wavelength.
    const double expected = std::pow(0.5, 1.25 / (ratio * ratio));
    EXPECT_NEAR(interior_amplitude(low, 90), expected, 0.005) << "lambda / lc = " << ratio;
  }
}

TEST(GaussianFilter, KeepsAConstantUpToTheBorder) {
  const HeightMap map(50, 30, 20.0, 7.0);
  const HeightMap low = gaussian_low_pass(map, 2500.0);
  for (double z : low.z_um) EXPECT_NEAR(z, 7.0, 1e-12);
}

// The L-filter removes waviness: a long wave (8 lc) plus a short one (lc / 8)
// leaves the short one (transmission 1 - 0.5^64 and 0.5^(1/64) of the long one
// leaks... as 1 - 0.5^(1/64) ~ 1.1 %): in the interior Sq ~ A_short / sqrt 2.
TEST(ScaleLimitedSurface, LFilterKeepsRoughnessAndRemovesWaviness) {
  const double lc = 800.0;
  const double a_long = 50.0;
  const double a_short = 2.0;
  const HeightMap map = make_map(1280, 8, 10.0, [&](double x, double) {
    return a_long * std::sin(2 * kPi * x / (8 * lc)) + a_short * std::sin(2 * kPi * x / (lc / 8));
  });
  const HeightMap s = scale_limited_surface(map, {0.0, lc});
  double sum2 = 0.0;
  int n = 0;
  for (int j = 0; j < s.ny; ++j) {
    for (int i = 160; i < s.nx - 160; ++i) {
      sum2 += s.at(i, j) * s.at(i, j);
      ++n;
    }
  }
  const double leak = a_long * (1.0 - std::pow(0.5, 1.0 / 64.0));
  EXPECT_NEAR(std::sqrt(sum2 / n), std::sqrt((a_short * a_short + leak * leak) / 2.0),
              0.03 * a_short);
  // Without the L-filter the waviness dominates.
  EXPECT_GT(areal_parameters(map, {}).sq_um, 10.0 * a_short);
}

TEST(ScaleLimitedSurface, SFilterRemovesShortWavelengths) {
  const double ls = 100.0;
  const HeightMap map = make_map(400, 400, 5.0, [&](double x, double) {
    return 10.0 * std::cos(2 * kPi * x / (ls / 3.0));  // even: no plane to remove
  });
  const HeightMap s = scale_limited_surface(map, {ls, 0.0});
  EXPECT_LT(interior_amplitude(s, 40), 10.0 * std::pow(0.5, 9.0) * 1.05);
}

TEST(ArealParameters, FourHundredSquareWithBothFiltersTakesUnderASecond) {
  const HeightMap map = make_map(400, 400, 25.0, [](double x, double y) {
    return 10.0 * std::sin(x / 300.0) * std::cos(y / 170.0);
  });
  const auto start = std::chrono::steady_clock::now();
  const ArealParams p = areal_parameters(map, {125.0, 2500.0});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GT(p.sq_um, 0.0);
  EXPECT_LT(seconds, 1.0);
}

// ---- profile parameters ------------------------------------------------------

// Roughness of a sine of wavelength lc / 8 passes whole (1 - 0.5^64): Ra = 2A/pi,
// Rz = 2A. Phase pi/2 (even about the row centre), so no least-squares tilt
// is removed and the renormalised filter ends see no trend.
TEST(ProfileParameters, SinusoidRaIsTwoAOverPi) {
  const double lc = 800.0;
  const double a = 6.0;
  const HeightMap map = make_map(1000, 4, 4.0, [&](double x, double) {
    return a * std::sin(2 * kPi * x / (lc / 8) + 0.5 * kPi);
  });
  const ProfileParams p = profile_parameters(map, lc);
  EXPECT_EQ(p.sampling_lengths, 5);
  EXPECT_NEAR(p.ra_um, 2 * a / kPi, 0.01 * a);
  EXPECT_NEAR(p.rz_um, 2 * a, 0.01 * a);
}

// A sawtooth from -A to A: heights uniform on [-A, A], Ra = A / 2.
TEST(ProfileParameters, SawtoothRaIsHalfTheAmplitude) {
  const double lc = 800.0;
  const double a = 8.0;
  const double period = lc / 10.0;
  const HeightMap map = make_map(1000, 3, 4.0, [&](double x, double) {
    const double f = x / period - std::floor(x / period);
    return a * (2.0 * f - 1.0);
  });
  EXPECT_NEAR(profile_parameters(map, lc).ra_um, a / 2.0, 0.01 * a);
}

// A flat row with, in sampling length k, one peak p_k and one valley -v_k:
// Rz = mean(p_k + v_k). The spikes move the mean line by ~ p dx / (alpha lc)
// = 0.5 % of p, hence the 2 % tolerance; a maximum-over-lengths Rz (Rmax)
// or one sampling length would give 36 or 10 and fail.
TEST(ProfileParameters, RzIsTheMeanOfTheFivePeakToValleyHeights) {
  const double lc = 2000.0;
  const double dx = 5.0;
  const int per_sl = 400;
  const double peaks[5] = {10, 20, 5, 8, 12};
  const double valleys[5] = {4, 16, 6, 2, 7};
  HeightMap map(5 * per_sl, 2, dx);
  for (int j = 0; j < 2; ++j) {
    for (int s = 0; s < 5; ++s) {
      map.at(s * per_sl + 100, j) = peaks[s];
      map.at(s * per_sl + 300, j) = -valleys[s];
    }
  }
  double expected = 0.0;
  for (int s = 0; s < 5; ++s) expected += (peaks[s] + valleys[s]) / 5.0;
  const ProfileParams p = profile_parameters(map, lc);
  EXPECT_EQ(p.sampling_lengths, 5);
  EXPECT_NEAR(p.rz_um, expected, 0.02 * expected);
}

TEST(ProfileParameters, RowShorterThanTheCutOffIsAnError) {
  const HeightMap map(10, 2, 10.0);
  EXPECT_THROW(profile_parameters(map, 800.0), Error);
}

// ---- lesion measures -----------------------------------------------------------

SiteSurface one_lesion_surface(int n, double pixel_um, LesionKind kind, double x_um, double y_um,
                               double width_um, double depth_um) {
  SiteSurface s;
  s.relief = HeightMap(n, n, pixel_um);
  PlacedLesion l;
  l.kind = kind;
  l.x_um = x_um;
  l.y_um = y_um;
  l.width_um = width_um;
  l.depth_um = depth_um;
  s.lesions.push_back(l);
  return s;
}

// z = -A exp(-r^2 / (2 sigma^2)): depth A, volume 2 pi sigma^2 A. The
// footprint (r < 4 sigma) holds 1 - e^-8 of the volume and the ring reference
// sits A e^-8..e^-12.5 low, together < 0.5 %.
TEST(MeasureLesions, GaussianPitHasKnownDepthAndVolume) {
  const double a = 200.0;
  const double sigma = 400.0;
  const double pixel = 10.0;
  const int n = 600;
  const double c = 0.5 * n * pixel;
  const SiteSurface s = one_lesion_surface(n, pixel, LesionKind::rolling, c, c, 8.0 * sigma, a);
  const HeightMap map = make_map(n, n, pixel, [&](double x, double y) {
    const double r2 = (x - c) * (x - c) + (y - c) * (y - c);
    return -a * std::exp(-r2 / (2 * sigma * sigma));
  });
  const std::vector<ScarMeasure> m = measure_lesions(map, s);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_TRUE(m[0].ring_reference);
  EXPECT_NEAR(m[0].depth_um, a, 0.005 * a);
  const double volume_mm3 = a * 2 * kPi * sigma * sigma * 1e-9;
  EXPECT_NEAR(m[0].volume_mm3, volume_mm3, 0.005 * volume_mm3);
  EXPECT_NEAR(m[0].area_mm2, kPi * std::pow(4 * sigma * 1e-3, 2),
              0.01 * kPi * std::pow(4 * sigma * 1e-3, 2));
  EXPECT_NEAR(mean_scar_depth_um(m), m[0].depth_um, 1e-12);
  EXPECT_NEAR(total_scar_volume_mm3(m), m[0].volume_mm3, 1e-15);
}

// The reference is the ring's level, not 0: a pit in skin raised by 30 um
// reads the same depth and volume.
TEST(MeasureLesions, DepthIsFromTheSurroundingLevel) {
  const double pixel = 10.0;
  const int n = 300;
  const double c = 1500.0;
  const SiteSurface s = one_lesion_surface(n, pixel, LesionKind::boxcar, c, c, 1600.0, 150.0);
  const HeightMap flat = compose(s);
  HeightMap raised = flat;
  for (double& z : raised.z_um) z += 30.0;
  const ScarMeasure a = measure_lesions(flat, s)[0];
  const ScarMeasure b = measure_lesions(raised, s)[0];
  EXPECT_NEAR(a.depth_um, 150.0, 1.0);
  EXPECT_NEAR(b.reference_um, 30.0, 1e-9);
  EXPECT_NEAR(b.depth_um, a.depth_um, 1e-9);
  EXPECT_NEAR(b.volume_mm3, a.volume_mm3, 1e-12);
}

// A rolling bowl D (1 + cos(pi r / R)) / 2 has volume pi R^2 D (1/2 - 2/pi^2).
TEST(MeasureLesions, RollingBowlVolumeMatchesItsProfileIntegral) {
  const double pixel = 5.0;
  const int n = 600;
  const double radius = 1000.0;
  const double depth = 120.0;
  const SiteSurface s =
      one_lesion_surface(n, pixel, LesionKind::rolling, 1500.0, 1500.0, 2 * radius, depth);
  const ScarMeasure m = measure_lesions(compose(s), s)[0];
  const double expected = kPi * radius * radius * depth * (0.5 - 2.0 / (kPi * kPi)) * 1e-9;
  EXPECT_NEAR(m.volume_mm3, expected, 0.01 * expected);
  EXPECT_NEAR(m.depth_um, depth, 0.5);
}

TEST(MeasureLesions, FilledLesionMeasuresZero) {
  const SiteSurface s =
      one_lesion_surface(200, 10.0, LesionKind::icepick, 1000.0, 1000.0, 800.0, 400.0);
  const std::vector<double> zero = {0.0};
  const ScarMeasure m = measure_lesions(compose(s, zero), s)[0];
  EXPECT_EQ(m.depth_um, 0.0);
  EXPECT_EQ(m.volume_mm3, 0.0);
}

}  // namespace
}  // namespace citsim
