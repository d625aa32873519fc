// Calendar arithmetic and ISO 8601 date-times, shared by every room that reads timestamps
// (experiment event logs, ecosystem imports). Proleptic Gregorian calendar, UTC, no time zone
// database: a zone is only ever the explicit offset written in the text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"

namespace plume::civil {

struct Date {
  int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

// Days since 1970-01-01 of a date, and back (Howard Hinnant's days_from_civil / civil_from_days).
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);
Date civil_from_days(int64_t days);

// "YYYY-MM-DD", optionally followed by ("T" or a space) "hh:mm", ":ss", a fraction ".fff" (or
// ",fff"; digits past milliseconds are dropped), and a zone "Z", "+hh", "+hhmm" or "+hh:mm" (no
// zone = UTC). Returns milliseconds since the epoch. A leap second (ss = 60) is read as the second
// before it: Unix time has none. The error names what was expected, not the input (callers add it).
Result<int64_t> parse_iso8601_ms(std::string_view text);

// Milliseconds since the epoch as "2024-03-05T14:30:00Z", or "2024-03-05T14:30:00.250Z" with
// millis (the time is floored to the second without).
std::string format_iso8601(int64_t ms, bool with_millis);

}  // namespace plume::civil
