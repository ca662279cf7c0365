#include "citsim/report/html.hpp"

#include <cmath>
#include <cstdio>

namespace citsim::report_detail {

std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

/// Escaped text with line breaks kept.
std::string esc_lines(std::string_view s) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const auto nl = s.find('\n', start);
    out += esc(s.substr(start, nl == std::string_view::npos ? nl : nl - start));
    if (nl == std::string_view::npos) break;
    out += "<br>";
    start = nl + 1;
  }
  return out;
}

/// The member `key` of object `j`, or nullptr when absent or null.
const json* get(const json& j, std::string_view key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string fmt_num(double v, int decimals) {
  if (!std::isfinite(v)) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  // "-0.0" reads as a loss; a value that rounds to zero is zero.
  if (s.front() == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  if (decimals > 0 && s.find('.') != std::string::npos) {
    // Trim trailing zeros of plain quantities (0.50 -> 0.5, 270.0 -> 270).
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

/// A number as the plan gives it (integers stay integers).
std::string num(const json& v, int decimals) {
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return fmt_num(v.get<double>(), decimals);
  if (v.is_string()) return v.get<std::string>();
  return "";
}

std::string text(const json& j, std::string_view key) {
  const json* v = get(j, key);
  if (v == nullptr) return "";
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number()) return num(*v);
  if (v->is_boolean()) return v->get<bool>() ? "yes" : "no";
  return "";
}

/// "a–b" from a [lo, hi] array, "a" when lo == hi.
std::string range_text(const json* r, int decimals) {
  if (r == nullptr || !r->is_array() || r->size() != 2) return "";
  const std::string lo = num((*r)[0], decimals), hi = num((*r)[1], decimals);
  return lo == hi ? lo : lo + "&#8211;" + hi;
}

std::string thousands(double v) {
  if (!std::isfinite(v)) return "n/a";
  const long long n = std::llround(v);
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (n < 0 ? "-" : "") + out;
}

std::string money_range(const json* r, const std::string& currency) {
  if (r == nullptr || !r->is_array() || r->size() != 2 || !(*r)[0].is_number()) return "";
  const std::string lo = thousands((*r)[0].get<double>());
  const std::string hi = thousands((*r)[1].get<double>());
  return esc(currency) + "&#160;" + (lo == hi ? lo : lo + "&#8211;" + hi);
}

std::string pct_range(const json* r) {
  if (r == nullptr || !r->is_array() || r->size() != 2 || !(*r)[0].is_number()) return "";
  const std::string lo = fmt_num(100.0 * (*r)[0].get<double>(), 0);
  const std::string hi = fmt_num(100.0 * (*r)[1].get<double>(), 0);
  return (lo == hi ? lo : lo + "&#8211;" + hi) + "%";
}

std::optional<std::chrono::sys_days> parse_date(const std::string& iso) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (iso.size() != 10 || std::sscanf(iso.c_str(), "%d-%u-%u", &y, &m, &d) != 3) return {};
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m},
                                        std::chrono::day{d}};
  if (!ymd.ok()) return {};
  return std::chrono::sys_days{ymd};
}

std::string long_date(std::chrono::sys_days day) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::chrono::year_month_day ymd{day};
  const std::chrono::weekday wd{day};
  return std::string(kDays[wd.c_encoding()]) + " " +
         std::to_string(static_cast<unsigned>(ymd.day())) + " " +
         kMonths[static_cast<unsigned>(ymd.month()) - 1] + " " +
         std::to_string(static_cast<int>(ymd.year()));
}

std::string long_date(const std::string& iso) {
  const auto d = parse_date(iso);
  return d ? long_date(*d) : iso;
}

/// A word from the plan's vocabulary made readable: "fine_lines" -> "fine lines".
std::string words(std::string s) {
  for (char& c : s) {
    if (c == '_') c = ' ';
  }
  return s;
}

std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

/// JSON safe inside a <script> element: "</" becomes "<\/" (a valid JSON
/// escape) and "<!--" cannot open a comment-like state.
std::string script_safe_json(const json& j) {
  const std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(s.size() + 64);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' && i + 1 < s.size() && s[i + 1] == '/') {
      out += "<\\/";
      ++i;
    } else if (s.compare(i, 4, "<!--") == 0) {
      out += "\\u003c!--";
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

/// Library source safe inside a <script> element: any "</script" is broken.
std::string script_safe_js(const std::string& js) {
  std::string out;
  out.reserve(js.size());
  for (std::size_t i = 0; i < js.size(); ++i) {
    if (js[i] == '<' && i + 1 < js.size() && js[i + 1] == '/' &&
        js.compare(i + 2, 6, "script") == 0) {
      out += "<\\/";
      ++i;
    } else {
      out += js[i];
    }
  }
  return out;
}

}  // namespace citsim::report_detail
