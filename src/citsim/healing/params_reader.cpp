#include "citsim/healing/params_reader.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "citsim/core/error.hpp"
#include "citsim/core/toml_fields.hpp"

namespace citsim {

HealingParams read_healing_params(const std::filesystem::path& file) {
  const toml::table root = detail::parse_toml_file(file);
  detail::TableReader top(root, file.string(), "");
  HealingParams params;
  const auto& infos = param_infos();
  for (std::size_t n = 0; n < kParamCount; ++n) {
    const Param p = static_cast<Param>(n);
    const ParamInfo& info = infos[n];
    detail::TableReader t(top.table(info.name), file.string(), std::string(info.name) + ".");
    t.choice("unit", {std::string(info.unit)});
    const double value = t.number("value", 0.0, 1.0e12, std::string(info.unit));
    if (info.is_half_life && value <= 0.0) t.fail("value", "a positive half-life");
    const bool log_scale = t.optional_boolean("log").value_or(false);
    double lo = value, hi = value;
    if (const auto range = t.optional_interval("range")) {
      std::tie(lo, hi) = *range;
      if (!(lo <= value && value <= hi)) {
        t.fail("range", fmt::format("an interval holding value = {:g}", value));
      }
      if (log_scale && lo <= 0.0) t.fail("range", "positive bounds when log = true");
    }
    const auto source = t.optional_text("source");
    const auto calibrated = t.optional_text("calibrated");
    if (source && calibrated) {
      t.fail("calibrated",
             "absent when source is given: a parameter is either sourced or calibrated");
    }
    if (!source && !calibrated) {
      t.fail_missing("source",
                     "every parameter needs source (where the value comes from) or "
                     "calibrated (the target it is fitted to)");
    }
    t.finish();

    ParamEntry& e = params.entry(p);
    e.file_value = value;
    e.file_lo = lo;
    e.file_hi = hi;
    e.value = param_to_internal(p, value);
    const double a = param_to_internal(p, lo), b = param_to_internal(p, hi);
    e.lo = std::min(a, b);  // half-lives become rates: the order flips
    e.hi = std::max(a, b);
    e.log_uniform = log_scale;
    e.calibrated = calibrated.has_value();
    e.provenance = source ? *source : *calibrated;
  }
  top.finish();
  return params;
}

}  // namespace citsim
