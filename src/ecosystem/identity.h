// Identity keys: the normalized forms under which records from different sources are the same
// person. Email: trimmed, lower-cased (the whole address: mailbox names are case-insensitive in
// practice though RFC 5321 allows otherwise; no provider-specific dot or "+tag" folding).
// Phone: E.164 — "+" then 8 to 15 digits; spaces, dots, dashes and parentheses are dropped,
// a leading "00" becomes "+", and a number without a country code takes the manifest's
// default_country_code after dropping one national trunk "0".
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace plume::ecosystem {

Result<std::string> normalize_email(std::string_view raw);
Result<std::string> normalize_phone(std::string_view raw, std::string_view default_country_code);

// The date/time forms imports accept, as seconds since the epoch (UTC):
//   ISO 8601 "2024-03-05", "2024-03-05T14:30", "2024-03-05T14:30:00", with optional
//   fraction ".123", and "Z" or "+08:00" / "+0800" (no zone = UTC; a space may replace "T");
//   (core/civil_time.h) or an epoch number: up to 11 digits = seconds, 12 or more = milliseconds.
Result<int64_t> parse_timestamp(std::string_view raw);
// "2024-03-05T14:30:00Z" for seconds since the epoch.
std::string format_timestamp(int64_t seconds);

}  // namespace plume::ecosystem
