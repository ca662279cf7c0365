#include "citsim/pipeline/predictions.hpp"

#include <cmath>
#include <iterator>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "citsim/core/error.hpp"
#include "citsim/core/parallel.hpp"
#include "citsim/core/units.hpp"
#include "citsim/pipeline/rf.hpp"

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

std::vector<CourseVariant> planning_variants(const Case& c, int sessions, int interval_days,
                                             const std::vector<int>& session_days) {
  std::vector<CourseVariant> out;
  Case planned = c;
  planned.protocol.maintenance.sessions = 0;
  planned.protocol.session_days.clear();
  if (!session_days.empty() && interval_days == 0 && session_days.size() > 1) {
    interval_days = static_cast<int>(std::lround(static_cast<double>(session_days.back()) /
                                                 static_cast<double>(session_days.size() - 1)));
  }
  planned.protocol.sessions = sessions;
  planned.protocol.interval_days = interval_days;
  // Followed long enough to see the result clinics judge (kPlanFollowUpDays).
  planned.protocol.follow_up_days = std::max(planned.protocol.follow_up_days, kPlanFollowUpDays);
  Case given_days = planned;
  given_days.protocol.session_days = session_days;
  if (session_days.empty()) {
    out.push_back({"planned",
                   fmt::format("Planned: {} sessions every {} days", sessions, interval_days),
                   planned});
  } else {
    out.push_back(
        {"planned",
         fmt::format("Planned: {} sessions on days {}", sessions, fmt::join(session_days, ", ")),
         given_days});
  }
  // The next three change only the sessions of the planned course (variant
  // 0, their trunk): their members continue from its members' runs.
  if (sessions > 1) {
    Case fewer = planned;
    fewer.protocol.sessions = sessions - 1;
    out.push_back(
        {"fewer_sessions", fmt::format("{} sessions (one fewer)", sessions - 1), fewer, 0});
  }
  Case more = planned;
  more.protocol.sessions = sessions + 2;
  out.push_back({"more_sessions", fmt::format("{} sessions (two more)", sessions + 2), more, 0});
  if (interval_days != 14) {
    Case close = planned;
    close.protocol.interval_days = 14;
    out.push_back(
        {"two_week_spacing", fmt::format("{} sessions two weeks apart", sessions), close, 0});
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

std::vector<CourseVariant> rf_variants(const Case& planned, const ModelData& data, int threads,
                                       std::stop_token stop) {
  std::vector<CourseVariant> out;
  if (const auto* rf = std::get_if<RfPen>(&planned.device)) {
    Case cold = planned;
    RfPen device = *rf;
    device.rf.power_w = 0.0;
    cold.device = device;
    out.push_back({"without_rf", "The same course without RF energy (needling alone)", cold});
    return out;
  }
  if (!rf_serves(planned.site.indication)) return out;
  if (const auto checked =
          checked_rf(planned, course_spec(planned, data), data.thermal, threads, stop)) {
    Case hot = planned;
    hot.device = checked->device;
    out.push_back(
        {"rf_checked",
         fmt::format("RF microneedling instead: stamped insulated bipolar tip, {:.2g} mm, {:g} mJ "
                     "per pin in 100 ms, 2 passes ({})",
                     units::um_to_mm(checked->device.pen.needles.length_um),
                     checked->energy_per_pin_mj, checked->why),
         hot});
  }
  return out;
}

std::vector<int> CoursePrediction::session_days() const {
  return session_days_of(variant.course.protocol);
}

std::vector<CoursePrediction> predict_courses(const std::vector<CourseVariant>& variants,
                                              const ModelData& data,
                                              const PredictionSettings& settings,
                                              CoursesBeside* beside) {
  std::vector<CourseSpec> specs;
  std::vector<int> trunks, counts;
  for (const auto& v : variants) {
    trunks.push_back(v.trunk);
    counts.push_back(settings.members);
    CourseSpec spec = course_spec(v.course, data);
    spec.fidelity = Fidelity::plan;
    spec.plan_radial_cells = settings.radial_cells;
    spec.plan_cell_um = settings.cell_um;
    specs.push_back(std::move(spec));
  }
  if (beside != nullptr) {
    CITSIM_ASSERT(!variants.empty() && beside->members >= 1 && beside->members <= settings.members,
                  "courses beside the first variant, with at most its members");
    for (const CourseSpec& spec : beside->specs) {
      specs.push_back(spec);
      trunks.push_back(0);
      counts.push_back(beside->members);
    }
  }
  auto rows = run_members(specs, settings.members, resolve_threads(settings.threads), {},
                          settings.stop, trunks, counts);
  if (beside != nullptr) {
    beside->rows.assign(
        std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(variants.size())),
        std::make_move_iterator(rows.end()));
    rows.resize(variants.size());
  }
  std::vector<CoursePrediction> out;
  for (std::size_t v = 0; v < variants.size(); ++v) {
    const auto& members = rows[v];
    CoursePrediction p{variants[v], {}, {}, {}, {}, specs[v].seed, {}};
    for (const auto& r : members.front()) p.days.push_back(r.day);
    std::vector<CourseRisks> risks;
    const std::vector<int> sessions = p.session_days();
    const ModelSettings shipped{data.healing, {}, data.risks};
    for (std::size_t m = 0; m < members.size(); ++m) {
      const RiskParams r = member_settings(shipped, data.posterior.get(), p.seed, m).risks;
      risks.push_back(
          course_risks(members[m], sessions, variants[v].course.patient.fitzpatrick, r));
    }
    p.pih = band_over_members(risks.size(), 1,
                              [&](std::size_t m, std::size_t) { return risks[m].pih_probability; });
    p.prolonged_erythema = band_over_members(risks.size(), 1, [&](std::size_t m, std::size_t) {
      return risks[m].prolonged_erythema_probability;
    });
    for (const auto& o : kShown) {
      const auto index = static_cast<std::size_t>(o.id);
      p.bands[index] = band_over_members(
          members.size(), members.front().size(),
          [&](std::size_t m, std::size_t r) { return members[m][r].values[index]; });
    }
    p.member_rows = members;
    out.push_back(std::move(p));
  }
  return out;
}

nlohmann::json predictions_json(const std::vector<CoursePrediction>& predictions,
                                const PredictionSettings& settings) {
  nlohmann::json observables = nlohmann::json::array();
  for (const auto& o : kShown)
    observables.push_back({{"id", observable_names()[static_cast<std::size_t>(o.id)]},
                           {"label", o.label},
                           {"unit", o.unit}});
  nlohmann::json courses = nlohmann::json::array();
  for (const CoursePrediction& p : predictions) {
    nlohmann::json series = nlohmann::json::object(), end = {{"day", p.days.back()}};
    for (const auto& o : kShown) {
      const Band& band = p.band(o.id);
      const std::string name(observable_names()[static_cast<std::size_t>(o.id)]);
      end[name] = {{"p10", band.p10.back()}, {"p50", band.p50.back()}, {"p90", band.p90.back()}};
      series[name] = {{"p10", band.p10}, {"p50", band.p50}, {"p90", band.p90}};
    }
    const Case& c = p.variant.course;
    courses.push_back(
        {{"id", p.variant.id},
         {"label", p.variant.label},
         {"device", describe_device(c.device)},
         {"sessions", c.protocol.sessions},
         {"interval_days", c.protocol.interval_days},
         {"follow_up_days", c.protocol.follow_up_days},
         {"days", p.days},
         {"series", std::move(series)},
         {"end", std::move(end)},
         {"risks",
          {{"pih_probability",
            {{"p10", p.pih.p10.front()}, {"p50", p.pih.p50.front()}, {"p90", p.pih.p90.front()}}},
           {"pih_grade", pih_grade(p.pih.p50.front())},
           {"prolonged_erythema_probability",
            {{"p10", p.prolonged_erythema.p10.front()},
             {"p50", p.prolonged_erythema.p50.front()},
             {"p90", p.prolonged_erythema.p90.front()}}}}}});
  }
  return {{"fidelity", "plan"},
          {"members", settings.members},
          {"resolution", {{"radial_cells", settings.radial_cells}, {"cell_um", settings.cell_um}}},
          {"note",
           fmt::format(
               "Each course is simulated {} times with the model's uncertain parameters; the band "
               "spans the 10th to 90th percentile and the line is the median. Changes are against "
               "the same skin left untreated. A model prediction, not a promise: the clinician "
               "decides.",
               settings.members)},
          {"parameters", settings.parameters},
          {"observables", std::move(observables)},
          {"courses", std::move(courses)}};
}

}  // namespace citsim
