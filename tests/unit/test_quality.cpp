// Output-quality checks (src/prompt/quality.h): hand-made cases in English and Chinese.
#include <catch2/catch.hpp>

#include "prompt/quality.h"

using namespace plume::prompt;

TEST_CASE("feature coverage: exact mentions after normalization", "[quality]") {
  auto c = feature_coverage("Heart-Rate  Monitoring all day, plus a 7 day battery.",
                            {"heart rate monitoring", "7-day battery", "fast charging"}, "en");
  CHECK(c.total == 3);
  CHECK(c.mentioned == 2);
  REQUIRE(c.missing.size() == 1);
  CHECK(c.missing[0] == "fast charging");
  CHECK(c.share() == Approx(2.0 / 3.0));

  // Not inside a longer word; an empty feature asks for nothing; no features = full coverage.
  CHECK(feature_coverage("GPSX tracking", {"GPS"}, "en").mentioned == 0);
  CHECK(feature_coverage("built-in GPS.", {"GPS", "  "}, "en").total == 1);
  CHECK(feature_coverage("anything", {}, "en").share() == 1.0);
  // NFC: a decomposed "é" matches the composed one; full-width letters match ASCII.
  CHECK(feature_coverage("Caf\x65\xCC\x81 cr\xC3\xA8me", {"café crème"}, "en").mentioned == 1);
  CHECK(feature_coverage("支持ＧＰＳ定位", {"GPS定位"}, "zh").mentioned == 1);
}

TEST_CASE("feature coverage: English content-word relaxation", "[quality]") {
  // Three or more content words, each present (by Porter stem), in any order.
  CHECK(feature_coverage("It monitors your heart rate and keeps your sleep private.",
                         {"heart rate monitoring"}, "en").mentioned == 1);
  // Two content words: no relaxation.
  CHECK(feature_coverage("Charging is fast.", {"fast charging"}, "en").mentioned == 0);
  // One content word missing.
  CHECK(feature_coverage("It monitors your heart.", {"heart rate monitoring"}, "en").mentioned == 0);
  // Only for English requests.
  CHECK(feature_coverage("It monitors your heart rate.", {"heart rate monitoring"}, "zh").mentioned == 0);
}

TEST_CASE("feature coverage: Chinese by characters, clause relaxation", "[quality]") {
  auto c = feature_coverage("这款手环支持心率监测，续航长达7天。人体工程学设计让你佩戴舒适。",
                            {"心率监测", "续航长达 7 天", "人体工程学设计，佩戴舒适", "睡眠跟踪"}, "zh");
  CHECK(c.total == 4);
  CHECK(c.mentioned == 3);
  REQUIRE(c.missing.size() == 1);
  CHECK(c.missing[0] == "睡眠跟踪");
  // A single clause has no relaxation: every character in order.
  CHECK(feature_coverage("心率的监测", {"心率监测"}, "zh").mentioned == 0);
  // Both clauses needed.
  CHECK(feature_coverage("人体工程学设计", {"人体工程学设计，佩戴舒适"}, "zh").mentioned == 0);
  // ASCII commas as in the seed's prompt.
  CHECK(feature_coverage("人体工程学设计,佩戴舒适", {"人体工程学设计，佩戴舒适"}, "zh").mentioned == 1);
}

TEST_CASE("language check: English", "[quality]") {
  auto ok = language_check("Meet the Kumo Pulse 2: built-in GPS, 14-day battery. See kumo.run/pulse2", "en");
  CHECK(ok.ok);
  CHECK(ok.latin_share == 1.0);
  CHECK(ok.reason.empty());
  auto mixed = language_check("This band is great. 这款手环支持心率监测和睡眠跟踪。", "en");
  CHECK_FALSE(mixed.ok);
  CHECK(mixed.han_share > 0.3);
  CHECK(mixed.reason.find("Chinese") != std::string::npos);
  auto russian = language_check("Отличный браслет для бега", "en");
  CHECK_FALSE(russian.ok);
  CHECK(russian.reason.find("another language") != std::string::npos);
  CHECK_FALSE(language_check("12345 !!!", "en").ok);
  CHECK_FALSE(language_check("hello", "fr").ok);
}

TEST_CASE("language check: Chinese tolerates product names, model numbers, addresses", "[quality]") {
  auto a = language_check("【鹿野】刘洋，降噪耳机Pro今晚24点恢复原价！最高48dB主动降噪，速抢 luye.cn/pro 回T退订", "zh");
  CHECK(a.ok);
  CHECK(a.han > 20);
  CHECK(language_check("晴日防晒乳SPF50+ PA++++，不泛白不油腻，夏天放心晒。", "zh").ok);
  CHECK(language_check("Type-C充电。", "zh").ok);  // short: at most two Latin words
  // English text, an English sentence inside Chinese, too much English.
  auto en = language_check("This smart band tracks your heart rate all day.", "zh");
  CHECK_FALSE(en.ok);
  CHECK(en.reason == "输出不是中文。");
  CHECK(language_check("这款手环很好。It tracks your heart rate and sleep all day long.", "zh").reason ==
        "输出里夹杂了英文句子。");
  auto heavy = language_check("手环 with GPS, NFC and Bluetooth 5.3 support", "zh");
  CHECK_FALSE(heavy.ok);
  CHECK(heavy.reason.find("英文过多") != std::string::npos);
}

TEST_CASE("parse_output: email", "[quality]") {
  auto e = parse_output("Subject: Maya, your next trail\nBody:\nHi Maya,\n\nIt has GPS.\n", "email", "en");
  REQUIRE(e.ok);
  REQUIRE(e.parts.size() == 2);
  CHECK(e.parts[0] == std::make_pair(std::string("subject"), std::string("Maya, your next trail")));
  CHECK(e.parts[1].second == "Hi Maya,\n\nIt has GPS.");
  auto z = parse_output("主题：陈晨，下一条路线\n正文：\n陈晨你好：\n\n内置双频GPS。", "邮件", "zh");
  REQUIRE(z.ok);
  CHECK(z.parts[0].second == "陈晨，下一条路线");
  CHECK(z.parts[1].second == "陈晨你好：\n\n内置双频GPS。");
  CHECK(parse_output("主题: 你好\n正文: 内容", "email", "zh").ok);  // ASCII colons accepted
  CHECK(parse_output("Hi Maya, it has GPS.", "email", "en").reason == "An email must start with a \"Subject:\" line.");
  CHECK(parse_output("Subject: Hi\nHi Maya", "email", "en").reason.find("Body:") != std::string::npos);
  CHECK(parse_output("Subject: \nBody: x", "email", "en").reason == "The email's subject is empty.");
  CHECK(parse_output("Subject: Hi\nBody:\n  \n", "email", "en").reason == "The email's body is empty.");
  CHECK(parse_output("主题：你好\n正文：内容\n主题：又一个", "email", "zh").reason == "邮件里出现了第二个主题。");
}

TEST_CASE("parse_output: ad, sms and one-part types", "[quality]") {
  auto ad = parse_output("Headline: GPS Watch\nHeadline: 14-Day Battery\nDescription: Built-in GPS. Shop now.", "ad", "en");
  REQUIRE(ad.ok);
  REQUIRE(ad.parts.size() == 3);
  CHECK(ad.parts[1].first == "headline");
  CHECK(ad.parts[2] == std::make_pair(std::string("description"), std::string("Built-in GPS. Shop now.")));
  CHECK(parse_output("标题：双频GPS运动手表\n描述：14天超长续航。", "广告", "zh").ok);
  CHECK_FALSE(parse_output("Headline: GPS Watch", "ad", "en").ok);
  CHECK_FALSE(parse_output("Description: x\nHeadline: y", "ad", "en").ok);
  CHECK(parse_output("Headline: A\nDescription: B\nBuy it now!", "ad", "en").reason.find("Headline") != std::string::npos);
  CHECK(parse_output("标题：手表", "ad", "zh").reason == "广告缺少描述。");

  auto sms = parse_output("  Kumo: Maya, 14-day battery. Reply STOP to opt out.\n", "SMS", "en");
  REQUIRE(sms.ok);
  CHECK(sms.parts[0].second == "Kumo: Maya, 14-day battery. Reply STOP to opt out.");
  CHECK(parse_output("第一条\n第二条", "sms", "zh").reason == "短信必须是一条单行消息。");

  auto desc = parse_output("A band.\n- Heart rate: always on.\n- GPS: built in.", "product description", "en");
  REQUIRE(desc.ok);
  CHECK(desc.parts[0].first == "text");
  CHECK(parse_output("好物推荐！", "social_post", "zh").parts[0].first == "post");
  CHECK(parse_output("续航7天。", "faq", "zh").parts[0].first == "answer");
  CHECK(parse_output("您好！", "customer_service", "zh").parts[0].first == "reply");
  CHECK_FALSE(parse_output("Subject: hi\nBody: x", "product_description", "en").ok);
  CHECK(parse_output("   \n ", "faq", "en").reason == "The output is empty.");
  CHECK(parse_output("Great band.\n### Input\nmore", "faq", "en").reason.find("###") != std::string::npos);
  CHECK(parse_output("x", "poem", "en").reason == "Unknown content type 'poem'.");
  CHECK(parse_output("x", "诗", "zh").reason == "未知的内容类型“诗”。");
}

TEST_CASE("repetition check", "[quality]") {
  CHECK_FALSE(repetition_check("Your health, on your wrist. Heart rate monitoring and sleep tracking.", "en").loop);
  CHECK_FALSE(repetition_check("Shop now. Shop now.", "en").loop);
  auto a = repetition_check("Shop now! Shop now! Shop now! Shop now!", "en");
  CHECK(a.loop);
  CHECK(a.repeated == "shop now");
  auto b = repetition_check("It has GPS and a long battery life for runs. It has GPS and a long battery life for runs.", "en");
  CHECK_FALSE(repetition_check("It has GPS and more. It has GPS and more.", "en").loop);  // 5 words twice
  CHECK(b.loop);
  CHECK(b.repeated == "it has gps and a long battery life for runs");
  // A long run three times, with other words between.
  auto c = repetition_check("the band keeps track of every single run. Nice. the band keeps track of every single run. "
                            "Good. the band keeps track of every single run.", "en");
  CHECK(c.loop);
  CHECK_FALSE(repetition_check("哈哈哈，真好用！", "zh").loop);
  auto d = repetition_check("哈哈哈哈哈哈哈哈哈", "zh");
  CHECK(d.loop);
  CHECK(d.repeated == "哈");
  auto e = repetition_check("续航长达7天，支持快速充电，很方便。续航长达7天，支持快速充电，很方便。", "zh");
  CHECK(e.loop);
  CHECK(e.repeated == "续航长达7天支持快速充电很方便");
  // A feature at the end of a list and again at the start of the next sentence.
  CHECK_FALSE(repetition_check("主要亮点：30小时续航、快充10分钟听歌2小时。快充10分钟听歌2小时，没电也不怕。", "zh").loop);
  // A product name used three times is not a loop (shorter than 14 characters).
  CHECK_FALSE(repetition_check("智能可穿戴健身手环很轻。智能可穿戴健身手环很准。戴上智能可穿戴健身手环吧。", "zh").loop);
  CHECK_FALSE(repetition_check("", "en").loop);
}
