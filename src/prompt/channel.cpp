// Channel rules (see channel.h; limits and sources in docs/channels.md). Each channel measures the
// text in its own unit, compares it with its limit and explains the result in English and Chinese.
#include "prompt/channel.h"

#include <algorithm>

#include "prompt/channel_twitter.h"
#include "prompt/channel_unicode.h"

namespace plume {

using rules::Param;
using rules::Reason;
using rules::Severity;

namespace {

struct ChannelSpec {
  Channel channel;
  const char* name;
  const char* unit;
  int64_t limit;
  const char* label_en;  // how a marketer names the field
  const char* label_zh;
};

constexpr ChannelSpec kSpecs[] = {
    {Channel::kSms, "sms", "gsm7-septets", 160, "SMS", "短信"},
    {Channel::kX, "x", "twitter-weighted", 280, "X post", "X 帖子"},
    {Channel::kWeibo, "weibo", "weibo-characters", 2000, "Weibo post", "微博"},
    {Channel::kWechatTitle, "wechat-title", "characters", 64, "WeChat article title", "微信文章标题"},
    {Channel::kWechatDigest, "wechat-digest", "characters", 120, "WeChat article digest", "微信文章摘要"},
    {Channel::kGoogleAdsHeadline, "google-ads-headline", "google-ads-width", 30, "Google Ads headline", "Google 广告标题"},
    {Channel::kGoogleAdsDescription, "google-ads-description", "google-ads-width", 90, "Google Ads description", "Google 广告描述"},
    {Channel::kEmailSubject, "email-subject", "display-columns", 50, "email subject", "邮件主题"},
};

const ChannelSpec& spec(Channel c) {
  for (const ChannelSpec& s : kSpecs) if (s.channel == c) return s;
  return kSpecs[0];
}

std::string num(int64_t v) { return std::to_string(v); }

// Unit names as a marketer reads them.
std::string unit_en(const std::string& unit) {
  if (unit == "gsm7-septets") return "GSM characters";
  if (unit == "utf16-units") return "Unicode characters";
  if (unit == "twitter-weighted") return "weighted characters";
  if (unit == "google-ads-width" || unit == "display-columns") return "characters (Chinese, Japanese and Korean count double)";
  return "characters";
}
std::string unit_zh(const std::string& unit) {
  if (unit == "gsm7-septets") return "个 GSM 字符";
  if (unit == "utf16-units") return "个 Unicode 字符";
  if (unit == "twitter-weighted") return "个加权字符";
  if (unit == "google-ads-width" || unit == "display-columns") return "个字符（中日韩文字计 2 个）";
  return "个字";
}

Reason too_long(const ChannelSpec& s, const std::string& unit, int64_t length, int64_t limit, Severity severity,
                const std::string& extra_en = "", const std::string& extra_zh = "") {
  Reason r;
  r.code = severity == Severity::kError ? "length.over_limit" : "length.over_recommended";
  r.severity = severity;
  r.params = {{"length", length}, {"limit", limit}, {"over", length - limit}, {"unit", unit}};
  r.en = std::string("The ") + s.label_en + " is " + num(length) + " " + unit_en(unit) + " long; " +
         (severity == Severity::kError ? "the limit is " : "the recommended maximum is ") + num(limit) +
         ". Cut " + num(length - limit) + "." + extra_en;
  r.zh = std::string(s.label_zh) + "长度为 " + num(length) + " " + unit_zh(unit) + "，" +
         (severity == Severity::kError ? "上限为 " : "建议不超过 ") + num(limit) + "，请删减 " +
         num(length - limit) + "。" + extra_zh;
  return r;
}

Reason empty_text(const ChannelSpec& s) {
  return {"text.empty", Severity::kError, {}, std::string("The ") + s.label_en + " is empty.",
          std::string(s.label_zh) + "内容为空。"};
}

int64_t display_width(std::u32string_view t) {
  int64_t w = 0;
  for (char32_t cp : t) w += text::is_wide(cp) ? 2 : 1;
  return w;
}

// Weibo's compose box counts a character in U+0000..U+00FF as half and every other UTF-16 code
// unit as one (so an emoji outside the BMP counts 2), rounded up.
int64_t weibo_length(std::u32string_view t) {
  int64_t halves = 0;
  for (char32_t cp : t) halves += cp <= 0xFF ? 1 : 2 * static_cast<int64_t>(text::utf16_length(cp));
  return (halves + 1) / 2;
}

std::string quote_chars(const std::vector<char32_t>& chars, size_t max) {
  std::string out;
  for (size_t i = 0; i < chars.size() && i < max; i++) {
    if (i) out += " ";
    text::append_utf8(out, chars[i]);
  }
  if (chars.size() > max) out += " …";
  return out;
}

// Words written entirely in capitals (two or more letters), e.g. "FREE", "SALE".
int count_all_caps_words(std::u32string_view t) {
  int count = 0, upper = 0, lower = 0;
  auto flush = [&] { if (upper >= 2 && lower == 0) count++; upper = lower = 0; };
  for (char32_t cp : t) {
    if (cp >= 'A' && cp <= 'Z') upper++;
    else if (cp >= 'a' && cp <= 'z') lower++;
    else if (!text::is_word_char(cp)) flush();
  }
  flush();
  return count;
}

int count_of(std::u32string_view t, std::initializer_list<char32_t> chars) {
  int n = 0;
  for (char32_t cp : t) for (char32_t c : chars) n += cp == c;
  return n;
}

bool has_run(std::u32string_view t, std::initializer_list<char32_t> chars, int run) {
  int n = 0;
  for (char32_t cp : t) {
    bool member = false;
    for (char32_t c : chars) member = member || cp == c;
    n = member ? n + 1 : 0;
    if (n >= run) return true;
  }
  return false;
}

void shouting_warnings(std::u32string_view t, const ChannelSpec& s, std::vector<Reason>* out) {
  const int caps = count_all_caps_words(t);
  if (caps >= 2) {
    out->push_back({"style.all_caps", Severity::kWarning, {{"words", caps}},
                    std::string("The ") + s.label_en + " has " + num(caps) +
                        " words in ALL CAPS; spam filters and readers treat shouting as spam.",
                    std::string(s.label_zh) + "有 " + num(caps) + " 个全大写单词，容易被当作垃圾信息。"});
  }
  const int bangs = count_of(t, {U'!', U'！'});
  if (bangs >= 2 || has_run(t, {U'!', U'！', U'?', U'？'}, 2)) {
    out->push_back({"style.exclamation", Severity::kWarning, {{"count", bangs}},
                    std::string("The ") + s.label_en + " uses repeated exclamation or question marks; keep at most one.",
                    std::string(s.label_zh) + "使用了多个感叹号或问号，建议最多保留一个。"});
  }
}

// Words spam filters score highly (a short, documented heuristic list: docs/channels.md).
void spam_word_warnings(std::u32string_view t, std::vector<Reason>* out) {
  static const char* const kTriggers[] = {"free", "act now", "urgent", "winner", "guaranteed", "risk-free",
                                          "click here", "buy now", "100%", "$$$", "免费", "中奖", "点击领取",
                                          "恭喜您", "立即领取"};
  const std::u32string folded = text::fold_case(t);
  std::vector<std::string> found;
  for (const char* trigger : kTriggers) {
    auto word = text::decode_utf8(trigger);
    if (!word) continue;
    const std::u32string& w = *word;
    const bool latin = !text::is_cjk(w[0]);
    for (size_t pos = folded.find(w); pos != std::u32string::npos; pos = folded.find(w, pos + 1)) {
      const bool left = !latin || pos == 0 || !text::is_word_char(folded[pos - 1]) || !text::is_word_char(w.front());
      const size_t end = pos + w.size();
      const bool right = !latin || end >= folded.size() || !text::is_word_char(folded[end]) || !text::is_word_char(w.back());
      if (left && right) { found.push_back(trigger); break; }
    }
  }
  if (found.empty()) return;
  std::string list;
  for (const std::string& f : found) list += (list.empty() ? "" : ", ") + f;
  out->push_back({"email.spam_words", Severity::kWarning, {{"words", list}},
                  "The email subject contains words that spam filters score highly: " + list + ".",
                  "邮件主题包含容易触发垃圾邮件过滤的词：" + list + "。"});
}

}  // namespace

const std::vector<Channel>& all_channels() {
  static const std::vector<Channel> channels = [] {
    std::vector<Channel> v;
    for (const ChannelSpec& s : kSpecs) v.push_back(s.channel);
    return v;
  }();
  return channels;
}

const char* channel_name(Channel c) { return spec(c).name; }

Result<Channel> parse_channel(std::string_view name) {
  if (name == "twitter") return Channel::kX;
  std::string names;
  for (const ChannelSpec& s : kSpecs) {
    if (name == s.name) return s.channel;
    names += names.empty() ? "" : ", ";
    names += s.name;
  }
  return make_error("unknown channel '", std::string(name), "': expected one of ", names);
}

Result<ChannelResult> check_channel(std::string_view utf8, Channel channel, const ChannelOptions& options) {
  auto decoded = text::decode_utf8(utf8);
  if (!decoded) return decoded.error();
  const std::u32string& t = *decoded;
  if (options.max_sms_segments < 1 || options.max_sms_segments > 255)
    return make_error("max SMS segments must be 1..255, got ", options.max_sms_segments);
  if (options.limit < 0) return make_error("limit must be positive, got ", options.limit);

  const ChannelSpec& s = spec(channel);
  ChannelResult r;
  r.channel = channel;
  r.unit = s.unit;
  r.limit = options.limit > 0 ? options.limit : s.limit;
  r.characters = static_cast<int>(t.size());
  const bool blank = std::all_of(t.begin(), t.end(), [](char32_t c) { return text::is_space(c); });
  if (blank) r.reasons.push_back(empty_text(s));

  switch (channel) {
    case Channel::kSms: {
      const SmsCount c = count_sms(t);
      r.encoding = c.gsm7 ? "gsm7" : "ucs2";
      r.unit = c.gsm7 ? "gsm7-septets" : "utf16-units";
      r.length = c.length;
      r.segments = c.segments;
      for (char32_t cp : c.non_gsm) r.non_gsm_characters.push_back(text::encode_utf8(std::u32string(1, cp)));
      const int single = c.gsm7 ? 160 : 70, per_segment = c.gsm7 ? 153 : 67;
      if (options.limit == 0) r.limit = options.max_sms_segments == 1 ? single : int64_t{per_segment} * options.max_sms_segments;
      if (c.segments > options.max_sms_segments) {
        Reason e;
        e.code = "sms.too_many_segments";
        e.params = {{"length", c.length}, {"unit", r.unit}, {"segments", c.segments},
                    {"max_segments", options.max_sms_segments}, {"limit", r.limit}};
        e.en = "The SMS is " + num(c.length) + " " + unit_en(r.unit) + " and would be sent as " + num(c.segments) +
               " messages; the campaign allows " + num(options.max_sms_segments) + " (" + num(r.limit) + " " +
               unit_en(r.unit) + ").";
        e.zh = "短信长度为 " + num(c.length) + " " + unit_zh(r.unit) + "，将拆分为 " + num(c.segments) +
               " 条发送；本次活动最多允许 " + num(options.max_sms_segments) + " 条（" + num(r.limit) + " " +
               unit_zh(r.unit) + "）。";
        r.reasons.push_back(e);
      } else if (options.limit > 0 && c.length > options.limit) {
        r.reasons.push_back(too_long(s, r.unit, c.length, options.limit, Severity::kError));
      }
      const bool any_cjk = std::any_of(t.begin(), t.end(), [](char32_t cp) { return text::is_cjk(cp); });
      if (!c.gsm7 && !any_cjk) {
        const std::string chars = quote_chars(c.non_gsm, 8);
        r.reasons.push_back({"sms.unicode_forced", Severity::kWarning, {{"characters", chars}},
                             "These characters are not in the GSM alphabet and switch the whole SMS to Unicode "
                             "(70 characters per message instead of 160): " + chars + ". Replace them (e.g. straight quotes) to fit more.",
                             "以下字符不在 GSM 字符集中，会使整条短信改用 Unicode 编码（每条 70 字而非 160 字）：" +
                                 chars + "。替换它们（如改用直引号）可容纳更多内容。"});
      }
      break;
    }
    case Channel::kX: {
      const twitter::ParseResult p = twitter::parse_tweet(t);
      r.length = p.weighted_length;
      if (options.limit == 0) r.limit = 280;
      bool invalid_char = std::any_of(t.begin(), t.end(), [](char32_t c) { return c == 0xFFFE || c == 0xFEFF || c == 0xFFFF; });
      if (r.length > r.limit)
        r.reasons.push_back(too_long(s, r.unit, r.length, r.limit, Severity::kError,
                                     " Links count 23 and each Chinese character or emoji counts 2.",
                                     "链接计 23 个字符，每个汉字或表情计 2 个。"));
      if (invalid_char)
        r.reasons.push_back({"x.invalid_character", Severity::kError, {},
                             "The X post contains an invisible character X rejects (U+FEFF, U+FFFE or U+FFFF); remove it.",
                             "X 帖子包含 X 不接受的不可见字符（U+FEFF、U+FFFE 或 U+FFFF），请删除。"});
      break;
    }
    case Channel::kWeibo: {
      r.length = weibo_length(t);
      if (r.length > r.limit) r.reasons.push_back(too_long(s, r.unit, r.length, r.limit, Severity::kError));
      else if (r.length > 140)
        r.reasons.push_back({"weibo.folded", Severity::kWarning, {{"length", r.length}, {"visible", 140}},
                             "Weibo shows only the first 140 characters in the feed; the rest is behind \"全文\" (full text). Put the key message first.",
                             "微博信息流只显示前 140 字，其余折叠在“全文”后，请把重点放在前面。"});
      break;
    }
    case Channel::kWechatTitle:
    case Channel::kWechatDigest:
      r.length = static_cast<int64_t>(t.size());
      if (r.length > r.limit) r.reasons.push_back(too_long(s, r.unit, r.length, r.limit, Severity::kError));
      break;
    case Channel::kGoogleAdsHeadline:
    case Channel::kGoogleAdsDescription: {
      r.length = display_width(t);
      if (r.length > r.limit)
        r.reasons.push_back(too_long(s, r.unit, r.length, r.limit, Severity::kError));
      const int bangs = count_of(t, {U'!', U'！'});
      if (channel == Channel::kGoogleAdsHeadline && bangs > 0)
        r.reasons.push_back({"google_ads.exclamation_in_headline", Severity::kWarning, {{"count", bangs}},
                             "Google Ads does not allow exclamation marks in headlines; the ad would be disapproved.",
                             "Google 广告标题不允许使用感叹号，否则广告会被拒登。"});
      else if (bangs > 1)
        r.reasons.push_back({"google_ads.exclamation", Severity::kWarning, {{"count", bangs}},
                             "Google Ads allows at most one exclamation mark in a description.",
                             "Google 广告描述最多只能使用一个感叹号。"});
      if (count_all_caps_words(t) >= 1 && channel == Channel::kGoogleAdsHeadline)
        r.reasons.push_back({"google_ads.all_caps", Severity::kWarning, {},
                             "Google Ads disapproves words in ALL CAPS used for emphasis (brand names and acronyms are fine).",
                             "Google 广告不允许为强调而使用全大写单词（品牌名和缩写除外）。"});
      break;
    }
    case Channel::kEmailSubject: {
      r.length = display_width(t);
      if (r.length > r.limit)
        r.reasons.push_back(too_long(s, r.unit, r.length, r.limit, Severity::kWarning,
                                     " Longer subjects are cut off in mobile inbox previews.",
                                     "过长的主题在手机收件箱预览中会被截断。"));
      if (std::any_of(t.begin(), t.end(), [](char32_t c) { return c == '\n' || c == '\r'; }))
        r.reasons.push_back({"email.line_break", Severity::kError, {},
                             "An email subject cannot contain a line break.", "邮件主题不能包含换行。"});
      shouting_warnings(t, s, &r.reasons);
      spam_word_warnings(t, &r.reasons);
      break;
    }
  }
  r.ok = !rules::has_error(r.reasons);
  return r;
}

}  // namespace plume
