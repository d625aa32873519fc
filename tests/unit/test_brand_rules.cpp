// Brand rules: banned words, required keywords, placeholders, repeated sentences, stop markers,
// in English and Chinese, each failure with a bilingual reason.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "prompt/brand_rules.h"

using namespace plume;

namespace {

BrandReport check(const std::string& text, const BrandRules& rules) {
  auto r = check_brand(text, rules);
  REQUIRE(r.ok());
  return *r;
}

const RuleResult& rule(const BrandReport& report, const std::string& name) {
  for (const RuleResult& r : report.rules)
    if (r.rule == name) return r;
  FAIL("no rule " << name);
  return report.rules.front();
}

std::vector<std::string> codes(const RuleResult& r) {
  std::vector<std::string> out;
  for (const auto& reason : r.reasons) out.push_back(reason.code);
  return out;
}

}  // namespace

TEST_CASE("Banned words: Latin case-insensitive whole words, CJK anywhere", "[brand]") {
  BrandRules rules;
  rules.banned_words = {"free", "最便宜", " cheap "};
  BrandReport r = check("Get yours FREE today!", rules);
  CHECK_FALSE(r.ok);
  CHECK_FALSE(rule(r, "banned_words").pass);
  const auto& reason = rule(r, "banned_words").reasons.at(0);
  CHECK(reason.code == "brand.banned_word");
  CHECK(reason.en.find("\"free\"") != std::string::npos);
  CHECK(reason.zh.find("禁用词“free”") != std::string::npos);

  CHECK(check("Freedom to move, carefree all day.", rules).ok);            // not whole words
  CHECK_FALSE(check("全网最便宜的手环", rules).ok);                           // CJK: substring
  CHECK_FALSE(check("免费free送", rules).ok);                                // Latin next to CJK is a word
  CHECK_FALSE(check("Not cheap. Cheap!", rules).ok);
  CHECK(std::get<int64_t>(rule(check("Not cheap. Cheap!", rules), "banned_words").reasons[0].params[1].value) == 2);
  rules.banned_words = {"café"};
  CHECK_FALSE(check("CAFE\xCC\x81 opening", rules).ok);  // decomposed É matches é (NFC + case)
}

TEST_CASE("Required keywords", "[brand]") {
  BrandRules rules;
  rules.required_keywords = {"Plume Band", "心率"};
  BrandReport r = check("The plume band tracks your sleep.", rules);
  CHECK_FALSE(r.ok);
  REQUIRE(rule(r, "required_keywords").reasons.size() == 1);
  CHECK(rule(r, "required_keywords").reasons[0].code == "brand.missing_keyword");
  CHECK(rule(r, "required_keywords").reasons[0].zh == "缺少必需关键词“心率”。");
  CHECK(check("Plume Band：24 小时心率监测。", rules).ok);
}

TEST_CASE("Unfilled placeholders", "[brand]") {
  BrandRules rules;
  auto placeholders = [&](const std::string& text) {
    std::vector<std::string> out;
    const BrandReport report = check(text, rules);
    for (const auto& reason : rule(report, "placeholders").reasons)
      out.push_back(std::get<std::string>(reason.params[0].value));
    return out;
  };
  CHECK(placeholders("Hi {{first_name}}, your {{{product}}} is ready") ==
        std::vector<std::string>{"{{first_name}}", "{{{product}}}"});
  CHECK(placeholders("Dear [NAME], meet [Product Name] by [BRAND_NAME]") ==
        std::vector<std::string>{"[NAME]", "[Product Name]", "[BRAND_NAME]"});
  CHECK(placeholders("Hello {name} and {姓名}") == std::vector<std::string>{"{name}", "{姓名}"});
  CHECK(placeholders("Use <placeholder> or <姓名> here") == std::vector<std::string>{"<placeholder>", "<姓名>"});
  // Not placeholders: citations, notes, emoticon codes, HTML, comparisons, a signature 【品牌】.
  CHECK(placeholders("See [1] and [Note]. [微笑] <b>Bold</b> 3 < 5 > 2 【Plume】回T退订").empty());
  CHECK(rule(check("Hi [NAME]", rules), "placeholders").reasons[0].zh.find("未填写的占位符") != std::string::npos);
  rules.check_placeholders = false;
  CHECK(check("Hi [NAME]", rules).ok);
}

TEST_CASE("Repeated sentences, CJK-aware", "[brand]") {
  BrandRules rules;
  CHECK(split_sentences("第一句。第二句！第三句？Fourth one. Fifth!") ==
        std::vector<std::string>{"第一句。", "第二句！", "第三句？", "Fourth one.", "Fifth!"});
  CHECK(split_sentences("Only $3.50 at example.com today.") == std::vector<std::string>{"Only $3.50 at example.com today."});
  BrandReport r = check("超长续航，一次充电用十四天。心率全天监测。超长续航，一次充电用十四天！", rules);
  CHECK_FALSE(r.ok);
  REQUIRE(rule(r, "repeated_sentences").reasons.size() == 1);
  CHECK(std::get<int64_t>(rule(r, "repeated_sentences").reasons[0].params[1].value) == 2);
  CHECK_FALSE(check("Buy now. buy  now! Great band.", rules).ok);  // case and spacing ignored
  CHECK(check("Wow! Wow! A great band.", rules).ok);                // too short to count
  CHECK(check("Light. Strong. Smart. Yours.", rules).ok);
}

TEST_CASE("Stop markers", "[brand]") {
  BrandRules rules;
  rules.stop_markers = {"<|endoftext|>", "###"};
  BrandReport r = check("Great band.<|endoftext|>Unrelated text", rules);
  CHECK_FALSE(r.ok);
  CHECK(codes(rule(r, "stop_marker")) == std::vector<std::string>{"brand.text_after_stop_marker"});
  r = check("Great band.###\n", rules);
  CHECK(r.ok);  // nothing after: a warning to remove the marker
  CHECK(codes(rule(r, "stop_marker")) == std::vector<std::string>{"brand.stop_marker_at_end"});
  CHECK(check("Great band.", rules).ok);
}

TEST_CASE("Brand rule errors and the full report", "[brand]") {
  BrandRules rules;
  CHECK_FALSE(check_brand("\xc3", rules).ok());
  rules.banned_words = {"\xff"};
  CHECK(check_brand("ok", rules).error().message.find("banned word") != std::string::npos);
  BrandReport r = check("A clean sentence.", BrandRules{});
  CHECK(r.ok);
  std::vector<std::string> names;
  for (const RuleResult& rr : r.rules) names.push_back(rr.rule);
  CHECK(names == std::vector<std::string>{"banned_words", "required_keywords", "placeholders", "repeated_sentences", "stop_marker"});
}
