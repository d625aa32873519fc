#include "ecosystem/identity.h"

#include <cstdio>

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

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

Result<int64_t> parse_timestamp(std::string_view raw) {
  std::string_view s = trim(raw);
  auto bad = [&raw](const char* why) {
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
  auto num = [&](size_t pos, size_t n, int* out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (size_t i = pos; i < pos + n; i++) {
      if (!digit(s[i])) return false;
      v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
  };
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!num(0, 4, &y) || s.size() < 10 || s[4] != '-' || !num(5, 2, &mo) || s[7] != '-' || !num(8, 2, &d))
    return bad("expected YYYY-MM-DD");
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] || (mo == 2 && d == 29 && !leap)) return bad("no such date");
  size_t p = 10;
  int offset = 0;
  if (p < s.size()) {
    if (s[p] != 'T' && s[p] != ' ') return bad("expected 'T' after the date");
    if (!num(p + 1, 2, &h) || p + 3 >= s.size() || s[p + 3] != ':' || !num(p + 4, 2, &mi)) return bad("expected hh:mm after the date");
    p += 6;
    if (p < s.size() && s[p] == ':') {
      if (!num(p + 1, 2, &sec)) return bad("expected seconds after hh:mm:");
      p += 3;
      if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
        p++;
        size_t start = p;
        while (p < s.size() && digit(s[p])) p++;
        if (p == start) return bad("expected digits after the decimal point");
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return bad("no such time");
    if (p < s.size()) {
      std::string_view zone = s.substr(p);
      if (zone == "Z") offset = 0;
      else {
        int zh, zm = 0;
        if ((zone[0] != '+' && zone[0] != '-') || !num(p + 1, 2, &zh)) return bad("expected Z or +hh:mm after the time");
        std::string_view rest = zone.substr(3);
        if (!rest.empty() && rest[0] == ':') rest.remove_prefix(1);
        if (rest.size() == 2 && digit(rest[0]) && digit(rest[1])) zm = (rest[0] - '0') * 10 + (rest[1] - '0');
        else if (!rest.empty()) return bad("expected Z or +hh:mm after the time");
        if (zh > 14 || zm > 59) return bad("no such UTC offset");
        offset = (zone[0] == '-' ? -1 : 1) * (zh * 60 + zm);
      }
    }
  }
  if (sec == 60) sec = 59;  // a leap second is read as the second before it (Unix time has none)
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + sec -
         static_cast<int64_t>(offset) * 60;
}

std::string format_timestamp(int64_t t) {
  int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  int64_t secs = t - days * 86400;
  // civil_from_days (Howard Hinnant)
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m, d,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

}  // namespace plume::ecosystem
