#include "citsim/pipeline/targets_reader.hpp"

#include "citsim/core/toml_fields.hpp"

namespace citsim {

std::vector<CalibrationTarget> read_targets(const std::filesystem::path& file) {
  const toml::table root = detail::parse_toml_file(file);
  detail::TableReader top(root, file.string(), "");
  std::vector<detail::TableReader> list = top.optional_tables("target");
  if (list.empty()) top.fail_missing("target", "at least one [[target]] is required");
  top.finish();

  std::vector<std::string> observables, metrics, params;
  for (auto name : observable_names()) observables.emplace_back(name);
  for (auto name : {"end", "peak_days_after_last_session", "median_closure_hours",
                    "p95_closure_hours", "erythema_fall_hours"}) {
    metrics.emplace_back(name);
  }
  for (const auto& info : param_infos()) params.emplace_back(info.name);

  std::vector<CalibrationTarget> targets;
  for (detail::TableReader& t : list) {
    CalibrationTarget c;
    c.id = t.text("id");
    c.quantity = t.optional_text("quantity").value_or(c.id);
    c.value = t.number("value", -1e9, 1e9);
    c.sd = t.optional_number("sd", 0.0, 1e9);
    c.unit = t.optional_text("unit").value_or("");
    const auto source = t.optional_text("source");
    if (!source) t.fail_missing("source", "every target needs its source");
    c.source = *source;
    const auto case_file = t.optional_text("case");
    if (!case_file) t.fail_missing("case", "the example case the target is measured on");
    c.case_file = *case_file;
    if (auto s = t.optional_integer("sessions", 1, 30)) c.sessions = static_cast<int>(*s);
    if (auto f = t.optional_integer("follow_up_days", 0, 3650))
      c.follow_up_days = static_cast<int>(*f);
    c.observable = *observable_from_string(t.choice("observable", observables));
    c.metric = *metric_from_string(t.choice("metric", metrics));
    if (auto fit = t.optional_choice("fit", params)) c.fit = param_from_name(*fit);
    c.upper_limit =
        t.optional_choice("kind", {"value", "upper_limit"}).value_or("value") == "upper_limit";
    if (c.upper_limit && c.fit) t.fail("kind", "\"value\" for a fitted target");
    t.finish();
    targets.push_back(c);
  }
  return targets;
}

}  // namespace citsim
