#include "citsim/planner/planner_fields.hpp"

#include <fmt/format.h>

#include "citsim/core/error.hpp"

namespace citsim::detail {

PlannerFields::PlannerFields(const toml::table& table, std::string file, std::string prefix)
    : table_(table), reader_(table, std::move(file), std::move(prefix)) {}

std::string PlannerFields::text(std::string_view key) {
  ask(key);
  const toml::node* node = table_.get(key);
  if (node == nullptr) reader_.fail_missing(key, "a non-empty string is required");
  const auto* s = node->as_string();
  if (s == nullptr || s->get().empty()) reader_.fail(key, "a non-empty string");
  return s->get();
}

std::string PlannerFields::optional_text(std::string_view key, std::string fallback) {
  ask(key);
  const toml::node* node = table_.get(key);
  if (node == nullptr) return fallback;
  const auto* s = node->as_string();
  if (s == nullptr) reader_.fail(key, "a string");
  return s->get();
}

std::vector<std::string> PlannerFields::texts(std::string_view key) {
  ask(key);
  const toml::node* node = table_.get(key);
  if (node == nullptr) return {};
  const auto* a = node->as_array();
  if (a == nullptr) reader_.fail(key, "a list of strings");
  std::vector<std::string> items;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const auto* s = (*a)[i].as_string();
    if (s == nullptr) {
      throw Error(fmt::format("{}: {}[{}] = {}: must be a string", reader_.file(), path(key), i,
                              describe((*a)[i])));
    }
    items.push_back(s->get());
  }
  return items;
}

std::vector<std::string> PlannerFields::names(std::string_view key,
                                              const std::vector<std::string>& allowed) {
  ask(key);
  return reader_.string_list(key, allowed);
}

std::int64_t PlannerFields::integer(std::string_view key, std::int64_t lo, std::int64_t hi) {
  ask(key);
  return reader_.integer(key, lo, hi);
}

std::optional<std::int64_t> PlannerFields::optional_integer(std::string_view key, std::int64_t lo,
                                                            std::int64_t hi) {
  ask(key);
  return reader_.optional_integer(key, lo, hi);
}

double PlannerFields::number(std::string_view key, double lo, double hi, std::string_view unit) {
  ask(key);
  return reader_.number(key, lo, hi, unit);
}

bool PlannerFields::boolean_or(std::string_view key, bool fallback) {
  ask(key);
  return reader_.optional_boolean(key).value_or(fallback);
}

std::string PlannerFields::choice(std::string_view key, const std::vector<std::string>& allowed) {
  ask(key);
  return reader_.choice(key, allowed);
}

std::pair<double, double> PlannerFields::number_pair(std::string_view key, double lo, double hi,
                                                     std::string_view unit) {
  ask(key);
  const std::string what =
      fmt::format("[min, max]: two numbers between {:g} and {:g}{}{}, min <= max", lo, hi,
                  unit.empty() ? "" : " ", unit);
  const toml::node* node = table_.get(key);
  if (node == nullptr) reader_.fail_missing(key, what + " is required");
  const auto* a = node->as_array();
  if (a == nullptr || a->size() != 2) reader_.fail(key, what);
  double v[2] = {0.0, 0.0};
  for (std::size_t i = 0; i < 2; ++i) {
    const toml::node& n = (*a)[i];
    if (const auto* f = n.as_floating_point()) {
      v[i] = f->get();
    } else if (const auto* k = n.as_integer()) {
      v[i] = static_cast<double>(k->get());
    } else {
      reader_.fail(key, what);
    }
    if (!(v[i] >= lo && v[i] <= hi)) reader_.fail(key, what);
  }
  if (v[0] > v[1]) reader_.fail(key, what);
  return {v[0], v[1]};
}

std::pair<int, int> PlannerFields::integer_pair(std::string_view key, int lo, int hi) {
  ask(key);
  const std::string what =
      fmt::format("[min, max]: two whole numbers between {} and {}, min <= max", lo, hi);
  const toml::node* node = table_.get(key);
  if (node == nullptr) reader_.fail_missing(key, what + " is required");
  const auto* a = node->as_array();
  if (a == nullptr || a->size() != 2) reader_.fail(key, what);
  int v[2] = {0, 0};
  for (std::size_t i = 0; i < 2; ++i) {
    const auto* k = (*a)[i].as_integer();
    if (k == nullptr || k->get() < lo || k->get() > hi) reader_.fail(key, what);
    v[i] = static_cast<int>(k->get());
  }
  if (v[0] > v[1]) reader_.fail(key, what);
  return {v[0], v[1]};
}

const toml::table& PlannerFields::table(std::string_view key) {
  ask(key);
  return reader_.table(key);
}

const toml::table* PlannerFields::optional_table(std::string_view key) {
  ask(key);
  return reader_.optional_table(key);
}

const toml::array* PlannerFields::optional_table_array(std::string_view key) {
  ask(key);
  return reader_.optional_table_array(key);
}

void PlannerFields::finish() const {
  for (const auto& [key, node] : table_) {
    if (asked_.contains(key.str())) continue;
    std::vector<std::string> allowed(asked_.begin(), asked_.end());
    throw Error(fmt::format("{}: {} is not a known key: keys allowed here are {}", reader_.file(),
                            reader_.path(key.str()), join_choices(allowed)));
  }
}

}  // namespace citsim::detail
