#include "citsim/core/toml_fields.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "citsim/core/error.hpp"

namespace citsim::detail {
namespace {

std::string one_line(std::string text, std::size_t max_chars = 60) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return printable(text, max_chars);
}

std::string number_text(double x) { return fmt::format("{:g}", x); }

/// " um", or nothing for no unit or the pure number "1".
std::string unit_suffix(std::string_view unit) {
  return unit.empty() || unit == "1" ? std::string() : " " + std::string(unit);
}

std::string between_text(double lo, double hi, std::string_view unit) {
  return fmt::format("between {} and {}{}", number_text(lo), number_text(hi), unit_suffix(unit));
}

std::string range_text(double lo, double hi, std::string_view unit) {
  return "a number " + between_text(lo, hi, unit);
}

/// A TOML float or integer as a finite double.
std::optional<double> finite_number(const toml::node& node) {
  double x = 0.0;
  if (const auto* f = node.as_floating_point()) {
    x = f->get();
  } else if (const auto* i = node.as_integer()) {
    x = static_cast<double>(i->get());
  } else {
    return std::nullopt;
  }
  if (!std::isfinite(x)) return std::nullopt;
  return x;
}

toml::table parse_or_throw(std::string_view text, const std::string& source) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    throw Error(fmt::format("{}: line {}, column {}: not valid TOML: {}", source, where.line,
                            where.column, one_line(std::string(e.description()), 120)));
  }
}

}  // namespace

std::string read_text_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec))
    throw Error(file.string() + ": is a folder, not a file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(file.string() + ": cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw Error(file.string() + ": cannot read file");
  return text.str();
}

toml::table parse_toml_file(const std::filesystem::path& file) {
  return parse_or_throw(read_text_file(file), file.string());
}

toml::table parse_toml_text(std::string_view text, const std::string& source) {
  return parse_or_throw(text, source);
}

namespace {

/// A TOML value as written, strings quoted with control characters shown;
/// arrays item by item.
std::string value_text(const toml::node& node) {
  if (const auto* s = node.as_string()) {
    std::string text = "\"";
    for (char c : s->get()) {
      if (static_cast<unsigned char>(c) < 0x20) {
        text += fmt::format("\\x{:02x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
      } else {
        text += c;
      }
    }
    return text + "\"";
  }
  if (const auto* a = node.as_array()) {
    if (a->empty()) return "[]";
    std::string text = "[ ";
    for (std::size_t i = 0; i < a->size(); ++i) {
      text += (i > 0 ? ", " : "") + value_text((*a)[i]);
    }
    return text + " ]";
  }
  if (const auto* f = node.as_floating_point(); f != nullptr && std::isfinite(f->get())) {
    // Shortest text that reads back the same (0.9, not 0.90000000000000002), as a float.
    std::string text = fmt::format("{}", f->get());
    if (text.find_first_of(".e") == std::string::npos) text += ".0";
    return text;
  }
  std::ostringstream out;
  node.visit([&](const auto& n) { out << n; });
  if (node.is_table()) return "{" + out.str() + "}";
  return out.str();
}

}  // namespace

std::string describe(const toml::node& node) { return one_line(value_text(node)); }

std::string join_choices(const std::vector<std::string>& items) {
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) text += (i + 1 == items.size()) ? " or " : ", ";
    text += "\"" + items[i] + "\"";
  }
  return text;
}

void fail_unknown_key(const std::string& file, const std::string& path, const toml::node& value,
                      const std::vector<std::string>& allowed, std::string_view hint) {
  const std::string listed =
      allowed.empty() ? "no keys are allowed here" : "allowed here: " + join_choices(allowed);
  throw Error(
      fmt::format("{}: {} = {}: unknown key{}; {}", file, path, describe(value), hint, listed));
}

// ---- TableReader -------------------------------------------------------------

TableReader::TableReader(const toml::table& table, std::string file, std::string prefix)
    : table_(&table), file_(std::move(file)), prefix_(std::move(prefix)) {}

bool TableReader::has(std::string_view key) const { return table_->contains(key); }

std::string TableReader::path(std::string_view key) const {
  // A key as written may be any string: shown with control characters
  // escaped, and bounded.
  return prefix_ + printable(key, 60);
}

void TableReader::fail(std::string_view key, std::string_view what) const {
  reject(key, "must be " + std::string(what));
}

void TableReader::reject(std::string_view key, std::string_view why) const {
  const toml::node* node = table_->get(key);
  const std::string value = node ? describe(*node) : std::string("(absent)");
  throw Error(fmt::format("{}: {} = {}: {}", file_, path(key), value, why));
}

void TableReader::fail_missing(std::string_view key, std::string_view what) const {
  throw Error(fmt::format("{}: {} is missing: {}", file_, path(key), what));
}

const toml::node* TableReader::lookup(std::string_view key) {
  asked_.emplace(key);
  return table_->get(key);
}

std::optional<std::int64_t> TableReader::optional_integer(std::string_view key, std::int64_t lo,
                                                          std::int64_t hi) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return std::nullopt;
  const std::string what = fmt::format("a whole number between {} and {}", lo, hi);
  const auto* value = node->as_integer();
  if (value == nullptr) fail(key, what);
  const std::int64_t x = value->get();
  if (x < lo || x > hi) fail(key, what);
  return x;
}

std::int64_t TableReader::integer(std::string_view key, std::int64_t lo, std::int64_t hi) {
  auto x = optional_integer(key, lo, hi);
  if (!x) fail_missing(key, fmt::format("a whole number between {} and {} is required", lo, hi));
  return *x;
}

std::optional<double> TableReader::optional_number(std::string_view key, double lo, double hi,
                                                   std::string_view unit) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return std::nullopt;
  const auto x = finite_number(*node);
  if (!x || *x < lo || *x > hi) fail(key, range_text(lo, hi, unit));
  return *x;
}

double TableReader::number(std::string_view key, double lo, double hi, std::string_view unit) {
  auto x = optional_number(key, lo, hi, unit);
  if (!x) fail_missing(key, range_text(lo, hi, unit) + " is required");
  return *x;
}

std::vector<double> TableReader::numbers(std::string_view key, double lo, double hi,
                                         std::string_view unit, bool below_hi) {
  const std::string each = below_hi
                               ? fmt::format("a number at least {} and below {}{}", number_text(lo),
                                             number_text(hi), unit_suffix(unit))
                               : range_text(lo, hi, unit);
  const std::string what = "a non-empty array, each " + each;
  const toml::node* node = lookup(key);
  if (node == nullptr) fail_missing(key, what + " is required");
  const auto* array = node->as_array();
  if (array == nullptr || array->empty()) fail(key, what);
  std::vector<double> values;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto x = finite_number((*array)[i]);
    if (!x || *x < lo || (below_hi ? *x >= hi : *x > hi)) {
      throw Error(fmt::format("{}: {}[{}] = {}: must be {}", file_, path(key), i,
                              describe((*array)[i]), each));
    }
    values.push_back(*x);
  }
  return values;
}

std::pair<double, double> TableReader::number_pair(std::string_view key, double lo, double hi,
                                                   std::string_view unit) {
  const std::string what =
      fmt::format("[min, max]: two numbers {}, min <= max", between_text(lo, hi, unit));
  const toml::node* node = lookup(key);
  if (node == nullptr) fail_missing(key, what + " is required");
  const auto* a = node->as_array();
  if (a == nullptr || a->size() != 2) fail(key, what);
  std::pair<double, double> v;
  const auto x0 = finite_number((*a)[0]), x1 = finite_number((*a)[1]);
  if (!x0 || !x1 || *x0 < lo || *x0 > hi || *x1 < lo || *x1 > hi || *x0 > *x1) fail(key, what);
  v = {*x0, *x1};
  return v;
}

std::pair<int, int> TableReader::integer_pair(std::string_view key, int lo, int hi) {
  const std::string what =
      fmt::format("[min, max]: two whole numbers between {} and {}, min <= max", lo, hi);
  const toml::node* node = lookup(key);
  if (node == nullptr) fail_missing(key, what + " is required");
  const auto* a = node->as_array();
  if (a == nullptr || a->size() != 2) fail(key, what);
  int v[2] = {0, 0};
  for (std::size_t i = 0; i < 2; ++i) {
    const auto* k = (*a)[i].as_integer();
    if (k == nullptr || k->get() < lo || k->get() > hi) fail(key, what);
    v[i] = static_cast<int>(k->get());
  }
  if (v[0] > v[1]) fail(key, what);
  return {v[0], v[1]};
}

std::optional<std::pair<double, double>> TableReader::optional_interval(std::string_view key) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return std::nullopt;
  const auto* a = node->as_array();
  if (a == nullptr || a->size() != 2) fail(key, "[lo, hi], two numbers with lo <= hi");
  const auto lo = finite_number((*a)[0]), hi = finite_number((*a)[1]);
  if (!lo || !hi || *lo > *hi) fail(key, "[lo, hi], two numbers with lo <= hi");
  return std::pair{*lo, *hi};
}

std::optional<bool> TableReader::optional_boolean(std::string_view key) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return std::nullopt;
  const auto* value = node->as_boolean();
  if (value == nullptr) fail(key, "true or false");
  return value->get();
}

bool TableReader::boolean(std::string_view key) {
  auto x = optional_boolean(key);
  if (!x) fail_missing(key, "true or false is required");
  return *x;
}

bool TableReader::boolean_or(std::string_view key, bool fallback) {
  return optional_boolean(key).value_or(fallback);
}

std::optional<std::string> TableReader::optional_choice(std::string_view key,
                                                        const std::vector<std::string>& allowed) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return std::nullopt;
  const std::string what = "one of " + join_choices(allowed);
  const auto* value = node->as_string();
  if (value == nullptr) fail(key, what);
  for (const auto& a : allowed) {
    if (a == value->get()) return a;
  }
  fail(key, what);
}

std::string TableReader::choice(std::string_view key, const std::vector<std::string>& allowed) {
  auto x = optional_choice(key, allowed);
  if (!x) fail_missing(key, "one of " + join_choices(allowed) + " is required");
  return *x;
}

std::vector<std::string> TableReader::string_list(std::string_view key,
                                                  const std::vector<std::string>& allowed) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return {};
  const auto* array = node->as_array();
  const std::string what = "a list of distinct names from: " + join_choices(allowed);
  if (array == nullptr) fail(key, what);
  std::vector<std::string> items;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto* s = (*array)[i].as_string();
    const std::string item_path = fmt::format("{}[{}]", path(key), i);
    if (s == nullptr) {
      throw Error(
          fmt::format("{}: {} = {}: must be {}", file_, item_path, describe((*array)[i]), what));
    }
    bool known = false;
    for (const auto& a : allowed) known = known || a == s->get();
    if (!known) {
      throw Error(fmt::format("{}: {} = {}: must be one of {}", file_, item_path,
                              describe((*array)[i]), join_choices(allowed)));
    }
    for (const auto& earlier : items) {
      if (earlier == s->get()) {
        throw Error(fmt::format("{}: {} = {}: must not repeat an earlier entry", file_, item_path,
                                describe((*array)[i])));
      }
    }
    items.push_back(s->get());
  }
  return items;
}

std::optional<std::string> TableReader::optional_text(std::string_view key) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return std::nullopt;
  const auto* value = node->as_string();
  if (value == nullptr || value->get().empty()) fail(key, "a non-empty string");
  return value->get();
}

std::string TableReader::text(std::string_view key) {
  auto x = optional_text(key);
  if (!x) fail_missing(key, "a non-empty string is required");
  return *x;
}

std::string TableReader::text_or(std::string_view key, std::string fallback) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return fallback;
  const auto* value = node->as_string();
  if (value == nullptr) fail(key, "a string");
  return value->get();
}

std::vector<std::string> TableReader::texts(std::string_view key) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return {};
  const auto* a = node->as_array();
  if (a == nullptr) fail(key, "a list of strings");
  std::vector<std::string> items;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const auto* s = (*a)[i].as_string();
    if (s == nullptr) {
      throw Error(
          fmt::format("{}: {}[{}] = {}: must be a string", file_, path(key), i, describe((*a)[i])));
    }
    items.push_back(s->get());
  }
  return items;
}

const toml::node* TableReader::raw(std::string_view key) { return lookup(key); }

const toml::table* TableReader::optional_table(std::string_view key, std::string_view what) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return nullptr;
  const auto* t = node->as_table();
  if (t == nullptr) fail(key, what.empty() ? fmt::format("a table [{}]", path(key)) : what);
  return t;
}

const toml::table& TableReader::table(std::string_view key, std::string_view what) {
  const auto* t = optional_table(key, what);
  if (t == nullptr) {
    fail_missing(key, (what.empty() ? fmt::format("a table [{}]", path(key)) : std::string(what)) +
                          " is required");
  }
  return *t;
}

TableReader TableReader::child(std::string_view key, std::string_view what) {
  const toml::table& t = table(key, what);
  return TableReader(t, file_, path(key) + ".");
}

const toml::array* TableReader::optional_table_array(std::string_view key) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return nullptr;
  const auto* a = node->as_array();
  if (a == nullptr || !a->is_array_of_tables()) {
    if (a != nullptr && a->empty()) return a;
    fail(key, fmt::format("an array of tables ([[{}]])", path(key)));
  }
  return a;
}

std::vector<TableReader> TableReader::table_readers(const toml::array& array,
                                                    std::string_view key) const {
  std::vector<TableReader> readers;
  readers.reserve(array.size());
  for (std::size_t i = 0; i < array.size(); ++i) {
    readers.emplace_back(*array[i].as_table(), file_, fmt::format("{}[{}].", path(key), i));
  }
  return readers;
}

std::vector<TableReader> TableReader::tables(std::string_view key) {
  const toml::array* a = optional_table_array(key);
  const std::string what = fmt::format("one or more [[{}]] tables", path(key));
  if (a == nullptr) fail_missing(key, what + " are required");
  if (a->empty()) fail(key, what);
  return table_readers(*a, key);
}

std::vector<TableReader> TableReader::optional_tables(std::string_view key) {
  const toml::array* a = optional_table_array(key);
  if (a == nullptr) return {};
  return table_readers(*a, key);
}

void TableReader::only(const std::vector<std::string>& keys) {
  for (const auto& key : keys) asked_.insert(key);
  for (const auto& [key, node] : *table_) {
    if (std::find(keys.begin(), keys.end(), key.str()) == keys.end()) {
      fail_unknown_key(file_, path(key.str()), node, keys);
    }
  }
}

std::vector<std::string> TableReader::unread_keys() const {
  std::vector<std::string> keys;
  for (const auto& [key, node] : *table_) {
    if (!asked_.contains(key.str())) keys.emplace_back(key.str());
  }
  return keys;
}

void TableReader::finish(std::string_view hint) const {
  const auto unread = unread_keys();
  if (unread.empty()) return;
  const std::vector<std::string> allowed(asked_.begin(), asked_.end());
  fail_unknown_key(file_, path(unread.front()), *table_->get(unread.front()), allowed, hint);
}

// ---- sourced quantities --------------------------------------------------------

namespace {

std::vector<double> sourced_values(TableReader& t, const SourcedRule& rule) {
  if (rule.per_phototype) {
    const std::string what =
        fmt::format("an array of 6 numbers {}, one per Fitzpatrick phototype I..VI",
                    between_text(rule.lo, rule.hi, rule.unit));
    const toml::node* node = t.raw("value");
    if (node == nullptr) t.fail_missing("value", what + " is required");
    const toml::array* array = node->as_array();
    if (array == nullptr || array->size() != 6) t.fail("value", what);
    std::vector<double> values;
    for (const toml::node& item : *array) {
      const auto x = finite_number(item);
      if (!x || *x < rule.lo || *x > rule.hi) t.fail("value", what);
      values.push_back(*x);
    }
    return values;
  }
  if (rule.whole) {
    return {static_cast<double>(t.integer("value", static_cast<std::int64_t>(rule.lo),
                                          static_cast<std::int64_t>(rule.hi)))};
  }
  return {t.number("value", rule.lo, rule.hi, rule.unit == "1" ? "" : rule.unit)};
}

std::optional<std::pair<double, double>> sourced_range(TableReader& t, const SourcedRule& rule,
                                                       const std::vector<double>& values,
                                                       bool log) {
  const toml::node* node = t.raw("range");
  if (node == nullptr) return std::nullopt;
  const std::string shape =
      rule.range_within_limits
          ? fmt::format("[low, high] with {} <= low <= value <= high <= {}{}", number_text(rule.lo),
                        number_text(rule.hi), unit_suffix(rule.unit))
          : std::string("[low, high], two numbers with low <= value <= high");
  const toml::array* array = node->as_array();
  if (array == nullptr || array->size() != 2) t.fail("range", shape);
  const auto low = finite_number((*array)[0]), high = finite_number((*array)[1]);
  if (!low || !high || *low > *high) t.fail("range", shape);
  if (rule.range_within_limits && (*low < rule.lo || *high > rule.hi)) t.fail("range", shape);
  for (const double v : values) {
    if (v < *low || v > *high) t.reject("range", "must contain the value " + number_text(v));
  }
  if (log && *low <= 0.0) t.fail("range", "[low, high] with low > 0 when log = true");
  return std::pair{*low, *high};
}

}  // namespace

SourcedValue read_sourced(TableReader& t, const SourcedRule& rule) {
  std::vector<std::string> keys = {"value", "unit", "range", "source"};
  if (rule.log) keys.emplace_back("log");
  if (rule.calibrated) keys.emplace_back("calibrated");
  t.only(keys);

  SourcedValue q;
  q.values = sourced_values(t, rule);
  t.choice("unit", {rule.unit});
  q.log = rule.log && t.boolean_or("log", false);
  q.range = sourced_range(t, rule, q.values, q.log);
  const auto source = t.optional_text("source");
  const auto calibrated = rule.calibrated ? t.optional_text("calibrated") : std::nullopt;
  if (source && calibrated) {
    t.fail("calibrated", "absent when source is given: a value is either sourced or calibrated");
  }
  if (!source && !calibrated) {
    t.fail_missing("source", rule.calibrated
                                 ? "source (where the value comes from) or calibrated (the "
                                   "target it is fitted to) is required"
                                 : "a non-empty string (a reference, or \"model choice: why\") "
                                   "is required");
  }
  q.calibrated = calibrated.has_value();
  q.source = source ? *source : *calibrated;
  return q;
}

double sourced_number(TableReader& parent, std::string_view key, double lo, double hi,
                      std::string_view unit, Fitted fitted) {
  const bool may_be_fitted = fitted == Fitted::may_be;
  return read_sourced(parent, key,
                      SourcedRule{.lo = lo,
                                  .hi = hi,
                                  .unit = std::string(unit),
                                  .range_within_limits = !may_be_fitted,
                                  .calibrated = may_be_fitted})
      .value();
}

SourcedValue read_sourced(TableReader& parent, std::string_view key, const SourcedRule& rule) {
  const std::string what =
      rule.per_phototype
          ? fmt::format("a table {{ value = [6 numbers], unit = \"{}\", source }}", rule.unit)
          : fmt::format("a table {{ value, unit = \"{}\", source }}", rule.unit);
  TableReader t = parent.child(key, what);
  return read_sourced(t, rule);
}

}  // namespace citsim::detail
