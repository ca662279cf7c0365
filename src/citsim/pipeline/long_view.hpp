// The long view of a course: collagen of the treated skin, of the same
// course without its maintenance, and of the same skin untreated, weekly for
// five years from the first session (or to the end of follow-up if later),
// each as % change against the untreated skin at day 0; with P10/P50/P90
// over an ensemble when asked for. Always at plan fidelity: years of
// full-fidelity blocks would cost hours for a curve the plan cell gives.
//
//   const LongView v = long_view(c, model_data, 20, threads);
//   write_file(dir / "long_view.csv", long_view_csv(v));
//   summary["long_view"] = long_view_json(v);      // at 1, 2 and 5 years
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "citsim/observe/ensemble.hpp"
#include "citsim/pipeline/case.hpp"
#include "citsim/pipeline/model_data.hpp"

namespace citsim {

/// Five years (of 365.25 days), in whole days.
inline constexpr int kLongViewDays = 1826;

/// Ensemble members of the long view in a plan (P10-P90 of the years after).
inline constexpr int kLongViewMembers = 8;

/// One curve: the nominal run and, with an ensemble, its band.
struct LongViewCurve {
  std::vector<double> nominal;
  std::optional<Band> band;
};

struct LongView {
  std::vector<int> days;              ///< weekly from 0, and the last day
  std::vector<int> course_days;       ///< sessions of the course
  std::vector<int> maintenance_days;  ///< maintenance sessions
  LongViewCurve treated;              ///< the course with its maintenance
  LongViewCurve course_only;          ///< the same course without maintenance
  LongViewCurve untreated;            ///< the same skin, untreated, ageing
  int members = 0;                    ///< 0: the nominal runs only
};

/// The case as the long view runs it: plan fidelity, follow-up long enough
/// to reach five years after the first session.
Case long_view_case(const Case& c);

/// The long view of `c`: two courses (with and without maintenance) to the
/// same end, nominal and `members` ensemble members each (0: none), in
/// parallel; identical on any `threads`. `progress` as in run_members.
/// `coarse`, when set, is the plan cell to use instead of simulate's (the
/// planner's predictions' radial cells and depth spacing, for speed).
struct LongViewCell {
  int radial_cells = 0;  ///< 0: the course's own
  double cell_um = 0.0;
};
LongView long_view(const Case& c, const ModelData& data, int members, int threads,
                   const std::function<void(int)>& progress = {}, LongViewCell cell = {});

/// long_view in two parts, for a caller that runs the members itself (the
/// planner, beside its predictions): the two courses' specs (with, then
/// without maintenance) and the view with its nominal curves...
struct LongViewCourses {
  std::array<CourseSpec, 2> specs;
  LongView view;
};
LongViewCourses long_view_courses(const Case& c, const ModelData& data, int members, int threads,
                                  LongViewCell cell = {});
/// ...then the bands from each course's members' rows (view.members each,
/// member m of run_members of the specs).
void long_view_bands(LongView& view, const std::vector<std::vector<ObservableRow>>& with,
                     const std::vector<std::vector<ObservableRow>>& without);

/// long_view.csv: day, then treated, course_only and untreated collagen (%
/// vs untreated at day 0), each with _p10, _p50, _p90 with an ensemble.
std::string long_view_csv(const LongView& view);

/// summary.json's `long_view`: the values at 1, 2 and 5 years (and bands).
nlohmann::json long_view_json(const LongView& view);

/// plan.json's `long_view`: every curve over the days (nominal and band), the
/// sessions, and the values at 1, 2 and 5 years, for the report's chart.
nlohmann::json long_view_series_json(const LongView& view);

}  // namespace citsim
