#include "citsim/io/timeseries.hpp"

#include <fmt/format.h>

#include "citsim/core/error.hpp"

namespace citsim {

std::string timeseries_csv(const std::vector<ObservableRow>& rows, const EnsembleResult* ensemble) {
  const auto& names = observable_names();
  std::string out = "day";
  for (const auto& name : names) {
    out += fmt::format(",{}", name);
    if (ensemble) out += fmt::format(",{0}_p10,{0}_p50,{0}_p90", name);
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
        out += fmt::format(",{:.6g},{:.6g},{:.6g}", ensemble->p10[o][r], ensemble->p50[o][r],
                           ensemble->p90[o][r]);
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace citsim
