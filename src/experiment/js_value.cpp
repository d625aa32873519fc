// JavaScript coercions over JSON values (see js_value.h for why they matter).
#include "experiment/js_value.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace plume::experiment {

using nlohmann::json;

std::u16string utf8_to_utf16(std::string_view s) {
  std::u16string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    uint32_t cp = 0xFFFD;
    size_t len = 1;
    if (c < 0x80) cp = c;
    else if ((c >> 5) == 0x6) len = 2, cp = c & 0x1F;
    else if ((c >> 4) == 0xE) len = 3, cp = c & 0x0F;
    else if ((c >> 3) == 0x1E) len = 4, cp = c & 0x07;
    else len = 0;  // stray continuation or invalid lead byte
    bool ok = len > 0 && i + len <= s.size();
    for (size_t k = 1; ok && k < len; k++) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 0x2) ok = false;
      else cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr uint32_t kMin[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (ok && len > 1 && (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (!ok) { out.push_back(0xFFFD); i += 1; continue; }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
    i += len;
  }
  return out;
}

std::string utf16_to_utf8(std::u16string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); i++) {
    uint32_t cp = s[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < s.size() && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (s[i + 1] - 0xDC00);
      i++;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD;
    }
    if (cp < 0x80) out += static_cast<char>(cp);
    else if (cp < 0x800) out += static_cast<char>(0xC0 | (cp >> 6)), out += static_cast<char>(0x80 | (cp & 0x3F));
    else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

std::string js_number_to_string(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0) return "0";
  std::string sign = v < 0 ? "-" : "";
  double a = std::fabs(v);
  // Shortest digit string that reads back as the same double: printf's %.*e rounds correctly
  // (glibc and musl both), so the first precision that round-trips gives JS's digits.
  char buf[40];
  int precision = 1;
  for (; precision <= 17; precision++) {
    std::snprintf(buf, sizeof buf, "%.*e", precision - 1, a);
    if (std::strtod(buf, nullptr) == a) break;
  }
  // buf is "d.ddddde[+-]xx": pull out the digits and the decimal exponent.
  std::string digits;
  const char* p = buf;
  for (; *p && *p != 'e'; p++)
    if (*p != '.') digits += *p;
  int exp10 = std::atoi(p + 1);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  int k = static_cast<int>(digits.size());
  int n = exp10 + 1;  // value = 0.digits * 10^n
  std::string s;
  if (k <= n && n <= 21) s = digits + std::string(static_cast<size_t>(n - k), '0');
  else if (0 < n && n <= 21) s = digits.substr(0, static_cast<size_t>(n)) + "." + digits.substr(static_cast<size_t>(n));
  else if (-6 < n && n <= 0) s = "0." + std::string(static_cast<size_t>(-n), '0') + digits;
  else {
    s = digits.substr(0, 1);
    if (k > 1) s += "." + digits.substr(1);
    s += (n - 1 >= 0 ? "e+" : "e-") + std::to_string(std::abs(n - 1));
  }
  return sign + s;
}

std::string js_to_string(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case json::value_t::string: return v.get<std::string>();
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return js_number_to_string(v.get<double>());
    case json::value_t::array: {
      std::string s;
      for (size_t i = 0; i < v.size(); i++) {
        if (i) s += ",";
        if (!v[i].is_null()) s += js_to_string(v[i]);
      }
      return s;
    }
    default: return "[object Object]";
  }
}

namespace {

bool is_js_whitespace(char16_t c) {
  return c == 0x09 || c == 0x0A || c == 0x0B || c == 0x0C || c == 0x0D || c == 0x20 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

// StringToNumber (ECMA-262 7.1.4.1.1): StrDecimalLiteral, 0x/0o/0b integers, Infinity.
double string_to_number(const std::string& text) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::u16string u = utf8_to_utf16(text);
  size_t b = 0, e = u.size();
  while (b < e && is_js_whitespace(u[b])) b++;
  while (e > b && is_js_whitespace(u[e - 1])) e--;
  if (b == e) return 0.0;
  std::string s;
  for (size_t i = b; i < e; i++) {
    if (u[i] > 0x7F) return nan;
    s += static_cast<char>(u[i]);
  }
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X' || s[1] == 'o' || s[1] == 'O' || s[1] == 'b' || s[1] == 'B')) {
    int base = (s[1] == 'x' || s[1] == 'X') ? 16 : (s[1] == 'o' || s[1] == 'O') ? 8 : 2;
    double value = 0;
    for (size_t i = 2; i < s.size(); i++) {
      char c = s[i];
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
      if (d >= base) return nan;
      value = value * base + d;
    }
    return value;
  }
  size_t i = 0;
  bool negative = false;
  if (s[i] == '+' || s[i] == '-') negative = s[i++] == '-';
  if (s.compare(i, std::string::npos, "Infinity") == 0)
    return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') i++, int_digits++;
  if (i < s.size() && s[i] == '.') {
    i++;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') i++, frac_digits++;
  }
  if (int_digits + frac_digits == 0) return nan;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) i++;
    size_t exp_digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') i++, exp_digits++;
    if (exp_digits == 0) return nan;
  }
  if (i != s.size()) return nan;
  return std::strtod(s.c_str(), nullptr);  // the grammar above is a subset of strtod's
}

// ToPrimitive for the relational operators: arrays and objects become their strings.
json to_primitive(const json& v) {
  if (v.is_array() || v.is_object()) return js_to_string(v);
  return v;
}

}  // namespace

double js_to_number(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return 0.0;
    case json::value_t::boolean: return v.get<bool>() ? 1.0 : 0.0;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return v.get<double>();
    case json::value_t::string: return string_to_number(v.get<std::string>());
    case json::value_t::array: return string_to_number(js_to_string(v));
    default: return std::numeric_limits<double>::quiet_NaN();
  }
}

bool js_truthy(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return false;
    case json::value_t::boolean: return v.get<bool>();
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: {
      double d = v.get<double>();
      return d != 0 && !std::isnan(d);
    }
    case json::value_t::string: return !v.get_ref<const std::string&>().empty();
    default: return true;
  }
}

bool js_strict_equals(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  if (a.type() != b.type()) return false;
  if (a.is_null()) return true;
  if (a.is_boolean()) return a.get<bool>() == b.get<bool>();
  if (a.is_string()) return a.get_ref<const std::string&>() == b.get_ref<const std::string&>();
  return false;  // arrays and objects: different references
}

bool js_json_equals(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); i++)
      if (!js_json_equals(a[i], b[i])) return false;
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      auto other = b.find(it.key());
      if (other == b.end() || !js_json_equals(it.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

int js_string_compare(std::string_view a, std::string_view b) {
  std::u16string ua = utf8_to_utf16(a), ub = utf8_to_utf16(b);
  return ua < ub ? -1 : ua == ub ? 0 : 1;
}

bool js_compare(const json& a, Relation op, const json& b) {
  json pa = to_primitive(a), pb = to_primitive(b);
  if (pa.is_string() && pb.is_string()) {
    int c = js_string_compare(pa.get_ref<const std::string&>(), pb.get_ref<const std::string&>());
    switch (op) {
      case Relation::Less: return c < 0;
      case Relation::LessEqual: return c <= 0;
      case Relation::Greater: return c > 0;
      case Relation::GreaterEqual: return c >= 0;
    }
  }
  double x = js_to_number(pa), y = js_to_number(pb);
  switch (op) {  // NaN compares false in every direction, as in JS
    case Relation::Less: return x < y;
    case Relation::LessEqual: return x <= y;
    case Relation::Greater: return x > y;
    case Relation::GreaterEqual: return x >= y;
  }
  return false;
}

char16_t js_lower(char16_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 32 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
  if (c == 0x178) return 0xFF;
  if ((c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
    return (c % 2 == 0) ? c + 1 : c;
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c % 2 == 1) ? c + 1 : c;
  if ((c >= 0x391 && c <= 0x3A9 && c != 0x3A2)) return c + 32;
  if (c == 0x386) return 0x3AC;
  if (c >= 0x388 && c <= 0x38A) return c + 37;
  if (c == 0x38C) return 0x3CC;
  if (c == 0x38E || c == 0x38F) return c + 63;
  if (c >= 0x410 && c <= 0x42F) return c + 32;
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

char16_t js_upper(char16_t c) {
  if (c < 0x80) return c >= 'a' && c <= 'z' ? c - 32 : c;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 32;
  if (c == 0xFF) return 0x178;
  if (c == 0xB5) return 0x39C;
  if ((c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
    return (c % 2 == 1) ? c - 1 : c;
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return (c % 2 == 0) ? c - 1 : c;
  if (c == 0x131) return 'I';
  if (c == 0x3C2) return 0x3A3;
  if (c >= 0x3B1 && c <= 0x3C9) return c - 32;
  if (c == 0x3AC) return 0x386;
  if (c >= 0x3AD && c <= 0x3AF) return c - 37;
  if (c == 0x3CC) return 0x38C;
  if (c == 0x3CD || c == 0x3CE) return c - 63;
  if (c >= 0x430 && c <= 0x44F) return c - 32;
  if (c >= 0x450 && c <= 0x45F) return c - 80;
  return c;
}

std::string js_to_lower(std::string_view s) {
  std::u16string u = utf8_to_utf16(s);
  for (auto& c : u) c = js_lower(c);
  return utf16_to_utf8(u);
}

}  // namespace plume::experiment
