#include "citsim/pipeline/outcomes.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>

#include "citsim/core/error.hpp"
#include "citsim/core/toml_fields.hpp"
#include "citsim/observe/metrics.hpp"
#include "citsim/observe/tryon.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/surface/visible.hpp"

namespace citsim {
namespace fs = std::filesystem;
namespace {

std::optional<int> whole(std::string_view s) {
  int v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0 || v > 3650) return std::nullopt;
  return v;
}

/// Observables read on the surface or the risks rather than the healing rows.
const std::vector<std::string>& extra_observables() {
  static const std::vector<std::string> names = {"scar_depth_change_pct",
                                                 "wrinkle_depth_change_pct", "pih_probability"};
  return names;
}

/// The row at or after `day` (the last if none).
std::size_t row_at(std::span<const ObservableRow> rows, int day) {
  std::size_t row = 0;
  while (row + 1 < rows.size() && rows[row].day < day - 1e-9) ++row;
  return row;
}

/// Scar depth change (%) of every lesion, or of one kind, on a row's visible change.
double scar_change(const TryonModel& model, const VisibleChange& v,
                   std::optional<LesionKind> kind = std::nullopt) {
  const std::vector<double> before = lesion_depths_um(model, VisibleChange{});
  const std::vector<double> after = lesion_depths_um(model, v);
  double b = 0.0, a = 0.0;
  for (std::size_t k = 0; k < before.size(); ++k) {
    if (kind && model.surface.lesions[k].kind != *kind) continue;
    b += before[k];
    a += after[k];
  }
  return b > 0.0 ? 100.0 * (a - b) / b : 0.0;
}

}  // namespace

std::optional<OutcomeMetric> parse_outcome_metric(std::string_view text) {
  using K = OutcomeMetric::Kind;
  static const std::pair<const char*, K> plain[] = {
      {"end", K::end},
      {"peak_days_after_last_session", K::peak_days_after_last_session},
      {"median_closure_hours", K::median_closure_hours},
      {"p95_closure_hours", K::p95_closure_hours},
      {"erythema_fall_hours", K::erythema_fall_hours},
      {"pih", K::pih}};
  for (const auto& [name, kind] : plain) {
    if (text == name) return OutcomeMetric{kind, 0, 0};
  }
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view head = text.substr(0, colon), tail = text.substr(colon + 1);
  if (head == "day" || head == "rolling_over_all") {
    const auto d = whole(tail);
    if (!d) return std::nullopt;
    return OutcomeMetric{head == "day" ? K::day : K::rolling_over_all, *d, 0};
  }
  if (head == "end_over") {
    const auto o = observable_from_string(tail);
    if (!o) return std::nullopt;
    return OutcomeMetric{K::end_over, 0, 0, *o};
  }
  if (head == "ratio") {
    const auto slash = tail.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const auto a = whole(tail.substr(0, slash)), b = whole(tail.substr(slash + 1));
    if (!a || !b || *b >= *a) return std::nullopt;
    return OutcomeMetric{K::ratio, *a, *b};
  }
  return std::nullopt;
}

std::vector<Outcome> read_outcomes(const fs::path& file, const fs::path& root) {
  const toml::table table = detail::parse_toml_file(file);
  detail::TableReader top(table, file.string(), "");
  std::vector<detail::TableReader> list = top.optional_tables("outcome");
  if (list.empty()) top.fail_missing("outcome", "at least one [[outcome]] is required");
  top.finish();
  std::vector<std::string> observables;
  for (auto name : observable_names()) observables.emplace_back(name);
  for (const auto& name : extra_observables()) observables.push_back(name);
  const std::vector<std::string> kinds = {"histology",     "clinical_score", "responders",
                                          "timeline",      "ultrasound",     "profilometry",
                                          "adverse_event", "rf_histology",   "upper_limit"};
  std::set<std::string> ids;
  std::vector<Outcome> out;
  for (detail::TableReader& t : list) {
    Outcome o;
    o.id = t.text("id");
    if (!ids.insert(o.id).second) t.reject("id", "is used by another outcome");
    o.study = t.text("study");
    o.kind = t.choice("kind", kinds);
    o.quantity = t.text("quantity");
    o.value = t.number("value", -1e9, 1e9);
    o.unit = t.text_or("unit", "");
    o.sd = t.optional_number("sd", 0.0, 1e9);
    o.se = t.optional_number("se", 0.0, 1e9);
    o.n = static_cast<int>(t.optional_integer("n", 1, 1000000).value_or(0));
    o.case_file = t.text("case");
    if (!fs::exists(root / o.case_file)) t.reject("case", "no such case file in the repository");
    if (auto s = t.optional_integer("sessions", 1, 30)) o.sessions = static_cast<int>(*s);
    if (auto f = t.optional_integer("follow_up_days", 0, 3650))
      o.follow_up_days = static_cast<int>(*f);
    o.observable = t.choice("observable", observables);
    const std::string metric = t.text("metric");
    const auto m = parse_outcome_metric(metric);
    if (!m) {
      t.fail("metric",
             "end, day:N, ratio:A/B (A > B), rolling_over_all:N, end_over:OBSERVABLE (a "
             "timeseries column), peak_days_after_last_session, "
             "median_closure_hours, p95_closure_hours, erythema_fall_hours or pih");
    }
    o.metric = *m;
    const bool closure = m->kind == OutcomeMetric::Kind::median_closure_hours ||
                         m->kind == OutcomeMetric::Kind::p95_closure_hours;
    if (closure && o.observable != "open_channels_fraction")
      t.reject("metric", "closure times are of open_channels_fraction");
    if ((m->kind == OutcomeMetric::Kind::pih) != (o.observable == "pih_probability"))
      t.reject("metric", "metric \"pih\" goes with observable \"pih_probability\", and only it");
    if (m->kind == OutcomeMetric::Kind::rolling_over_all && o.observable != "scar_depth_change_pct")
      t.reject("metric", "rolling_over_all is of scar_depth_change_pct");
    o.threshold = t.optional_number("threshold", -1e9, 1e9);
    if (o.kind == "responders" && !o.threshold)
      t.fail_missing("threshold",
                     "kind = \"responders\" needs the threshold a responder's observable is at "
                     "or below");
    if (o.kind != "responders" && o.threshold)
      t.reject("threshold", "used only by kind = \"responders\"");
    if (o.kind == "responders" && (o.value < 0.0 || o.value > 1.0 || o.n < 1))
      t.reject("value", "a share of responders is within [0, 1], with n patients");
    o.mapping = t.text("mapping");
    o.mapping_error = t.number("mapping_error", 0.0, 2.0);
    o.source = t.text("source");
    t.finish();
    out.push_back(std::move(o));
  }
  return out;
}

double observe_rows(std::span<const ObservableRow> rows, const std::string& observable,
                    const OutcomeMetric& metric, const ModelSettings& settings,
                    const TryonModel* tryon, std::span<const int> session_days, int fitzpatrick) {
  using K = OutcomeMetric::Kind;
  CITSIM_ASSERT(!rows.empty(), "a course reports rows");
  if (metric.kind == K::pih)
    return course_risks(rows, session_days, fitzpatrick, settings.risks).pih_probability;
  const bool surface =
      observable == "scar_depth_change_pct" || observable == "wrinkle_depth_change_pct";
  std::vector<VisibleChange> visible;
  TryonModel model;
  if (surface) {
    if (tryon == nullptr)
      throw Error(fmt::format("outcome: {} needs a case with a surface", observable));
    model = *tryon;
    model.response = settings.response;
    visible = visible_course(rows, settings.response.visible);
  }
  const auto value_at = [&](std::size_t row) {
    if (observable == "scar_depth_change_pct") return scar_change(model, visible[row]);
    if (observable == "wrinkle_depth_change_pct")
      return surface_state(model, visible[row]).wrinkle_depth_change_pct;
    return rows[row][*observable_from_string(observable)];
  };
  switch (metric.kind) {
    case K::end:
      return value_at(rows.size() - 1);
    case K::day:
      return value_at(row_at(rows, metric.day));
    case K::end_over: {
      const double below = rows.back()[metric.over];
      return below != 0.0 ? value_at(rows.size() - 1) / below : 0.0;
    }
    case K::ratio: {
      const double early = value_at(row_at(rows, metric.day_early));
      return early != 0.0 ? value_at(row_at(rows, metric.day)) / early : 0.0;
    }
    case K::rolling_over_all: {
      const VisibleChange& v = visible[row_at(rows, metric.day)];
      const double all = scar_change(model, v);
      return all != 0.0 ? scar_change(model, v, LesionKind::rolling) / all : 0.0;
    }
    case K::peak_days_after_last_session: {
      std::size_t best = 0;
      for (std::size_t r = 1; r < rows.size(); ++r)
        if (value_at(r) > value_at(best)) best = r;
      return rows[best].day - (session_days.empty() ? 0 : session_days.back());
    }
    default:
      break;
  }
  throw Error("outcome: closure and erythema times are measured on the run, not its rows");
}

std::vector<double> evaluate_outcomes(const std::vector<Outcome>& outcomes,
                                      const ModelSettings& settings, const ModelData& data,
                                      const TryonData& tryon, const fs::path& root,
                                      const Vocabulary& vocabulary) {
  ModelData with = data;
  with.healing = settings.healing;
  // Each distinct course (case and overrides) read once, run at most once,
  // its try-on model made only when a surface outcome asks for it.
  struct Course {
    Case c;
    CourseSpec spec;
    std::optional<std::vector<ObservableRow>> rows;
    std::optional<TryonModel> tryon;
  };
  std::map<std::string, Course> courses;
  std::vector<double> out;
  for (const Outcome& o : outcomes) {
    using K = OutcomeMetric::Kind;
    const std::string key =
        fmt::format("{}|{}|{}", o.case_file, o.sessions.value_or(0), o.follow_up_days.value_or(-1));
    auto it = courses.find(key);
    if (it == courses.end()) {
      Case c = read_case(root / o.case_file, vocabulary);
      if (o.sessions) c.protocol.sessions = *o.sessions;
      if (o.follow_up_days) c.protocol.follow_up_days = *o.follow_up_days;
      c.simulation.fidelity = Fidelity::plan;
      CourseSpec spec = course_spec(c, with);
      it = courses.emplace(key, Course{std::move(c), std::move(spec), std::nullopt, std::nullopt})
               .first;
    }
    Course& course = it->second;
    // Closure and erythema times: measured on the run (metrics.hpp).
    if (o.metric.kind == K::median_closure_hours || o.metric.kind == K::p95_closure_hours ||
        o.metric.kind == K::erythema_fall_hours) {
      const Metric m = o.metric.kind == K::median_closure_hours ? Metric::median_closure_hours
                       : o.metric.kind == K::p95_closure_hours  ? Metric::p95_closure_hours
                                                                : Metric::erythema_fall_hours;
      out.push_back(measure(course.spec, *observable_from_string(o.observable), m));
      continue;
    }
    if (!course.rows) {
      CourseRun run(course.spec, 1);
      run.run_to_end();
      course.rows = run.rows();
    }
    if (!course.tryon &&
        (o.observable == "scar_depth_change_pct" || o.observable == "wrinkle_depth_change_pct"))
      course.tryon = tryon_model(course.c, with, tryon);
    out.push_back(observe_rows(*course.rows, o.observable, o.metric, settings,
                               course.tryon ? &*course.tryon : nullptr, course.spec.session_days,
                               course.c.patient.fitzpatrick));
  }
  return out;
}

}  // namespace citsim
