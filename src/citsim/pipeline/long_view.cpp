#include "citsim/pipeline/long_view.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "citsim/core/error.hpp"
#include "citsim/core/parallel.hpp"

namespace citsim {
namespace {

/// Collagen of the treated and the untreated skin against the untreated
/// skin at day 0, in %: the course reports treated vs untreated at the same
/// time (b) and untreated vs its day 0 (a); treated vs day 0 = (1+a)(1+b)-1.
struct Collagen {
  double treated = 0.0, untreated = 0.0;
};

Collagen collagen_of(const ObservableRow& row) {
  const double a = row[Observable::control_collagen_change_pct] / 100.0;
  const double b = row[Observable::collagen_change_pct] / 100.0;
  return {100.0 * ((1.0 + a) * (1.0 + b) - 1.0), 100.0 * a};
}

/// A course's collagen at each of `days`, linear between its reported rows
/// (at least weekly, daily after sessions).
std::vector<Collagen> sample(const std::vector<ObservableRow>& rows, const std::vector<int>& days) {
  std::vector<Collagen> out;
  std::size_t r = 0;
  for (int day : days) {
    while (r + 1 < rows.size() && rows[r + 1].day <= day) ++r;
    const Collagen lo = collagen_of(rows[r]);
    if (r + 1 >= rows.size() || rows[r].day == day) {
      out.push_back(lo);
      continue;
    }
    const Collagen hi = collagen_of(rows[r + 1]);
    const double f = (day - rows[r].day) / (rows[r + 1].day - rows[r].day);
    out.push_back({lo.treated + f * (hi.treated - lo.treated),
                   lo.untreated + f * (hi.untreated - lo.untreated)});
  }
  return out;
}

std::vector<ObservableRow> run_rows(const CourseSpec& spec) {
  CourseRun run(spec, 1);
  run.run_to_end();
  return run.rows();
}

/// The row of `view.days` nearest `day`.
std::size_t row_of(const LongView& view, int day) {
  const auto it = std::lower_bound(view.days.begin(), view.days.end(), day);
  if (it == view.days.end()) return view.days.size() - 1;
  const auto i = static_cast<std::size_t>(it - view.days.begin());
  return (i > 0 && day - view.days[i - 1] < *it - day) ? i - 1 : i;
}

}  // namespace

Case long_view_case(const Case& c) {
  Case out = c;
  out.simulation.fidelity = Fidelity::plan;
  const int last = session_days_of(c.protocol).back();
  out.protocol.follow_up_days = std::max(c.protocol.follow_up_days, kLongViewDays - last);
  return out;
}

LongViewCourses long_view_courses(const Case& c, const ModelData& data, int members, int threads,
                                  LongViewCell cell) {
  const Case with = long_view_case(c);
  Case without = with;
  without.protocol = without_maintenance(with.protocol, true);
  LongViewCourses out{{course_spec(with, data), course_spec(without, data)}, {}};
  for (CourseSpec& spec : out.specs) {
    if (cell.radial_cells > 0) spec.plan_radial_cells = cell.radial_cells;
    if (cell.cell_um > 0.0) spec.plan_cell_um = cell.cell_um;
  }
  const int end_day = end_day_of(with.protocol);

  LongView& view = out.view;
  view.course_days = course_session_days(c.protocol);
  view.maintenance_days = maintenance_session_days(c.protocol);
  for (int d = 0; d < end_day; d += 7) view.days.push_back(d);
  view.days.push_back(end_day);
  view.members = members;

  // The two nominal courses, side by side.
  std::array<std::vector<ObservableRow>, 2> nominal;
  parallel_for(0, 2, threads, [&](std::int64_t i) {
    nominal[static_cast<std::size_t>(i)] = run_rows(out.specs[static_cast<std::size_t>(i)]);
  });
  const std::vector<Collagen> a = sample(nominal[0], view.days);
  const std::vector<Collagen> b = sample(nominal[1], view.days);
  for (std::size_t r = 0; r < view.days.size(); ++r) {
    view.treated.nominal.push_back(a[r].treated);
    view.course_only.nominal.push_back(b[r].treated);
    view.untreated.nominal.push_back(a[r].untreated);
  }
  return out;
}

void long_view_bands(LongView& view, const std::vector<std::vector<ObservableRow>>& with,
                     const std::vector<std::vector<ObservableRow>>& without) {
  CITSIM_ASSERT(
      with.size() == static_cast<std::size_t>(view.members) && without.size() == with.size(),
      "every member of both courses");
  std::array<std::vector<std::vector<Collagen>>, 2> sampled;
  for (const auto& member : with) sampled[0].push_back(sample(member, view.days));
  for (const auto& member : without) sampled[1].push_back(sample(member, view.days));
  const auto m = static_cast<std::size_t>(view.members);
  const std::size_t n = view.days.size();
  view.treated.band = band_over_members(
      m, n, [&](std::size_t i, std::size_t r) { return sampled[0][i][r].treated; });
  view.course_only.band = band_over_members(
      m, n, [&](std::size_t i, std::size_t r) { return sampled[1][i][r].treated; });
  view.untreated.band = band_over_members(
      m, n, [&](std::size_t i, std::size_t r) { return sampled[0][i][r].untreated; });
}

LongView long_view(const Case& c, const ModelData& data, int members, int threads,
                   const std::function<void(int)>& progress, LongViewCell cell) {
  LongViewCourses courses = long_view_courses(c, data, members, threads, cell);
  if (members <= 0) return std::move(courses.view);
  // Member m of both courses draws the same parameters (run_members): the
  // two curves of a member differ only by the maintenance, so each member
  // runs the course once up to the first maintenance session and forks
  // there (run_members with a trunk: the same rows as running both whole).
  const auto rows =
      run_members({courses.specs[0], courses.specs[1]}, members, threads, progress, {}, {-1, 0});
  long_view_bands(courses.view, rows[0], rows[1]);
  return std::move(courses.view);
}

std::string long_view_csv(const LongView& view) {
  const std::array<std::pair<const char*, const LongViewCurve*>, 3> curves = {
      {{"treated_collagen_pct", &view.treated},
       {"course_only_collagen_pct", &view.course_only},
       {"untreated_collagen_pct", &view.untreated}}};
  std::string out = "day";
  for (const auto& [name, curve] : curves) {
    out += fmt::format(",{}", name);
    if (curve->band) out += fmt::format(",{0}_p10,{0}_p50,{0}_p90", name);
  }
  out += '\n';
  for (std::size_t r = 0; r < view.days.size(); ++r) {
    out += fmt::format("{}", view.days[r]);
    for (const auto& [name, curve] : curves) {
      out += fmt::format(",{:.6g}", curve->nominal[r]);
      if (curve->band) {
        out += fmt::format(",{:.6g},{:.6g},{:.6g}", curve->band->p10[r], curve->band->p50[r],
                           curve->band->p90[r]);
      }
    }
    out += '\n';
  }
  return out;
}

nlohmann::json long_view_json(const LongView& view) {
  nlohmann::json at = nlohmann::json::array();
  for (int years : {1, 2, 5}) {
    const int day = years == 5 ? kLongViewDays : static_cast<int>(years * 365.25 + 0.5);
    const std::size_t r = row_of(view, day);
    nlohmann::json entry = {{"years", years}, {"day", view.days[r]}};
    for (const auto& [name, curve] : {std::pair{"treated_collagen_pct", &view.treated},
                                      std::pair{"course_only_collagen_pct", &view.course_only},
                                      std::pair{"untreated_collagen_pct", &view.untreated}}) {
      entry[name] = curve->band ? nlohmann::json{{"value", curve->nominal[r]},
                                                 {"p10", curve->band->p10[r]},
                                                 {"p50", curve->band->p50[r]},
                                                 {"p90", curve->band->p90[r]}}
                                : nlohmann::json(curve->nominal[r]);
    }
    at.push_back(entry);
  }
  return {
      {"file", "long_view.csv"},
      {"what",
       "collagen of the treated skin, of the same course without maintenance and of the same "
       "skin untreated, % vs the untreated skin at day 0 (plan fidelity)"},
      {"course_session_days", view.course_days},
      {"maintenance_session_days", view.maintenance_days},
      {"ranges", view.members > 0 ? fmt::format("P10/P50/P90 of an ensemble of {}", view.members)
                                  : "none: the nominal runs only (add --ensemble N)"},
      {"at", at}};
}

nlohmann::json long_view_series_json(const LongView& view) {
  nlohmann::json j = long_view_json(view);
  j.erase("file");
  j["days"] = view.days;
  j["members"] = view.members;
  nlohmann::json curves = nlohmann::json::object();
  for (const auto& [name, curve] :
       {std::pair{"treated", &view.treated}, std::pair{"course_only", &view.course_only},
        std::pair{"untreated", &view.untreated}}) {
    nlohmann::json c = {{"nominal", curve->nominal}};
    if (curve->band) {
      c["p10"] = curve->band->p10;
      c["p50"] = curve->band->p50;
      c["p90"] = curve->band->p90;
    }
    curves[name] = std::move(c);
  }
  j["curves"] = std::move(curves);
  return j;
}

}  // namespace citsim
