#include "ecosystem/identity.h"

#include "core/civil_time.h"


namespace plume::ecosystem {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
bool digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Result<std::string> normalize_email(std::string_view raw) {
  std::string_view s = trim(raw);
  size_t at = s.find('@');
  bool ok = at != std::string_view::npos && at > 0 && at + 1 < s.size() && s.find('@', at + 1) == std::string_view::npos &&
            s.find('.', at + 2) != std::string_view::npos && s.back() != '.';
  for (char c : s) ok = ok && c != ' ' && c != ',' && c != ';' && c != '<' && c != '>' && static_cast<unsigned char>(c) >= 0x21;
  if (!ok) return make_error("'", std::string(raw), "' is not an email address");
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

Result<std::string> normalize_phone(std::string_view raw, std::string_view cc) {
  std::string_view s = trim(raw);
  std::string digits;
  bool plus = false;
  for (size_t i = 0; i < s.size(); i++) {
    char c = s[i];
    if (c == '+' && digits.empty() && !plus) plus = true;
    else if (digit(c)) digits += c;
    else if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') continue;
    else return make_error("'", std::string(raw), "' is not a phone number (digits, spaces, - . ( ) and a leading +)");
  }
  if (!plus && digits.rfind("00", 0) == 0) { plus = true; digits.erase(0, 2); }
  if (!plus) {
    if (cc.empty())
      return make_error("'", std::string(raw), "' has no country code: write it as +<country><number> or set identity.default_country_code in the manifest");
    if (!digits.empty() && digits[0] == '0') digits.erase(0, 1);  // national trunk prefix
    digits = std::string(cc) + digits;
  }
  if (digits.size() < 8 || digits.size() > 15 || digits[0] == '0')
    return make_error("'", std::string(raw), "' is not an E.164 phone number (a country code and 8 to 15 digits in all)");
  return "+" + digits;
}

Result<int64_t> parse_timestamp(std::string_view raw) {
  std::string_view s = trim(raw);
  auto bad = [&raw](const std::string& why) {
    return make_error("'", std::string(raw), "' is not a timestamp (", why, "; use ISO 8601 like 2024-03-05T14:30:00+08:00 or epoch seconds)");
  };
  if (s.empty()) return bad("empty");
  bool all_digits = true;
  for (char c : s) all_digits = all_digits && digit(c);
  if (all_digits) {
    if (s.size() > 15) return bad("too many digits");
    int64_t v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return s.size() >= 12 ? v / 1000 : v;  // 12+ digits: milliseconds (seconds reach 12 digits in year 5138)
  }
  auto ms = civil::parse_iso8601_ms(s);
  if (!ms.ok()) return bad(ms.error().message);
  // Floor to the second (a fraction is dropped, also before 1970).
  return *ms >= 0 ? *ms / 1000 : -((-*ms + 999) / 1000);
}

std::string format_timestamp(int64_t t) { return civil::format_iso8601(t * 1000, false); }

}  // namespace plume::ecosystem
