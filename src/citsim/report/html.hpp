// The report's HTML and text helpers, shared by its sections (internal to
// src/citsim/report): escaping, reading plan.json members, and numbers,
// ranges, prices and dates written the way the report shows them.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace citsim::report_detail {

using nlohmann::json;

/// Text escaped for HTML content and attribute values (& < > " ').
std::string esc(std::string_view s);

/// Escaped text with line breaks kept (as <br>).
std::string esc_lines(std::string_view s);

/// The member `key` of object `j`, or nullptr when absent or null.
const json* get(const json& j, std::string_view key);

/// `v` with `decimals` decimals, trailing zeros trimmed, never "-0"; "n/a"
/// when not finite.
std::string fmt_num(double v, int decimals);

/// A number as the plan gives it (integers stay integers; strings as they are).
std::string num(const json& v, int decimals = 2);

/// The member `key` as text: strings, numbers, "yes"/"no"; "" otherwise.
std::string text(const json& j, std::string_view key);

/// "a–b" from a [lo, hi] array, "a" when lo == hi; "" when not a pair.
std::string range_text(const json* r, int decimals = 2);

/// A whole number with thousands separators: 3000 -> "3,000".
std::string thousands(double v);

/// "USD 750–3,000" from a [lo, hi] array of prices.
std::string money_range(const json* r, const std::string& currency);

/// "10–20%" from a [lo, hi] array of fractions.
std::string pct_range(const json* r);

/// The day of an ISO date "2026-01-05"; nothing if it is not a date.
std::optional<std::chrono::sys_days> parse_date(const std::string& iso);

/// "Mon 5 Jan 2026".
std::string long_date(std::chrono::sys_days day);

/// "Mon 5 Jan 2026" from "2026-01-05"; the input unchanged if it is not a date.
std::string long_date(const std::string& iso);

/// A word from the plan's vocabulary made readable: "fine_lines" -> "fine lines".
std::string words(std::string s);

/// The first letter upper-case.
std::string capitalised(std::string s);

/// JSON safe inside a <script> element: "</" becomes "<\/" (a valid JSON
/// escape) and "<!--" cannot open a comment-like state.
std::string script_safe_json(const json& j);

/// Library source safe inside a <script> element: any "</script" is broken.
std::string script_safe_js(const std::string& js);

}  // namespace citsim::report_detail
