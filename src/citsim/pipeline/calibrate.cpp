#include "citsim/pipeline/calibrate.hpp"

#include <cmath>
#include <fstream>
#include <regex>
#include <utility>

#include <fmt/format.h>

#include "citsim/core/error.hpp"
#include "citsim/core/toml_fields.hpp"
#include "citsim/healing/params_reader.hpp"
#include "citsim/observe/metrics.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/pipeline/model_data.hpp"
#include "citsim/planner/vocabulary.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;

struct Setup {
  fs::path root;
  ModelData data;
  Vocabulary vocabulary;
  std::vector<CalibrationTarget> targets;
};

CourseSpec spec_for(const Setup& s, const CalibrationTarget& t, const HealingParams& params) {
  Case c = read_case(s.root / t.case_file, s.vocabulary);
  if (t.sessions) c.protocol.sessions = *t.sessions;
  if (t.follow_up_days) c.protocol.follow_up_days = *t.follow_up_days;
  ModelData data = s.data;
  data.healing = params;
  return course_spec(c, data);
}

void set_file_value(HealingParams& params, Param p, double file_value) {
  ParamEntry& e = params.entry(p);
  e.file_value = file_value;
  e.value = param_to_internal(p, file_value);
}

std::string metric_name(Metric m) {
  switch (m) {
    case Metric::end:
      return "at end of follow-up";
    case Metric::peak_days_after_last_session:
      return "day of peak after last session";
    case Metric::median_closure_hours:
      return "median closure time";
    case Metric::p95_closure_hours:
      return "95 % closure time";
    case Metric::erythema_fall_hours:
      return "erythema below 10 % of peak";
  }
  return "";
}

/// Rewrites `value = ...` of the table [name] in the parameters file.
std::string with_value(std::string text, std::string_view name, double value) {
  const std::regex table("\\[" + std::string(name) + "\\]\nvalue = [^\n]*");
  return std::regex_replace(text, table, fmt::format("[{}]\nvalue = {:.4g}", name, value),
                            std::regex_constants::format_first_only);
}

/// Writes `text` to `file` through a temporary file that `check` must accept.
void replace_checked(const fs::path& file, const std::string& text,
                     const std::function<void(const fs::path&)>& check) {
  const fs::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp);
    out << text;
    out.close();
    if (!out) throw Error(tmp.string() + ": write failed");
  }
  check(tmp);  // still valid?
  fs::rename(tmp, file);
}

/// A case of a scar target: its try-on model and its course, run once.
struct ScarCase {
  TryonModel model;
  std::vector<ObservableRow> rows;
};

ScarCase scar_case(const Setup& s, const std::string& file, const ModelData& data,
                   const TryonData& tryon) {
  const Case c = read_case(s.root / file, s.vocabulary);
  CourseRun run(course_spec(c, data), 1);
  run.run_to_end();
  return ScarCase{tryon_model(c, data, tryon), run.rows()};
}

struct KindChanges {
  double all = 0.0;      ///< mean depth change (%) of every lesion
  double rolling = 0.0;  ///< of the rolling scars (0 without)
  std::vector<std::pair<LesionKind, double>> by_kind;
};

/// Mean scar depth changes (%) on the first row at or after `day` with the
/// visible response `response`.
KindChanges kind_changes(const ScarCase& sc, const ScarResponseParams& response, int day) {
  TryonModel m = sc.model;
  m.response = response;
  const std::vector<VisibleChange> visible = visible_course(sc.rows, response.visible);
  std::size_t row = 0;
  while (row + 1 < visible.size() && visible[row].day < day - 1e-9) ++row;
  const std::vector<double> before = lesion_depths_um(m, VisibleChange{});
  const std::vector<double> after = lesion_depths_um(m, visible[row]);
  KindChanges out;
  double b_all = 0.0, a_all = 0.0;
  for (std::size_t k = 0; k < before.size(); ++k) {
    b_all += before[k];
    a_all += after[k];
  }
  out.all = b_all > 0.0 ? 100.0 * (a_all - b_all) / b_all : 0.0;
  for (LesionKind kind :
       {LesionKind::rolling, LesionKind::boxcar, LesionKind::icepick, LesionKind::striae}) {
    double b = 0.0, a = 0.0;
    for (std::size_t k = 0; k < before.size(); ++k) {
      if (m.surface.lesions[k].kind != kind) continue;
      b += before[k];
      a += after[k];
    }
    if (b <= 0.0) continue;
    out.by_kind.emplace_back(kind, 100.0 * (a - b) / b);
    if (kind == LesionKind::rolling) out.rolling = out.by_kind.back().second;
  }
  return out;
}

}  // namespace

Calibration calibrate(const fs::path& data_dir, const CalibrationSettings& settings) {
  const auto log = [&](const std::string& line) {
    if (settings.log) settings.log(line);
  };
  Setup s;
  s.root = fs::absolute(data_dir).parent_path();
  s.data = read_model_data(data_dir);
  s.vocabulary = read_vocabulary(data_dir);
  s.targets = read_targets(data_dir / "healing" / "targets.toml");

  Calibration cal;
  HealingParams& params = cal.params;
  params = s.data.healing;
  for (int sweep = 0; sweep < settings.sweeps; ++sweep) {
    for (const auto& t : s.targets) {
      if (!t.fit) continue;
      const ParamEntry& e = params.entry(*t.fit);
      const auto f = [&](double x) {
        HealingParams trial = params;
        set_file_value(trial, *t.fit, x);
        return measure(spec_for(s, t, trial), t.observable, t.metric);
      };
      const double x = solve_monotone(f, t.value, e.file_lo, e.file_hi, 12);
      set_file_value(params, *t.fit, x);
      const auto& info = param_infos()[static_cast<std::size_t>(*t.fit)];
      log(fmt::format("calibrate: sweep {}: {} = {:.4g} {} (target {} = {:g} {})", sweep + 1,
                      info.name, x, info.unit, t.id, t.value, t.unit));
    }
  }

  // Every target measured with the fitted parameters.
  for (const auto& t : s.targets) {
    const double model = measure(spec_for(s, t, params), t.observable, t.metric);
    cal.targets.push_back({t, model});
    if (t.upper_limit) {
      log(fmt::format("calibrate: {:<26} limit    {:8.3g}  model {:8.3g}  {}", t.id, t.value, model,
                      model <= t.value ? "within the limit" : "**exceeds the limit**"));
    } else {
      log(fmt::format("calibrate: {:<26} observed {:8.3g}  model {:8.3g}  error {:+8.3g} {}", t.id,
                      t.value, model, model - t.value, t.unit));
    }
  }

  // The visible response: three parameters, three targets, each on its
  // case run once with the fitted healing parameters; coordinate sweeps.
  const TryonData tryon = read_tryon_data(data_dir);
  ScarResult& scar = cal.scar;
  scar.targets = tryon.targets;
  ModelData scar_data = s.data;
  scar_data.healing = params;
  const ScarCase depth_case = scar_case(s, scar.targets.depth.case_file, scar_data, tryon);
  const ScarCase timing_case = scar_case(s, scar.targets.timing.case_file, scar_data, tryon);
  const ScarCase type_case = scar_case(s, scar.targets.by_type.case_file, scar_data, tryon);
  const ScarTarget& dt = scar.targets.depth;
  const RatioTarget& tt = scar.targets.timing;
  const RatioTarget& yt = scar.targets.by_type;
  ScarResponseParams& r = scar.fitted;
  r = tryon.response;
  const auto depth_pct = [&](const ScarResponseParams& p) {
    return kind_changes(depth_case, p, dt.day).all;
  };
  const auto timing_ratio = [&](const ScarResponseParams& p) {
    return kind_changes(timing_case, p, tt.day).all /
           kind_changes(timing_case, p, tt.day_early).all;
  };
  const auto type_ratio = [&](const ScarResponseParams& p) {
    const KindChanges k = kind_changes(type_case, p, yt.day);
    return k.rolling / k.all;
  };
  const auto bisect = [](const std::function<double(double)>& f, double target, double lo,
                         double hi, bool increasing) {
    for (int i = 0; i < 50; ++i) {
      const double mid = 0.5 * (lo + hi);
      ((f(mid) < target) == increasing ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
  };
  for (int sweep = 0; sweep < 6; ++sweep) {
    // Depth change falls (improves) as k grows.
    r.fill_per_gain = bisect(
        [&](double k) {
          ScarResponseParams p = r;
          p.fill_per_gain = k;
          return -depth_pct(p);
        },
        -dt.value_pct, 0.1, 50.0, true);
    // A slower remodelling leaves more of the improvement for months 3 to 6.
    r.visible.remodel_half_life_days = bisect(
        [&](double t) {
          ScarResponseParams p = r;
          p.visible.remodel_half_life_days = t;
          return timing_ratio(p);
        },
        tt.value, 2.0, 1000.0, true);
    // More of a rolling scar held by tethers: more for needles to release.
    r.visible.tether_share_rolling = bisect(
        [&](double x) {
          ScarResponseParams p = r;
          p.visible.tether_share_rolling = x;
          return type_ratio(p);
        },
        yt.value, 0.0, 0.99, true);
  }
  // Fine lines: exp(-k a L) on the target's day, closed form.
  {
    const ScarTarget& lt = scar.targets.lines;
    const ScarCase line_case = scar_case(s, lt.case_file, scar_data, tryon);
    CITSIM_ASSERT(line_case.model.has_lines(), "the line target's case has lines");
    const std::vector<VisibleChange> visible = visible_course(line_case.rows, r.visible);
    std::size_t row = 0;
    while (row + 1 < visible.size() && visible[row].day < lt.day - 1e-9) ++row;
    const double lift = visible[row].matrix_lift;
    // exp(-k s a L) = 1 + value: k itself, s the site's share (1 off the neck).
    const double site_share = line_case.model.lines_on_neck ? r.neck_line_response : 1.0;
    r.line_fill_per_gain =
        -std::log(1.0 + lt.value_pct / 100.0) / (site_share * line_case.model.line_access * lift);
    TryonModel m = line_case.model;
    m.response = r;
    scar.line_pct = surface_state(m, visible[row]).wrinkle_depth_change_pct;
  }
  // A share at the floor of its search is none (not a rounding residue).
  if (r.visible.tether_share_rolling < 1e-4) r.visible.tether_share_rolling = 0.0;
  scar.model_pct = depth_pct(r);
  scar.timing_ratio = timing_ratio(r);
  scar.type_ratio = type_ratio(r);
  log(fmt::format(
      "calibrate: fill_per_gain = {:.4g}, remodel_half_life = {:.4g} day, tether_share_rolling = "
      "{:.4g} ({} {:g} % -> {:.3g} %; {} {:g} -> {:.3g}; {} {:g} -> {:.3g})",
      r.fill_per_gain, r.visible.remodel_half_life_days, r.visible.tether_share_rolling, dt.id,
      dt.value_pct, scar.model_pct, tt.id, tt.value, scar.timing_ratio, yt.id, yt.value,
      scar.type_ratio));
  // Per scar type, the depth target's run: a prediction of the order the
  // literature reports (rolling best, then boxcar, icepick least).
  const KindChanges k = kind_changes(depth_case, r, dt.day);
  std::string by_kind;
  for (const auto& [kind, change] : k.by_kind) {
    scar.by_kind.emplace_back(kind, change);
    by_kind += fmt::format("{}{} {:+.0f} %", by_kind.empty() ? "" : ", ", to_string(kind), change);
  }
  log(fmt::format("calibrate: scar depth change by type at day {}: {}", dt.day, by_kind));

  // The PIH hazard: closed form, P = s (1 - exp(-h dose)) on its case.
  PihResult& pih = cal.pih;
  RiskParams risks = read_risk_params(data_dir / "healing" / "risks.toml", &pih.target);
  {
    const Case c = read_case(s.root / pih.target.case_file, s.vocabulary);
    CourseRun run(course_spec(c, scar_data), 1);
    run.run_to_end();
    pih.dose_days = erythema_dose_days(run.rows());
    const double share =
        risks.pih_susceptible_share[static_cast<std::size_t>(c.patient.fitzpatrick - 1)];
    if (pih.target.value >= share) {
      throw Error(
          fmt::format("calibrate: {} = {:g} cannot be reached: the susceptible share of "
                      "phototype {} is {:g} (data/healing/risks.toml)",
                      pih.target.id, pih.target.value, c.patient.fitzpatrick, share));
    }
    pih.hazard_per_erythema_day = -std::log(1.0 - pih.target.value / share) / pih.dose_days;
    risks.pih_hazard_per_erythema_day = pih.hazard_per_erythema_day;
    pih.model = course_risks(run.rows(), session_days_of(c.protocol), c.patient.fitzpatrick, risks)
                    .pih_probability;
    log(fmt::format(
        "calibrate: pih_hazard_per_erythema_day = {:.4g} (target {} = {:g}, model {:.3g}; "
        "erythema dose {:.3g} erythema-days)",
        pih.hazard_per_erythema_day, pih.target.id, pih.target.value, pih.model, pih.dose_days));
  }
  return cal;
}

std::string validation_markdown(const Calibration& cal) {
  std::string rows;
  double fitted_sq = 0.0, predicted_sq = 0.0;
  int fitted = 0, predicted = 0;
  for (const auto& [t, model] : cal.targets) {
    const double error = model - t.value;
    const double rel = t.value != 0.0 ? 100.0 * error / std::abs(t.value) : 0.0;
    std::string fit = "prediction";
    if (t.upper_limit) {
      const std::string verdict = model <= t.value ? "within the limit" : "**exceeds the limit**";
      rows += fmt::format(
          "| `{}` | {} | at most {:g} {} | {:.3g} | {} | {} `{}` | upper limit | {} |\n", t.id,
          t.quantity, t.value, t.unit, model, verdict, metric_name(t.metric),
          observable_names()[static_cast<std::size_t>(t.observable)], t.source);
      continue;
    }
    if (t.fit) {
      const auto& info = param_infos()[static_cast<std::size_t>(*t.fit)];
      fit = fmt::format("fitted: `{}` = {:.4g} {}", info.name, cal.params.entry(*t.fit).file_value,
                        info.unit);
      fitted_sq += rel * rel;
      ++fitted;
    } else {
      predicted_sq += rel * rel;
      ++predicted;
    }
    const std::string observed =
        t.sd ? fmt::format("{:g} ± {:g}", t.value, *t.sd) : fmt::format("{:g}", t.value);
    rows +=
        fmt::format("| `{}` | {} | {} {} | {:.3g} | {:+.3g} ({:+.0f} %) | {} `{}` | {} | {} |\n",
                    t.id, t.quantity, observed, t.unit, model, error, rel, metric_name(t.metric),
                    observable_names()[static_cast<std::size_t>(t.observable)], fit, t.source);
  }
  {
    const ScarResult& scar = cal.scar;
    const ScarTarget& dt = scar.targets.depth;
    const RatioTarget& tt = scar.targets.timing;
    const RatioTarget& yt = scar.targets.by_type;
    const ScarResponseParams& r = scar.fitted;
    const auto add_fitted = [&](double model, double published) {
      const double rel = 100.0 * (model - published) / std::abs(published);
      fitted_sq += rel * rel;
      ++fitted;
      return rel;
    };
    double rel = add_fitted(scar.model_pct, dt.value_pct);
    rows += fmt::format(
        "| `{}` | {} | {:g} % | {:.3g} | {:+.3g} ({:+.0f} %) | day {} `scar_depth_change_pct` | "
        "fitted: `fill_per_gain` = {:.4g} (data/surface/response.toml) | {} |\n",
        dt.id, dt.quantity, dt.value_pct, scar.model_pct, scar.model_pct - dt.value_pct, rel,
        dt.day, r.fill_per_gain, dt.source);
    rel = add_fitted(scar.timing_ratio, tt.value);
    rows += fmt::format(
        "| `{}` | {} | {:g} | {:.3g} | {:+.3g} ({:+.0f} %) | `scar_depth_change_pct` day {} over "
        "day {} | fitted: `remodel_half_life` = {:.4g} day (data/surface/response.toml) | {} |\n",
        tt.id, tt.quantity, tt.value, scar.timing_ratio, scar.timing_ratio - tt.value, rel, tt.day,
        tt.day_early, r.visible.remodel_half_life_days, tt.source);
    rel = add_fitted(scar.type_ratio, yt.value);
    rows += fmt::format(
        "| `{}` | {} | {:g} | {:.3g} | {:+.3g} ({:+.0f} %) | rolling over all scars, day {} | "
        "fitted: `tether_share_rolling` = {:.4g} (data/surface/response.toml) | {} |\n",
        yt.id, yt.quantity, yt.value, scar.type_ratio, scar.type_ratio - yt.value, rel, yt.day,
        r.visible.tether_share_rolling, yt.source);
    {
      const ScarTarget& lt = scar.targets.lines;
      const double lrel = add_fitted(scar.line_pct, lt.value_pct);
      rows += fmt::format(
          "| `{}` | {} | {:g} % | {:.3g} | {:+.3g} ({:+.0f} %) | day {} `wrinkle_depth_change_pct` "
          "| fitted: `line_fill_per_gain` = {:.4g} (data/surface/response.toml) | {} |\n",
          lt.id, lt.quantity, lt.value_pct, scar.line_pct, scar.line_pct - lt.value_pct, lrel,
          lt.day, r.line_fill_per_gain, lt.source);
    }
    std::string by_kind;
    std::vector<double> order;
    for (const auto& [kind, change] : scar.by_kind) {
      if (kind != LesionKind::striae) order.push_back(change);
      by_kind +=
          fmt::format("{}{} {:+.0f} %", by_kind.empty() ? "" : ", ", to_string(kind), change);
    }
    const bool complete = order.size() == 3;
    const bool as_published = complete && order[0] < order[1] && order[1] < order[2];
    rows += fmt::format(
        "| `scar_type_order` | mean depth change by scar type, same run as `{}` | rolling best, "
        "then boxcar, icepick least | {} | {} | day {} by lesion kind | prediction (qualitative) | "
        "von Dalwig-Nolda DF, Ablon G 2020 J Clin Aesthet Dermatol 13(8):17-22 (rolling best); "
        "Dogra S et al. 2014 J Cosmet Dermatol 13(3):180-187 and Minutilli E 2024 J Drugs Dermatol "
        "(rolling and boxcar better than icepick) |\n",
        dt.id, by_kind,
        !complete      ? "**not measured**: the try-on patch of this case lacks a scar type"
        : as_published ? "order as published"
                       : "**order differs from the literature**",
        dt.day);
  }
  {
    const PihResult& pih = cal.pih;
    if (!pih.target.id.empty()) {
      const double rel = 100.0 * (pih.model - pih.target.value) / pih.target.value;
      fitted_sq += rel * rel;
      ++fitted;
      rows += fmt::format(
          "| `{}` | {} | {:g} | {:.3g} | {:+.3g} ({:+.0f} %) | PIH probability of the course | "
          "fitted: `pih_hazard_per_erythema_day` = {:.4g} /day (data/healing/risks.toml) | {} "
          "|\n",
          pih.target.id, pih.target.quantity, pih.target.value, pih.model,
          pih.model - pih.target.value, rel, pih.hazard_per_erythema_day, pih.target.source);
    }
  }
  std::string report =
      "# Validation\n\n"
      "Every target of `data/healing/targets.toml` and the scar target of\n"
      "`data/surface/response.toml`: the published value, what the model\n"
      "predicts for it (plan fidelity, nominal parameters, the target's case from\n"
      "`examples/`), and the error. Targets marked *fitted* were used by the calibration\n"
      "to set one parameter each; the others are predictions the model was not fitted to.\n"
      "Radiofrequency microneedling is checked separately, against published histology and\n"
      "one trial, in `docs/rf.md` (\"Against published histology and outcomes\", made by\n"
      "`scripts/rf-sweep`).\n\n"
      "Produced by (rerun after any change to the model or its data):\n\n"
      "    build/release/citsim calibrate --write\n\n"
      "| target | quantity | published | model | error | measured as | role | source |\n"
      "| --- | --- | ---: | ---: | ---: | --- | --- | --- |\n" +
      rows +
      fmt::format(
          "\nRoot-mean-square relative error: fitted targets {:.0f} % ({}), predictions {:.0f} % "
          "({}).\n",
          fitted ? std::sqrt(fitted_sq / fitted) : 0.0, fitted,
          predicted ? std::sqrt(predicted_sq / predicted) : 0.0, predicted) +
      "\nWhere the model is off, and why, is discussed in `docs/healing.md` (Known limits).\n";
  return report;
}

std::vector<fs::path> store_calibrated_values(const fs::path& data_dir, const Calibration& cal) {
  const fs::path params_file = data_dir / "healing" / "parameters.toml";
  std::string text = detail::read_text_file(params_file);
  for (const auto& [t, model] : cal.targets) {
    if (!t.fit) continue;
    text = with_value(text, param_infos()[static_cast<std::size_t>(*t.fit)].name,
                      cal.params.entry(*t.fit).file_value);
  }
  replace_checked(params_file, text, [](const fs::path& f) { read_healing_params(f); });
  const fs::path response = data_dir / "surface" / "response.toml";
  const ScarResponseParams& r = cal.scar.fitted;
  std::string text_r = detail::read_text_file(response);
  text_r = with_value(text_r, "fill_per_gain", r.fill_per_gain);
  text_r = with_value(text_r, "remodel_half_life", r.visible.remodel_half_life_days);
  text_r = with_value(text_r, "tether_share_rolling", r.visible.tether_share_rolling);
  text_r = with_value(text_r, "line_fill_per_gain", r.line_fill_per_gain);
  replace_checked(response, text_r, [](const fs::path& f) { read_scar_response(f); });
  if (!cal.pih.target.id.empty()) {
    const fs::path risks = data_dir / "healing" / "risks.toml";
    replace_checked(risks,
                    with_value(detail::read_text_file(risks), "pih_hazard_per_erythema_day",
                               cal.pih.hazard_per_erythema_day),
                    [](const fs::path& f) { read_risk_params(f); });
    return {params_file, response, risks};
  }
  return {params_file, response};
}

}  // namespace citsim
