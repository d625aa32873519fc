// Channel rules: X against twitter-text's own conformance cases (the ones twitter-text runs with
// its v3 configuration), SMS against hand-checked GSM 03.38 / TS 23.040 cases, NFC against the
// Unicode NormalizationTest (native only), and the other channels' units and limits.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "prompt/channel.h"
#include "prompt/channel_twitter.h"
#include "prompt/channel_unicode.h"

using namespace plume;

namespace {

const std::string kConformance = std::string(PLUME_SOURCE_DIR) + "/../shared/conformance/twitter-text/";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// --- A test-only reader for twitter-text's validate.yml ------------------------------------
// The file is a map tests -> section -> list of {description, text, expected}; strings are YAML
// double-quoted scalars with \n, \", \\, \uXXXX and \UXXXXXXXX escapes; `expected` is a map of
// scalars or a single scalar. That is all this reader understands.
struct YamlCase {
  std::string description, text;
  std::map<std::string, std::string> expected;
};

std::string unquote(const std::string& v) {
  if (v.size() < 2 || v.front() != '"') return v;
  std::string out;
  for (size_t i = 1; i + 1 < v.size(); i++) {
    if (v[i] != '\\') { out += v[i]; continue; }
    const char e = v[++i];
    auto hex = [&](size_t n) {
      char32_t cp = static_cast<char32_t>(std::stoul(v.substr(i + 1, n), nullptr, 16));
      i += n;
      text::append_utf8(out, cp);
    };
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '0': out += '\0'; break;
      case 'u': hex(4); break;
      case 'U': hex(8); break;
      case 'x': hex(2); break;
      default: out += e;  // \" \\ \/
    }
  }
  return out;
}

std::map<std::string, std::vector<YamlCase>> read_validate_yml(const std::string& yaml) {
  std::map<std::string, std::vector<YamlCase>> sections;
  std::string section;
  bool in_expected = false;
  std::istringstream lines(yaml);
  for (std::string line; std::getline(lines, line);) {
    const size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos || line[indent] == '#') continue;
    std::string body = line.substr(indent);
    while (!body.empty() && (body.back() == ' ' || body.back() == '\r')) body.pop_back();
    if (indent == 2 && body.back() == ':') { section = body.substr(0, body.size() - 1); continue; }
    if (section.empty()) continue;
    if (body.rfind("- ", 0) == 0) { sections[section].push_back({}); body = body.substr(2); in_expected = false; }
    if (sections[section].empty()) continue;
    YamlCase& c = sections[section].back();
    const size_t colon = body.find(": ");
    const std::string key = colon == std::string::npos ? body.substr(0, body.size() - 1) : body.substr(0, colon);
    const std::string value = colon == std::string::npos ? "" : body.substr(colon + 2);
    if (key == "description" && !in_expected) c.description = unquote(value);
    else if (key == "text" && !in_expected) c.text = unquote(value);
    else if (key == "expected") { in_expected = value.empty(); if (!value.empty()) c.expected["value"] = value; }
    else if (in_expected) c.expected[key] = value;
  }
  return sections;
}

}  // namespace

TEST_CASE("X: twitter-text v3 conformance (validate.yml, the sections twitter-text runs with v3)", "[channel][x]") {
  const std::string yaml = read_file(kConformance + "twitter-text-conformance-validate.yml");
  const std::string config_json = read_file(kConformance + "twitter-text-config-v3.json");
  if (yaml.empty() || config_json.empty()) {
    WARN("twitter-text conformance suite not found under " << kConformance << ": skipped");
    return;
  }
  auto config = twitter::config_from_json(config_json);
  REQUIRE(config.ok());
  CHECK(config->max_weighted_tweet_length == 280);
  CHECK(config->emoji_parsing_enabled);
  auto sections = read_validate_yml(yaml);
  // twitter-text's ConformanceTest runs these two sections with its default (v3) configuration;
  // WeightedTweetsCounterTest is the v2 configuration (no emoji parsing), `tweets` is v1 (140).
  int cases = 0;
  for (const char* name : {"WeightedTweetsWithDiscountedEmojiCounterTest", "UnicodeDirectionalMarkerCounterTest"}) {
    REQUIRE(sections.count(name));
    for (const YamlCase& c : sections[name]) {
      INFO(name << ": " << c.description);
      auto decoded = text::decode_utf8(c.text);
      REQUIRE(decoded.ok());
      const twitter::ParseResult r = twitter::parse_tweet(*decoded, *config);
      CHECK(std::to_string(r.weighted_length) == c.expected.at("weightedLength"));
      CHECK((r.valid ? "true" : "false") == c.expected.at("valid"));
      CHECK(std::to_string(r.permillage) == c.expected.at("permillage"));
      CHECK(std::to_string(r.display_range_start) == c.expected.at("displayRangeStart"));
      CHECK(std::to_string(r.display_range_end) == c.expected.at("displayRangeEnd"));
      CHECK(std::to_string(r.valid_range_start) == c.expected.at("validRangeStart"));
      CHECK(std::to_string(r.valid_range_end) == c.expected.at("validRangeEnd"));
      cases++;
    }
  }
  CHECK(cases == 24);

  // Also the v2 section: the same configuration without emoji parsing (twitter-text's v2.json).
  twitter::Config v2 = *config;
  v2.version = 2;
  v2.emoji_parsing_enabled = false;
  for (const YamlCase& c : sections["WeightedTweetsCounterTest"]) {
    INFO("WeightedTweetsCounterTest (v2): " << c.description);
    auto decoded = text::decode_utf8(c.text);
    REQUIRE(decoded.ok());
    const twitter::ParseResult r = twitter::parse_tweet(*decoded, v2);
    CHECK(std::to_string(r.weighted_length) == c.expected.at("weightedLength"));
    CHECK((r.valid ? "true" : "false") == c.expected.at("valid"));
    CHECK(std::to_string(r.valid_range_end) == c.expected.at("validRangeEnd"));
  }
}

TEST_CASE("NFC against the Unicode NormalizationTest (native only)", "[channel][nfc]") {
#ifdef __EMSCRIPTEN__
  WARN("NormalizationTest.txt.bz2 needs bzip2: checked by the native build only");
#else
  FILE* pipe = popen("bzip2 -dc /usr/share/unicode/NormalizationTest.txt.bz2 2>/dev/null", "r");
  if (!pipe) { WARN("bzip2 not available: skipped"); return; }
  std::string data;
  char buffer[65536];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) data.append(buffer, n);
  pclose(pipe);
  if (data.empty()) { WARN("/usr/share/unicode/NormalizationTest.txt.bz2 (unicode-data) not found: skipped"); return; }
  auto field = [](const std::string& f) {
    std::u32string out;
    std::istringstream in(f);
    for (std::string hex; in >> hex;) out.push_back(static_cast<char32_t>(std::stoul(hex, nullptr, 16)));
    return out;
  };
  // Columns c1;c2;c3;c4;c5: NFC(c1..c3) == c2 and NFC(c4, c5) == c4.
  int lines = 0, failures = 0;
  std::istringstream in(data);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#' || line[0] == '@') continue;
    std::vector<std::u32string> c;
    size_t start = 0;
    for (int k = 0; k < 5; k++) {
      const size_t semi = line.find(';', start);
      c.push_back(field(line.substr(start, semi - start)));
      start = semi + 1;
    }
    lines++;
    const bool ok = text::nfc(c[0]) == c[1] && text::nfc(c[1]) == c[1] && text::nfc(c[2]) == c[1] &&
                    text::nfc(c[3]) == c[3] && text::nfc(c[4]) == c[3];
    if (!ok && failures++ < 5) FAIL_CHECK("NFC mismatch: " << line);
  }
  CHECK(lines > 15000);
  CHECK(failures == 0);
#endif
}

TEST_CASE("SMS: GSM 03.38 septets, UCS-2 units and TS 23.040 segments", "[channel][sms]") {
  auto sms = [](const std::string& s) {
    auto r = check_channel(s, Channel::kSms, {});
    REQUIRE(r.ok());
    return *r;
  };
  auto rep = [](const std::string& piece, int n) { std::string s; for (int i = 0; i < n; i++) s += piece; return s; };

  // 160 GSM characters fit one message; 161 need two segments of at most 153.
  ChannelResult r = sms(rep("a", 160));
  CHECK(r.encoding == "gsm7");
  CHECK(r.unit == "gsm7-septets");
  CHECK(r.length == 160);
  CHECK(r.segments == 1);
  CHECK(r.limit == 160);
  CHECK(r.ok);
  r = sms(rep("a", 161));
  CHECK(r.segments == 2);
  CHECK_FALSE(r.ok);
  CHECK(r.reasons[0].code == "sms.too_many_segments");
  CHECK(sms(rep("a", 306)).segments == 2);  // 2 x 153
  CHECK(sms(rep("a", 307)).segments == 3);

  // Extension table characters (€ [ ] { } \ ^ ~ | form feed) are ESC + code: 2 septets.
  CHECK(sms("€").length == 2);
  CHECK(sms("[]{}\\^~|\f€").length == 20);
  CHECK(sms(rep("a", 158) + "€").segments == 1);   // 160 septets
  CHECK(sms(rep("a", 159) + "€").segments == 2);   // 161 septets
  // The escape pair is never split: 152 'a' + '€' leaves 1 septet, so '€' opens segment 2.
  CHECK(sms(rep("a", 152) + "€" + rep("a", 10)).length == 164);
  CHECK(sms(rep("a", 152) + "€" + rep("a", 152)).segments == 3);  // 152 | 2 + 151 | 1
  CHECK(sms(rep("a", 151) + "€" + rep("a", 153)).segments == 2);  // 153 | 153

  // Basic-table characters outside ASCII stay GSM-7 (1 septet each).
  CHECK(sms("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà").encoding == "gsm7");
  CHECK(sms("ΔΦ").length == 2);
  CHECK(sms("`").encoding == "ucs2");  // the backtick is not in GSM 03.38

  // One Chinese character switches the whole message to UCS-2: 70 per message, 67 per segment.
  r = sms("你" + rep("a", 69));
  CHECK(r.encoding == "ucs2");
  CHECK(r.unit == "utf16-units");
  CHECK(r.length == 70);
  CHECK(r.segments == 1);
  CHECK(r.limit == 70);
  CHECK(sms("你" + rep("a", 70)).segments == 2);
  CHECK(sms(rep("你", 134)).segments == 2);
  CHECK(sms(rep("你", 135)).segments == 3);

  // An emoji outside the BMP is 2 UTF-16 units and its surrogate pair is never split.
  CHECK(sms("😷").length == 2);
  CHECK(sms(rep("a", 69) + "😷").segments == 2);   // 71 units
  CHECK(sms(rep("a", 66) + "😷" + rep("a", 66)).segments == 3);  // 66 | 2 + 65 | 1
  CHECK(sms(rep("a", 65) + "😷" + rep("a", 67)).segments == 2);  // 67 | 67

  // A curly quote forces UCS-2: the warning names it so the marketer can replace it.
  r = sms("Don’t miss our sale");
  CHECK(r.encoding == "ucs2");
  REQUIRE(r.non_gsm_characters.size() == 1);
  CHECK(r.non_gsm_characters[0] == "’");
  CHECK(r.reasons.back().code == "sms.unicode_forced");
  CHECK(r.ok);  // a warning only

  // More segments may be allowed per campaign.
  ChannelOptions three;
  three.max_sms_segments = 3;
  auto allowed = check_channel(rep("a", 400), Channel::kSms, three);
  REQUIRE(allowed.ok());
  CHECK(allowed->segments == 3);
  CHECK(allowed->limit == 459);
  CHECK(allowed->ok);
}

TEST_CASE("Emoji sequences (UTS #51) count once", "[channel][x]") {
  auto seq = [](const std::string& s) {
    auto d = text::decode_utf8(s);
    REQUIRE(d.ok());
    return text::emoji_sequence_length(*d, 0);
  };
  CHECK(seq("👨‍👩‍👧‍👦") == 7);   // ZWJ family
  CHECK(seq("🙋🏽") == 2);         // skin tone
  CHECK(seq("1⃣") == 2);          // keycap without VS16
  CHECK(seq("1️⃣") == 3);
  CHECK(seq("🇨🇳🇺🇸") == 2);      // one flag at a time
  CHECK(seq("🏴󠁧󠁢󠁳󠁣󠁴󠁿") == 7);   // tag sequence
  CHECK(seq("©") == 0);           // text style without VS16
  CHECK(seq("©️") == 2);
  CHECK(seq("🇨🇳‍©") == 2);       // a flag does not join, nor does text-style ©
  CHECK(seq("😷‍©") == 1);
  CHECK(seq("a") == 0);
}

TEST_CASE("X through check_channel: units, limit and reasons", "[channel][x]") {
  auto r = check_channel("故人西辞黄鹤楼", Channel::kX);
  REQUIRE(r.ok());
  CHECK(r->length == 14);
  CHECK(r->unit == "twitter-weighted");
  CHECK(r->limit == 280);
  CHECK(r->ok);
  std::string long_text(281, 'x');
  r = check_channel(long_text, Channel::kX);
  REQUIRE(r.ok());
  CHECK_FALSE(r->ok);
  CHECK(r->reasons[0].code == "length.over_limit");
  CHECK(r->reasons[0].zh.find("280") != std::string::npos);
  // A URL counts 23 whatever its length.
  r = check_channel("Shop now https://example.com/products/fitness-band-pro-2024?utm_source=x", Channel::kX);
  REQUIRE(r.ok());
  CHECK(r->length == 9 + 23);
  CHECK(check_channel("", Channel::kX)->reasons[0].code == "text.empty");
}

TEST_CASE("Google Ads, Weibo, WeChat and email subject units", "[channel]") {
  auto length = [](const std::string& s, Channel c) {
    auto r = check_channel(s, c);
    REQUIRE(r.ok());
    return r->length;
  };
  // Google Ads: East Asian Wide/Fullwidth characters count 2.
  CHECK(length("Smart Fitness Band", Channel::kGoogleAdsHeadline) == 18);
  CHECK(length("智能手环", Channel::kGoogleAdsHeadline) == 8);
  CHECK(length("ｽﾏｰﾄ", Channel::kGoogleAdsHeadline) == 4);    // halfwidth katakana count 1
  CHECK(length("ＡＢＣ", Channel::kGoogleAdsHeadline) == 6);   // fullwidth Latin counts 2
  auto headline = check_channel("智能手环，心率血氧睡眠全天候监测，续航十四天", Channel::kGoogleAdsHeadline);
  REQUIRE(headline.ok());
  CHECK(headline->length == 44);
  CHECK_FALSE(headline->ok);
  CHECK(check_channel("Buy now!", Channel::kGoogleAdsHeadline)->reasons[0].code == "google_ads.exclamation_in_headline");
  CHECK(check_channel("Buy now!", Channel::kGoogleAdsHeadline)->ok);

  // Weibo: ASCII counts half, rounded up; Chinese 1.
  CHECK(length("abc", Channel::kWeibo) == 2);
  CHECK(length("ab", Channel::kWeibo) == 1);
  CHECK(length("微博ab", Channel::kWeibo) == 3);
  auto folded = check_channel(std::string(300, 'a'), Channel::kWeibo);  // 150 characters
  REQUIRE(folded.ok());
  CHECK(folded->ok);
  CHECK(folded->reasons[0].code == "weibo.folded");

  // WeChat: characters.
  CHECK(length("智能手环 Pro", Channel::kWechatTitle) == 8);
  auto title = check_channel(std::string(65, 'a'), Channel::kWechatTitle);
  CHECK_FALSE(title->ok);
  CHECK(title->limit == 64);
  CHECK(check_channel(std::string(120, 'a'), Channel::kWechatDigest)->ok);
  CHECK_FALSE(check_channel(std::string(121, 'a'), Channel::kWechatDigest)->ok);

  // Email subject: over 50 columns, shouting and spam words are warnings, a line break an error.
  auto subject = check_channel("FREE GIFT inside!!! Act now to claim your free fitness band today", Channel::kEmailSubject);
  REQUIRE(subject.ok());
  CHECK(subject->ok);
  std::vector<std::string> codes;
  for (const auto& reason : subject->reasons) codes.push_back(reason.code);
  CHECK(codes == std::vector<std::string>{"length.over_recommended", "style.all_caps", "style.exclamation", "email.spam_words"});
  CHECK_FALSE(check_channel("Hello\nWorld", Channel::kEmailSubject)->ok);
  CHECK(length("新品上市", Channel::kEmailSubject) == 8);
}

TEST_CASE("Channel input errors", "[channel]") {
  CHECK_FALSE(check_channel("\xff", Channel::kSms).ok());
  CHECK(check_channel("\xe4\xbd", Channel::kX).error().message.find("UTF-8") != std::string::npos);
  CHECK_FALSE(parse_channel("myspace").ok());
  CHECK(parse_channel("myspace").error().message.find("google-ads-headline") != std::string::npos);
  CHECK(parse_channel("twitter").value() == Channel::kX);
  for (Channel c : all_channels()) CHECK(parse_channel(channel_name(c)).value() == c);
  ChannelOptions bad;
  bad.max_sms_segments = 0;
  CHECK_FALSE(check_channel("hi", Channel::kSms, bad).ok());
}
