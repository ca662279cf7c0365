#include "citsim/pipeline/model_settings.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

/// At most this many samples: a posterior of more adds nothing to bands of
/// hundreds of members.
constexpr std::size_t kMaxRows = 100000;

double checked(double v, double lo, double hi, bool open_lo, std::string_view where,
               std::string_view key, std::string_view range = "") {
  if (!std::isfinite(v) || (open_lo ? v <= lo : v < lo) || v > hi)
    throw Error(fmt::format("{}: {} = {}: must be within {}{}{:g}, {:g}]", where, key, v, range,
                            open_lo ? "(" : "[", lo, hi));
  return v;
}

}  // namespace

void set_parameter(ModelSettings& s, std::string_view group, std::string_view name, double value,
                   std::string_view where) {
  const std::string key = fmt::format("{}.{}", group, name);
  if (group == "healing") {
    const auto p = param_from_name(name);
    if (!p)
      throw Error(
          fmt::format("{}: {}: not a parameter of data/healing/parameters.toml", where, key));
    ParamEntry& e = s.healing.entry(*p);
    if (e.file_lo >= e.file_hi)
      throw Error(
          fmt::format("{}: {}: has no range in data/healing/parameters.toml (fixed)", where, key));
    e.file_value = checked(value, e.file_lo, e.file_hi, false, where, key, "its range ");
    e.value = param_to_internal(*p, e.file_value);
  } else if (group == "response") {
    if (name == "fill_per_gain")
      s.response.fill_per_gain = checked(value, 0.1, 50.0, false, where, key);
    else if (name == "line_fill_per_gain")
      s.response.line_fill_per_gain = checked(value, 0.1, 50.0, false, where, key);
    else if (name == "neck_line_response")
      s.response.neck_line_response = checked(value, 0.0, 1.0, true, where, key);
    else if (name == "remodel_half_life")
      s.response.visible.remodel_half_life_days = checked(value, 2.0, 1000.0, false, where, key);
    else if (name == "tether_share_rolling")
      s.response.visible.tether_share_rolling = checked(value, 0.0, 0.99, false, where, key);
    else
      throw Error(
          fmt::format("{}: {}: unknown; allowed: fill_per_gain, line_fill_per_gain, "
                      "neck_line_response, remodel_half_life, tether_share_rolling",
                      where, key));
  } else if (group == "patient") {
    const auto p = param_from_name(name);
    if (!p || s.healing.entry(*p).file_lo >= s.healing.entry(*p).file_hi)
      throw Error(fmt::format("{}: {}: not a ranged parameter of data/healing/parameters.toml",
                              where, key));
    set_spread(s.patient_spread, {*p, checked(value, 0.0, 2.0, false, where, key)});
  } else if (group == "pih" && name == "pih_hazard") {
    s.risks.pih_hazard_per_erythema_day = checked(value, 0.0, 100.0, true, where, key);
  } else {
    throw Error(
        fmt::format("{}: {}: unknown; allowed: healing.<name>, response.<name>, pih.pih_hazard, "
                    "patient.<name>",
                    where, key));
  }
}

Posterior read_posterior(const std::filesystem::path& file, const HealingParams& healing) {
  std::ifstream in(file);
  if (!in) throw Error(file.string() + ": cannot be read");
  Posterior out;
  ModelSettings scratch{healing, {}, {}};
  auto samples = std::make_shared<ParamSamples>();
  std::vector<int> healing_column;  // per column: index into samples->params, or -1
  std::vector<int> spread_column;   // per column: index into samples->spread_params, or -1
  std::string line;
  bool header = true;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string where = fmt::format("{}:{}", file.filename().string(), number);
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (out.provenance.empty()) out.provenance = line.substr(line.find_first_not_of("# "));
      continue;
    }
    std::vector<std::string> cells;
    std::stringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ',');) cells.push_back(cell);
    if (header) {
      for (const std::string& cell : cells) {
        const auto dot = cell.find('.');
        if (dot == std::string::npos)
          throw Error(fmt::format("{}: column {}: must be group.name", where, cell));
        Posterior::Column c{cell.substr(0, dot), cell.substr(dot + 1)};
        const bool is_healing = c.group == "healing", is_spread = c.group == "patient";
        healing_column.push_back(is_healing ? static_cast<int>(samples->params.size()) : -1);
        spread_column.push_back(is_spread ? static_cast<int>(samples->spread_params.size()) : -1);
        if (is_healing || is_spread) {
          const auto p = param_from_name(c.name);
          if (!p)
            throw Error(fmt::format("{}: {}: not a parameter of data/healing/parameters.toml",
                                    where, cell));
          (is_healing ? samples->params : samples->spread_params).push_back(*p);
        }
        out.columns.push_back(std::move(c));
      }
      header = false;
      continue;
    }
    if (cells.size() != out.columns.size())
      throw Error(fmt::format("{}: {} values, the header names {}", where, cells.size(),
                              out.columns.size()));
    if (out.rows.size() == kMaxRows)
      throw Error(fmt::format("{}: more than {} samples", where, kMaxRows));
    std::vector<double> row(cells.size());
    std::vector<double> healing_row(samples->params.size());
    std::vector<double> spread_row(samples->spread_params.size());
    for (std::size_t k = 0; k < cells.size(); ++k) {
      const Posterior::Column& c = out.columns[k];
      double v = 0.0;
      const char* end = cells[k].data() + cells[k].size();
      const auto [ptr, ec] = std::from_chars(cells[k].data(), end, v);
      if (ec != std::errc{} || ptr != end)
        throw Error(fmt::format("{}: {}.{} = {}: not a number", where, c.group, c.name, cells[k]));
      if (c.group == "model") {
        checked(v, 0.0, 10.0, false, where, c.group + "." + c.name);
      } else {
        set_parameter(scratch, c.group, c.name, v, where);
      }
      row[k] = v;
      if (healing_column[k] >= 0) healing_row[static_cast<std::size_t>(healing_column[k])] = v;
      if (spread_column[k] >= 0) spread_row[static_cast<std::size_t>(spread_column[k])] = v;
    }
    out.rows.push_back(std::move(row));
    samples->rows.push_back(std::move(healing_row));
    samples->spreads.push_back(std::move(spread_row));
  }
  if (out.rows.empty()) throw Error(file.string() + ": no samples");
  out.healing = std::move(samples);
  return out;
}

ModelSettings member_settings(const ModelSettings& shipped, const Posterior* posterior,
                              std::uint64_t seed, std::uint64_t member) {
  ModelSettings s = shipped;
  if (posterior == nullptr || posterior->rows.empty()) return s;
  const auto& row = posterior->rows[joint_sample_row(seed, member, posterior->rows.size())];
  for (std::size_t k = 0; k < row.size(); ++k) {
    const Posterior::Column& c = posterior->columns[k];
    if (c.group == "healing" || c.group == "response" || c.group == "patient")
      set_parameter(s, c.group, c.name, row[k], "posterior");
  }
  return s;
}

std::string ensemble_parameters_note(const Posterior* posterior) {
  if (posterior == nullptr)
    return "Each member draws the model's sourced parameters from their published ranges and "
           "the device's depth from its spread; calibrated parameters keep their fitted values.";
  std::vector<std::string> spread;
  if (posterior->healing)
    for (const Param p : posterior->healing->spread_params) {
      std::string name(param_infos()[static_cast<std::size_t>(p)].name);
      std::replace(name.begin(), name.end(), '_', ' ');
      spread.push_back(std::move(name));
    }
  const std::string common = fmt::format(
      "Each member takes one of the {} joint samples of the calibration's posterior "
      "(data/calibration/posterior_samples.csv: {}) for the healing and visible-response "
      "parameters, and its own device depth; every other parameter keeps its value, and the PIH "
      "hazard its point value (docs/calibration.md).",
      posterior->rows.size(), posterior->provenance);
  if (spread.empty())
    return common +
           " The band is the uncertainty of the response of patients like this one, not the "
           "spread between patients.";
  return fmt::format(
      "{} Each member is also a patient of its own: its {} differ from the typical patient's by "
      "lognormal factors with the between-patient spread the posterior infers from the trials' "
      "published spreads. The band is where patients like this one land, the spread between "
      "them and the uncertainty of the parameters together.",
      common, fmt::join(spread, ", "));
}

}  // namespace citsim
