// `citsim outcomes`: every published outcome of data/calibration/outcomes.toml
// read from the engine (pipeline/outcomes.hpp). Without --sets, with the
// shipped parameters, as a table. With --sets, for each line of a JSON-lines
// file of parameter sets, one JSON line of the outcomes' model values: the
// batch interface a sampler (scripts/posterior) drives the engine through.
//
//   citsim outcomes
//   citsim outcomes --sets sets.jsonl -j 2 > values.jsonl
//
// A set: {"id": ..., "healing": {"collagen_synthesis_gain": 60.0, ...},
// "response": {"fill_per_gain": 8.0, ...}, "pih_hazard": 2.5}, healing
// values in the units of data/healing/parameters.toml and within their
// ranges there (the priors); parameters not named keep their shipped value.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "apps/citsim/commands.hpp"
#include "citsim/core/error.hpp"
#include "citsim/core/parallel.hpp"
#include "citsim/io/data_dir.hpp"
#include "citsim/pipeline/outcomes.hpp"

namespace citsim::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// At most this many sets in one call: each takes seconds.
constexpr std::size_t kMaxSets = 20000;

struct OutcomesOptions {
  std::string sets;
};

/// The settings of one set: the shipped values with the set's changes, each
/// checked (an unknown name, a value outside its range: Error naming both).
ModelSettings settings_of(const json& set, const ModelSettings& shipped, std::size_t line) {
  ModelSettings s = shipped;
  const auto where = [&](const std::string& key) {
    return fmt::format("--sets line {}: {}", line, key);
  };
  if (!set.is_object()) throw Error(fmt::format("--sets line {}: must be a JSON object", line));
  for (const auto& [key, value] : set.items()) {
    if (key != "id" && key != "healing" && key != "response" && key != "pih_hazard")
      throw Error(
          fmt::format("{}: unknown key; allowed: id, healing, response, pih_hazard", where(key)));
  }
  const std::string at = fmt::format("--sets line {}", line);
  for (const char* group : {"healing", "response"}) {
    const auto it = set.find(group);
    if (it == set.end()) continue;
    if (!it->is_object()) throw Error(where(group) + ": must be an object of name: value");
    for (const auto& [name, value] : it->items()) {
      if (!value.is_number())
        throw Error(fmt::format("{}: must be a number", where(std::string(group) + "." + name)));
      set_parameter(s, group, name, value.get<double>(), at);
    }
  }
  if (const auto it = set.find("pih_hazard"); it != set.end()) {
    if (!it->is_number()) throw Error(where("pih_hazard") + ": must be a number");
    set_parameter(s, "pih", "pih_hazard", it->get<double>(), at);
  }
  return s;
}

void run_outcomes(const OutcomesOptions& opt, const CommonOptions& common) {
  const fs::path data_dir = find_data_dir(common.data_dir);
  const fs::path root = fs::absolute(data_dir).parent_path();
  const std::vector<Outcome> outcomes =
      read_outcomes(data_dir / "calibration" / "outcomes.toml", root);
  const ModelData model = read_model_data(data_dir);
  const TryonData tryon = read_tryon_data(data_dir);
  const Vocabulary vocab = read_vocabulary(data_dir);
  const ModelSettings shipped{model.healing, tryon.response, model.risks};
  if (opt.sets.empty()) {
    const std::vector<double> v = evaluate_outcomes(outcomes, shipped, model, tryon, root, vocab);
    int w = 28;  // the widest id sets the first column
    for (const auto& o : outcomes) w = std::max(w, static_cast<int>(o.id.size()));
    std::printf("%-*s %12s %12s %10s  %s\n", w, "outcome", "published", "model", "error", "study");
    bool responders = false;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      if (outcomes[i].threshold) {
        responders = true;
        std::printf("%-*s %12.4g %12.4g %10s  %s\n", w, outcomes[i].id.c_str(), outcomes[i].value,
                    v[i], "(mean)", outcomes[i].study.c_str());
        continue;
      }
      std::printf("%-*s %12.4g %12.4g %+9.0f%%  %s\n", w, outcomes[i].id.c_str(), outcomes[i].value,
                  v[i], outcomes[i].value != 0.0 ? 100.0 * (v[i] / outcomes[i].value - 1.0) : 0.0,
                  outcomes[i].study.c_str());
    }
    if (responders)
      std::printf(
          "(mean): a share of responders; the model column is the typical patient's change, and "
          "the share needs the spread between patients (scripts/posterior, docs/calibration.md)\n");
    return;
  }
  // Read and check every set before running any: nothing half done.
  std::ifstream file;
  std::istream* in = &std::cin;
  if (opt.sets != "-") {
    file.open(opt.sets);
    if (!file) throw Error(fmt::format("--sets {}: cannot be read", opt.sets));
    in = &file;
  }
  std::vector<json> ids;
  std::vector<ModelSettings> sets;
  std::string text;
  for (std::size_t line = 1; std::getline(*in, text); ++line) {
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (sets.size() >= kMaxSets)
      throw Error(fmt::format(
          "--sets: at most {} sets in one call (each runs every outcome's course)", kMaxSets));
    json set;
    try {
      set = json::parse(text);
    } catch (const json::parse_error&) {
      throw Error(fmt::format("--sets line {}: not valid JSON", line));
    }
    sets.push_back(settings_of(set, shipped, line));
    ids.push_back(set.is_object() && set.contains("id") ? set["id"] : json(line));
  }
  std::vector<std::vector<double>> values(sets.size());
  parallel_for(0, static_cast<std::int64_t>(sets.size()), resolve_threads(common.threads),
               [&](std::int64_t k) {
                 const auto i = static_cast<std::size_t>(k);
                 values[i] = evaluate_outcomes(outcomes, sets[i], model, tryon, root, vocab);
               });
  json header = json::array();
  for (const Outcome& o : outcomes) header.push_back(o.id);
  std::printf("%s\n", json{{"outcomes", header}}.dump().c_str());
  for (std::size_t i = 0; i < sets.size(); ++i)
    std::printf("%s\n", json{{"id", ids[i]}, {"values", values[i]}}.dump().c_str());
}

}  // namespace

void add_outcomes(CLI::App& app, CommonOptions& common) {
  auto opt = std::make_shared<OutcomesOptions>();
  auto* cmd = app.add_subcommand(
      "outcomes",
      "Read every published outcome (data/calibration/outcomes.toml) from the engine: with the "
      "shipped parameters, or for each parameter set of --sets (JSON lines) as JSON lines");
  cmd->add_option(
      "--sets", opt->sets,
      "JSON-lines file of parameter sets ('-': standard input); see docs/calibration.md");
  cmd->add_option("-j,--threads", common.threads,
                  "Threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--data-dir", common.data_dir,
                  "CITSim data folder (default: found automatically)");
  cmd->callback([opt, &common] { run_outcomes(*opt, common); });
}

}  // namespace citsim::app
