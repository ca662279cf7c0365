#include "citsim/core/toml_fields.hpp"

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

std::string range_text(double lo, double hi, std::string_view unit) {
  return fmt::format("a number between {} and {}{}{}", number_text(lo), number_text(hi),
                     unit.empty() ? "" : " ", unit);
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

std::string describe(const toml::node& node) {
  if (const auto* s = node.as_string()) {
    // As the user wrote it, in double quotes, with control characters shown.
    std::string text = "\"";
    for (char c : s->get()) {
      if (static_cast<unsigned char>(c) < 0x20) {
        text += fmt::format("\\x{:02x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
      } else {
        text += c;
      }
    }
    return one_line(text + "\"");
  }
  std::ostringstream out;
  node.visit([&](const auto& n) { out << n; });
  if (node.is_table()) return one_line("{" + out.str() + "}");
  return one_line(out.str());
}

std::string join_choices(const std::vector<std::string>& items) {
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) text += (i + 1 == items.size()) ? " or " : ", ";
    text += "\"" + items[i] + "\"";
  }
  return text;
}

TableReader::TableReader(const toml::table& table, std::string file, std::string prefix)
    : table_(table), file_(std::move(file)), prefix_(std::move(prefix)) {}

bool TableReader::has(std::string_view key) const { return table_.contains(key); }

std::string TableReader::path(std::string_view key) const {
  // A key as written may be any string: shown with control characters
  // escaped, and bounded.
  return prefix_ + printable(key, 60);
}

void TableReader::fail(std::string_view key, std::string_view what) const {
  const toml::node* node = table_.get(key);
  const std::string value = node ? describe(*node) : std::string("(absent)");
  throw Error(fmt::format("{}: {} = {}: must be {}", file_, path(key), value, what));
}

void TableReader::fail_missing(std::string_view key, std::string_view what) const {
  throw Error(fmt::format("{}: {} is missing: {}", file_, path(key), what));
}

const toml::node* TableReader::lookup(std::string_view key) {
  asked_.emplace(key);
  return table_.get(key);
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
  double x = 0.0;
  if (const auto* f = node->as_floating_point()) {
    x = f->get();
  } else if (const auto* i = node->as_integer()) {
    x = static_cast<double>(i->get());
  } else {
    fail(key, range_text(lo, hi, unit));
  }
  if (!std::isfinite(x) || x < lo || x > hi) fail(key, range_text(lo, hi, unit));
  return x;
}

double TableReader::number(std::string_view key, double lo, double hi, std::string_view unit) {
  auto x = optional_number(key, lo, hi, unit);
  if (!x) fail_missing(key, range_text(lo, hi, unit) + " is required");
  return *x;
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
      throw Error(fmt::format("{}: {} = \"{}\": must be one of {}", file_, item_path, s->get(),
                              join_choices(allowed)));
    }
    for (const auto& earlier : items) {
      if (earlier == s->get()) {
        throw Error(fmt::format("{}: {} = \"{}\": must not repeat an earlier entry", file_,
                                item_path, s->get()));
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

std::optional<std::pair<double, double>> TableReader::optional_interval(std::string_view key) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return std::nullopt;
  const auto* a = node->as_array();
  const auto number = [](const toml::node& n) -> std::optional<double> {
    if (const auto* f = n.as_floating_point()) return f->get();
    if (const auto* i = n.as_integer()) return static_cast<double>(i->get());
    return std::nullopt;
  };
  if (a == nullptr || a->size() != 2) fail(key, "[lo, hi], two numbers with lo <= hi");
  const auto lo = number((*a)[0]), hi = number((*a)[1]);
  if (!lo || !hi || !std::isfinite(*lo) || !std::isfinite(*hi) || *lo > *hi) {
    fail(key, "[lo, hi], two numbers with lo <= hi");
  }
  return std::pair{*lo, *hi};
}

const toml::table* TableReader::optional_table(std::string_view key) {
  const toml::node* node = lookup(key);
  if (node == nullptr) return nullptr;
  const auto* t = node->as_table();
  if (t == nullptr) fail(key, fmt::format("a table ([{}])", path(key)));
  return t;
}

const toml::table& TableReader::table(std::string_view key) {
  const auto* t = optional_table(key);
  if (t == nullptr) fail_missing(key, fmt::format("the case needs a [{}] table", path(key)));
  return *t;
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

std::vector<std::string> TableReader::unread_keys() const {
  std::vector<std::string> keys;
  for (const auto& [key, node] : table_) {
    if (!asked_.contains(key.str())) keys.emplace_back(key.str());
  }
  return keys;
}

void TableReader::finish(std::string_view hint) const {
  const auto unread = unread_keys();
  if (unread.empty()) return;
  std::vector<std::string> allowed(asked_.begin(), asked_.end());
  std::string where =
      prefix_.empty() ? "the top level" : "[" + prefix_.substr(0, prefix_.size() - 1) + "]";
  throw Error(fmt::format("{}: {} is not a known key{}: keys allowed in {} are {}", file_,
                          path(unread.front()), hint, where, join_choices(allowed)));
}

/// Throws for the first key of `table` not in `allowed`, naming its value.
void check_keys(const toml::table& table, const std::string& file, const std::string& prefix,
                const std::vector<std::string>& allowed) {
  for (const auto& [key, node] : table) {
    bool known = false;
    for (const std::string& name : allowed) known = known || key.str() == name;
    if (!known) {
      throw Error(fmt::format("{}: {}{} = {}: unknown key; allowed here: {}", file, prefix,
                              printable(key.str(), 60), describe(node), join_choices(allowed)));
    }
  }
}

/// A sub-table that must be present.
const toml::table& sub_table(const toml::table& parent, std::string_view key,
                             const std::string& file, const std::string& prefix,
                             std::string_view what) {
  const toml::node* node = parent.get(key);
  if (node == nullptr) {
    throw Error(fmt::format("{}: {}{} is missing: {} is required", file, prefix, key, what));
  }
  const toml::table* table = node->as_table();
  if (table == nullptr) {
    throw Error(fmt::format("{}: {}{} = {}: must be {}", file, prefix, key, describe(*node), what));
  }
  return *table;
}

}  // namespace citsim::detail
