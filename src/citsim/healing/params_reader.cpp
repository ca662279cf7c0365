#include "citsim/healing/params_reader.hpp"

#include <algorithm>
#include <utility>

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
    detail::TableReader t = top.child(info.name);
    const detail::SourcedValue q =
        detail::read_sourced(t, detail::SourcedRule{.lo = 0.0,
                                                    .hi = 1.0e12,
                                                    .unit = std::string(info.unit),
                                                    .range_within_limits = false,
                                                    .log = true,
                                                    .calibrated = true});
    const double value = q.value();
    if (info.is_half_life && value <= 0.0) t.fail("value", "a positive half-life");
    const auto [lo, hi] = q.range.value_or(std::pair{value, value});

    ParamEntry& e = params.entry(p);
    e.file_value = value;
    e.file_lo = lo;
    e.file_hi = hi;
    e.value = param_to_internal(p, value);
    const double a = param_to_internal(p, lo), b = param_to_internal(p, hi);
    e.lo = std::min(a, b);  // half-lives become rates: the order flips
    e.hi = std::max(a, b);
    e.log_uniform = q.log;
    e.calibrated = q.calibrated;
    e.provenance = q.source;
  }
  top.finish();
  return params;
}

}  // namespace citsim
