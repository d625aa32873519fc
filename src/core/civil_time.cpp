#include "core/civil_time.h"

#include <cstdio>

namespace plume::civil {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

Date civil_from_days(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The n digits at pos as a number, or false when any is missing or not a digit.
bool read_digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; i++) {
    if (!is_digit(s[i])) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

Result<int64_t> parse_iso8601_ms(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, sec = 0, ms = 0;
  if (s.size() < 10 || !read_digits(s, 0, 4, &y) || s[4] != '-' || !read_digits(s, 5, 2, &mo) || s[7] != '-' ||
      !read_digits(s, 8, 2, &d))
    return make_error("expected YYYY-MM-DD");
  static const unsigned kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || static_cast<unsigned>(d) > kDays[mo - 1] || (mo == 2 && d == 29 && !is_leap(y)))
    return make_error("no such date");
  size_t p = 10;
  int offset_minutes = 0;
  if (p < s.size()) {
    if (s[p] != 'T' && s[p] != ' ') return make_error("expected 'T' after the date");
    if (!read_digits(s, p + 1, 2, &h) || p + 3 >= s.size() || s[p + 3] != ':' || !read_digits(s, p + 4, 2, &mi))
      return make_error("expected hh:mm after the date");
    p += 6;
    if (p < s.size() && s[p] == ':') {
      if (!read_digits(s, p + 1, 2, &sec)) return make_error("expected seconds after hh:mm:");
      p += 3;
      if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
        size_t start = ++p;
        while (p < s.size() && is_digit(s[p])) p++;
        if (p == start) return make_error("expected digits after the decimal point");
        for (size_t i = start; i < start + 3; i++) ms = ms * 10 + (i < p ? s[i] - '0' : 0);
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return make_error("no such time");
    if (p < s.size()) {
      std::string_view zone = s.substr(p);
      if (zone != "Z") {
        int zh, zm = 0;
        if ((zone[0] != '+' && zone[0] != '-') || !read_digits(zone, 1, 2, &zh))
          return make_error("expected Z or +hh:mm after the time");
        std::string_view rest = zone.substr(3);
        if (!rest.empty() && rest[0] == ':') rest.remove_prefix(1);
        if (rest.size() == 2 && is_digit(rest[0]) && is_digit(rest[1])) zm = (rest[0] - '0') * 10 + (rest[1] - '0');
        else if (!rest.empty()) return make_error("expected Z or +hh:mm after the time");
        if (zh > 14 || zm > 59) return make_error("no such UTC offset");
        offset_minutes = (zone[0] == '-' ? -1 : 1) * (zh * 60 + zm);
      }
    }
  }
  if (sec == 60) sec = 59, ms = 999;
  const int64_t minutes = (days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 24 + h) * 60 + mi -
                          offset_minutes;
  return (minutes * 60 + sec) * 1000 + ms;
}

std::string format_iso8601(int64_t ms, bool with_millis) {
  const int64_t day_ms = 86400000;
  const int64_t days = ms >= 0 ? ms / day_ms : -((-ms + day_ms - 1) / day_ms);
  const int64_t rem = ms - days * day_ms;
  const Date date = civil_from_days(days);
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld", static_cast<long long>(date.year),
                        date.month, date.day, static_cast<long long>(rem / 3600000),
                        static_cast<long long>(rem / 60000 % 60), static_cast<long long>(rem / 1000 % 60));
  if (with_millis) std::snprintf(buf + n, sizeof buf - n, ".%03lldZ", static_cast<long long>(rem % 1000));
  else std::snprintf(buf + n, sizeof buf - n, "Z");
  return buf;
}

}  // namespace plume::civil
