#include "citsim/pipeline/cohort.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "citsim/core/error.hpp"
#include "citsim/core/parallel.hpp"
#include "citsim/core/rng.hpp"
#include "citsim/core/toml_fields.hpp"
#include "citsim/healing/course.hpp"
#include "citsim/observe/risks.hpp"
#include "citsim/observe/tryon.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/pipeline/model_settings.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// FNV-1a, 64 bits: the identity of a trial's files, the same on every
/// machine and standard library.
std::uint64_t fnv1a(std::string_view text, std::uint64_t h = 1469598103934665603ULL) {
  for (const char ch : text) {
    h ^= static_cast<unsigned char>(ch);
    h *= 1099511628211ULL;
  }
  return h;
}

Drawn read_drawn(detail::TableReader& r, std::string_view key, double lo, double hi,
                 std::string_view unit) {
  if (!r.has(key)) r.fail_missing(key, "a number, {uniform = [a, b]} or {normal = [mean, sd]}");
  const toml::node* node = r.raw(key);
  Drawn d{.kind = Drawn::Kind::fixed, .a = 0.0, .b = 0.0, .lo = lo, .hi = hi};
  if (node->is_number()) {
    d.a = r.number(key, lo, hi, unit);
    return d;
  }
  if (!node->is_table()) r.fail(key, "a number, {uniform = [a, b]} or {normal = [mean, sd]}");
  detail::TableReader t = r.child(key);
  if (t.has("uniform")) {
    d.kind = Drawn::Kind::uniform;
    std::tie(d.a, d.b) = t.number_pair("uniform", lo, hi, unit);
  } else if (t.has("normal")) {
    d.kind = Drawn::Kind::normal;
    const std::vector<double> ms = t.numbers("normal", 0.0, hi, unit);
    if (ms.size() != 2 || ms[0] < lo)
      t.fail("normal", fmt::format("[mean, sd], mean in [{:g}, {:g}]", lo, hi));
    d.a = ms[0];
    d.b = ms[1];
    if (t.has("clip")) std::tie(d.lo, d.hi) = t.number_pair("clip", lo, hi, unit);
  } else {
    t.fail_missing("uniform", "uniform = [a, b] or normal = [mean, sd] is required");
  }
  t.finish();
  return d;
}

double draw(const Drawn& d, CounterRng& rng) {
  switch (d.kind) {
    case Drawn::Kind::fixed:
      return d.a;
    case Drawn::Kind::uniform:
      return d.a + rng.uniform() * (d.b - d.a);
    case Drawn::Kind::normal:
      return std::clamp(d.a + d.b * rng.normal(), d.lo, d.hi);
  }
  return d.a;
}

bool valid_id(const std::string& id) {
  return !id.empty() && id.size() <= 40 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

/// Wilson's 95 % interval of a proportion.
std::pair<double, double> wilson(double p, double n) {
  if (n <= 0.0) return {0.0, 1.0};
  constexpr double z = 1.959963984540054;
  const double centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
  const double half = z * std::sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n)) / (1.0 + z * z / n);
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

struct MeanSd {
  double n = 0.0, mean = 0.0, sd = 0.0;
};

MeanSd mean_sd(const std::vector<double>& v) {
  MeanSd m;
  m.n = static_cast<double>(v.size());
  if (v.empty()) return m;
  for (double x : v) m.mean += x;
  m.mean /= m.n;
  if (v.size() > 1) {
    for (double x : v) m.sd += (x - m.mean) * (x - m.mean);
    m.sd = std::sqrt(m.sd / (m.n - 1.0));
  }
  return m;
}

}  // namespace

std::vector<std::string> cohort_measures() {
  std::vector<std::string> out;
  for (const auto name : observable_names()) out.emplace_back(name);
  for (const char* extra : {"scar_depth_change_pct", "wrinkle_depth_change_pct", "pih_probability",
                            "prolonged_erythema_probability"})
    out.emplace_back(extra);
  return out;
}

Trial read_trial(const fs::path& file, const Vocabulary& vocabulary) {
  const std::string text = detail::read_text_file(file);
  const toml::table root = detail::parse_toml_text(text, file.filename().string());
  detail::TableReader top(root, file.filename().string(), "");
  top.only({"trial", "population", "arm", "endpoint"});
  Trial trial;
  std::uint64_t hash = fnv1a(text);

  detail::TableReader t = top.child("trial");
  trial.name = t.text("name");
  trial.seed = static_cast<std::uint64_t>(t.integer("seed", 0, 4'000'000'000'000'000'000LL));
  trial.patients_per_arm = static_cast<int>(t.integer("patients_per_arm", 1, kMaxCohortPatients));
  t.finish();

  detail::TableReader pop = top.child("population");
  trial.population.age_years = read_drawn(pop, "age_years", 12.0, 100.0, "years");
  trial.population.female_share = pop.number("female_share", 0.0, 1.0);
  const std::vector<double> shares = pop.numbers("fitzpatrick_shares", 0.0, 1.0);
  double sum = 0.0;
  for (double s : shares) sum += s;
  if (shares.size() != 6 || std::abs(sum - 1.0) > 1e-6)
    pop.fail("fitzpatrick_shares", "six shares (phototypes I to VI) summing to 1");
  std::copy(shares.begin(), shares.end(), trial.population.phototype_share.begin());
  trial.population.thickness_sd = pop.optional_number("skin_thickness_sd", 0.0, 0.5).value_or(0.0);
  trial.population.lesion_depth_sd = pop.optional_number("lesion_depth_sd", 0.0, 0.5).value_or(0.0);
  if (pop.has("scar_type_shares")) {
    detail::TableReader mix = pop.child("scar_type_shares");
    std::array<double, 3> share{};
    double total = 0.0;
    for (const ScarType type : {ScarType::icepick, ScarType::boxcar, ScarType::rolling}) {
      const std::string name(to_string(type));
      share[static_cast<std::size_t>(type)] = mix.optional_number(name, 0.0, 1.0).value_or(0.0);
      total += share[static_cast<std::size_t>(type)];
    }
    mix.finish();
    if (std::abs(total - 1.0) > 1e-6)
      pop.reject(
          "scar_type_shares",
          fmt::format("must be shares of icepick, boxcar and rolling summing to 1 (here {:g})",
                      total));
    trial.population.scar_type_share = share;
  }
  pop.finish();

  std::set<std::string> ids;
  std::vector<detail::TableReader> arms = top.tables("arm");
  if (arms.size() > static_cast<std::size_t>(kMaxCohortArms))
    top.reject("arm", fmt::format("at most {} arms are allowed", kMaxCohortArms));
  for (detail::TableReader& a : arms) {
    TrialArm arm;
    arm.id = a.text("id");
    if (!valid_id(arm.id)) a.fail("id", "1 to 40 of a-z, 0-9, _ and -");
    if (!ids.insert(arm.id).second) a.fail("id", "unique among the arms");
    arm.label = a.text_or("label", arm.id);
    arm.case_file = a.text("case");
    const fs::path path = file.parent_path() / arm.case_file;
    if (!fs::is_regular_file(path)) a.fail("case", "a case file (relative to the trial file)");
    arm.course = read_case(path, vocabulary);
    arm.course.simulation.fidelity = Fidelity::plan;
    if (const auto& mix = trial.population.scar_type_share) {
      // Each type the population has must be in the arm's case: its geometry.
      for (const ScarType type : {ScarType::icepick, ScarType::boxcar, ScarType::rolling}) {
        const auto& scars = arm.course.site.scars;
        if ((*mix)[static_cast<std::size_t>(type)] > 0.0 &&
            std::none_of(scars.begin(), scars.end(),
                         [&](const ScarGroup& g) { return g.type == type; }))
          a.reject("case", fmt::format("{}: population.scar_type_shares gives {} scars a share, so "
                                       "the arm's case must describe them ([[site.scars]] type = "
                                       "\"{}\")",
                                       arm.case_file.string(), to_string(type), to_string(type)));
      }
    }
    hash = fnv1a(detail::read_text_file(path), hash);
    a.finish();
    trial.arms.push_back(std::move(arm));
  }
  const long total = static_cast<long>(trial.arms.size()) * trial.patients_per_arm;
  if (total > kMaxCohortPatients)
    top.child("trial").reject(
        "patients_per_arm", fmt::format("arms x patients_per_arm must be at most {} (here {} arms)",
                                        kMaxCohortPatients, trial.arms.size()));

  const std::vector<std::string> measures = cohort_measures();
  ids.clear();
  for (detail::TableReader& e : top.tables("endpoint")) {
    TrialEndpoint ep;
    ep.id = e.text("id");
    if (!valid_id(ep.id)) e.fail("id", "1 to 40 of a-z, 0-9, _ and -");
    if (!ids.insert(ep.id).second) e.fail("id", "unique among the endpoints");
    const std::string kind = e.choice("kind", {"mean_change", "responders", "adverse_event"});
    ep.measure = e.choice("measure", measures);
    if (kind == "responders") {
      ep.kind = TrialEndpoint::Kind::responders;
      ep.threshold = e.number("threshold", -1e6, 1e6);
      ep.below = e.choice("direction", {"below", "above"}) == "below";
    } else if (kind == "adverse_event") {
      ep.kind = TrialEndpoint::Kind::adverse_event;
      if (ep.measure != "pih_probability" && ep.measure != "prolonged_erythema_probability")
        e.fail("measure", "pih_probability or prolonged_erythema_probability for an adverse event");
    }
    e.finish();
    trial.endpoints.push_back(std::move(ep));
  }
  trial.hash = fmt::format("{:016x}", hash);
  return trial;
}

CohortPatient cohort_patient(const Trial& trial, std::size_t arm, std::int64_t index) {
  CITSIM_ASSERT(arm < trial.arms.size() && index >= 0 && index < trial.patients_per_arm,
                "a patient of the trial");
  const auto global =
      static_cast<std::uint64_t>(arm) * static_cast<std::uint64_t>(trial.patients_per_arm) +
      static_cast<std::uint64_t>(index);
  CounterRng rng(trial.seed, RngPurpose::cohort_patient, global);
  CohortPatient p;
  p.c = trial.arms[arm].course;
  const TrialPopulation& pop = trial.population;
  p.c.patient.age_years = static_cast<int>(std::lround(draw(pop.age_years, rng)));
  p.c.patient.sex = rng.uniform() < pop.female_share ? Sex::female : Sex::male;
  double u = rng.uniform(), cumulative = 0.0;
  p.c.patient.fitzpatrick = 6;
  for (int k = 0; k < 6; ++k) {
    cumulative += pop.phototype_share[static_cast<std::size_t>(k)];
    if (u < cumulative) {
      p.c.patient.fitzpatrick = k + 1;
      break;
    }
  }
  p.thickness_factor = std::exp(pop.thickness_sd * rng.normal());
  p.seed = rng.next_u64() >> 12;  // within TOML's and SQLite's integers
  p.c.simulation.seed = p.seed;
  p.member = global;
  // Drawn after the above (and only when asked for), so that a trial without
  // them draws the same patients as before they existed.
  if (pop.lesion_depth_sd > 0.0) {
    p.lesion_depth_factor = std::exp(pop.lesion_depth_sd * rng.normal());
    for (ScarGroup& g : p.c.site.scars) {
      g.depth_um = std::clamp(g.depth_um * p.lesion_depth_factor, 50.0, 3000.0);
      if (g.type != ScarType::icepick) g.depth_um = std::min(g.depth_um, g.width_um);
    }
    for (StriaeGroup& g : p.c.site.striae)
      g.depth_um = std::clamp(g.depth_um * p.lesion_depth_factor, 10.0, 1000.0);
  }
  if (pop.scar_type_share && !p.c.site.scars.empty()) {
    // The arm's scars, as many in all, each re-typed by the shares; each
    // type keeps the arm's (first) geometry for it.
    const std::vector<ScarGroup> arm_scars = p.c.site.scars;
    int total = 0;
    for (const ScarGroup& g : arm_scars) total += g.count;
    std::array<int, 3> count{};
    for (int k = 0; k < total; ++k) {
      const double pick = rng.uniform();
      double below = 0.0;
      std::size_t type = 2;
      for (std::size_t t = 0; t < 3; ++t) {
        below += (*pop.scar_type_share)[t];
        if (pick < below) {
          type = t;
          break;
        }
      }
      ++count[type];
    }
    p.c.site.scars.clear();
    for (const ScarType type : {ScarType::icepick, ScarType::boxcar, ScarType::rolling}) {
      const int n = count[static_cast<std::size_t>(type)];
      if (n == 0) continue;
      ScarGroup g = *std::find_if(arm_scars.begin(), arm_scars.end(),
                                  [&](const ScarGroup& s) { return s.type == type; });
      g.count = n;
      p.c.site.scars.push_back(g);
    }
  }
  return p;
}

namespace {

/// The patient's course with `healing`, at plan fidelity, with its skin
/// thickness drawn.
std::vector<ObservableRow> patient_course(const CohortPatient& p, const HealingParams& healing,
                                          const ModelData& data, CourseSpec* spec_out = nullptr) {
  CourseSpec spec = course_spec(p.c, data);
  spec.fidelity = Fidelity::plan;
  for (double& t : spec.skin.layers.thickness_um) t *= p.thickness_factor;
  spec.skin.plexus_depth_um *= p.thickness_factor;
  spec.params = healing;
  CourseRun run(spec, 1);
  run.run_to_end();
  if (spec_out) *spec_out = spec;
  return run.rows();
}

/// The per-patient outputs of a course's rows under `settings`' response and risks.
json patient_measures(const CohortPatient& p, const std::vector<ObservableRow>& rows,
                      const std::vector<int>& session_days, const ModelSettings& settings,
                      const ModelData& data, const TryonData& tryon) {
  json out = json::object();
  for (std::size_t o = 0; o < kObservableCount; ++o)
    out[std::string(observable_names()[o])] = rows.back().values[o];
  if (site_has_surface(p.c, tryon)) {
    TryonModel model = tryon_model(p.c, data, tryon);
    model.response = settings.response;
    const SurfaceState end = surface_series(model, rows).back();
    if (model.has_lesions()) out["scar_depth_change_pct"] = end.scar_depth_change_pct;
    if (model.has_lines()) out["wrinkle_depth_change_pct"] = end.wrinkle_depth_change_pct;
  }
  const CourseRisks risks =
      course_risks(rows, session_days, p.c.patient.fitzpatrick, settings.risks);
  out["pih_probability"] = risks.pih_probability;
  out["prolonged_erythema_probability"] = risks.prolonged_erythema_probability;
  return out;
}

}  // namespace

json run_cohort_patient(const Trial& trial, std::size_t arm, const CohortPatient& p,
                        const ModelData& data, const TryonData& tryon) {
  (void)arm;
  const ModelSettings shipped{data.healing, tryon.response, data.risks};
  ModelSettings own = member_settings(shipped, data.posterior.get(), trial.seed, p.member);
  own.healing = sample_params(data.healing, trial.seed, p.member);
  CourseSpec spec;
  const std::vector<ObservableRow> rows = patient_course(p, own.healing, data, &spec);
  return patient_measures(p, rows, spec.session_days, own, data, tryon);
}

std::vector<std::vector<double>> cohort_sensitivity_runs(
    const Trial& trial, std::size_t arm, int patients, const std::string& measure,
    const std::vector<Posterior::Column>& columns, const std::vector<std::vector<double>>& values,
    const ModelData& data, const TryonData& tryon, int threads) {
  const auto known = cohort_measures();
  if (std::find(known.begin(), known.end(), measure) == known.end())
    throw Error(fmt::format("measure = \"{}\": must be one of {}", printable(measure, 60),
                            fmt::join(known, ", ")));
  if (arm >= trial.arms.size())
    throw Error(
        fmt::format("arm = {}: must be one of the trial's {} arms", arm, trial.arms.size()));
  if (patients < 1 || patients > trial.patients_per_arm)
    throw Error(
        fmt::format("patients = {}: must be between 1 and the trial's patients_per_arm ({})",
                    patients, trial.patients_per_arm));
  const std::size_t runs = values.size() * static_cast<std::size_t>(patients);
  if (runs > static_cast<std::size_t>(kMaxSensitivityRuns))
    throw Error(fmt::format(
        "sensitivity: {} parameter sets x {} patients = {} runs: must be at most {} (fewer "
        "samples or patients)",
        values.size(), patients, runs, kMaxSensitivityRuns));
  // Each row's settings, checked before any run.
  const ModelSettings shipped{data.healing, tryon.response, data.risks};
  std::vector<ModelSettings> settings(values.size(), shipped);
  for (std::size_t r = 0; r < values.size(); ++r) {
    if (values[r].size() != columns.size())
      throw Error(fmt::format("sensitivity: row {} has {} values: must have one per parameter ({})",
                              r, values[r].size(), columns.size()));
    settings[r].healing.joint.reset();
    for (std::size_t k = 0; k < columns.size(); ++k)
      set_parameter(settings[r], columns[k].group, columns[k].name, values[r][k],
                    fmt::format("sensitivity row {}", r));
  }
  // Rows that differ only in the response's or the risks' parameters share
  // their courses: one course per distinct healing parameter set and patient.
  std::map<std::vector<double>, std::size_t> distinct;
  std::vector<std::size_t> course_of(values.size());
  std::vector<std::size_t> first_row;
  for (std::size_t r = 0; r < values.size(); ++r) {
    std::vector<double> key;
    for (const ParamEntry& e : settings[r].healing.entries) key.push_back(e.value);
    for (const PatientSpread& x : settings[r].patient_spread) {
      key.push_back(static_cast<double>(x.param));
      key.push_back(x.log_sd);
    }
    const auto [it, inserted] = distinct.try_emplace(std::move(key), first_row.size());
    if (inserted) first_row.push_back(r);
    course_of[r] = it->second;
  }
  const auto np = static_cast<std::size_t>(patients);
  std::vector<CohortPatient> people;
  for (std::size_t i = 0; i < np; ++i)
    people.push_back(cohort_patient(trial, arm, static_cast<std::int64_t>(i)));
  // Each patient stays the patient the cohort draws: its own factors
  // (apply_patient_factors), with the between-patient spread of its own
  // posterior sample unless a row sets patient.<name>.
  std::vector<std::vector<PatientSpread>> own_spread(np);
  const ParamSamples* joint = data.healing.joint.get();
  for (std::size_t i = 0; i < np && joint != nullptr && !joint->rows.empty(); ++i) {
    const std::size_t row = joint_sample_row(trial.seed, people[i].member, joint->rows.size());
    for (std::size_t k = 0; k < joint->spread_params.size(); ++k)
      own_spread[i].push_back({joint->spread_params[k], joint->spreads[row][k]});
  }
  std::vector<std::vector<ObservableRow>> courses(first_row.size() * np);
  std::vector<std::vector<int>> session_days(np);
  parallel_for(0, static_cast<std::int64_t>(courses.size()), threads, [&](std::int64_t k) {
    const auto c = static_cast<std::size_t>(k) / np, i = static_cast<std::size_t>(k) % np;
    std::vector<PatientSpread> spread = own_spread[i];
    for (const PatientSpread& x : settings[first_row[c]].patient_spread) set_spread(spread, x);
    HealingParams healing = settings[first_row[c]].healing;
    apply_patient_factors(healing, spread, trial.seed, people[i].member);
    CourseSpec spec;
    courses[static_cast<std::size_t>(k)] = patient_course(people[i], healing, data, &spec);
    if (c == 0) session_days[i] = spec.session_days;
  });
  std::vector<std::vector<double>> out(values.size(), std::vector<double>(np));
  for (std::size_t r = 0; r < values.size(); ++r)
    for (std::size_t i = 0; i < np; ++i) {
      const json m = patient_measures(people[i], courses[course_of[r] * np + i], session_days[i],
                                      settings[r], data, tryon);
      if (!m.contains(measure))
        throw Error(fmt::format(
            "measure = \"{}\": arm \"{}\" has no such output (its site has "
            "no {})",
            measure, trial.arms[arm].id, measure.starts_with("scar") ? "scars" : "lines"));
      out[r][i] = m[measure].get<double>();
    }
  return out;
}

StoredPatient cohort_patient_result(const Trial& trial, std::size_t arm, std::int64_t index,
                                    const ModelData& data, const TryonData& tryon) {
  const CohortPatient p = cohort_patient(trial, arm, index);
  const json inputs = {{"age_years", p.c.patient.age_years},
                       {"sex", std::string(to_string(p.c.patient.sex))},
                       {"fitzpatrick", p.c.patient.fitzpatrick},
                       {"skin_thickness_factor", p.thickness_factor},
                       {"posterior_member", p.member}};
  json drawn = inputs;
  if (trial.population.lesion_depth_sd > 0.0) drawn["lesion_depth_factor"] = p.lesion_depth_factor;
  if (trial.population.scar_type_share) {
    drawn["scars"] = json::object();
    for (const ScarGroup& g : p.c.site.scars)
      drawn["scars"][std::string(to_string(g.type))] = g.count;
  }
  const json outputs = run_cohort_patient(trial, arm, p, data, tryon);
  return {trial.arms[arm].id, index, p.seed, drawn.dump(), outputs.dump()};
}

std::vector<std::pair<std::size_t, std::int64_t>> cohort_todo(
    const Trial& trial, const std::set<std::pair<std::string, std::int64_t>>& done) {
  std::vector<std::pair<std::size_t, std::int64_t>> todo;
  for (std::size_t a = 0; a < trial.arms.size(); ++a)
    for (std::int64_t i = 0; i < trial.patients_per_arm; ++i)
      if (!done.contains({trial.arms[a].id, i})) todo.emplace_back(a, i);
  return todo;
}

CohortProgress run_cohort(const Trial& trial, const ModelData& data, const TryonData& tryon,
                          ResultsStore& store, int threads,
                          const std::function<void(const CohortProgress&)>& progress,
                          std::stop_token stop) {
  const auto todo = cohort_todo(trial, store.done());
  CohortProgress state;
  state.total = static_cast<int>(trial.arms.size()) * trial.patients_per_arm;
  state.stored_before = state.total - static_cast<int>(todo.size());
  if (progress) progress(state);
  std::mutex mutex;
  parallel_for(0, static_cast<std::int64_t>(todo.size()), threads, [&](std::int64_t k) {
    if (stop.stop_requested()) return;
    const auto [a, i] = todo[static_cast<std::size_t>(k)];
    store.put(cohort_patient_result(trial, a, i, data, tryon));
    const std::lock_guard lock(mutex);
    ++state.computed;
    if (progress) progress(state);
  });
  if (stop.stop_requested()) throw Cancelled();
  return state;
}

json cohort_summary(const Trial& trial, const std::vector<StoredPatient>& patients) {
  std::map<std::string, std::vector<std::pair<json, json>>> by_arm;
  for (const StoredPatient& p : patients)
    by_arm[p.arm].emplace_back(json::parse(p.inputs), json::parse(p.outputs));

  json arms = json::array();
  for (const TrialArm& arm : trial.arms) {
    const auto& rows = by_arm[arm.id];
    std::vector<double> ages;
    std::array<int, 6> photo{};
    int female = 0;
    for (const auto& [in, out] : rows) {
      ages.push_back(in["age_years"].get<double>());
      female += in["sex"] == "female";
      ++photo[static_cast<std::size_t>(in["fitzpatrick"].get<int>() - 1)];
    }
    const MeanSd age = mean_sd(ages);
    json endpoints = json::object();
    for (const TrialEndpoint& ep : trial.endpoints) {
      std::vector<double> v;
      for (const auto& [in, out] : rows)
        if (out.contains(ep.measure)) v.push_back(out[ep.measure].get<double>());
      json e = {{"measure", ep.measure}, {"n", v.size()}};
      if (v.empty()) {
        e["not_modelled"] = rows.empty() ? "no patient simulated yet"
                                         : "the arm's site has nothing this measure reads";
      } else if (ep.kind == TrialEndpoint::Kind::mean_change) {
        const MeanSd m = mean_sd(v);
        const double half = 1.959963984540054 * m.sd / std::sqrt(m.n);
        e.update({{"kind", "mean_change"},
                  {"mean", m.mean},
                  {"sd", m.sd},
                  {"ci95", {m.mean - half, m.mean + half}}});
      } else if (ep.kind == TrialEndpoint::Kind::responders) {
        double hits = 0.0;
        for (double x : v) hits += ep.below ? x <= ep.threshold : x >= ep.threshold;
        const double rate = hits / static_cast<double>(v.size());
        const auto [lo, hi] = wilson(rate, static_cast<double>(v.size()));
        e.update({{"kind", "responders"},
                  {"threshold", ep.threshold},
                  {"direction", ep.below ? "below" : "above"},
                  {"responders", hits},
                  {"rate", rate},
                  {"ci95", {lo, hi}}});
      } else {
        const MeanSd m = mean_sd(v);
        const auto [lo, hi] = wilson(m.mean, m.n);
        e.update({{"kind", "adverse_event"},
                  {"rate", m.mean},
                  {"ci95", {lo, hi}},
                  {"expected_events", m.mean * m.n}});
      }
      endpoints[ep.id] = e;
    }
    arms.push_back({{"id", arm.id},
                    {"label", arm.label},
                    {"case", arm.case_file.generic_string()},
                    {"flow",
                     {{"allocated", trial.patients_per_arm},
                      {"simulated", rows.size()},
                      {"analysed", rows.size()}}},
                    {"population",
                     {{"age_years_mean", age.mean},
                      {"age_years_sd", age.sd},
                      {"female", female},
                      {"fitzpatrick_counts", photo}}},
                    {"endpoints", endpoints}});
  }
  // Each mean-change endpoint against the first arm: the difference of
  // means with Welch's 95 % interval (normal approximation).
  json comparisons = json::array();
  for (const TrialEndpoint& ep : trial.endpoints) {
    if (ep.kind != TrialEndpoint::Kind::mean_change || arms.size() < 2) continue;
    const json& ref = arms[0]["endpoints"][ep.id];
    if (!ref.contains("mean")) continue;
    for (std::size_t k = 1; k < arms.size(); ++k) {
      const json& other = arms[k]["endpoints"][ep.id];
      if (!other.contains("mean")) continue;
      const double diff = other["mean"].get<double>() - ref["mean"].get<double>();
      const double se =
          std::sqrt(std::pow(other["sd"].get<double>(), 2) / other["n"].get<double>() +
                    std::pow(ref["sd"].get<double>(), 2) / ref["n"].get<double>());
      comparisons.push_back(
          {{"endpoint", ep.id},
           {"arm", arms[k]["id"]},
           {"against", arms[0]["id"]},
           {"difference", diff},
           {"ci95", {diff - 1.959963984540054 * se, diff + 1.959963984540054 * se}}});
    }
  }
  return {{"format", "citsim-cohort/1"},
          {"trial", trial.name},
          {"seed", trial.seed},
          {"trial_hash", trial.hash},
          {"patients_per_arm", trial.patients_per_arm},
          {"arms", arms},
          {"comparisons", comparisons},
          {"note",
           "Virtual patients: each a plan-fidelity course of the arm's case with its own age, sex, "
           "phototype and skin thickness drawn from the population, and its own sample of the "
           "model's uncertain parameters (the calibration's posterior where one is shipped). "
           "Intervals are 95 % (Wilson for rates, normal for means). A model's trial, not a "
           "clinical one."}};
}

std::string cohort_endpoints_csv(const json& summary) {
  std::string out = "arm,endpoint,kind,measure,n,value,ci95_low,ci95_high\n";
  for (const json& arm : summary["arms"]) {
    for (const auto& [id, e] : arm["endpoints"].items()) {
      if (!e.contains("kind")) {
        out += fmt::format("{},{},,{},{},,,\n", arm["id"].get<std::string>(), id,
                           e["measure"].get<std::string>(), e["n"].get<int>());
        continue;
      }
      const double value = e.contains("mean") ? e["mean"].get<double>() : e["rate"].get<double>();
      out += fmt::format("{},{},{},{},{},{:.6g},{:.6g},{:.6g}\n", arm["id"].get<std::string>(), id,
                         e["kind"].get<std::string>(), e["measure"].get<std::string>(),
                         e["n"].get<int>(), value, e["ci95"][0].get<double>(),
                         e["ci95"][1].get<double>());
    }
  }
  return out;
}

}  // namespace citsim
