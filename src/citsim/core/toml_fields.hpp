// Checked access to the keys of a TOML table: the one reader of every case
// and data file. Every value is checked for type and range, every key not
// asked for is reported, and every failure is one line naming file, key (its
// full dotted path), value and what is allowed:
//
//   case.toml: device.needle_length_mm = 9: must be a number between 0.1 and 2.5 mm
//   case.toml: device.needle_length_mm is missing: a number between 0.1 and 2.5 mm is required
//   case.toml: device.needle_lenght_mm = 1: unknown key; allowed here: "kind", ...
//   case.toml: line 2, column 13: not valid TOML: ...
//
//   detail::TableReader device(root_table, "case.toml", "device.");
//   double length_mm = device.number("needle_length_mm", 0.1, 3.0);
//   device.finish();  // throws on keys that were not asked for
//
// Data files state each quantity with its unit and source; read_sourced()
// reads that convention (`key = { value, unit, source, range }`).
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
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

/// "a, b or c" for messages.
std::string join_choices(const std::vector<std::string>& items);

/// Throws `file: path = value: unknown key<hint>; allowed here: "a", "b" or "c"`.
[[noreturn]] void fail_unknown_key(const std::string& file, const std::string& path,
                                   const toml::node& value, const std::vector<std::string>& allowed,
                                   std::string_view hint = {});

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
  /// A non-empty array of numbers, each in [lo, hi], or in [lo, hi) when
  /// `below_hi` (angles below 360 deg).
  std::vector<double> numbers(std::string_view key, double lo, double hi,
                              std::string_view unit = {}, bool below_hi = false);
  /// `[min, max]`: two numbers in [lo, hi] with min <= max.
  std::pair<double, double> number_pair(std::string_view key, double lo, double hi,
                                        std::string_view unit = {});
  /// `[min, max]`: two whole numbers in [lo, hi] with min <= max.
  std::pair<int, int> integer_pair(std::string_view key, int lo, int hi);
  /// A pair [lo, hi] of numbers with lo <= hi.
  std::optional<std::pair<double, double>> optional_interval(std::string_view key);

  bool boolean(std::string_view key);
  std::optional<bool> optional_boolean(std::string_view key);
  /// true or false, `fallback` when absent.
  bool boolean_or(std::string_view key, bool fallback);

  /// A string that is one of `allowed`.
  std::string choice(std::string_view key, const std::vector<std::string>& allowed);
  std::optional<std::string> optional_choice(std::string_view key,
                                             const std::vector<std::string>& allowed);
  /// An array of distinct strings, each one of `allowed`; absent = empty.
  std::vector<std::string> string_list(std::string_view key,
                                       const std::vector<std::string>& allowed);

  /// A non-empty string.
  std::string text(std::string_view key);
  /// A non-empty string, if present.
  std::optional<std::string> optional_text(std::string_view key);
  /// Any string (empty too); `fallback` when absent.
  std::string text_or(std::string_view key, std::string fallback);
  /// An array of strings; absent = empty.
  std::vector<std::string> texts(std::string_view key);
  /// The value of `key` unchecked, for shapes the accessors do not cover
  /// (the caller checks it); nullptr if absent.
  const toml::node* raw(std::string_view key);

  /// A sub-table (`[device]`); throws if absent. `what` describes it for
  /// messages (default: "a table [device]").
  const toml::table& table(std::string_view key, std::string_view what = {});
  const toml::table* optional_table(std::string_view key, std::string_view what = {});
  /// The sub-table `key` as a reader of its own, its keys prefixed "key.".
  TableReader child(std::string_view key, std::string_view what = {});
  /// An array of tables (`[[site.scars]]`); nullptr if absent.
  const toml::array* optional_table_array(std::string_view key);
  /// The tables of an array of tables as readers ("roller.layouts[0]."); at least one.
  std::vector<TableReader> tables(std::string_view key);
  /// As tables(), none when absent.
  std::vector<TableReader> optional_tables(std::string_view key);

  /// Accepts `keys` (whether read or not) and throws now for the first other
  /// key of the table, before any value is read.
  void only(const std::vector<std::string>& keys);
  /// Throws for the first key of the table that no accessor asked for.
  /// `hint` adds to the message (e.g. which kind a device key belongs to).
  void finish(std::string_view hint = {}) const;

  /// The full dotted path of `key` ("device.needle_length_mm").
  std::string path(std::string_view key) const;
  const std::string& file() const { return file_; }

  /// `file: path = value: must be what`.
  [[noreturn]] void fail(std::string_view key, std::string_view what) const;
  /// `file: path = value: why` (`why` says what is wrong in full).
  [[noreturn]] void reject(std::string_view key, std::string_view why) const;
  /// `file: path is missing: what` (what ends "is required" or says why).
  [[noreturn]] void fail_missing(std::string_view key, std::string_view what) const;

  /// Keys of the table that no accessor has asked for, in file order.
  std::vector<std::string> unread_keys() const;

 private:
  const toml::node* lookup(std::string_view key);
  std::vector<TableReader> table_readers(const toml::array& array, std::string_view key) const;

  const toml::table* table_;
  std::string file_;
  std::string prefix_;
  std::set<std::string, std::less<>> asked_;
};

/// What a data file's quantity `key = { value, unit, source, range }` may hold.
struct SourcedRule {
  double lo = 0.0;  ///< the value's limits (every value's, per phototype)
  double hi = 0.0;
  std::string unit;                 ///< the unit the file must state; "1" for a pure number
  bool whole = false;               ///< the value is a whole number
  bool per_phototype = false;       ///< the value is an array of 6, Fitzpatrick I..VI
  bool range_within_limits = true;  ///< `range` bounds within [lo, hi] too
  bool log = false;                 ///< `log = true|false` (a log-uniform range) is allowed
  bool calibrated = false;          ///< `calibrated = "target"` may stand instead of `source`
};

/// A quantity read by read_sourced().
struct SourcedValue {
  std::vector<double> values;  ///< one value, or 6 per phototype
  std::optional<std::pair<double, double>> range;
  bool log = false;
  std::string source;  ///< where the value comes from, or the target it is calibrated to
  bool calibrated = false;

  double value() const { return values.front(); }
};

/// Reads the table of `table` itself as a quantity: `value` within the rule's
/// limits, `unit` the rule's, a non-empty `source` (or `calibrated` where the
/// rule allows), an optional `range = [low, high]` holding the value, and
/// `log` where allowed. Any other key is rejected before a value is read.
SourcedValue read_sourced(TableReader& table, const SourcedRule& rule);
/// Reads the quantity `key = { value, unit, source, range }` of `parent`.
SourcedValue read_sourced(TableReader& parent, std::string_view key, const SourcedRule& rule);

/// Whether a quantity's value may be fitted (`calibrated = "target"` instead
/// of `source`, its range then free of [lo, hi]).
enum class Fitted { no, may_be };

/// The one number of `key = { value, unit, source, range }` in [lo, hi].
double sourced_number(TableReader& parent, std::string_view key, double lo, double hi,
                      std::string_view unit, Fitted fitted = Fitted::no);

}  // namespace citsim::detail
