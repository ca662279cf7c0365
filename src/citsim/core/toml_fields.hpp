// Checked access to the keys of a TOML table, for the readers of case and
// data files: every value is checked for type and range, every key not asked
// for is reported, and every failure is one line naming file, key, value and
// what is allowed.
//
//   detail::TableReader device(root_table, "case.toml", "device.");
//   double length_mm = device.number("needle_length_mm", 0.1, 3.0);
//   device.finish();  // throws on keys that were not asked for
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace citsim::detail {

/// The whole content of a file; throws Error naming it if it cannot be read.
std::string read_text_file(const std::filesystem::path& file);
/// Parses a TOML file; a syntax error becomes an Error naming file, line and column.
toml::table parse_toml_file(const std::filesystem::path& file);
/// Parses TOML text; `source` names it in messages.
toml::table parse_toml_text(std::string_view text, const std::string& source);

/// A TOML value as one short line, for messages (`"pen"`, `1.5`, `[1, 2]`).
std::string describe(const toml::node& node);

class TableReader {
 public:
  /// `prefix` is the dotted path of the table with a trailing dot ("device.",
  /// "site.scars[1].") or empty for the root.
  TableReader(const toml::table& table, std::string file, std::string prefix);

  bool has(std::string_view key) const;

  std::int64_t integer(std::string_view key, std::int64_t lo, std::int64_t hi);
  std::optional<std::int64_t> optional_integer(std::string_view key, std::int64_t lo,
                                               std::int64_t hi);
  /// A finite number in [lo, hi]; TOML integers are accepted too.
  double number(std::string_view key, double lo, double hi, std::string_view unit = {});
  std::optional<double> optional_number(std::string_view key, double lo, double hi,
                                        std::string_view unit = {});
  bool boolean(std::string_view key);
  std::optional<bool> optional_boolean(std::string_view key);
  /// A string that is one of `allowed`.
  std::string choice(std::string_view key, const std::vector<std::string>& allowed);
  std::optional<std::string> optional_choice(std::string_view key,
                                             const std::vector<std::string>& allowed);
  /// An array of distinct strings, each one of `allowed`; absent = empty.
  std::vector<std::string> string_list(std::string_view key,
                                       const std::vector<std::string>& allowed);
  /// Any non-empty string.
  std::optional<std::string> optional_text(std::string_view key);
  /// A pair [lo, hi] of numbers with lo <= hi.
  std::optional<std::pair<double, double>> optional_interval(std::string_view key);
  /// A sub-table (`[device]`); throws if absent and required.
  const toml::table& table(std::string_view key);
  const toml::table* optional_table(std::string_view key);
  /// An array of tables (`[[site.scars]]`); nullptr if absent.
  const toml::array* optional_table_array(std::string_view key);

  /// Throws for the first key of the table that no accessor asked for.
  /// `hint` adds to the message (e.g. which kind a device key belongs to).
  void finish(std::string_view hint = {}) const;

  /// The full dotted path of `key` ("device.needle_length_mm").
  std::string path(std::string_view key) const;
  const std::string& file() const { return file_; }

  /// `file: path = value: must be what`.
  [[noreturn]] void fail(std::string_view key, std::string_view what) const;
  /// `file: path is missing: what`.
  [[noreturn]] void fail_missing(std::string_view key, std::string_view what) const;

  /// Keys of the table that no accessor has asked for, in file order.
  std::vector<std::string> unread_keys() const;

 private:
  const toml::node* lookup(std::string_view key);

  const toml::table& table_;
  std::string file_;
  std::string prefix_;
  std::set<std::string, std::less<>> asked_;
};

/// Throws for the first key of `table` not in `allowed`, naming its value:
/// `file: prefixkey = value: unknown key; allowed here: ...`.
void check_keys(const toml::table& table, const std::string& file, const std::string& prefix,
                const std::vector<std::string>& allowed);

/// The sub-table `key` of `parent`, which must be present and a table
/// (`what` says what it holds, for the message).
const toml::table& sub_table(const toml::table& parent, std::string_view key,
                             const std::string& file, const std::string& prefix,
                             std::string_view what);

/// "a, b or c" for messages.
std::string join_choices(const std::vector<std::string>& items);

}  // namespace citsim::detail
