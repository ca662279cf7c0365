#include "citsim/pipeline/timeseries_csv.hpp"

#include <fmt/format.h>

#include "citsim/core/error.hpp"

namespace citsim {

std::string timeseries_csv(const std::vector<ObservableRow>& rows, const EnsembleResult* ensemble,
                           const std::vector<ExtraColumn>& extra) {
  const auto& names = observable_names();
  const std::size_t extra_after = static_cast<std::size_t>(Observable::open_channels_fraction);
  for (const ExtraColumn& e : extra) {
    if (e.values.size() != rows.size() || (ensemble && e.band.p10.size() != rows.size())) {
      throw Error("timeseries: column " + e.name + " does not match the rows");
    }
  }
  std::string out = "day";
  for (std::size_t o = 0; o < kObservableCount; ++o) {
    out += fmt::format(",{}", names[o]);
    if (ensemble) out += fmt::format(",{0}_p10,{0}_p50,{0}_p90", names[o]);
    if (o == extra_after) {
      for (const ExtraColumn& e : extra) {
        out += fmt::format(",{}", e.name);
        if (ensemble) out += fmt::format(",{0}_p10,{0}_p50,{0}_p90", e.name);
      }
    }
  }
  out += '\n';
  if (ensemble && ensemble->days.size() != rows.size()) {
    throw Error("timeseries: ensemble rows do not match the nominal run");
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out += fmt::format("{:.6g}", rows[r].day);
    for (std::size_t o = 0; o < kObservableCount; ++o) {
      out += fmt::format(",{:.6g}", rows[r].values[o]);
      if (ensemble) {
        out += fmt::format(",{:.6g},{:.6g},{:.6g}", ensemble->bands[o].p10[r],
                           ensemble->bands[o].p50[r], ensemble->bands[o].p90[r]);
      }
      if (o == extra_after) {
        for (const ExtraColumn& e : extra) {
          out += fmt::format(",{:.6g}", e.values[r]);
          if (ensemble)
            out +=
                fmt::format(",{:.6g},{:.6g},{:.6g}", e.band.p10[r], e.band.p50[r], e.band.p90[r]);
        }
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace citsim
