// Channel rules: does a text fit the channel it is written for, counted in the unit that channel
// really uses? Each channel's limits and their sources are in docs/channels.md.
//
//   sms                     GSM-7 septets (extension characters count 2), or UTF-16 units once
//                           any character needs UCS-2; segments 160/153 or 70/67
//   x                       twitter-text v3 weighted length (limit 280)
//   weibo                   Weibo compose-box characters: full-width 1, half-width (U+0000..00FF)
//                           1/2, rounded up (limit 2000; folded behind "全文" after 140)
//   wechat-title            WeChat Official Account article title, characters (limit 64)
//   wechat-digest           WeChat article digest (摘要), characters (limit 120)
//   google-ads-headline     Google Ads responsive search ad headline, double-width counts 2 (30)
//   google-ads-description  Google Ads description, double-width counts 2 (90)
//   email-subject           display columns, double-width counts 2; over 50 is a warning only
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "prompt/channel_reason.h"

namespace plume {

enum class Channel { kSms, kX, kWeibo, kWechatTitle, kWechatDigest, kGoogleAdsHeadline, kGoogleAdsDescription, kEmailSubject };

const std::vector<Channel>& all_channels();
const char* channel_name(Channel c);  // "sms", "x", ...
// Accepts the names above (and "twitter" for x); the error lists the valid names.
Result<Channel> parse_channel(std::string_view name);

struct ChannelOptions {
  int max_sms_segments = 1;  // SMS: how many concatenated segments the campaign allows (1..255)
  int64_t limit = 0;         // > 0 replaces the channel's default limit (in the channel's unit)
};

struct ChannelResult {
  Channel channel = Channel::kSms;
  int64_t length = 0;     // in `unit`
  std::string unit;       // "gsm7-septets", "utf16-units", "twitter-weighted", "weibo-characters",
                          // "characters", "google-ads-width", "display-columns"
  int64_t limit = 0;      // in `unit`
  int segments = 1;       // SMS messages billed; 1 elsewhere
  bool ok = false;        // no error-level reason
  std::vector<rules::Reason> reasons;  // errors and warnings, in order of importance
  std::string encoding;   // SMS: "gsm7" or "ucs2"; empty elsewhere
  std::vector<std::string> non_gsm_characters;  // SMS: the distinct characters that forced UCS-2
  int characters = 0;     // code points, for reference
};

// Checks `text` (UTF-8) against a channel. Invalid UTF-8 or a bad option is an error value.
Result<ChannelResult> check_channel(std::string_view text, Channel channel, const ChannelOptions& options = {});

// SMS details, exposed for tests and the UI.
struct SmsCount {
  bool gsm7 = true;
  int64_t length = 0;   // septets (gsm7) or UTF-16 units (ucs2)
  int segments = 1;
  std::vector<char32_t> non_gsm;  // distinct, in order of appearance
};
// Septets of one character in GSM 03.38 (1 basic table, 2 extension table), 0 if not encodable.
int gsm7_septets(char32_t cp);
SmsCount count_sms(std::u32string_view text);

}  // namespace plume
