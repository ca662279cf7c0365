// Checked access to the planner's data files (data/planner/*.toml): the
// TableReader's checks plus free-text fields and [min, max] pairs, with one
// line naming file, key, value and what is allowed on any failure.
#pragma once

#include <toml++/toml.h>

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "citsim/core/toml_fields.hpp"

namespace citsim::detail {

class PlannerFields {
 public:
  PlannerFields(const toml::table& table, std::string file, std::string prefix);

  bool has(std::string_view key) const { return table_.contains(key); }
  const std::string& file() const { return reader_.file(); }
  std::string path(std::string_view key) const { return reader_.path(key); }
  [[noreturn]] void fail(std::string_view key, std::string_view what) const {
    reader_.fail(key, what);
  }

  /// A non-empty string.
  std::string text(std::string_view key);
  /// A string, or `fallback` when absent.
  std::string optional_text(std::string_view key, std::string fallback = {});
  /// An array of strings (any values); absent = empty.
  std::vector<std::string> texts(std::string_view key);
  std::vector<std::string> names(std::string_view key, const std::vector<std::string>& allowed);

  std::int64_t integer(std::string_view key, std::int64_t lo, std::int64_t hi);
  std::optional<std::int64_t> optional_integer(std::string_view key, std::int64_t lo,
                                               std::int64_t hi);
  double number(std::string_view key, double lo, double hi, std::string_view unit = {});
  bool boolean_or(std::string_view key, bool fallback);
  std::string choice(std::string_view key, const std::vector<std::string>& allowed);

  /// `[min, max]`: two numbers in [lo, hi] with min <= max.
  std::pair<double, double> number_pair(std::string_view key, double lo, double hi,
                                        std::string_view unit = {});
  std::pair<int, int> integer_pair(std::string_view key, int lo, int hi);

  const toml::table& table(std::string_view key);
  const toml::table* optional_table(std::string_view key);
  /// An array of tables (`[[rule]]` or `[{...}, {...}]`); nullptr if absent.
  const toml::array* optional_table_array(std::string_view key);

  /// Throws for the first key nothing asked for.
  void finish() const;

 private:
  void ask(std::string_view key) { asked_.emplace(key); }
  const toml::table& table_;
  TableReader reader_;
  std::set<std::string, std::less<>> asked_;
};

}  // namespace citsim::detail
