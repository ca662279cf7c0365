#include "citsim/pipeline/predictions.hpp"

#include <fmt/format.h>

#include "citsim/core/parallel.hpp"
#include "citsim/core/units.hpp"
#include "citsim/observe/ensemble.hpp"

namespace citsim {
namespace {

struct ObservableInfo {
  Observable id;
  const char* label;
  const char* unit;
};

constexpr ObservableInfo kShown[] = {
    {Observable::collagen_change_pct, "Dermal collagen (I + III)", "% vs untreated"},
    {Observable::collagen_I_change_pct, "Collagen I", "% vs untreated"},
    {Observable::collagen_III_change_pct, "Collagen III", "% vs untreated"},
    {Observable::elastin_change_pct, "Elastin", "% vs untreated"},
    {Observable::epidermal_thickness_change_pct, "Epidermal thickness", "% vs untreated"},
    {Observable::dermal_thickness_change_pct, "Dermal thickness", "% vs untreated"},
    {Observable::erythema, "Redness (erythema)", "0 = none, 1 = strongest"},
    {Observable::open_channels_fraction, "Channels still open", "fraction of the last session's"},
};

std::string describe_device(const DeviceSpec& d) {
  return fmt::format("{} {:.2g} mm", to_string(kind_of(d)),
                     units::um_to_mm(needles_of(d).length_um));
}

}  // namespace

std::vector<CourseVariant> planning_variants(const Case& c, int sessions, int interval_days) {
  std::vector<CourseVariant> out;
  Case planned = c;
  planned.protocol.sessions = sessions;
  planned.protocol.interval_days = interval_days;
  out.push_back({"planned",
                 fmt::format("Planned: {} sessions every {} days", sessions, interval_days),
                 planned});
  if (sessions > 1) {
    Case fewer = planned;
    fewer.protocol.sessions = sessions - 1;
    out.push_back({"fewer_sessions", fmt::format("{} sessions (one fewer)", sessions - 1), fewer});
  }
  Case more = planned;
  more.protocol.sessions = sessions + 2;
  out.push_back({"more_sessions", fmt::format("{} sessions (two more)", sessions + 2), more});
  if (interval_days != 14) {
    Case close = planned;
    close.protocol.interval_days = 14;
    out.push_back(
        {"two_week_spacing", fmt::format("{} sessions two weeks apart", sessions), close});
  }
  // The at-home alternative: a 0.25 mm, 540-needle roller used weekly for
  // twelve weeks (the contract's home-roller device).
  Case home = planned;
  Roller roller;
  roller.needles = {540, 250.0, 120.0};
  roller.drum_diameter_um = 18000.0;
  roller.drum_width_um = 20000.0;
  roller.passes = 8;
  home.device = roller;
  home.protocol.sessions = 12;
  home.protocol.interval_days = 7;
  out.push_back({"home_roller", "At-home 0.25 mm roller, weekly for 12 weeks", home});
  return out;
}

nlohmann::json predict_courses(const std::vector<CourseVariant>& variants, const ModelData& data,
                               const PredictionSettings& settings) {
  // Every member of every variant is an independent run: one parallel loop.
  std::vector<CourseSpec> specs;
  for (const auto& v : variants) {
    CourseSpec spec = course_spec(v.course, data);
    spec.fidelity = Fidelity::plan;
    spec.plan_radial_cells = settings.radial_cells;
    spec.plan_cell_um = settings.cell_um;
    specs.push_back(std::move(spec));
  }
  const auto members = static_cast<std::size_t>(settings.members);
  std::vector<std::vector<ObservableRow>> rows(specs.size() * members);
  parallel_for(0, static_cast<std::int64_t>(rows.size()), resolve_threads(settings.threads),
               [&](std::int64_t n) {
                 const auto v = static_cast<std::size_t>(n) / members;
                 const auto m = static_cast<std::uint64_t>(static_cast<std::size_t>(n) % members);
                 CourseSpec member = specs[v];
                 member.params = sample_params(specs[v].params, specs[v].seed, m);
                 member.seed = member_seed(specs[v].seed, static_cast<int>(m));
                 CourseRun run(std::move(member), 1);
                 run.run_to_end();
                 rows[static_cast<std::size_t>(n)] = run.rows();
               });

  nlohmann::json observables = nlohmann::json::array();
  for (const auto& o : kShown)
    observables.push_back({{"id", observable_names()[static_cast<std::size_t>(o.id)]},
                           {"label", o.label},
                           {"unit", o.unit}});
  nlohmann::json courses = nlohmann::json::array();
  for (std::size_t v = 0; v < variants.size(); ++v) {
    const auto& first = rows[v * members];
    nlohmann::json days = nlohmann::json::array();
    for (const auto& r : first) days.push_back(r.day);
    nlohmann::json series = nlohmann::json::object(), end = {{"day", first.back().day}};
    std::vector<double> values(members);
    for (const auto& o : kShown) {
      const auto index = static_cast<std::size_t>(o.id);
      nlohmann::json p10 = nlohmann::json::array(), p50 = nlohmann::json::array(),
                     p90 = nlohmann::json::array();
      for (std::size_t r = 0; r < first.size(); ++r) {
        for (std::size_t m = 0; m < members; ++m)
          values[m] = rows[v * members + m][r].values[index];
        p10.push_back(quantile(values, 0.1));
        p50.push_back(quantile(values, 0.5));
        p90.push_back(quantile(values, 0.9));
      }
      const std::string name(observable_names()[index]);
      end[name] = {{"p10", p10.back()}, {"p50", p50.back()}, {"p90", p90.back()}};
      series[name] = {{"p10", std::move(p10)}, {"p50", std::move(p50)}, {"p90", std::move(p90)}};
    }
    const Case& c = variants[v].course;
    courses.push_back({{"id", variants[v].id},
                       {"label", variants[v].label},
                       {"device", describe_device(c.device)},
                       {"sessions", c.protocol.sessions},
                       {"interval_days", c.protocol.interval_days},
                       {"follow_up_days", c.protocol.follow_up_days},
                       {"days", std::move(days)},
                       {"series", std::move(series)},
                       {"end", std::move(end)}});
  }
  return {{"fidelity", "plan"},
          {"members", settings.members},
          {"resolution", {{"radial_cells", settings.radial_cells}, {"cell_um", settings.cell_um}}},
          {"note",
           fmt::format(
               "Each course is simulated {} times with the model's uncertain parameters and the "
               "device's depth drawn from their published ranges; the band spans the 10th to 90th "
               "percentile and the line is the median. Changes are against the same skin left "
               "untreated. A model prediction, not a promise: the clinician decides.",
               settings.members)},
          {"observables", std::move(observables)},
          {"courses", std::move(courses)}};
}

}  // namespace citsim
