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

  // The scar response: fill_per_gain fitted to its target with the fitted
  // healing parameters; the other scar measures of that run are predictions.
  const TryonData tryon = read_tryon_data(data_dir);
  ScarResult& scar = cal.scar;
  scar.target = tryon.target;
  const ScarTarget& st = scar.target;
  const Case scar_case = read_case(s.root / st.case_file, s.vocabulary);
  ModelData scar_data = s.data;
  scar_data.healing = params;
  CourseRun scar_run(course_spec(scar_case, scar_data), 1);
  scar_run.run_to_end();
  for (const auto& row : scar_run.rows()) {
    if (row.day >= st.day - 1e-9) {
      scar.collagen_gain = row[Observable::collagen_change_pct] / 100.0;
      break;
    }
  }
  const double gain = scar.collagen_gain;
  TryonModel scar_model = tryon_model(scar_case, scar_data, tryon);
  const auto depth_change = [&](double k) {
    TryonModel m = scar_model;
    m.response.fill_per_gain = k;
    return surface_state(m, gain).scar_depth_change_pct;
  };
  // Depth change falls as k grows: bisect on k in the data's range.
  double lo = 0.5, hi = 20.0;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    (depth_change(mid) > st.value_pct ? lo : hi) = mid;
  }
  scar.fill_per_gain = 0.5 * (lo + hi);
  scar_model.response.fill_per_gain = scar.fill_per_gain;
  scar.model_pct = surface_state(scar_model, gain).scar_depth_change_pct;
  log(fmt::format(
      "calibrate: fill_per_gain = {:.4g} (target {} = {:g} %, model {:.3g} % at day {}, collagen "
      "{:+.1f} %)",
      scar.fill_per_gain, st.id, st.value_pct, scar.model_pct, st.day, 100.0 * gain));
  // Per scar type, the same run: a prediction of the order the literature
  // reports (rolling and boxcar respond better than icepick).
  const std::vector<double> before = lesion_depths_um(scar_model, 0.0);
  const std::vector<double> after = lesion_depths_um(scar_model, gain);
  std::string by_kind;
  for (LesionKind kind :
       {LesionKind::rolling, LesionKind::boxcar, LesionKind::icepick, LesionKind::striae}) {
    double b = 0.0, a = 0.0;
    for (std::size_t k = 0; k < before.size(); ++k) {
      if (scar_model.surface.lesions[k].kind != kind) continue;
      b += before[k];
      a += after[k];
    }
    if (b <= 0.0) continue;
    scar.by_kind.emplace_back(kind, 100.0 * (a - b) / b);
    by_kind += fmt::format("{}{} {:+.0f} %", by_kind.empty() ? "" : ", ", to_string(kind),
                           scar.by_kind.back().second);
  }
  log(fmt::format("calibrate: scar depth change by type at day {}: {}", st.day, by_kind));
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
    const ScarTarget& st = scar.target;
    const double rel = 100.0 * (scar.model_pct - st.value_pct) / std::abs(st.value_pct);
    fitted_sq += rel * rel;
    ++fitted;
    rows += fmt::format(
        "| `{}` | {} | {:g} % | {:.3g} | {:+.3g} ({:+.0f} %) | day {} `scar_depth_change_pct` | "
        "fitted: `fill_per_gain` = {:.4g} (data/surface/response.toml) | {} |\n",
        st.id, st.quantity, st.value_pct, scar.model_pct, scar.model_pct - st.value_pct, rel,
        st.day, scar.fill_per_gain, st.source);
    std::string by_kind;
    double icepick_change = 0.0, least_other_change = -1.0e9;
    bool has_icepick = false, has_other = false;
    for (const auto& [kind, change] : scar.by_kind) {
      if (kind == LesionKind::icepick) {
        icepick_change = change;
        has_icepick = true;
      } else if (kind != LesionKind::striae) {
        least_other_change = std::max(least_other_change, change);
        has_other = true;
      }
      by_kind +=
          fmt::format("{}{} {:+.0f} %", by_kind.empty() ? "" : ", ", to_string(kind), change);
    }
    rows += fmt::format(
        "| `scar_type_order` | mean depth change by scar type, same run | rolling, boxcar better "
        "than icepick | {} | {} | day {} by lesion kind | prediction (qualitative) | Majid I 2009 "
        "J Cutan Aesthet Surg 2(1):26-30; Harris AG et al. 2015 Int J Womens Dermatol 1(2):77-81 "
        "|\n",
        by_kind,
        !(has_icepick && has_other)
            ? "**not measured**: the try-on patch of this case holds no icepick scar beside "
              "another type"
            : (icepick_change > least_other_change ? "order as published (icepick least)"
                                                   : "**order differs from the literature**"),
        st.day);
  }
  std::string report =
      "# Validation\n\n"
      "Every target of `data/healing/targets.toml` and the scar target of\n"
      "`data/surface/response.toml`: the published value, what the model\n"
      "predicts for it (plan fidelity, nominal parameters, the target's case from\n"
      "`examples/`), and the error. Targets marked *fitted* were used by the calibration\n"
      "to set one parameter each; the others are predictions the model was not fitted to.\n\n"
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
  replace_checked(
      response,
      with_value(detail::read_text_file(response), "fill_per_gain", cal.scar.fill_per_gain),
      [](const fs::path& f) { read_scar_response(f); });
  return {params_file, response};
}

}  // namespace citsim
