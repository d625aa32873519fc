// core/civil_time: the calendar arithmetic and ISO 8601 reader every room shares. Expected
// values are GNU date's (`date -u -d 2000-02-29T12:00:00Z +%s`), not this code's.
#include <catch2/catch.hpp>

#include "core/civil_time.h"

using namespace plume::civil;

TEST_CASE("civil time: days from and to dates, across leap rules and before 1970", "[core][civil]") {
  CHECK(days_from_civil(1970, 1, 1) == 0);
  CHECK(days_from_civil(2000, 2, 29) * 86400 + 12 * 3600 == 951825600);
  CHECK(days_from_civil(1900, 3, 1) * 86400 == -2203891200LL);   // 1900 is not a leap year
  CHECK(days_from_civil(1600, 1, 1) * 86400 == -11676096000LL);  // 1600 is
  CHECK(days_from_civil(9999, 12, 31) * 86400 + 86399 == 253402300799LL);
  for (int64_t day : {-719468LL, -1LL, 0LL, 59LL, 11016LL, 2932896LL}) {
    Date d = civil_from_days(day);
    CHECK(days_from_civil(d.year, d.month, d.day) == day);
  }
  Date d = civil_from_days(-1);
  CHECK((d.year == 1969 && d.month == 12 && d.day == 31));
}

TEST_CASE("civil time: ISO 8601 forms, zones, fractions and leap seconds", "[core][civil]") {
  CHECK(parse_iso8601_ms("2024-12-31T23:59:59Z").value() == 1735689599000LL);
  CHECK(parse_iso8601_ms("2024-03-05T14:30:00+08:00").value() == 1709620200000LL);
  CHECK(parse_iso8601_ms("2024-03-05T14:30:00+0800").value() == 1709620200000LL);
  CHECK(parse_iso8601_ms("2024-03-05T14:30:00+08").value() == 1709620200000LL);
  CHECK(parse_iso8601_ms("2024-03-05 06:30").value() == 1709620200000LL);
  CHECK(parse_iso8601_ms("2024-03-05T06:30:00.25Z").value() == 1709620200250LL);
  CHECK(parse_iso8601_ms("2024-03-05T06:30:00,123456Z").value() == 1709620200123LL);
  CHECK(parse_iso8601_ms("2016-12-31T23:59:60Z").value() == 1483228799999LL);  // the leap second
  CHECK(parse_iso8601_ms("2000-01-01T00:00:00-05:30").value() == 946704600000LL);
  for (const char* bad : {"", "2024-3-05", "2023-02-29", "2024-04-31", "2024-13-01", "2024-03-05X", "2024-03-05T25:00",
                          "2024-03-05T10:00:00.", "2024-03-05T10:00+15:00", "2024-03-05T10:00+08:0", "yesterday"}) {
    INFO(bad);
    CHECK(!parse_iso8601_ms(bad).ok());
  }
  CHECK(parse_iso8601_ms("2023-02-29").error().message == "no such date");
}

TEST_CASE("civil time: formatting with and without milliseconds", "[core][civil]") {
  CHECK(format_iso8601(1709620200250LL, true) == "2024-03-05T06:30:00.250Z");
  CHECK(format_iso8601(1709620200250LL, false) == "2024-03-05T06:30:00Z");
  CHECK(format_iso8601(-1, true) == "1969-12-31T23:59:59.999Z");
  CHECK(format_iso8601(-1000, false) == "1969-12-31T23:59:59Z");
  CHECK(format_iso8601(253402300799000LL, false) == "9999-12-31T23:59:59Z");
}
