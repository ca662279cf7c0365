#include "citsim/observe/risks.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "citsim/core/error.hpp"
#include "citsim/core/toml_fields.hpp"

namespace citsim {
namespace {

double quantity(detail::TableReader& top, std::string_view name, double lo, double hi,
                std::string_view unit) {
  return detail::sourced_number(top, name, lo, hi, unit, detail::Fitted::may_be);
}

/// Standard normal cumulative distribution.
double phi(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

}  // namespace

RiskParams read_risk_params(const std::filesystem::path& file, PihTarget* target) {
  const toml::table root = detail::parse_toml_file(file);
  detail::TableReader top(root, file.string(), "");
  RiskParams p;
  p.pih_hazard_per_erythema_day = quantity(top, "pih_hazard_per_erythema_day", 0.0, 100.0, "1/day");
  for (int type = 1; type <= 6; ++type) {
    p.pih_susceptible_share[static_cast<std::size_t>(type - 1)] =
        quantity(top, "pih_susceptible_share_phototype_" + std::to_string(type), 0.0, 1.0, "1");
  }
  p.prolonged_erythema_days = quantity(top, "prolonged_erythema", 1.0, 365.0, "day");
  p.erythema_duration_sigma = quantity(top, "erythema_duration_sigma", 0.01, 5.0, "1");
  p.visible_erythema = quantity(top, "visible_erythema", 0.0, 1.0, "1");
  detail::TableReader t(top.table("pih_target"), file.string(), "pih_target.");
  PihTarget read;
  read.id = t.text("id");
  read.quantity = t.text("quantity");
  read.value = t.number("value", 0.0001, 0.9999, "1");
  t.choice("unit", {"1"});
  read.case_file = t.text("case");
  read.source = t.text("source");
  t.finish();
  top.finish();
  if (target != nullptr) *target = read;
  return p;
}

double erythema_dose_days(std::span<const ObservableRow> rows) {
  double dose = 0.0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    dose += 0.5 * (rows[i][Observable::erythema] + rows[i - 1][Observable::erythema]) *
            (rows[i].day - rows[i - 1].day);
  }
  return dose;
}

std::vector<double> redness_days(std::span<const ObservableRow> rows,
                                 std::span<const int> session_days, double visible) {
  std::vector<double> out;
  for (std::size_t s = 0; s < session_days.size(); ++s) {
    const double start = session_days[s];
    const double stop = s + 1 < session_days.size() ? session_days[s + 1] : 1e300;
    double peak = 0.0;
    for (const ObservableRow& r : rows) {
      if (r.day >= start && r.day < stop) peak = std::max(peak, r[Observable::erythema]);
    }
    if (peak <= 0.0 || peak < visible) {
      out.push_back(0.0);
      continue;
    }
    // The first fall through 10 % of the peak (or the visible level), linear
    // between rows.
    const double level = std::max(0.1 * peak, visible);
    double faded = start;
    bool risen = false;
    const ObservableRow* previous = nullptr;
    for (const ObservableRow& r : rows) {
      if (r.day < start || r.day >= stop) continue;
      const double e = r[Observable::erythema];
      faded = r.day;
      if (risen && e < level && previous != nullptr) {
        const double e0 = (*previous)[Observable::erythema];
        faded = previous->day + (r.day - previous->day) * (e0 - level) / (e0 - e);
        break;
      }
      if (e >= level && peak > 0.0) risen = true;
      previous = &r;
    }
    out.push_back(faded - start);
  }
  return out;
}

CourseRisks course_risks(std::span<const ObservableRow> rows, std::span<const int> session_days,
                         int fitzpatrick, const RiskParams& params) {
  CITSIM_ASSERT(fitzpatrick >= 1 && fitzpatrick <= 6, "phototype is validated");
  CourseRisks r;
  r.erythema_dose_days = erythema_dose_days(rows);
  const double share = params.pih_susceptible_share[static_cast<std::size_t>(fitzpatrick - 1)];
  r.pih_probability =
      share * (1.0 - std::exp(-params.pih_hazard_per_erythema_day * r.erythema_dose_days));
  double none = 1.0;
  for (double d : redness_days(rows, session_days, params.visible_erythema)) {
    r.longest_redness_days = std::max(r.longest_redness_days, d);
    if (d <= 0.0) continue;
    const double p =
        1.0 - phi(std::log(params.prolonged_erythema_days / d) / params.erythema_duration_sigma);
    none *= 1.0 - p;
  }
  r.prolonged_erythema_probability = 1.0 - none;
  return r;
}

std::string pih_grade(double probability) {
  if (probability < 0.05) return "low";
  if (probability < 0.15) return "moderate";
  return "high";
}

}  // namespace citsim
