// `citsim calibrate`: fits the parameters marked `calibrated` in
// data/healing/parameters.toml to their targets (data/healing/targets.toml),
// measures every target, and writes docs/validation.md. With --write it also
// stores the fitted values in parameters.toml.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "apps/citsim/commands.hpp"
#include "citsim/core/error.hpp"
#include "citsim/core/toml_fields.hpp"
#include "citsim/healing/params_reader.hpp"
#include "citsim/io/data_dir.hpp"
#include "citsim/observe/metrics.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/pipeline/model_data.hpp"
#include "citsim/pipeline/targets_reader.hpp"
#include "citsim/pipeline/tryon.hpp"
#include "citsim/planner/vocabulary.hpp"

namespace citsim::app {
namespace {

namespace fs = std::filesystem;

struct CalibrateOptions {
  bool write = false;
  std::string report;
  int sweeps = 2;
};

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
  const std::regex table("\\[" + std::string(name) + "\\]\\nvalue = [^\\n]*");
  return std::regex_replace(text, table, fmt::format("[{}]\nvalue = {:.4g}", name, value),
                            std::regex_constants::format_first_only);
}

void run_calibrate(const CalibrateOptions& opt, const CommonOptions& common) {
  Setup s;
  const fs::path data_dir = find_data_dir(common.data_dir);
  s.root = fs::absolute(data_dir).parent_path();
  s.data = read_model_data(data_dir);
  s.vocabulary = read_vocabulary(data_dir);
  s.targets = read_targets(data_dir / "healing" / "targets.toml");

  HealingParams params = s.data.healing;
  for (int sweep = 0; sweep < opt.sweeps; ++sweep) {
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
      std::printf("calibrate: sweep %d: %s = %.4g %s (target %s = %g %s)\n", sweep + 1,
                  std::string(param_infos()[static_cast<std::size_t>(*t.fit)].name).c_str(), x,
                  std::string(param_infos()[static_cast<std::size_t>(*t.fit)].unit).c_str(),
                  t.id.c_str(), t.value, t.unit.c_str());
    }
  }

  // Measure every target with the fitted parameters.
  std::string rows;
  double fitted_sq = 0.0, predicted_sq = 0.0;
  int fitted = 0, predicted = 0;
  for (const auto& t : s.targets) {
    const double model = measure(spec_for(s, t, params), t.observable, t.metric);
    const double error = model - t.value;
    const double rel = t.value != 0.0 ? 100.0 * error / std::abs(t.value) : 0.0;
    std::string fit = "prediction";
    if (t.upper_limit) {
      const std::string verdict = model <= t.value ? "within the limit" : "**exceeds the limit**";
      rows += fmt::format(
          "| `{}` | {} | at most {:g} {} | {:.3g} | {} | {} `{}` | upper limit | {} |\n", t.id,
          t.quantity, t.value, t.unit, model, verdict, metric_name(t.metric),
          observable_names()[static_cast<std::size_t>(t.observable)], t.source);
      std::printf("calibrate: %-26s limit    %8.3g  model %8.3g  %s\n", t.id.c_str(), t.value,
                  model, verdict.c_str());
      continue;
    }
    if (t.fit) {
      const auto& info = param_infos()[static_cast<std::size_t>(*t.fit)];
      fit = fmt::format("fitted: `{}` = {:.4g} {}", info.name, params.entry(*t.fit).file_value,
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
    std::printf("calibrate: %-26s observed %8.3g  model %8.3g  error %+8.3g %s\n", t.id.c_str(),
                t.value, model, error, t.unit.c_str());
  }

  // The scar response: fill_per_gain fitted to its target with the fitted
  // healing parameters; the other scar measures of that run are predictions.
  const TryonData tryon = read_tryon_data(data_dir);
  const ScarTarget& st = tryon.target;
  const Case scar_case = read_case(s.root / st.case_file, s.vocabulary);
  ModelData scar_data = s.data;
  scar_data.healing = params;
  CourseRun scar_run(course_spec(scar_case, scar_data), 1);
  scar_run.run_to_end();
  double gain = 0.0;
  for (const auto& row : scar_run.rows()) {
    if (row.day >= st.day - 1e-9) {
      gain = row[Observable::collagen_change_pct] / 100.0;
      break;
    }
  }
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
  const double fill_per_gain = 0.5 * (lo + hi);
  scar_model.response.fill_per_gain = fill_per_gain;
  const double scar_model_value = surface_state(scar_model, gain).scar_depth_change_pct;
  std::printf(
      "calibrate: fill_per_gain = %.4g (target %s = %g %%, model %.3g %% at day %d, collagen %+.1f "
      "%%)\n",
      fill_per_gain, st.id.c_str(), st.value_pct, scar_model_value, st.day, 100.0 * gain);
  {
    const double rel = 100.0 * (scar_model_value - st.value_pct) / std::abs(st.value_pct);
    fitted_sq += rel * rel;
    ++fitted;
    rows += fmt::format(
        "| `{}` | {} | {:g} % | {:.3g} | {:+.3g} ({:+.0f} %) | day {} `scar_depth_change_pct` | "
        "fitted: `fill_per_gain` = {:.4g} (data/surface/response.toml) | {} |\n",
        st.id, st.quantity, st.value_pct, scar_model_value, scar_model_value - st.value_pct, rel,
        st.day, fill_per_gain, st.source);
    // Per scar type, the same run: a prediction of the order the literature
    // reports (rolling and boxcar respond better than icepick).
    const std::vector<double> before = lesion_depths_um(scar_model, 0.0);
    const std::vector<double> after = lesion_depths_um(scar_model, gain);
    std::string by_kind;
    double icepick_change = 0.0, least_other_change = -1.0e9;
    for (LesionKind kind :
         {LesionKind::rolling, LesionKind::boxcar, LesionKind::icepick, LesionKind::striae}) {
      double b = 0.0, a = 0.0;
      for (std::size_t k = 0; k < before.size(); ++k) {
        if (scar_model.surface.lesions[k].kind != kind) continue;
        b += before[k];
        a += after[k];
      }
      if (b <= 0.0) continue;
      const double change = 100.0 * (a - b) / b;
      if (kind == LesionKind::icepick) {
        icepick_change = change;
      } else if (kind != LesionKind::striae) {
        least_other_change = std::max(least_other_change, change);
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
        icepick_change > least_other_change ? "order as published (icepick least)"
                                            : "**order differs from the literature**",
        st.day);
    std::printf("calibrate: scar depth change by type at day %d: %s\n", st.day, by_kind.c_str());
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
  const fs::path report_path =
      opt.report.empty() ? s.root / "docs" / "validation.md" : fs::path(opt.report);
  {
    std::ofstream out(report_path);
    out << report;
    if (!out) throw Error(report_path.string() + ": write failed");
  }
  std::printf("calibrate: report written to %s\n", report_path.string().c_str());

  if (opt.write) {
    const fs::path file = data_dir / "healing" / "parameters.toml";
    std::string text = detail::read_text_file(file);
    for (const auto& t : s.targets) {
      if (!t.fit) continue;
      text = with_value(text, param_infos()[static_cast<std::size_t>(*t.fit)].name,
                        params.entry(*t.fit).file_value);
    }
    {
      std::ofstream out(file.string() + ".tmp");
      out << text;
    }
    read_healing_params(file.string() + ".tmp");  // still valid?
    fs::rename(file.string() + ".tmp", file);
    std::printf("calibrate: fitted values written to %s\n", file.string().c_str());
    const fs::path response = data_dir / "surface" / "response.toml";
    {
      std::ofstream out(response.string() + ".tmp");
      out << with_value(detail::read_text_file(response), "fill_per_gain", fill_per_gain);
    }
    read_scar_response(response.string() + ".tmp");  // still valid?
    fs::rename(response.string() + ".tmp", response);
    std::printf("calibrate: fitted value written to %s\n", response.string().c_str());
  }
}

}  // namespace

void add_calibrate(CLI::App& app, CommonOptions& common) {
  auto opt = std::make_shared<CalibrateOptions>();
  auto* cmd = app.add_subcommand(
      "calibrate",
      "Fit the calibrated healing parameters to their targets and write docs/validation.md");
  cmd->add_flag("--write", opt->write, "Store the fitted values in data/healing/parameters.toml");
  cmd->add_option("--report", opt->report,
                  "Where to write the validation report (default: docs/validation.md)");
  cmd->add_option("--sweeps", opt->sweeps, "Passes over the fitted parameters (default 2)")
      ->check(CLI::Range(1, 10));
  cmd->add_option("--data-dir", common.data_dir,
                  "CITSim data folder (default: found automatically)");
  cmd->callback([opt, &common] { run_calibrate(*opt, common); });
}

}  // namespace citsim::app
